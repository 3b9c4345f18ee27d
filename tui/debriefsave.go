package tui

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/store"
)

// The debrief's saves: its fields through one queue, its checklist answers
// in the session's review of the deal, and the finish.

// saveChange saves a checklist answer in this debrief's review (made when
// the debrief was started, or now for an older one).
func (d *debrief) saveChange(changed tea.Msg) tea.Cmd {
	sid, dealID, stage := d.sid, d.deal.ID, d.list.stage.Key
	if stage == "" {
		stage = d.deal.Stage
	}
	review := func(ctx context.Context, st *store.Store) (int64, error) {
		r, err := st.AddReview(ctx, sid, dealID, stage, 0)
		return r.ID, err
	}
	var write func(ctx context.Context, st *store.Store, rid int64) error
	var what, item string
	switch ch := changed.(type) {
	case checklistAnsweredMsg:
		a := ch.answer
		what, item = ch.what, a.Item
		write = func(ctx context.Context, st *store.Store, rid int64) error {
			a.ReviewID = rid
			return st.SaveAnswer(ctx, a)
		}
	case checklistClearedMsg:
		what, item = ch.what, ch.item
		write = func(ctx context.Context, st *store.Store, rid int64) error { return st.ClearAnswer(ctx, rid, item) }
	default:
		return nil
	}
	key := fmt.Sprintf("debrief answer %d %s", sid, item)
	return d.c.queue(key, what, func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		rid, err := review(ctx, st)
		if err != nil {
			return nil, err
		}
		return debriefAnsweredMsg{rid}, write(ctx, st, rid)
	})
}

// finish ends the ride-along once the outcome is known: after the saves
// asked for before it, and in place of a debrief save still waiting, as it
// writes the whole debrief. The recap follows.
func (d *debrief) finish() tea.Cmd {
	if d.deb.Outcome == "" {
		d.msg = "Say first whether you got the commitment: y, p or n on the first line."
		d.list.cur.offset = 0
		d.list.setPos(0)
		return nil
	}
	d.finishing = true
	sid, deb := d.sid, d.deb
	return d.c.queue(d.queueKey(), "ride-along with "+d.rep.Name+" finished", func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		if err := writeDebrief(ctx, st, sid, deb); err != nil {
			return debriefFinishedMsg{}, err
		}
		return debriefFinishedMsg{}, st.EndSession(ctx, sid)
	})
}

// queueKey names this debrief's record in the save queue.
func (d *debrief) queueKey() string { return fmt.Sprintf("debrief %d", d.sid) }

func (d *debrief) savedMsg(msg savedMsg) tea.Cmd {
	switch r := msg.result.(type) {
	case debriefAnsweredMsg:
		if msg.err != nil {
			// Show what is really stored.
			return d.Init()
		}
		d.review = r.review
	case recapExportedMsg:
		if msg.err == nil {
			d.exported = r.path
		}
	case debriefFinishedMsg:
		d.finishing = false
		if msg.err == nil {
			d.half = halfDone
			d.sess.EndedAt = d.c.now()
			d.syncKeys()
		}
	}
	if msg.queued && d.leaving && d.c.q.idle() {
		return back
	}
	return nil
}
