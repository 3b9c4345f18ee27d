package tui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
)

// The checklist's keys and what they change: answers, the evidence editor,
// and the messages the screen saves.

// checklistAnsweredMsg reports an answer given or its evidence changed:
// the screen saves answer (whose ReviewID it fills in).
type checklistAnsweredMsg struct {
	answer coaching.Answer
	what   string // for the status line: "yes: “The rep has met…”"
}

// checklistClearedMsg reports an answer taken back with its own key.
type checklistClearedMsg struct {
	item string
	what string
}

type checklistKeys struct {
	Up, Down, PgUp, PgDown, Top, Bottom key.Binding
	// Answer is y/n/u/x together, for a short footer.
	Answer, Yes, No, Unsure, NA key.Binding
	Evidence, Open              key.Binding
	SaveEvidence, Cancel        key.Binding
}

func newChecklistKeys() checklistKeys {
	return checklistKeys{
		Up: keyUp, Down: keyDown, PgUp: keyPgUp, PgDown: keyPgDown, Top: keyTop, Bottom: keyBottom,
		Answer:       key.NewBinding(key.WithKeys("y", "n", "u", "x"), key.WithHelp("y/n/u/x", "answer")),
		Yes:          key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes, then the next question")),
		No:           key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "no")),
		Unsure:       key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "unsure — not knowing is a gap")),
		NA:           key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "n.a., does not apply")),
		Evidence:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "evidence of the answer (right after it, too)")),
		Open:         key.NewBinding(key.WithKeys("enter", " "), key.WithHelp("enter", "open an earlier stage")),
		SaveEvidence: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
		Cancel:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// anyAnswer is y/n/u/x wherever they do not answer: on another line they
// say where to go.
var anyAnswer = newChecklistKeys().Answer

// Typing reports the evidence being written.
func (l *checklist) Typing() bool { return l.editing }

// Update takes a key (or the input's blink) and returns what changed, a
// checklistAnsweredMsg or checklistClearedMsg for the screen to save, or
// nil; cmd is the input's own.
func (l *checklist) Update(msg tea.Msg) (changed tea.Msg, cmd tea.Cmd) {
	if l.editing {
		return l.updateEditor(msg)
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil, nil
	}
	answered := l.answered
	l.answered = -1
	l.msg = ""
	if answered >= 0 && answered < len(l.rows) && key.Matches(k, l.keys.Evidence) {
		l.cur.pos = answered
		l.fit()
	}
	switch {
	case key.Matches(k, l.keys.Up):
		l.move(-1)
	case key.Matches(k, l.keys.Down):
		l.move(1)
	case key.Matches(k, l.keys.PgUp):
		l.move(-l.cur.rows)
	case key.Matches(k, l.keys.PgDown):
		l.move(l.cur.rows)
	case key.Matches(k, l.keys.Top):
		l.cur.pos, l.cur.offset = 0, 0
		l.skip(1)
	case key.Matches(k, l.keys.Bottom):
		l.cur.pos = len(l.rows) - 1
		l.skip(-1)
	case key.Matches(k, l.keys.Yes):
		return l.answer(coaching.Yes), nil
	case key.Matches(k, l.keys.No):
		return l.answer(coaching.No), nil
	case key.Matches(k, l.keys.Unsure):
		return l.answer(coaching.Unsure), nil
	case key.Matches(k, l.keys.NA):
		return l.answer(coaching.NA), nil
	case key.Matches(k, anyAnswer):
		l.msg = "Move to a question (↑/↓) to answer it."
	case key.Matches(k, l.keys.Evidence):
		return nil, l.editEvidence()
	case key.Matches(k, l.keys.Open):
		r := l.selected()
		if r.kind == rowFold {
			l.toggle(r.stage)
			return nil, nil
		}
		if sg, ok := l.suggestion(r.item.Key, r.earlier); ok && r.kind == rowItem {
			// enter confirms what the app suggests.
			return l.answer(sg.Value), nil
		}
		if l.opts.evidence {
			return nil, l.editEvidence()
		}
		l.move(1)
	}
	return nil, nil
}

// answer sets v on the question under the cursor and moves on, or clears
// the answer when it already is v.
func (l *checklist) answer(v coaching.Value) tea.Msg {
	r := l.selected()
	cur, ok := l.answers[r.item.Key]
	before, _ := l.shown(r.item.Key, r.earlier)
	if ok && cur.Value == v {
		delete(l.answers, r.item.Key)
		after, _ := l.shown(r.item.Key, r.earlier)
		l.changed(r, after.Evidence != before.Evidence)
		return checklistClearedMsg{item: r.item.Key, what: r.quoted("answer cleared: ")}
	}
	a := coaching.Answer{Stage: r.stage, Item: r.item.Key, Value: v, Evidence: cur.Evidence}
	sg, suggested := l.suggestion(r.item.Key, r.earlier)
	if suggested && v == sg.Value {
		// Confirmed: the CRM's answer, with its evidence and source.
		a.Evidence, a.Source = sg.Evidence, sg.Source
	}
	l.answers[r.item.Key] = a
	// A suggestion's evidence line goes or stays with it.
	l.changed(r, suggested || before.Evidence != a.Evidence)
	l.answered = l.cur.pos
	l.advance()
	return checklistAnsweredMsg{answer: a, what: r.quoted(valueWord(v) + ": ")}
}

func (l *checklist) editEvidence() tea.Cmd {
	r := l.selected()
	if !l.opts.evidence {
		return nil
	}
	if r.kind != rowItem {
		l.msg = "Move to a question (↑/↓) to add evidence."
		return nil
	}
	a, _ := l.shown(r.item.Key, r.earlier)
	if _, ok := l.suggestion(r.item.Key, r.earlier); ok {
		l.msg = "Confirm the CRM's answer (enter) or give yours, then add evidence."
		return nil
	}
	if a.Value == "" {
		l.msg = "Answer the question first (y, n, u or x), then add its evidence."
		return nil
	}
	l.editing = true
	l.pre = prefillLine(&l.input, a.Evidence)
	l.input.CursorEnd()
	l.syncKeys()
	return l.input.Focus()
}

func (l *checklist) updateEditor(msg tea.Msg) (tea.Msg, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(k, l.keys.Cancel):
			l.closeEditor()
			return nil, nil
		case key.Matches(k, l.keys.SaveEvidence):
			changed := l.Flush()
			// The question is done: on to the next, as after an answer.
			l.advance()
			return changed, nil
		}
	}
	var cmd tea.Cmd
	l.input, cmd = l.input.Update(msg)
	return nil, cmd
}

func (l *checklist) closeEditor() {
	l.editing = false
	l.input.Blur()
	l.syncKeys()
}

// forget ends "right after an answer": the screen took a key of its own.
func (l *checklist) forget() {
	l.answered = -1
	l.msg = ""
	l.syncKeys()
}

// Flush closes the evidence being written and returns its change, nil when
// there is none.
func (l *checklist) Flush() tea.Msg {
	if !l.editing {
		return nil
	}
	l.closeEditor()
	text := strings.TrimSpace(l.pre.kept(l.input.Value()))
	r := l.selected()
	a, _ := l.shown(r.item.Key, r.earlier)
	if a.Value == "" || a.Evidence == text {
		return nil
	}
	// For an earlier stage's older answer, the evidence makes it this
	// session's answer: the manager has just checked it again.
	a.ReviewID, a.Stage, a.Evidence, a.AnsweredAt = 0, r.stage, text, time.Time{}
	l.answers[r.item.Key] = a
	l.changed(r, true)
	return checklistAnsweredMsg{answer: a, what: r.quoted("evidence for ")}
}

// syncKeys enables the keys that apply to the row under the cursor, so
// that the help shows only those.
func (l *checklist) syncKeys() {
	r := l.selected()
	k := &l.keys
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PgUp, &k.PgDown, &k.Top, &k.Bottom} {
		b.SetEnabled(!l.editing)
	}
	item := r.kind == rowItem && !l.editing
	for _, b := range []*key.Binding{&k.Yes, &k.No, &k.Unsure, &k.NA} {
		b.SetEnabled(item)
	}
	k.Answer.SetEnabled(item)
	a, _ := l.shown(r.item.Key, r.earlier)
	k.Evidence.SetEnabled(l.opts.evidence && !l.editing && (l.answered >= 0 || item))
	_, suggested := l.suggestion(r.item.Key, r.earlier)
	k.Open.SetEnabled(!l.editing && (r.kind == rowFold || item && suggested || l.opts.evidence && item && a.Value != ""))
	k.SaveEvidence.SetEnabled(l.editing)
	k.Cancel.SetEnabled(l.editing)
}

// wheel scrolls the lines three a notch of the mouse wheel; the cursor
// stays on its question unless it leaves the view.
func (l *checklist) wheel(msg tea.MouseMsg) {
	n := 3
	switch {
	case msg.Action != tea.MouseActionPress:
		return
	case msg.Button == tea.MouseButtonWheelUp:
		n = -3
	case msg.Button != tea.MouseButtonWheelDown:
		return
	}
	l.cur.scroll(n)
	l.skip(n)
}
