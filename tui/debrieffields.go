package tui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
	"dealcoach/store"
)

// The debrief's field engine: its free-text answers, typed into in place
// (one plain textinput), each saved through the debrief's save queue when
// it is left.

// debriefField is one free-text answer of the debrief.
type debriefField int

const (
	dfObjective debriefField = iota
	dfCommitment
	dfFallback
	dfAttendees
	dfObserve
	dfNextStep
	dfNextDate
	dfWentWell
	dfDifferently
	dfSurprised
	dfPractise
)

// debriefFields are the labels, the hints shown while a field is empty, and
// what the status line says when one is saved.
var debriefFields = [...]struct{ label, empty, what string }{
	dfObjective:   {"Objective", "what this call must achieve", "objective"},
	dfCommitment:  {"Commitment wanted", "what the customer should agree to do", "commitment wanted"},
	dfFallback:    {"Fallback", "the smaller commitment if not that one", "fallback"},
	dfAttendees:   {"Who attends, their roles", "e.g. Priya, CFO (economic buyer); Tom (champion)", "who attends"},
	dfObserve:     {"The skill to observe", "the one thing to watch the rep do", "skill to observe"},
	dfNextStep:    {"Customer's next step", "what the customer agreed to do next", "customer's next step"},
	dfNextDate:    {"  by when", "a day, like 2026-12-03 or 12/3", "date of the customer's next step"},
	dfWentWell:    {"What went well", "— ask the rep first", "what went well"},
	dfDifferently: {"What to do differently", "one thing, specific", "what to do differently"},
	dfSurprised:   {"What surprised us", "anything the call taught about the deal", "what surprised us"},
	dfPractise:    {"Practise before next call", "one thing; it becomes the rep's focus skill", "one thing to practise"},
}

const debriefLabelW = 26

func (d *debrief) valueWidth(w int) int { return w - 2 - 2 - debriefLabelW - 1 }

// text is where a free-text field of the debrief lives; nil for the date,
// which is not text.
func (d *debrief) text(f debriefField) *string {
	b := &d.deb
	switch f {
	case dfObjective:
		return &b.Objective
	case dfCommitment:
		return &b.CommitmentWanted
	case dfFallback:
		return &b.Fallback
	case dfAttendees:
		return &b.Attendees
	case dfObserve:
		return &b.ObserveSkill
	case dfNextStep:
		return &b.CustomerNextStep
	case dfWentWell:
		return &b.WentWell
	case dfDifferently:
		return &b.DoDifferently
	case dfSurprised:
		return &b.Surprised
	case dfPractise:
		return &b.Practise
	}
	return nil
}

// value is a field's text as shown and edited.
func (d *debrief) value(f debriefField) string {
	if f == dfNextDate {
		return d.deb.CustomerNextDate.String()
	}
	if p := d.text(f); p != nil {
		return *p
	}
	return ""
}

// setValue stores a field typed by the manager; a date that is not one is
// refused with words for the manager.
func (d *debrief) setValue(f debriefField, v string) error {
	if f == dfNextDate {
		day, err := parseDay(v, d.c.now())
		if err != nil {
			return err
		}
		d.deb.CustomerNextDate = day
		return nil
	}
	if p := d.text(f); p != nil {
		*p = v
	}
	return nil
}

// startsTyping reports a key that writes text: a letter (but ?, which
// opens the help), a space or a backspace.
func startsTyping(msg tea.KeyMsg) bool {
	return msg.Type == tea.KeySpace || msg.Type == tea.KeyBackspace ||
		msg.Type == tea.KeyRunes && !msg.Alt && string(msg.Runes) != "?"
}

func (d *debrief) edit(row clRow) tea.Cmd {
	d.editing = true
	d.pre = prefillLine(&d.input, d.value(row.field()))
	d.input.Placeholder = ""
	d.input.CursorEnd()
	return d.input.Focus()
}

// updateEditor takes a key while a field is typed into: the keys that
// leave the field save it first.
func (d *debrief) updateEditor(msg tea.KeyMsg) tea.Cmd {
	k := d.keys
	leave := []key.Binding{k.SaveNext, k.SavePrev, k.SaveStay, k.After, k.Before, k.Finish}
	if !key.Matches(msg, leave...) {
		var cmd tea.Cmd
		d.input, cmd = d.input.Update(msg)
		d.msg = ""
		return cmd
	}
	changed, ok := d.commit()
	if !ok {
		return nil
	}
	var save tea.Cmd
	if changed {
		save = d.saveDebrief(debriefFields[d.row().field()].what)
	}
	switch {
	case key.Matches(msg, k.SaveNext):
		d.list.move(1)
	case key.Matches(msg, k.SavePrev):
		d.list.move(-1)
	case key.Matches(msg, k.After, k.Before, k.Finish):
		d.syncKeys()
		return tea.Batch(save, d.updateKey(msg))
	}
	return save
}

// commit takes the field being typed into the debrief and closes the
// editor, reporting whether the value changed; it keeps the editor open
// (ok false) when the text is not valid.
func (d *debrief) commit() (changed, ok bool) {
	f := d.row().field()
	old := d.value(f)
	if err := d.setValue(f, strings.TrimSpace(d.pre.kept(d.input.Value()))); err != nil {
		d.msg = err.Error()
		return false, false
	}
	d.editing = false
	d.input.Blur()
	d.list.redraw()
	return d.value(f) != old, true
}

// saveDebrief writes the whole debrief, and the one thing to practise as
// the session's focus skill, through the debrief's save queue: the last
// written is the newest.
func (d *debrief) saveDebrief(what string) tea.Cmd {
	deb, sid := d.deb, d.sid
	return d.c.queue(d.queueKey(), what, func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		return nil, writeDebrief(ctx, st, sid, deb)
	})
}

func writeDebrief(ctx context.Context, st *store.Store, sid int64, deb coaching.Debrief) error {
	if err := st.SaveDebrief(ctx, deb); err != nil {
		return err
	}
	if deb.Practise == "" {
		return nil
	}
	return st.SetFocusSkill(ctx, sid, deb.Practise)
}
