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
	// orgURL is the organisation's database, "" when there is none.
	orgURL string
	// q writes the autosaves in order.
	q saveQueue
}

// savedMsg reports a finished write. The root counts it off the pending
// writes, shows "saved" (or the error) in the status line, then hands it to
// the active screen, which may need result (e.g. the id of a new row).
type savedMsg struct {
	what   string
	err    error
	result tea.Msg
	// queued marks a save of the queue: the next one starts when it lands.
	queued bool
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
	return c.run(what, false, fn)
}

// run is the command of a save already counted as pending.
func (c *common) run(what string, queued bool, fn func(ctx context.Context, st *store.Store) (tea.Msg, error)) tea.Cmd {
	ctx, st := c.ctx, c.st
	return func() tea.Msg {
		res, err := fn(ctx, st)
		return savedMsg{what: what, err: err, result: res, queued: queued}
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

// saveQueue writes the app's autosaves (answers, notes, debrief fields)
// one at a time, in the order they were asked for: Bubble Tea runs commands
// concurrently, so two saves of the same answer could otherwise land in the
// wrong order and leave an older value stored. A save waiting for the one
// in flight is replaced by a newer save of the same record (its key), which
// goes to the back of the line. Every save is counted as pending until it
// lands, so ctrl+c waits for the line to empty. Only common's queue helpers
// and the root (which calls landed) touch it.
type saveQueue struct {
	busy    bool
	waiting []queuedSave
}

type queuedSave struct {
	key, what string
	fn        func(ctx context.Context, st *store.Store) (tea.Msg, error)
}

// idle reports no save in flight or waiting.
func (q *saveQueue) idle() bool { return !q.busy && len(q.waiting) == 0 }

// queue saves fn, the newest write of the record key, after the saves asked
// for before it. Its savedMsg carries fn's message as result, and is marked
// queued so that the root starts the next save when it lands.
func (c *common) queue(key, what string, fn func(ctx context.Context, st *store.Store) (tea.Msg, error)) tea.Cmd {
	q := &c.q
	c.dropQueued(key) // superseded: this write covers it
	*c.pending++
	if q.busy {
		q.waiting = append(q.waiting, queuedSave{key, what, fn})
		return nil
	}
	q.busy = true
	return c.run(what, true, fn)
}

// landed takes the save in flight off and starts the next one waiting, if
// any. The root calls it for every queued savedMsg.
func (c *common) landed() tea.Cmd {
	q := &c.q
	q.busy = false
	if len(q.waiting) == 0 {
		return nil
	}
	next := q.waiting[0]
	q.waiting = q.waiting[1:]
	q.busy = true
	return c.run(next.what, true, next.fn)
}

// dropQueued forgets the save of key waiting in the queue, if there is
// one: a later write covers it.
func (c *common) dropQueued(key string) bool {
	q := &c.q
	for i, s := range q.waiting {
		if s.key == key {
			q.waiting = append(q.waiting[:i:i], q.waiting[i+1:]...)
			*c.pending--
			return true
		}
	}
	return false
}
