package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"dealcoach/coaching"
)

// The rep page's three lists (deals, past sessions, open commitments) and
// the deal details: each list's heading and rows.

// newRepLists builds the three lists, each drawing its rows.
func (r *repScreen) newRepLists() {
	st := r.c.styles
	r.lists[tabDeals] = newListView(st, "deal", r.dealRow)
	r.lists[tabDeals].filterable("deal name", func(i int) string { return coaching.SafeLine(r.data.deals[i].deal.Name) })
	r.lists[tabHistory] = newListView(st, "session", r.historyRow)
	r.lists[tabCommitments] = newListView(st, "commitment", r.commitmentRow)
	r.lists[tabSkills] = newListView(st, "skill", r.skillRow)
	r.lists[tabFocus] = newListView(st, "focus", r.focusRow)
}

// tabBody is the open list with its heading, or what to do when empty.
func (r *repScreen) tabBody(w int) string {
	st := r.c.styles
	if r.lists[r.tab].len() == 0 {
		empty := [repTabCount]string{
			"No deals yet. Press a to add one, or run: dealcoach import deals.csv",
			"No sessions yet. Press s to start a 1:1, or r to debrief a ride-along.",
			"No open commitments. Next steps agreed in a 1:1 show here until they are done.",
			"The playbook names no skills.",
			"No focus skill yet. Set one in a 1:1's wrap-up; the next 1:1 asks how it went.",
		}
		return st.Muted.Render(empty[r.tab])
	}
	return joinBlocks(r.tabHead(r.tab, w), r.lists[r.tab].View())
}

// tabHead is the heading of list t: its column names, and over the
// commitments the warning on who owns them.
func (r *repScreen) tabHead(t repTab, w int) string {
	st := r.c.styles
	gap := repeat(" ", lipgloss.Width(listMark))
	rw := w - len(gap)
	var head string
	switch t {
	case tabDeals:
		nameW, _ := dealColumns(rw, r.nameLen)
		head = gap + padRight("Deal", nameW) + " " + padRight("Stage", dealStageW) + " " + padLeft("Amount", dealAmountW) + " " + padRight(" Closes", dealCloseW) + " " + "Flags"
	case tabHistory:
		head = gap + padRight("When", histDateW) + " " + padRight("Kind", histKindW) + " " + padRight("Outcome", histOutcomeW) + " " +
			padLeft("Deals", histDealsW) + " " + padLeft("Answers", histAnswersW) + "  Focus skill / deal"
	case tabSkills:
		head = r.skillHead(gap, rw)
	case tabFocus:
		head = gap + padRight("Focus skill", focusNameW) + " " + padRight("Set", focusSetW) + " " + "Practised?"
	default:
		head = gap + padRight("Next step", commTextW(rw)) + " " + padRight("Owner", commOwnerW) + " " + "Due"
		if warn := coaching.OwnershipWarning(r.data.actions); warn != "" {
			return st.Warning.Render(trunc("⚠ "+coaching.SafeLine(warn), w)) + "\n" + st.Header.Render(trunc(head, w))
		}
	}
	return st.Header.Render(trunc(head, w))
}

// shortReason turns a planner reason into a flag that fits a list row:
// "stalled 40 days in Propose (expected 21)" → "stalled 40d".
func shortReason(r string) string {
	var n int
	scan := func(format string) bool {
		k, err := fmt.Sscanf(r, format, &n)
		return err == nil && k == 1
	}
	switch {
	case strings.HasPrefix(r, "close date passed"):
		return "close passed"
	case scan("closes in %d days"):
		return fmt.Sprintf("closes in %dd", n)
	case scan("stalled %d days"):
		return fmt.Sprintf("stalled %dd", n)
	case r == "close date pushed once":
		return "pushed 1×"
	case scan("close date pushed %d"):
		return fmt.Sprintf("pushed %d×", n)
	case scan("not reviewed in %d days"):
		return fmt.Sprintf("not reviewed %dd", n)
	case strings.Contains(r, " open deal in "):
		return strings.Replace(r, " open deal in ", " in ", 1)
	case strings.HasSuffix(r, " open deal"):
		return strings.TrimSuffix(r, " open deal")
	}
	return r
}

// Deal list columns.
const (
	dealStageW  = 9
	dealAmountW = 9
	dealCloseW  = 11
)

// dealColumns sizes the deal's name and its flags in a row w wide.
func dealColumns(w, longest int) (nameW, flagsW int) {
	rest := w - dealStageW - dealAmountW - dealCloseW - 4
	// Names take what the longest needs, up to 60% of the room; flags
	// take the rest, and with it any width to spare.
	nameW = nameColumn(rest*60/100, longest, 12)
	return nameW, max(0, rest-nameW)
}

func (r *repScreen) dealRow(i, w int) listRow {
	st := r.c.styles
	rd := r.data.deals[i]
	dl := rd.deal
	nameW, flagsW := dealColumns(w, r.nameLen)
	flags := coaching.SafeLine(strings.Join(rd.flags, " · "))
	flagStyle := st.Warning
	if dl.Status != coaching.StatusOpen {
		flags, flagStyle = string(dl.Status), st.Muted
	}
	text := padRight(coaching.SafeLine(dl.Name), nameW) + " " + padRight(coaching.SafeLine(r.c.pb.StageName(dl.Stage)), dealStageW) + " " +
		padLeft(coaching.FormatMoney(dl.Amount, dl.Currency), dealAmountW) + " " + padRight(" "+listDay(dl.CloseDate, r.c.now()), dealCloseW) + " "
	return listRow{text: text, tail: flagStyle.Render(trunc(flags, flagsW))}
}

func (r *repScreen) dealDetail(w int) string {
	st := r.c.styles
	rd, ok := r.selectedDeal()
	if !ok {
		return ""
	}
	dl := rd.deal
	now := r.c.now()
	var lines []string
	title := st.Bold.Render(coaching.SafeLine(dl.Name))
	if dl.Account != "" {
		title += st.Muted.Render(" · " + coaching.SafeLine(dl.Account))
	}
	lines = append(lines, title)

	stage := coaching.SafeLine(r.c.pb.StageName(dl.Stage))
	facts := []string{fmt.Sprintf("%s for %s", stage, countNoun(rd.daysInStage, "day"))}
	if s, ok := r.c.pb.Stage(dl.Stage); ok && s.ExpectedDays > 0 {
		facts[0] += fmt.Sprintf(" (expected %d)", s.ExpectedDays)
	}
	facts = append(facts, coaching.FormatMoney(dl.Amount, dl.Currency))
	if dl.CloseDate.IsZero() {
		facts = append(facts, "no close date")
	} else {
		facts = append(facts, "closes "+dl.CloseDate.Short(now))
	}
	if dl.Status != coaching.StatusOpen {
		facts = append(facts, string(dl.Status))
	}
	lines = append(lines, strings.Join(facts, " · "))

	next := st.Label.Render("Next step  ")
	if dl.NextStep == "" {
		next += st.Warning.Render("none written down")
	} else {
		next += coaching.SafeLine(dl.NextStep)
	}
	lines = append(lines, next)
	var more []string
	if dl.CRMID != "" {
		more = append(more, "CRM id "+coaching.SafeLine(dl.CRMID))
	}
	if rd.reviewed.IsZero() {
		more = append(more, "never reviewed")
	} else {
		more = append(more, "last reviewed "+ago(now, rd.reviewed))
	}
	lines = append(lines, st.Muted.Render(strings.Join(more, " · ")))

	if len(rd.reasons) > 0 {
		lines = append(lines, st.Label.Render("Why review it"))
		for _, reason := range rd.reasons {
			lines = append(lines, "  "+st.Warning.Render("! "+coaching.SafeLine(reason)))
		}
	}
	if len(rd.changes) > 0 {
		lines = append(lines, st.Label.Render("Changed since the last review"))
		for _, c := range rd.changes {
			lines = append(lines, "  • "+coaching.SafeLine(c))
		}
	}
	rows := max(1, r.bodyHeight())
	if len(lines) > rows {
		lines = append(lines[:rows-1], st.Muted.Render("…"))
	}
	for i := range lines {
		lines[i] = trunc(lines[i], w)
	}
	return strings.Join(lines, "\n")
}

// History columns.
const (
	histDateW    = 10
	histKindW    = 10
	histOutcomeW = 14
	histDealsW   = 6
	histAnswersW = 8
)

func (r *repScreen) historyRow(i, w int) listRow {
	st := r.c.styles
	s := r.data.sessions[i]
	kind, outcome, rest := "1:1", "", s.Session.FocusSkill
	if s.Session.Kind == coaching.RideAlong {
		kind, rest = "ride-along", s.DealName
		switch s.Outcome {
		case coaching.OutcomeYes:
			outcome = "got commitment"
		case coaching.OutcomePartly:
			outcome = "partly"
		case coaching.OutcomeNo:
			outcome = "no commitment"
		}
	}
	if !s.Session.Ended() {
		outcome = "unfinished"
	}
	if s.Session.Kind == coaching.OneOnOne && rest != "" {
		rest = "focus: " + rest
	}
	restW := max(0, w-histDateW-histKindW-histOutcomeW-histDealsW-histAnswersW-6)
	text := padRight(listDay(coaching.DateOf(s.Session.StartedAt), r.c.now()), histDateW) + " " + padRight(kind, histKindW) + " " +
		padRight(outcome, histOutcomeW) + " " + padLeft(fmt.Sprint(s.Deals), histDealsW) + " " + padLeft(fmt.Sprint(s.Answers), histAnswersW) + "  "
	return listRow{text: text, tail: st.Muted.Render(trunc(coaching.SafeLine(rest), restW))}
}

// Commitment columns; the step's text takes the rest.
const (
	commOwnerW = 8
	commDueW   = 18
)

func commTextW(w int) int { return max(10, w-commOwnerW-commDueW-2) }

func (r *repScreen) commitmentRow(i, w int) listRow {
	st := r.c.styles
	d := r.data
	a := d.actions[i]
	text := coaching.SafeLine(a.Text)
	for _, dl := range d.deals {
		if dl.deal.ID == a.DealID && a.DealID != 0 {
			text += " (" + coaching.SafeLine(dl.deal.Name) + ")"
			break
		}
	}
	now := r.c.now()
	due := st.Muted.Render("no date")
	switch {
	case a.Due.IsZero():
	case a.Due.Before(coaching.DateOf(now)):
		due = st.Warning.Render(listDay(a.Due, now) + " · overdue")
	default:
		due = listDay(a.Due, now)
	}
	return listRow{text: padRight(text, commTextW(w)) + " " + padRight(string(a.Owner), commOwnerW) + " ", tail: due}
}
