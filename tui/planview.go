package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"dealcoach/coaching"
)

// The plan's drawing and help.

func (p *plan) View() string {
	st := p.c.styles
	if !p.loaded {
		return st.App.Render(st.Muted.Render("Loading deals…"))
	}
	if p.resume != nil {
		return p.viewResume()
	}
	if len(p.sugg) == 0 {
		return st.App.Render(p.header() + "\n" + st.Bold.Render(coaching.SafeLine(p.rep.Name)+" has no open deals.") + "\n" +
			st.Muted.Render("Add a deal on the rep's page, or import your CRM export, then start the 1:1."))
	}
	return st.App.Render(joinBlocks(p.header(), p.list.View(), p.footer()))
}

// Plan columns; the deal's name takes the rest.
const planBoxW, planAmtW, planStageW, planCloseW = 4, 10, 10, 12

func (p *plan) nameW(w int) int {
	return nameColumn(w-planBoxW-planAmtW-planStageW-planCloseW-3, p.nameLen, 10)
}

// header is the title, the time box and the column heads.
func (p *plan) header() string {
	st := p.c.styles
	w := p.list.width
	var b strings.Builder
	b.WriteString(st.Title.Render(trunc("Plan the 1:1 with "+coaching.SafeLine(p.rep.Name), w)) + "\n")
	n, mins := p.totals()
	total := fmt.Sprintf("%s · ~%d of %d min", countNoun(n, "deal"), mins, p.timebox)
	line := st.Label.Render("Time box ") + st.Bold.Render(fmt.Sprintf("%d min", p.timebox)) + st.Muted.Render(" (+/-)") + "   "
	if mins > p.timebox {
		line += st.Warning.Render(total + " — over the time box")
	} else {
		line += st.Bold.Render(total)
	}
	b.WriteString(trunc(line, w) + "\n")
	if c := p.coaches(); c != "" {
		b.WriteString(trunc(c, w) + "\n")
	}
	if len(p.sugg) == 0 {
		return b.String()
	}
	gap := repeat(" ", lipgloss.Width(listMark))
	b.WriteString("\n" + st.Header.Render(trunc(gap+padRight("    Deal", planBoxW+p.nameW(w-len(gap)))+" "+padLeft("Amount", planAmtW)+" "+
		padRight("Stage", planStageW)+" "+padRight("Closes", planCloseW), w)))
	return b.String()
}

// coaches says what the plan ranks first: the rep's weakest stage and the
// focus skill; "" when it knows neither.
func (p *plan) coaches() string {
	st := p.c.styles
	t := p.targets
	var parts []string
	if t.HasWeak {
		parts = append(parts, "weakest stage "+st.Bold.Render(coaching.SafeLine(t.Weak.Name)))
	}
	if t.Focus != "" {
		parts = append(parts, "focus "+st.Bold.Render(coaching.SafeLine(t.Focus)))
	}
	if len(parts) == 0 {
		return ""
	}
	return st.Label.Render("Coaching ") + strings.Join(parts, st.Muted.Render(" · ")) + st.Muted.Render(" · r: the rep's pick")
}

// footer says why the 1:1 cannot start yet.
func (p *plan) footer() string {
	if p.msg == "" {
		return ""
	}
	return p.c.styles.Warning.Render(trunc(coaching.SafeLine(p.msg), p.list.width))
}

// row is a deal of the plan: the pick box and the deal, then why it is
// suggested.
func (p *plan) row(i, w int) listRow {
	st := p.c.styles
	s := p.sugg[i]
	box := "[ ] "
	if p.picked[i] {
		box = "[x] "
	}
	text := box + padRight(dealTitle(s.Deal), p.nameW(w)) + " " + padLeft(coaching.FormatMoney(s.Deal.Amount, s.Deal.Currency), planAmtW) + " " +
		padRight(coaching.SafeLine(p.c.pb.StageName(s.Deal.Stage)), planStageW) + " " + padRight(s.Deal.CloseDate.Short(p.c.now()), planCloseW)
	reasons := "nothing calls for a review"
	if len(s.Reasons) > 0 {
		reasons = coaching.SafeLine(strings.Join(s.Reasons, " · "))
	}
	return listRow{text: text, lead: len(box), more: []string{"    " + st.Muted.Render(trunc(reasons, w-4))}}
}

// choiceRow is one of the two ways on with an unfinished 1:1.
func (p *plan) choiceRow(i, w int) listRow {
	if i == 0 {
		r := p.resume
		return listRow{text: trunc(fmt.Sprintf("Resume the 1:1 from %s (%d of %d deals done)", r.sess.StartedAt.Format("Jan 2"), r.done, r.reviews), w)}
	}
	return listRow{text: trunc("Start over with a new plan", w)}
}

func (p *plan) viewResume() string {
	st := p.c.styles
	r := p.resume
	w := p.choices.width
	day := r.sess.StartedAt.Format("Jan 2")
	var b strings.Builder
	b.WriteString(st.Title.Render(trunc("1:1 with "+coaching.SafeLine(p.rep.Name), w)) + "\n")
	b.WriteString(st.Subtitle.Render(trunc("A 1:1 started on "+day+" was not wrapped up.", w)) + "\n\n")
	b.WriteString(p.choices.View() + "\n\n")
	if r.answers == 0 {
		b.WriteString(st.Muted.Render(trunc("Starting over discards the unfinished 1:1: nothing was answered in it.", w)) + "\n")
	} else {
		b.WriteString(st.Muted.Render(trunc(fmt.Sprintf("Starting over ends the unfinished 1:1 as it is; its %s stay in the rep's history.", countNoun(r.answers, "answer")), w)) + "\n")
	}
	return st.App.Render(b.String())
}

func (p *plan) ShortHelp() []key.Binding {
	if p.resume != nil {
		return append(p.choices.navKeys()[:2], p.keys.Choose)
	}
	if p.list.Typing() {
		return p.list.navKeys()
	}
	start := p.keys.Start
	start.SetEnabled(len(p.sugg) > 0)
	return []key.Binding{p.keys.Toggle, p.keys.More, start, p.keys.Pick}
}

func (p *plan) FullHelp() [][]key.Binding {
	if p.resume != nil {
		return [][]key.Binding{p.choices.navKeys()[:2], {p.keys.Choose}}
	}
	start := p.keys.Start
	start.SetEnabled(len(p.sugg) > 0)
	return [][]key.Binding{
		p.list.navKeys(),
		{p.keys.Toggle, p.keys.Pick, p.keys.More, start},
	}
}
