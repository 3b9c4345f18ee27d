package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"dealcoach/coaching"
)

// View draws the visible rows, exactly the body's height in lines.
func (l *checklist) View() string {
	from, to := l.cur.visible()
	lines := make([]string, 0, max(0, l.height))
	for i := from; i < to; i++ {
		if i == l.cur.pos {
			for j, s := range strings.Split(l.renderRow(i, true), "\n") {
				gutter := "  "
				if j == 0 {
					gutter = l.st.Cursor.Render("› ")
				}
				lines = append(lines, gutter+l.st.Selected.Render(s))
			}
			continue
		}
		if l.cache[i] == "" {
			l.cache[i] = l.renderRow(i, false)
		}
		lines = append(lines, "  "+l.cache[i])
	}
	for len(lines) < l.height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// EditorView is the evidence being written, "" when none is.
func (l *checklist) EditorView() string {
	if !l.editing {
		return ""
	}
	r := l.selected()
	return l.st.Bold.Render(trunc("Evidence: "+coaching.SafeLine(r.item.Question), l.width)) + "\n" + l.input.View()
}

// scrolled is " · 11–25 of 27 lines" when not every row is in view.
func (l *checklist) scrolled() string {
	if s := l.cur.inView("line"); s != "" {
		return " · " + s
	}
	return ""
}

// hintLine is a hint cut to width, but for which lines are in view: that
// stays whole.
func (l *checklist) hintLine(h string, width int) string {
	s := l.scrolled()
	return trunc(h, width-lipgloss.Width(s)) + s
}

// renderRow draws row i without the cursor gutter; the selected question
// is shown whole, wrapped.
func (l *checklist) renderRow(i int, selected bool) string {
	st := l.st
	width := l.width - 2
	r := l.rows[i]
	switch r.kind {
	case rowOwn:
		if l.opts.own == nil {
			return ""
		}
		return l.opts.own(r, selected, width)
	case rowHeading:
		t := r.text
		if r.stage != "" {
			t = l.heading(r.stage)
		}
		return st.Header.Render(trunc(t, width))
	case rowItem:
		return l.itemRow(r, selected, width)
	case rowEvidence:
		indent := repeat(" ", 6+len(l.markCol("")))
		if r.earlier {
			indent += "  "
		}
		label, tail := "evidence: ", ""
		if _, ok := l.suggestion(r.item.Key, r.earlier); ok {
			label = "the CRM says: "
		} else if a, mine := l.shown(r.item.Key, r.earlier); mine && a.Source == coaching.SourceCRM {
			tail = st.Muted.Render(" · from the CRM")
		}
		text := coaching.SafeLine(r.text)
		room := width - len(indent) - lipgloss.Width(label)
		if lipgloss.Width(text)+lipgloss.Width(tail) > room {
			tail = ""
		}
		return indent + st.Label.Render(label) + trunc(text, room) + tail
	case rowFold:
		return trunc(l.fold(r.stage), width)
	}
	return ""
}

// heading is "Propose checklist · 4 of 5 answered".
func (l *checklist) heading(stage string) string {
	name, items := coaching.SafeLine(l.pb.StageName(stage))+" checklist", l.stage.Items
	if stage == coaching.EveryKey {
		name, items = "Every deal", l.pb.Every.Items
	}
	n := 0
	for _, it := range items {
		if _, ok := l.answers[it.Key]; ok {
			n++
		}
	}
	return fmt.Sprintf("%s · %d of %d answered%s", name, n, len(items), l.opts.headingTail)
}

// fold is an earlier stage's line: "▸ Qualify 3/5 yes".
func (l *checklist) fold(stage string) string {
	s, _ := l.pb.Stage(stage)
	yes, answered := 0, 0
	for _, it := range s.Items {
		a, _ := l.shown(it.Key, true)
		if a.Value != "" {
			answered++
		}
		if a.Value == coaching.Yes {
			yes++
		}
	}
	mark := "▸ "
	if l.expanded[stage] {
		mark = "▾ "
	}
	// "0/5 yes" would read as five noes when nothing was ever asked.
	summary := fmt.Sprintf("%d/%d yes", yes, len(s.Items))
	if answered == 0 {
		summary = "not answered yet"
	}
	return mark + coaching.SafeLine(s.Name) + " " + summary
}

func (l *checklist) itemRow(r clRow, selected bool, width int) string {
	st := l.st
	indent := ""
	if r.earlier {
		indent = "  "
	}
	a, mine := l.shown(r.item.Key, r.earlier)
	suffix := ""
	sg, suggested := l.suggestion(r.item.Key, r.earlier)
	if suggested {
		suffix = "  suggested"
	} else if a.Value != "" && !mine {
		suffix = "  (from " + a.AnsweredAt.Format("Jan 2") + ")"
	} else if p, ok := l.prior[r.item.Key]; ok && a.Value == "" {
		suffix = "  last time: " + valueWord(p.Value)
	}
	if l.opts.note != nil {
		if n := l.opts.note(r.item, mine); n != "" {
			suffix = n
		}
	}
	label := l.valueLabel(a.Value, mine)
	if suggested {
		// A suggestion is not an answer yet: a question mark, not colour.
		label = st.Muted.Render(padRight(valueWord(sg.Value)+"?", 6))
	}
	lead := indent + label + l.markCol(r.item.Key)
	q := coaching.SafeLine(r.item.Question)
	room := width - lipgloss.Width(lead)
	qw := room - lipgloss.Width(suffix)
	if qw < 20 {
		qw, suffix = room, ""
	}
	if !selected || lipgloss.Width(q) <= qw || room < 10 {
		return lead + trunc(q, qw) + st.Muted.Render(suffix)
	}
	// The question the manager is asked is never cut: it wraps under itself.
	lines := strings.Split(ansi.Wrap(q, room, ""), "\n")
	pad := repeat(" ", lipgloss.Width(lead))
	last := len(lines) - 1
	if lipgloss.Width(lines[last])+lipgloss.Width(suffix) <= room {
		lines[last] += st.Muted.Render(suffix)
	}
	return lead + strings.Join(lines, "\n"+pad)
}

// focusMark marks the focus skill's questions, legible without colour.
const focusMark = "◆"

// markCol is the gap after the answer column: with a focus, it holds the
// mark of the focus skill's questions.
func (l *checklist) markCol(item string) string {
	switch {
	case len(l.focus) == 0:
		return "  "
	case l.focus[item]:
		return " " + l.st.Bold.Render(focusMark) + " "
	}
	return "   "
}

// prompt is the playbook's coaching hint of the selected question, ""
// when it has none: what to ask the rep.
func (l *checklist) prompt(width int) string {
	r := l.selected()
	if r.kind != rowItem || r.item.Hint == "" || l.editing {
		return ""
	}
	return l.st.Label.Render(trunc("Ask: "+coaching.SafeLine(r.item.Hint), width))
}

// valueLabel is the six-cell answer column; words, not colour alone.
func (l *checklist) valueLabel(v coaching.Value, mine bool) string {
	st := l.st
	if !mine && v != "" {
		return st.Muted.Render(padRight(valueWord(v), 6))
	}
	switch v {
	case coaching.Yes:
		return st.Yes.Render("yes   ")
	case coaching.No:
		return st.No.Render("no    ")
	case coaching.Unsure:
		return st.Unsure.Render("unsure")
	case coaching.NA:
		return st.NA.Render("n.a.  ")
	}
	return st.Muted.Render("·     ")
}

// valueKey is the key that gives v.
func valueKey(v coaching.Value) string {
	switch v {
	case coaching.Yes:
		return "y"
	case coaching.No:
		return "n"
	case coaching.Unsure:
		return "u"
	case coaching.NA:
		return "x"
	}
	return ""
}

func valueWord(v coaching.Value) string {
	switch v {
	case coaching.Yes:
		return "yes"
	case coaching.No:
		return "no"
	case coaching.Unsure:
		return "unsure"
	case coaching.NA:
		return "n.a."
	}
	return ""
}

// stepLine is a next step under a deal: "• Send the map — rep · due Dec 3".
func stepLine(st Styles, a coaching.Action, now time.Time, width int) string {
	due := ""
	if !a.Due.IsZero() {
		due = " · due " + a.Due.Short(now)
	}
	return trunc("• "+coaching.SafeLine(a.Text)+st.Muted.Render(" — "+string(a.Owner)+due), width)
}
