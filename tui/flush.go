package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// flusher is a screen with a text field being typed into: Flush closes the
// field and returns the save of what it holds (nil when nothing changed),
// so that ctrl+c loses nothing the manager typed. The save is counted as
// pending, so the quit waits for it.
type flusher interface{ Flush() tea.Cmd }

// flush saves what is being typed on every screen of the stack.
func (m *Model) flush() tea.Cmd {
	var cmds []tea.Cmd
	for i := len(m.stack) - 1; i >= 0; i-- {
		if f, ok := m.stack[i].(flusher); ok {
			cmds = append(cmds, f.Flush())
		}
	}
	return tea.Batch(cmds...)
}

// Flush saves the note or the evidence being typed, as enter or esc would.
func (w *walk) Flush() tea.Cmd {
	if w.list.Typing() {
		return w.saveChange(w.list.Flush())
	}
	if w.mode != editNone {
		private := w.mode == editPrivate
		w.closeNote()
		return w.saveNote(private, strings.TrimRight(w.note.Value(), " \n"))
	}
	return nil
}

// Flush saves the focus skill being typed.
func (w *wrapup) Flush() tea.Cmd {
	if !w.typing {
		return nil
	}
	w.typing = false
	w.focus.Blur()
	return w.saveFocus()
}

// Flush saves the form if it keeps its draft on quitting.
func (f *form) Flush() tea.Cmd {
	if f.keep == nil || f.saving {
		return nil
	}
	return f.keep(f.values())
}

// Flush saves the debrief field being typed. A customer next date that is
// not a day is kept, as typed, in the customer's next step.
func (d *debrief) Flush() tea.Cmd {
	if !d.editing {
		return nil
	}
	row := d.row()
	changed, ok := d.commit()
	if !ok {
		typed := strings.TrimSpace(d.input.Value())
		d.deb.CustomerNextStep = strings.TrimSpace(d.deb.CustomerNextStep + " (date: “" + typed + "”)")
		d.editing = false
		d.input.Blur()
		changed = true
	}
	if !changed {
		return nil
	}
	return d.saveDebrief(debriefFields[row.field()].what)
}
