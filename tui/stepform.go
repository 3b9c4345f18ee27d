package tui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
	"dealcoach/store"
)

// newStepForm asks for a next step on the deal: text, owner (the rep unless
// the manager must), due date (a week out unless told). Typed, it saves with
// enter from any field.
func newStepForm(c *common, sessionID int64, d coaching.Deal, afterCall bool) *form {
	dealID := d.ID
	add := func(text, owner string, due coaching.Date) tea.Cmd {
		a := coaching.Action{SessionID: sessionID, DealID: dealID, Text: text, Owner: coaching.Owner(owner), Due: due}
		return c.save("next step “"+trunc(a.Text, 40)+"” ("+owner+")", func(ctx context.Context, st *store.Store) error {
			_, err := st.AddAction(ctx, a)
			return err
		})
	}
	intro := "Agreed in this 1:1, listed on the deal and in the recap."
	if afterCall {
		intro = "Agreed after the call: it comes up in the next 1:1's commitments."
	}
	return stepForm(c, "Next step · "+d.Name, intro, coaching.Action{Owner: coaching.OwnerRep,
		Due: coaching.DateOf(c.now()).AddDays(7)}, add)
}

// newStepEditForm changes a next step agreed in this session, prefilled;
// the store refuses a step of another session.
func newStepEditForm(c *common, sessionID int64, d coaching.Deal, a coaching.Action) *form {
	update := func(text, owner string, due coaching.Date) tea.Cmd {
		b := a
		b.Text, b.Owner, b.Due = text, coaching.Owner(owner), due
		// Saved straight, not queued: the form closes once it landed.
		return c.save("next step “"+trunc(b.Text, 40)+"” changed", func(ctx context.Context, st *store.Store) error {
			return st.UpdateAction(ctx, b, sessionID)
		})
	}
	return stepForm(c, "Edit next step · "+d.Name, "Agreed in this 1:1: it can be changed until the 1:1 ends.", a, update)
}

// stepForm is the form of both, starting from a's text, owner and due day.
func stepForm(c *common, title, intro string, a coaching.Action, save func(text, owner string, due coaching.Date) tea.Cmd) *form {
	text := textField("text", "Next step", a.Text, "What will be done, and by whom.")
	text.required = "Write what the next step is."
	owners := []option{
		{string(coaching.OwnerRep), string(coaching.OwnerRep)},
		{string(coaching.OwnerManager), string(coaching.OwnerManager)},
	}
	fields := []field{
		text,
		choiceField("owner", "Owner", owners, string(a.Owner),
			"←/→ · the rep owns the deal; you, only what only you can do"),
		dateField("due", "Due", a.Due, "a day: 2026-12-03, 12/3 or Dec 3"),
	}
	f := newForm(c, title, intro, fields, func(v map[string]string) tea.Cmd {
		due, _ := parseDay(v["due"], c.now()) // checked by the form
		return save(v["text"], v["owner"], due)
	})
	// On ctrl+c a step with text is kept; a due day that is not one stays
	// in its text, as typed, rather than being lost.
	f.keep = func(v map[string]string) tea.Cmd {
		if v["text"] == "" {
			return nil
		}
		due, err := parseDay(v["due"], c.now())
		if err != nil {
			return save(v["text"]+" (due “"+v["due"]+"”)", v["owner"], coaching.Date{})
		}
		return save(v["text"], v["owner"], due)
	}
	return f
}
