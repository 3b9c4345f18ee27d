package tui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dealcoach/coaching"
	"dealcoach/store"
)

// The focus review: the 1:1 opens with the focus set last time, "Last
// focus: Multi-threading (set Nov 12) — practised?", as the first row of
// the commitments screen. y, p and n answer it (one key each, moving on to
// the commitments, as a mark does); e writes the evidence.

type focusKeys struct {
	Yes, Partly, No, Evidence, Save, Cancel key.Binding
}

func newFocusKeys() focusKeys {
	return focusKeys{
		Yes:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
		Partly:   key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "partly")),
		No:       key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "no")),
		Evidence: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "evidence")),
		Save:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save evidence")),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// focusReview is the last focus and this 1:1's answer about it.
type focusReview struct {
	focus     string // "" when no earlier 1:1 set one
	setIn     coaching.Session
	practised coaching.Outcome
	evidence  string
}

// loadFocusReview reads the focus a 1:1 reviews: what the session stored
// when it was answered already (a resumed 1:1), else the last focus set.
func loadFocusReview(ctx context.Context, st *store.Store, sess coaching.Session) (focusReview, error) {
	focus, setIn, ok, err := st.LastFocus(ctx, sess.RepID, sess.ID)
	if err != nil {
		return focusReview{}, err
	}
	var f focusReview
	if ok {
		f.focus, f.setIn = focus, setIn
	}
	if sess.FocusReviewed != "" {
		if !strings.EqualFold(sess.FocusReviewed, f.focus) {
			f.setIn = coaching.Session{}
		}
		f.focus, f.practised, f.evidence = sess.FocusReviewed, sess.FocusPractised, sess.FocusEvidence
	}
	return f, nil
}

// hasFocus says the screen asks about a focus: its first row.
func (s *commitments) hasFocus() bool { return s.fr.focus != "" }

// onFocus says the focus row is selected.
func (s *commitments) onFocus() bool {
	i, ok := s.list.selected()
	return ok && i == 0 && s.hasFocus()
}

func newEvidenceInput() textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = 500
	in.Placeholder = "what shows it, e.g. brought the CFO into the Acme call"
	in.Cursor.SetMode(cursorMode)
	return in
}

// focusKey handles a key on the focus row or in its evidence editor;
// handled is false for keys it leaves to the screen.
func (s *commitments) focusKey(msg tea.KeyMsg) (cmd tea.Cmd, handled bool) {
	k := s.fkeys
	if s.editing {
		switch {
		case key.Matches(msg, k.Cancel):
			s.editing = false
			s.evIn.Blur()
			return nil, true
		case key.Matches(msg, k.Save):
			s.editing = false
			s.evIn.Blur()
			s.fr.evidence = strings.TrimSpace(s.evPre.kept(s.evIn.Value()))
			return s.saveFocusReview(), true
		}
		s.evIn, cmd = s.evIn.Update(msg)
		return cmd, true
	}
	if !s.onFocus() {
		return nil, false
	}
	switch {
	case key.Matches(msg, k.Yes):
		return s.practised(coaching.OutcomeYes), true
	case key.Matches(msg, k.Partly):
		return s.practised(coaching.OutcomePartly), true
	case key.Matches(msg, k.No):
		return s.practised(coaching.OutcomeNo), true
	case key.Matches(msg, k.Evidence):
		s.editing = true
		s.evIn.Width = max(1, s.list.width-lipgloss.Width(listMark)-statusW-lipgloss.Width("evidence: ")-1)
		s.evPre = prefillLine(&s.evIn, s.fr.evidence)
		s.evIn.CursorEnd()
		return s.evIn.Focus(), true
	case key.Matches(msg, s.keys.Done, s.keys.Dropped):
		return nil, true // a commitment's keys: not for the focus
	}
	return nil, false
}

// practised answers "practised?" and moves on; the same key again takes
// the answer back.
func (s *commitments) practised(o coaching.Outcome) tea.Cmd {
	if s.fr.practised == o {
		o = ""
	}
	s.fr.practised = o
	if o != "" {
		s.list.next()
	}
	return s.saveFocusReview()
}

// saveFocusReview stores the review as shown, queued after the answers
// before it. With nothing answered nor written it is cleared.
func (s *commitments) saveFocusReview() tea.Cmd {
	sid, f := s.sid, s.fr
	focus := f.focus
	if f.practised == "" && f.evidence == "" {
		focus = ""
	}
	what := "practised " + coaching.SafeLine(trunc(f.focus, 30))
	if f.practised != "" {
		what += ": " + string(f.practised)
	}
	return s.c.queue(fmt.Sprint("focus review ", sid), what, func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		return nil, st.SetFocusReview(ctx, sid, focus, f.practised, f.evidence)
	})
}

// statusW is the width of a row's status label.
const statusW = 9

// focusRow is the focus row: the answer, the question and, under it, the
// evidence (or its editor, or the keys to answer).
func (s *commitments) focusRow(w int) listRow {
	st := s.c.styles
	label := st.Muted.Render(padRight("?", statusW-1))
	switch s.fr.practised {
	case coaching.OutcomeYes:
		label = st.Yes.Render(padRight("yes", statusW-1))
	case coaching.OutcomePartly:
		label = st.Unsure.Render(padRight("partly", statusW-1))
	case coaching.OutcomeNo:
		label = st.No.Render(padRight("no", statusW-1))
	}
	label += " "
	q := "Last focus: " + coaching.SafeLine(s.fr.focus)
	if s.fr.setIn.ID != 0 {
		q += " (set " + s.fr.setIn.StartedAt.Format("Jan 2") + ")"
	}
	q += " — practised?"
	textW := w - statusW
	indent := repeat(" ", statusW)
	var more string
	switch {
	case s.editing:
		more = st.Label.Render("evidence: ") + s.evIn.View()
	case s.fr.evidence != "":
		more = st.Muted.Render(trunc("evidence: "+coaching.SafeLine(s.fr.evidence), textW))
	default:
		more = st.Muted.Render(trunc("y yes · p partly · n no · e evidence", textW))
	}
	return listRow{text: label + trunc(q, textW), more: []string{indent + more}}
}
