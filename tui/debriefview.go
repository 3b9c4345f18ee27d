package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dealcoach/coaching"
)

// export writes the recap for the rep (no private notes) to a new 0600 file.
func (d *debrief) export() tea.Cmd {
	name := fmt.Sprintf("dealcoach-ride-along-%s-%s.md", slug(d.rep.Name), d.sess.StartedAt.Format("2006-01-02"))
	return d.c.exportRecap(d.sid, name, nil)
}

// bottom is the lead warning, if the manager leads uninvited, and the hint.
func (d *debrief) bottom() string {
	width := d.c.width - 2
	h := d.hint(width)
	if !d.leads() {
		return h
	}
	w := leadWarning
	if d.half == halfAfter {
		w = leadWarningAfter
	}
	return d.c.styles.Warning.Render(trunc("⚠ "+w, width)) + "\n" + h
}

// fit gives the body the lines the header and footer leave.
func (d *debrief) fit() {
	if d.loaded {
		d.list.setHeight(d.c.height - lipgloss.Height(strings.TrimSuffix(d.header(d.c.width-2), "\n")) - lipgloss.Height(d.bottom()))
	}
}

func (d *debrief) View() string {
	st := d.c.styles
	if !d.loaded {
		return st.App.Render(st.Muted.Render("Loading the debrief…"))
	}
	width := d.c.width - 2
	if d.half == halfDone {
		return st.App.Render(d.header(width) + d.recap(width))
	}
	d.fit()
	return st.App.Render(d.header(width) + d.list.View() + "\n" + d.bottom())
}

func (d *debrief) header(width int) string {
	st := d.c.styles
	now := d.c.now()
	var b strings.Builder
	right := d.sess.StartedAt.Format("Jan 2")
	title := "Ride-along · " + coaching.SafeLine(d.rep.Name) + " — " + dealTitle(d.deal)
	b.WriteString(st.Title.Render(padRight(trunc(title, width-lipgloss.Width(right)-1), width-lipgloss.Width(right))) + st.Muted.Render(right) + "\n")
	facts := []string{coaching.SafeLine(d.pb.StageName(d.deal.Stage))}
	if d.deal.Amount != 0 {
		facts = append(facts, coaching.FormatMoney(d.deal.Amount, d.deal.Currency))
	}
	if !d.deal.CloseDate.IsZero() {
		facts = append(facts, "closes "+d.deal.CloseDate.Short(now))
	}
	if d.deal.NextStep != "" {
		facts = append(facts, "CRM next step: "+coaching.SafeLine(d.deal.NextStep))
	}
	b.WriteString(st.Label.Render(trunc(strings.Join(facts, " · "), width)) + "\n")
	if d.half == halfDone {
		b.WriteString(st.Good.Render("✓ Debrief finished") + st.Muted.Render(" · saved as a ride-along in "+coaching.SafeLine(firstName(d.rep.Name))+"'s history") + "\n")
	} else {
		tab := func(h debriefHalf, name, k string) string {
			if d.half == h {
				return st.Bold.Render("[ " + name + " ]")
			}
			return st.Muted.Render("  " + name + " (" + k + ")  ")
		}
		b.WriteString(trunc(tab(halfBefore, "1 Before the call", "ctrl+p")+"  "+tab(halfAfter, "2 After the call", "ctrl+n"), width) + "\n")
	}
	b.WriteString(st.Muted.Render(repeat("─", width)) + "\n")
	return b.String()
}

func (d *debrief) hint(width int) string {
	st := d.c.styles
	if d.msg != "" {
		return st.Error.Render(trunc(coaching.SafeLine(d.msg), width))
	}
	if d.finishing {
		return st.Muted.Render("Finishing…")
	}
	row := d.row()
	var h string
	switch {
	case d.editing && row.field() == dfNextDate:
		h = "like 2026-12-03, 12/3 or Dec 3 · enter saves and goes on · esc saves"
	case d.editing:
		h = "enter saves and goes on · ↑/↓ save and move · esc saves"
	case row.isOwn(dbText) && row.field() == dfWentWell:
		h = "Ask the rep first what went well; then add what you saw."
	case row.isOwn(dbText) && row.field() == dfObserve && d.observesFocus():
		h = "The rep's focus from the last 1:1 · enter keeps it · typing writes another skill"
	case row.isOwn(dbObserved):
		h = "How did the rep do on " + d.deb.ObserveSkill + "? y yes · p partly · n no"
	case row.isOwn(dbText) && row.field() == dfPractise:
		h = "Type the one thing to practise: it becomes the rep's focus skill until the next 1:1."
	case row.isOwn(dbText):
		h = "Type to write · ↑/↓ move"
	case row.isOwn(dbRole):
		h = debriefRoles[roleIndex(d.deb.ManagerRole)].hint + " ←/→ changes it."
	case row.isOwn(dbOutcome):
		h = "y yes · p partly · n no"
		if c := d.deb.CommitmentWanted; c != "" {
			h = "You went for: " + c
			if f := d.deb.Fallback; f != "" {
				h += " · fallback: " + f
			}
			h += " · y / p / n"
		}
	case row.kind == rowItem:
		h = "y yes · n no · u unsure · x n.a. · same key again clears"
	case row.isOwn(dbGoAfter):
		h = "enter: after the call · esc: leave, the debrief waits on the home screen"
	case row.isOwn(dbStep):
		h = "A next step agreed after the call · a adds another"
	case row.isOwn(dbAddStep):
		h = "enter or a: a next step for the rep (or you), with a due date"
	case row.isOwn(dbFinish):
		h = "enter ends the ride-along and shows its recap"
	}
	return st.Muted.Render(d.list.hintLine(coaching.SafeLine(h), width))
}

// ownRow draws the debrief's own lines: its fields, role, outcome and
// next steps.
func (d *debrief) ownRow(r clRow, selected bool, width int) string {
	st := d.c.styles
	label := func(s string) string {
		if selected {
			return st.Selected.Render(padRight(s, debriefLabelW))
		}
		return st.Label.Render(padRight(s, debriefLabelW))
	}
	vw := d.valueWidth(d.c.width)
	switch r.own {
	case dbText:
		f := debriefFields[r.field()]
		if selected && d.editing {
			return label(f.label) + " " + d.input.View()
		}
		v := d.value(r.field())
		if r.field() == dfNextDate && !d.deb.CustomerNextDate.IsZero() {
			v = d.deb.CustomerNextDate.Short(d.c.now()) + " (" + d.deb.CustomerNextDate.String() + ")"
		}
		if v == "" {
			return label(f.label) + " " + st.Muted.Render(trunc(f.empty, vw))
		}
		if r.field() == dfObserve && d.observesFocus() {
			return label(f.label) + " " + trunc(coaching.SafeLine(v)+st.Muted.Render(" · the rep's focus"), vw)
		}
		return label(f.label) + " " + trunc(coaching.SafeLine(v), vw)
	case dbRole:
		var parts []string
		cur := roleIndex(d.deb.ManagerRole)
		for j, x := range debriefRoles {
			if j == cur {
				parts = append(parts, st.Bold.Render("["+x.label+"]"))
			} else {
				parts = append(parts, st.Muted.Render(x.label))
			}
		}
		return label("Your role on the call") + " " + trunc(strings.Join(parts, " "), vw)
	case dbOutcome:
		var parts []string
		for _, o := range debriefOutcomes {
			if o.outcome == d.deb.Outcome {
				parts = append(parts, st.Bold.Render("["+o.label+"]"))
			} else {
				parts = append(parts, st.Muted.Render(o.label))
			}
		}
		return label("Got the commitment?") + " " + strings.Join(parts, " ")
	case dbObserved:
		return label("Did the skill on the call?") + " " + d.outcomeChoice(d.deb.ObserveOutcome) +
			st.Muted.Render(trunc(" · "+coaching.SafeLine(d.deb.ObserveSkill), max(0, vw-lipgloss.Width("yes partly no")-2)))
	case dbStep:
		return stepLine(st, d.steps[r.n], d.c.now(), width)
	case dbAddStep:
		return "+ Add a next step" + st.Muted.Render(" (a)")
	case dbGoAfter:
		return "→ After the call" + st.Muted.Render(" (ctrl+n) · or esc now: the debrief waits on home")
	case dbFinish:
		return "✓ Finish the debrief" + st.Muted.Render(" (ctrl+s)")
	}
	return ""
}

// outcomeChoice draws yes / partly / no with the answer bracketed.
func (d *debrief) outcomeChoice(o coaching.Outcome) string {
	st := d.c.styles
	var parts []string
	for _, x := range debriefOutcomes {
		if x.outcome == o {
			parts = append(parts, st.Bold.Render("["+x.label+"]"))
		} else {
			parts = append(parts, st.Muted.Render(x.label))
		}
	}
	return strings.Join(parts, " ")
}

func (d *debrief) recap(width int) string {
	st := d.c.styles
	var b strings.Builder
	line := func(label, v string) {
		if strings.TrimSpace(v) == "" {
			return
		}
		b.WriteString(st.Label.Render(padRight(label, 24)) + " " + trunc(coaching.SafeLine(v), width-25) + "\n")
	}
	b.WriteString("\n")
	out := string(d.deb.Outcome)
	for _, o := range debriefOutcomes {
		if o.outcome == d.deb.Outcome {
			out = o.label
		}
	}
	if d.deb.CommitmentWanted != "" {
		out += " — wanted: " + d.deb.CommitmentWanted
	}
	line("Got the commitment", out)
	if d.deb.ObserveSkill != "" && d.deb.ObserveOutcome != "" {
		line("Observed", d.deb.ObserveSkill+" — did it: "+string(d.deb.ObserveOutcome))
	}
	next := d.deb.CustomerNextStep
	if !d.deb.CustomerNextDate.IsZero() {
		next = strings.TrimSpace(next + " · " + d.deb.CustomerNextDate.Short(d.c.now()))
	}
	line("Customer's next step", next)
	line("What went well", d.deb.WentWell)
	line("Do differently", d.deb.DoDifferently)
	line("What surprised us", d.deb.Surprised)
	line("Practise (focus skill)", d.deb.Practise)
	yes, gaps := 0, 0
	for _, a := range d.list.answers {
		switch a.Value {
		case coaching.Yes:
			yes++
		case coaching.No, coaching.Unsure:
			gaps++
		}
	}
	if len(d.list.answers) > 0 {
		line("Checklist", fmt.Sprintf("%s after the call: %d yes, %d no or unsure", countNoun(len(d.list.answers), "answer"), yes, gaps))
	}
	if len(d.steps) > 0 {
		var s []string
		for _, a := range d.steps {
			s = append(s, a.Text+" ("+string(a.Owner)+")")
		}
		line("Next steps", strings.Join(s, "; "))
	}
	if d.leads() {
		b.WriteString("\n" + st.Warning.Render(trunc("⚠ "+leadWarningDone, width)) + "\n")
		b.WriteString(trunc("  Next time agree with "+coaching.SafeLine(firstName(d.rep.Name))+" before the call which part, if any, you lead.", width) + "\n")
	}
	b.WriteString("\n")
	if d.exported != "" {
		b.WriteString(st.Good.Render(trunc("Recap exported (no private notes): "+d.exported, width)))
	} else {
		b.WriteString(st.Muted.Render(trunc("w exports the recap for the rep · enter goes back", width)))
	}
	return b.String()
}

func (d *debrief) ShortHelp() []key.Binding {
	k, l := d.keys, d.list.keys
	switch {
	case d.editing:
		return []key.Binding{k.SaveNext, k.SaveStay}
	case d.done():
		return []key.Binding{k.Home, k.Export}
	}
	// Those that do not apply here are disabled, so the help leaves them
	// out; enter is listed where it does more than go on.
	move := joinKeys("", l.Up, l.Down)
	move.SetHelp("↑/↓", "move")
	enter := k.Enter
	enter.SetEnabled(enter.Enabled() && enter.Help().Desc != "next line")
	role := joinKeys("your role", k.Left, k.Right)
	role.SetEnabled(d.row().isOwn(dbRole))
	return []key.Binding{short(k.Edit, "write"), role,
		joinKeys("yes/partly/no", k.OutYes, k.OutPartly, k.OutNo), l.Answer, enter,
		move, k.After, k.AddStep, k.Finish, k.Leave}
}

func (d *debrief) FullHelp() [][]key.Binding {
	k, l := d.keys, d.list.keys
	if d.editing || d.done() {
		return [][]key.Binding{d.ShortHelp()}
	}
	long := func(b key.Binding, keys, desc string) key.Binding {
		b.SetHelp(keys, desc)
		return b
	}
	return [][]key.Binding{
		{joinKeys("move between the lines", l.Up, l.Down, k.Next, k.Prev),
			long(k.Edit, "type/enter", "write in a field; enter saves it and goes on"), k.Enter},
		{joinKeys("your role on the call: observe, support, lead a part, lead", k.Left, k.Right),
			joinKeys("got the commitment, did the skill: yes / partly / no", k.OutYes, k.OutPartly, k.OutNo),
			long(l.Answer, "y/n/u/x", "checklist: yes / no / unsure / n.a.; the same key on an answer clears it"),
			long(k.AddStep, "a", "add a next step for the rep or you")},
		{long(k.After, "ctrl+n", "go to the after-the-call half"),
			long(k.Before, "ctrl+p", "back to the before-the-call half"),
			long(k.Finish, "ctrl+s", "finish the debrief and see its recap"),
			long(k.Leave, "esc", "leave: the debrief waits on the home screen")},
	}
}
