package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"dealcoach/coaching"
)

// dealTitle is the deal's name with its account, unless the name says it,
// safe to show.
func dealTitle(d coaching.Deal) string {
	if d.Account == "" || strings.Contains(strings.ToLower(d.Name), strings.ToLower(d.Account)) {
		return coaching.SafeLine(d.Name)
	}
	return coaching.SafeLine(d.Name + " · " + d.Account)
}

// renderHeader draws the header lines that do not change while the deal
// is on screen: everything but the clock.
func (w *walk) renderHeader() {
	st := w.c.styles
	width := w.c.width - 2
	now := w.c.now()
	d := w.deal
	facts := []string{coaching.FormatMoney(d.Amount, d.Currency)}
	stage := coaching.SafeLine(w.pb.StageName(w.review.Stage))
	if days := d.DaysInStage(now); days > 0 {
		stage += fmt.Sprintf(", %s in stage", countNoun(days, "day"))
	}
	facts = append(facts, stage)
	if d.CloseDate.IsZero() {
		facts = append(facts, "no close date")
	} else {
		c := "closes " + d.CloseDate.Short(now)
		switch n := d.CloseDate.DaysUntil(now); {
		case n < 0:
			c += fmt.Sprintf(" (%s ago)", countNoun(-n, "day"))
		case n == 0:
			c += " (today)"
		default:
			c += fmt.Sprintf(" (in %s)", countNoun(n, "day"))
		}
		facts = append(facts, c)
	}
	next := st.Muted.Render("none in the CRM")
	if d.NextStep != "" {
		next = coaching.SafeLine(d.NextStep)
	}
	var b strings.Builder
	b.WriteString(trunc(strings.Join(facts, " · "), width) + "\n")
	b.WriteString(trunc(st.Label.Render("CRM next step: ")+next, width) + "\n")
	// What changed is read whole: it wraps rather than being cut.
	for _, line := range strings.Split(ansi.Wrap(coaching.SafeLine(w.changes), max(1, width), ""), "\n") {
		b.WriteString(st.Label.Render(line) + "\n")
	}
	if w.focus != "" {
		f := st.Label.Render("Focus: ") + coaching.SafeLine(w.focus)
		if len(w.list.focus) > 0 {
			f += st.Muted.Render(" · " + focusMark + " marks its questions")
		}
		b.WriteString(trunc(f, width) + "\n")
	}
	b.WriteString(w.prepLines(width))
	if w.index == 0 && w.noCommitments {
		b.WriteString(st.Muted.Render(trunc("No open commitments from last time.", width)) + "\n")
	}
	b.WriteString(st.Muted.Render(repeat("─", width)))
	w.header = b.String()
}

// clock is the session's time against its time box: "7 of 30 min".
func (w *walk) clock() string {
	st := w.c.styles
	el := w.c.now().Sub(w.sess.StartedAt)
	if el < 0 {
		el = 0
	}
	if el > 3*time.Hour {
		return st.Muted.Render("started " + w.sess.StartedAt.Format("Jan 2"))
	}
	s := fmt.Sprintf("%d of %d min", int(el.Minutes()), w.sess.TimeboxMinutes)
	if el > time.Duration(w.sess.TimeboxMinutes)*time.Minute {
		return st.Warning.Render(s + " · over")
	}
	return s
}

// top is the title line and the header.
func (w *walk) top() string {
	st := w.c.styles
	width := w.c.width - 2
	right := fmt.Sprintf("deal %d of %d · ", w.index+1, w.total) + w.clock()
	title := dealTitle(w.deal)
	rw := lipgloss.Width(right)
	return st.Title.Render(padRight(title, max(0, width-rw-1))) + " " + right + "\n" + w.header
}

// bottom is the open editor, if any, and the hint line.
func (w *walk) bottom() string {
	st := w.c.styles
	width := w.c.width - 2
	var b strings.Builder
	switch {
	case w.list.Typing():
		b.WriteString(w.list.EditorView() + "\n")
	case w.mode == editShared:
		b.WriteString(st.Warning.Render(trunc("Shared note — the rep may see this", width)) + "\n")
		b.WriteString(w.note.View() + "\n")
	case w.mode == editPrivate:
		b.WriteString(st.Bold.Render(trunc("Private note — only you · hidden again once saved", width)) + "\n")
		b.WriteString(w.note.View() + "\n")
	default:
		if p := w.list.prompt(width); p != "" {
			b.WriteString(p + "\n")
		}
	}
	b.WriteString(w.hint())
	return b.String()
}

// fit gives the checklist the lines the header and footer leave.
func (w *walk) fit() {
	if w.loaded {
		w.list.setHeight(w.c.height - lipgloss.Height(w.top()) - lipgloss.Height(w.bottom()))
	}
}

func (w *walk) View() string {
	st := w.c.styles
	if !w.loaded {
		return st.App.Render(st.Muted.Render("Loading the deal…"))
	}
	w.fit()
	return st.App.Render(w.top() + "\n" + w.list.View() + "\n" + w.bottom())
}

func (w *walk) hint() string {
	st := w.c.styles
	width := w.c.width - 2
	if w.list.msg != "" {
		return st.Warning.Render(trunc(coaching.SafeLine(w.list.msg), width))
	}
	switch {
	case w.list.Typing():
		return st.Muted.Render(trunc("enter saves the evidence · esc leaves it as it was", width))
	case w.mode != editNone:
		return st.Muted.Render(trunc("esc or ctrl+s saves the note · enter starts a new line", width))
	case w.list.selected().kind == rowFold:
		return st.Muted.Render(w.list.hintLine("enter opens or closes the stage's latest answers", width))
	case w.list.selected().isOwn(wNote) && w.list.selected().n == 1:
		return st.Muted.Render(w.list.hintLine("enter or p shows and edits it · hidden again once saved", width))
	case w.list.selected().isOwn(wNote):
		return st.Muted.Render(w.list.hintLine("enter or s edits the shared note", width))
	case w.list.selected().isOwn(wStep):
		return st.Muted.Render(w.list.hintLine(w.stepHint(), width))
	case w.suggested():
		sg, _ := w.list.suggestion(w.list.selected().item.Key, false)
		v := valueWord(sg.Value)
		return st.Muted.Render(w.list.hintLine("the CRM suggests "+v+" · "+valueKey(sg.Value)+"/enter confirms · or answer y u x", width))
	case w.list.answered >= 0:
		return st.Muted.Render(w.list.hintLine("e adds evidence to that answer · y n u x answer this one", width))
	}
	return st.Muted.Render(w.list.hintLine("y yes · n no · u unsure · x n.a. · e evidence", width))
}

// suggested reports the selected question holds the CRM's suggestion.
func (w *walk) suggested() bool {
	r := w.list.selected()
	_, ok := w.list.suggestion(r.item.Key, r.earlier)
	return r.kind == rowItem && ok
}

// stepHint says what can be done with the selected next-step line.
func (w *walk) stepHint() string {
	r := w.list.selected()
	switch {
	case r.n == 0:
		return "a adds a next step for this deal"
	case w.steps[r.n-1].SessionID != w.sid:
		return "from an earlier 1:1: the commitments mark it, not the walk"
	}
	return "e edits this step · D deletes it · a adds one"
}

// ownRow draws the walk's own lines: next steps and notes.
func (w *walk) ownRow(r clRow, selected bool, width int) string {
	st := w.c.styles
	switch r.own {
	case wStep:
		if r.n == 0 {
			return st.Muted.Render(trunc("None yet · a to add one", width))
		}
		a := w.steps[r.n-1]
		if a.SessionID != w.sid {
			// An earlier 1:1's, still open: the date says it is not this one's.
			from := st.Muted.Render(" · from " + a.CreatedAt.Format("Jan 2"))
			return stepLine(st, a, w.c.now(), width-lipgloss.Width(from)) + from
		}
		return stepLine(st, a, w.c.now(), width)
	case wNote:
		label, text := "Shared — the rep may see this: ", w.review.SharedNote
		empty := "empty · s to write"
		if r.n == 1 {
			label, text, empty = "Private — only you: ", w.review.PrivateNote, "empty · p to write"
		}
		body := st.Muted.Render(empty)
		if r.n == 1 && strings.TrimSpace(text) != "" {
			// The rep may be looking at the screen: written, not shown.
			body = st.Muted.Render("(written, hidden · p to show)")
		} else if t := strings.TrimSpace(coaching.Safe(text)); t != "" {
			lines := strings.Split(t, "\n")
			body = lines[0]
			if len(lines) > 1 {
				body += st.Muted.Render(" (+" + countNoun(len(lines)-1, "more line") + ")")
			}
		}
		return trunc(st.Label.Render(label)+body, width)
	}
	return ""
}

func (w *walk) ShortHelp() []key.Binding {
	k, l := w.keys, w.list.keys
	switch {
	case w.list.Typing():
		return []key.Binding{l.SaveEvidence, l.Cancel}
	case w.mode != editNone:
		return []key.Binding{k.SaveNote}
	}
	// Short enough for 80 columns; ? lists the rest.
	next := k.Next
	next.SetHelp("]", "next deal")
	own := []key.Binding{l.Answer, short(l.Evidence, "evidence"), k.Notes, short(k.AddStep, "next step"), next}
	switch {
	case w.list.selected().kind == rowFold:
		own = append([]key.Binding{short(l.Open, "open/close")}, own...)
	case w.suggested():
		own = append([]key.Binding{short(l.Open, "confirm")}, own...)
	case w.ownStep():
		edit, del := k.EditStep, k.DeleteStep
		edit.SetHelp("e", "edit step")
		del.SetHelp("D", "delete step")
		own = append([]key.Binding{edit, del}, own...)
	}
	return own
}

// ownStep reports the selected line is a next step of this 1:1: e edits
// it, D deletes it.
func (w *walk) ownStep() bool {
	r := w.list.selected()
	return r.isOwn(wStep) && r.n > 0 && w.steps[r.n-1].SessionID == w.sid
}

func (w *walk) FullHelp() [][]key.Binding {
	k, l := w.keys, w.list.keys
	switch {
	case w.list.Typing():
		return [][]key.Binding{{l.SaveEvidence, l.Cancel}}
	case w.mode != editNone:
		return [][]key.Binding{{k.SaveNote}}
	}
	// enter edits a note on a note's line; on a question it is the
	// checklist's.
	edit := k.Edit
	edit.SetEnabled(w.list.selected().isOwn(wNote))
	open := l.Open
	if w.suggested() {
		open.SetHelp("enter", "confirm the CRM's suggested answer")
	}
	editStep, delStep := k.EditStep, k.DeleteStep
	editStep.SetEnabled(w.ownStep())
	delStep.SetEnabled(w.ownStep())
	// Pairs joined so that the whole help fits in 80×24.
	return [][]key.Binding{
		{joinKeys("move a line", l.Up, l.Down), joinKeys("move a page", l.PgUp, l.PgDown)},
		{joinKeys("yes / no, then the next question; the same key again clears", l.Yes, l.No),
			joinKeys("unsure (counts as a gap) / n.a.", l.Unsure, l.NA), l.Evidence, open, edit},
		{k.Shared, k.Private, k.AddStep, editStep, delStep, k.Next, k.Prev, k.WrapUp},
	}
}
