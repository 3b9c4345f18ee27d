package tui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
	"dealcoach/store"
)

// The walk's own edits: its next steps (edited and deleted in the 1:1 that
// agreed them) and its two notes.

// stepKey edits a next step of this 1:1, or asks for D again to delete
// it; a step of an earlier 1:1 is a record, marked in the commitments.
func (w *walk) stepKey(msg tea.KeyMsg, a coaching.Action, deleting int64) tea.Cmd {
	w.list.forget()
	if a.SessionID != w.sid {
		w.list.msg = "From an earlier 1:1: mark it in the commitments (done, not done, dropped), not here."
		return nil
	}
	if key.Matches(msg, w.keys.EditStep) {
		return open(openStepFormMsg{session: w.sid, deal: w.deal, step: a})
	}
	if deleting == a.ID {
		return w.deleteStep(a)
	}
	w.deleting = a.ID
	w.list.msg = "Press D again to delete “" + trunc(a.Text, 40) + "” · any other key keeps it."
	return nil
}

// deleteStep deletes a next step agreed in this 1:1, on screen at once.
func (w *walk) deleteStep(a coaching.Action) tea.Cmd {
	for i, s := range w.steps {
		if s.ID == a.ID {
			w.steps = append(w.steps[:i:i], w.steps[i+1:]...)
			break
		}
	}
	w.list.rebuild()
	w.list.skip(-1)
	w.list.forget()
	sid := w.sid
	return w.c.queue(fmt.Sprintf("step %d", a.ID), "next step “"+trunc(a.Text, 40)+"” deleted", func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		return nil, st.DeleteAction(ctx, a.ID, sid)
	})
}

func (w *walk) editNote(private bool) tea.Cmd {
	w.mode = editShared
	text := w.review.SharedNote
	if private {
		w.mode, text = editPrivate, w.review.PrivateNote
	}
	w.pre = prefillText(&w.note, text)
	w.note.SetHeight(w.noteHeight(w.c.height))
	w.fit()
	return w.note.Focus()
}

func (w *walk) closeNote() {
	w.mode = editNone
	w.note.Blur()
	w.fit()
}

func (w *walk) updateNote(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, w.keys.SaveNote) {
		private := w.mode == editPrivate
		w.closeNote()
		return w.saveNote(private, strings.TrimRight(w.pre.kept(w.note.Value()), " \n"))
	}
	var cmd tea.Cmd
	w.note, cmd = w.note.Update(msg)
	return cmd
}

func (w *walk) saveNote(private bool, text string) tea.Cmd {
	if private {
		if text == w.review.PrivateNote {
			return nil
		}
		w.review.PrivateNote = text
	} else {
		if text == w.review.SharedNote {
			return nil
		}
		w.review.SharedNote = text
	}
	w.list.redraw()
	rid, shared, priv := w.review.ID, w.review.SharedNote, w.review.PrivateNote
	what := "shared note"
	if private {
		what = "private note"
	}
	// Both notes are written together: in order, a later save of one
	// cannot be overtaken by an earlier one without it.
	return w.c.queue(fmt.Sprintf("notes %d", rid), what, func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		return nil, st.SetReviewNotes(ctx, rid, shared, priv)
	})
}
