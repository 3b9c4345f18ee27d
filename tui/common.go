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

// saveQueue writes one record's autosaves one at a time, so that the last
// written is the newest: a save asked for while one is in flight waits for
// it (only the newest waiting one is kept), counted as pending so that
// ctrl+c waits too. Screens use it through common's queue helpers, which
// alone move the pending count.
type saveQueue struct {
	busy bool
	// next is the save waiting for the one in flight; nil when none is.
	next     func(ctx context.Context, st *store.Store) error
	nextWhat string
}

// queueSavedMsg is the result of a queued save: the screen hands it back
// with landed.
type queueSavedMsg struct{ q *saveQueue }

// idle reports no save in flight or waiting.
func (q *saveQueue) idle() bool { return !q.busy && q.next == nil }

// queue saves fn now, or after the save in flight.
func (c *common) queue(q *saveQueue, what string, fn func(ctx context.Context, st *store.Store) error) tea.Cmd {
	if q.busy {
		if q.next == nil {
			*c.pending++
		}
		q.next, q.nextWhat = fn, what
		return nil
	}
	q.busy = true
	return c.saveResult(what, func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		return queueSavedMsg{q}, fn(ctx, st)
	})
}

// landed takes q's save in flight off, and starts the one waiting, if any.
func (c *common) landed(q *saveQueue) tea.Cmd {
	q.busy = false
	if q.next == nil {
		return nil
	}
	fn, what := q.next, q.nextWhat
	c.dropQueued(q)
	return c.queue(q, what, fn)
}

// dropQueued forgets the save waiting in q: a later write covers it.
func (c *common) dropQueued(q *saveQueue) {
	if q.next != nil {
		q.next = nil
		*c.pending--
	}
}
