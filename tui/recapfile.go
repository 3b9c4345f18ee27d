package tui

import (
	"context"
	"errors"
	"path/filepath"

	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
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
	ctx, st, dir := c.ctx, c.st, c.recapDir
	return func() tea.Msg {
		path, err := func() (string, error) {
			if before != nil {
				if err := before(ctx, st); err != nil {
					return "", err
				}
			}
			md, err := recapMarkdown(ctx, st, sid)
			if err != nil {
				return "", err
			}
			return files.WriteNew(dir, name, []byte(md))
		}()
		if err != nil {
			return savedMsg{what: "recap", err: err}
		}
		return savedMsg{what: "recap to " + path, result: recapExportedMsg{path}}
	}
}

// recapMarkdown is session sid's recap for the rep (no private notes),
// worded by the playbook the session was run under, as `dealcoach export`
// words it.
func recapMarkdown(ctx context.Context, st *store.Store, sid int64) (string, error) {
	r, err := st.Recap(ctx, sid)
	if err != nil {
		return "", err
	}
	pb, err := sessionPlaybook(ctx, st, r.Session)
	if err != nil {
		return "", err
	}
	return r.Markdown(pb, false), nil
}

// sessionPlaybook is the playbook version sess was run under; the current
// one for a session that recorded none.
func sessionPlaybook(ctx context.Context, st *store.Store, sess coaching.Session) (*coaching.Playbook, error) {
	pb, err := st.PlaybookVersion(ctx, sess.PlaybookVersion)
	if errors.Is(err, store.ErrNotFound) {
		return st.Playbook(ctx)
	}
	return pb, err
}

// sessionHead is what a session's screens load first: the session, the
// playbook version it runs under, and its rep.
type sessionHead struct {
	sess coaching.Session
	pb   *coaching.Playbook
	rep  coaching.Rep
}

func loadSessionHead(ctx context.Context, st *store.Store, sid int64) (h sessionHead, err error) {
	if h.sess, err = st.Session(ctx, sid); err != nil {
		return h, err
	}
	if h.pb, err = sessionPlaybook(ctx, st, h.sess); err != nil {
		return h, err
	}
	h.rep, err = st.Rep(ctx, h.sess.RepID)
	return h, err
}
