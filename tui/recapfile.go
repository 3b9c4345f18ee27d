package tui

import (
	"context"
	"path/filepath"

	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/internal/files"
	"dealcoach/store"
)

// recapFolder is where the app writes recaps: the folder the command line
// passed, else recaps/ beside the database. Made absolute, so the status
// line names the file in full.
func recapFolder(opts Options, st *store.Store) string {
	dir := opts.ExportDir
	if dir == "" {
		dir = filepath.Join(filepath.Dir(st.Path()), "recaps")
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return dir
}

// exportRecap writes session sid's recap for the rep (no private notes) to
// a new file named name in the recap folder; an earlier file of the same
// name is kept and this one numbered (-2, -3). before, when set, runs
// first in the same command. The status line names the file written, which
// is only known once it is.
func (c *common) exportRecap(sid int64, name string, before func(context.Context, *store.Store) error) tea.Cmd {
	*c.pending++
	ctx, st, pb, dir := c.ctx, c.st, c.pb, c.recapDir
	return func() tea.Msg {
		path, err := func() (string, error) {
			if before != nil {
				if err := before(ctx, st); err != nil {
					return "", err
				}
			}
			r, err := st.Recap(ctx, sid)
			if err != nil {
				return "", err
			}
			return files.WriteNew(dir, name, []byte(r.Markdown(pb, false)))
		}()
		if err != nil {
			return savedMsg{what: "recap", err: err}
		}
		return savedMsg{what: "recap to " + path, result: recapExportedMsg{path}}
	}
}
