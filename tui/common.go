package tui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
	"dealcoach/store"
)

// common is what every screen shares: the store, the playbook, styles, the
// clock and the size of the area a screen may draw in.
type common struct {
	ctx    context.Context
	st     *store.Store
	pb     *coaching.Playbook
	styles Styles
	now    func() time.Time
	// width and height are the screen's drawing area, without the footer.
	width, height int
	// pending counts saves started and not yet confirmed; ctrl+c waits for
	// them. Only Update touches it.
	pending *int
	// demo says the data is the sample team.
	demo bool
	// recapDir is the folder recaps are written to.
	recapDir string
}

// savedMsg reports a finished write. The root counts it off the pending
// writes, shows "saved" (or the error) in the status line, then hands it to
// the active screen, which may need result (e.g. the id of a new row).
type savedMsg struct {
	what   string
	err    error
	result tea.Msg
}

// errMsg reports a failed load.
type errMsg struct{ err error }

// save runs fn in a command and reports a savedMsg. It must be called from
// Update: it counts the write as pending until the message reaches the root,
// so that ctrl+c can wait for it.
func (c *common) save(what string, fn func(ctx context.Context, st *store.Store) error) tea.Cmd {
	return c.saveResult(what, func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		return nil, fn(ctx, st)
	})
}

// saveResult is save for writes whose result the screen needs back.
func (c *common) saveResult(what string, fn func(ctx context.Context, st *store.Store) (tea.Msg, error)) tea.Cmd {
	*c.pending++
	ctx, st := c.ctx, c.st
	return func() tea.Msg {
		res, err := fn(ctx, st)
		return savedMsg{what: what, err: err, result: res}
	}
}

// load runs fn in a command and delivers its message, or errMsg.
func (c *common) load(fn func(ctx context.Context, st *store.Store) (tea.Msg, error)) tea.Cmd {
	ctx, st := c.ctx, c.st
	return func() tea.Msg {
		msg, err := fn(ctx, st)
		if err != nil {
			return errMsg{err}
		}
		return msg
	}
}
