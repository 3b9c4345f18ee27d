package tui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
	"dealcoach/store"
)

// newRepForm adds a rep, or renames one when rep.ID is set. A new rep comes
// back to the screen below as repAddedMsg, once the form has closed.
func newRepForm(c *common, rep coaching.Rep) *form {
	title, intro := "Add a rep", "The rep's name as your CRM shows it, so imports match."
	if rep.ID != 0 {
		title, intro = "Rename "+rep.Name, ""
	}
	name := textField("name", "Name", rep.Name, "")
	name.required = "The rep needs a name."
	return newForm(c, title, intro, []field{name}, func(v map[string]string) tea.Cmd {
		name := v["name"]
		if rep.ID != 0 {
			id := rep.ID
			return c.save("rep name", func(ctx context.Context, st *store.Store) error { return st.RenameRep(ctx, id, name) })
		}
		return c.saveResult("new rep "+name, func(ctx context.Context, st *store.Store) (tea.Msg, error) {
			r, err := st.CreateRep(ctx, name)
			return repAddedMsg{r}, err
		})
	})
}
