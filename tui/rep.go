package tui

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dealcoach/coaching"
	"dealcoach/store"
)

// repHistoryLimit is how many past sessions the rep's page lists.
const repHistoryLimit = 50

// repTab is the list shown in the lower half of the rep's page.
type repTab int

const (
	tabDeals repTab = iota
	tabHistory
	tabCommitments
	repTabCount
)

type repKeys struct {
	Up, Down, Tab, BackTab, Details, Session, RideAlong, Add, Edit, Rename key.Binding
}

func newRepKeys() repKeys {
	return repKeys{
		Up:        keyUp,
		Down:      keyDown,
		Tab:       key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next list")),
		BackTab:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous list")),
		Details:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
		Session:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "start 1:1")),
		RideAlong: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "ride-along")),
		Add:       key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add deal")),
		Edit:      key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit deal")),
		Rename:    key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "rename rep")),
	}
}

// repDeal is a deal with what the page says about it.
type repDeal struct {
	deal coaching.Deal
	// flags are the planner's reasons to look at the deal, shortened for
	// the list; reasons are the same in full for the details.
	flags   []string
	reasons []string
	// changes says what changed in the CRM since the last review.
	changes     []string
	reviewed    time.Time
	daysInStage int
}

// repData is everything the rep's page shows, loaded in one command.
type repData struct {
	rep        coaching.Rep
	deals      []repDeal
	openDeals  int
	pipeline   int64
	sum        coaching.Summary
	sessions   []store.SessionRow
	actions    []coaching.Action
	unfinished coaching.Session // ID 0 when there is none
}

type repLoadedMsg struct {
	repID int64
	data  repData
}

// repScreen is the rep's page: stage strength on top, then deals, past
// sessions and open commitments, one list at a time.
type repScreen struct {
	c      *common
	repID  int64
	keys   repKeys
	data   *repData
	tab    repTab
	curs   [repTabCount]cursor
	detail bool
	// newAfter is the highest deal id when the add-deal form opened, so
	// the deal it adds is selected on return; -1 when no form is open.
	newAfter int64
	width    int
	height   int
}

func newRepScreen(c *common, repID int64) screen {
	r := &repScreen{c: c, repID: repID, keys: newRepKeys(), newAfter: -1}
	r.SetSize(c.width, c.height)
	r.updateKeys()
	return r
}

func (r *repScreen) Init() tea.Cmd {
	pb, now, id := r.c.pb, r.c.now(), r.repID
	return r.c.load(func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		d, err := loadRepData(ctx, st, pb, id, now)
		return repLoadedMsg{repID: id, data: d}, err
	})
}

// loadRepData reads the rep's deals, answers, sessions and commitments and
// works out the flags and the 90-day stage strength.
func loadRepData(ctx context.Context, st *store.Store, pb *coaching.Playbook, repID int64, now time.Time) (repData, error) {
	var d repData
	var err error
	if d.rep, err = st.Rep(ctx, repID); err != nil {
		return d, err
	}
	deals, err := st.Deals(ctx, repID, false)
	if err != nil {
		return d, err
	}
	reviewed, err := st.LastReviewed(ctx, repID)
	if err != nil {
		return d, err
	}
	snaps, err := st.RepSnapshots(ctx, repID)
	if err != nil {
		return d, err
	}
	// Only the window: the page shows no trend, so the window before is not read.
	facts, err := st.Facts(ctx, repID, now.AddDate(0, 0, -coaching.DefaultWindowDays), now.Add(time.Second))
	if err != nil {
		return d, err
	}
	if d.sessions, err = st.Sessions(ctx, repID, repHistoryLimit); err != nil {
		return d, err
	}
	if d.actions, err = st.OpenActions(ctx, repID); err != nil {
		return d, err
	}
	d.unfinished, err = st.UnfinishedSession(ctx, repID, coaching.OneOnOne)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return d, err
	}

	d.sum = coaching.Summarize(pb, d.rep.Name, facts, now, coaching.DefaultWindowDays)
	hist := make(map[int64]coaching.DealHistory, len(deals))
	for _, dl := range deals {
		hist[dl.ID] = coaching.HistoryOf(pb, snaps[dl.ID], reviewed[dl.ID], now)
	}
	reasons := make(map[int64][]string, len(deals))
	for _, s := range coaching.PlanAll(pb, deals, hist, now, 0, 0) {
		reasons[s.Deal.ID] = s.Reasons
	}
	d.deals = make([]repDeal, len(deals))
	for i, dl := range deals {
		h := hist[dl.ID]
		days := dl.DaysInStage(now)
		if dl.StageSince.IsZero() {
			days = h.Changes.DaysInStage
		}
		rd := repDeal{deal: dl, reasons: reasons[dl.ID], reviewed: h.LastReviewed, daysInStage: days}
		if !h.LastReviewed.IsZero() && h.Changes.Changed() {
			ch := h.Changes
			ch.DaysInStage = 0 // the details say it from the deal itself
			rd.changes = ch.Lines()
		}
		for _, r := range rd.reasons {
			rd.flags = append(rd.flags, shortReason(r))
		}
		d.deals[i] = rd
		if dl.Status == coaching.StatusOpen {
			d.openDeals++
			d.pipeline += dl.Amount
		}
	}
	return d, nil
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
	case strings.HasSuffix(r, " open deal"):
		return strings.TrimSuffix(r, " open deal")
	}
	return r
}

func (r *repScreen) Typing() bool { return false }

// CatchesEsc: esc closes the deal details before it leaves the page.
func (r *repScreen) CatchesEsc() bool { return r.detail }

func (r *repScreen) SetSize(w, h int) {
	r.width, r.height = w, h
	r.layout()
}

// topLines is the height of everything above the lower list: title,
// banner, blank, strength heading, one bar per stage, blank, tabs.
func (r *repScreen) topLines() int {
	n := 1 + 1 + 1 + len(r.c.pb.Groups()) + 1 + 1
	if r.data != nil && r.data.unfinished.ID != 0 {
		n++
	}
	return n
}

// layout gives the lists the rows left under the bars and their heading.
func (r *repScreen) layout() {
	rows := r.height - r.topLines() - 1
	for i := range r.curs {
		r.curs[i].setRows(rows)
	}
	if r.data != nil && coaching.OwnershipWarning(r.data.actions) != "" {
		r.curs[tabCommitments].setRows(rows - 1) // the warning's line
	}
}

func (r *repScreen) apply(d repData) {
	var selID int64
	if r.data != nil && len(r.data.deals) > 0 {
		selID = r.data.deals[r.curs[tabDeals].pos].deal.ID
	}
	r.data = &d
	r.layout()
	r.curs[tabDeals].setLen(len(d.deals))
	r.curs[tabHistory].setLen(len(d.sessions))
	r.curs[tabCommitments].setLen(len(d.actions))
	for i, dl := range d.deals {
		if (r.newAfter >= 0 && dl.deal.ID > r.newAfter) || (r.newAfter < 0 && dl.deal.ID == selID) {
			r.curs[tabDeals].pos = i
			r.curs[tabDeals].clamp()
			if r.newAfter >= 0 {
				r.tab = tabDeals
			}
			break
		}
	}
	r.newAfter = -1
	if len(d.deals) == 0 {
		r.detail = false
	}
	r.updateKeys()
}

func (r *repScreen) selectedDeal() (repDeal, bool) {
	if r.data == nil || len(r.data.deals) == 0 {
		return repDeal{}, false
	}
	return r.data.deals[r.curs[tabDeals].pos], true
}

// updateKeys enables the keys that apply now, so help shows only those.
func (r *repScreen) updateKeys() {
	loaded := r.data != nil
	_, hasDeal := r.selectedDeal()
	onDeals := r.tab == tabDeals && hasDeal
	r.keys.Details.SetEnabled(onDeals)
	if r.detail {
		r.keys.Details.SetHelp("enter", "close details")
	} else {
		r.keys.Details.SetHelp("enter", "details")
	}
	r.keys.Edit.SetEnabled(onDeals)
	for _, k := range []*key.Binding{&r.keys.Session, &r.keys.RideAlong, &r.keys.Add, &r.keys.Rename, &r.keys.Tab, &r.keys.BackTab} {
		k.SetEnabled(loaded)
	}
	if loaded && r.data.unfinished.ID != 0 {
		r.keys.Session.SetHelp("s", "resume 1:1")
	} else {
		r.keys.Session.SetHelp("s", "start 1:1")
	}
	moves := loaded && r.curs[r.tab].n > 1
	r.keys.Up.SetEnabled(moves)
	r.keys.Down.SetEnabled(moves)
}

func (r *repScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case repLoadedMsg:
		if msg.repID == r.repID {
			r.apply(msg.data)
		}
		return r, nil
	case tea.KeyMsg:
		if r.data == nil {
			return r, nil
		}
		cmd := r.key(msg)
		r.updateKeys()
		return r, cmd
	}
	return r, nil
}

func (r *repScreen) key(msg tea.KeyMsg) tea.Cmd {
	if r.detail && (msg.String() == "esc" || key.Matches(msg, r.keys.Details)) {
		r.detail = false
		return nil
	}
	if r.curs[r.tab].move(msg) {
		return nil
	}
	d, hasDeal := r.selectedDeal()
	switch {
	case key.Matches(msg, r.keys.Tab):
		r.tab = (r.tab + 1) % repTabCount
		r.detail = false
	case key.Matches(msg, r.keys.BackTab):
		r.tab = (r.tab + repTabCount - 1) % repTabCount
		r.detail = false
	case key.Matches(msg, r.keys.Details):
		r.detail = true
	case key.Matches(msg, r.keys.Session):
		return open(openPlanMsg{r.repID})
	case key.Matches(msg, r.keys.RideAlong):
		return open(openDebriefPickMsg{r.repID})
	case key.Matches(msg, r.keys.Add):
		r.newAfter = 0
		for _, dl := range r.data.deals {
			r.newAfter = max(r.newAfter, dl.deal.ID)
		}
		return open(openDealFormMsg{rep: r.repID})
	case key.Matches(msg, r.keys.Edit) && hasDeal:
		return open(openDealFormMsg{r.repID, d.deal})
	case key.Matches(msg, r.keys.Rename):
		return open(openRepFormMsg{r.data.rep})
	}
	return nil
}

func (r *repScreen) View() string {
	st := r.c.styles
	w := max(10, r.width-2)
	if r.data == nil {
		return st.App.Render(st.Title.Render("Rep") + "\n" + st.Muted.Render("Loading the rep's deals and sessions…"))
	}
	d := r.data
	now := r.c.now()
	var b strings.Builder

	summary := fmt.Sprintf("  %d open %s · %s pipeline", d.openDeals, nounFor(d.openDeals, "deal", "deals"), coaching.FormatMoney(d.pipeline, "USD"))
	if d.pipeline == 0 {
		summary = fmt.Sprintf("  %d open %s", d.openDeals, nounFor(d.openDeals, "deal", "deals"))
	}
	b.WriteString(trunc(st.Title.Render(coaching.SafeLine(d.rep.Name))+st.Muted.Render(summary), w) + "\n")
	if d.unfinished.ID != 0 {
		banner := fmt.Sprintf("◐ Unfinished 1:1 from %s — press s to resume", listDay(coaching.DateOf(d.unfinished.StartedAt), now))
		b.WriteString(st.Warning.Render(trunc(banner, w)) + "\n")
	}
	b.WriteString("\n")
	b.WriteString(st.Header.Render(trunc(fmt.Sprintf("Stage strength · last %d days · yes ÷ answers, unsure counts against", d.sum.WindowDays), w)) + "\n")
	for _, s := range d.sum.Stages {
		b.WriteString(r.barLine(s, w) + "\n")
	}
	b.WriteString("\n")
	b.WriteString(r.tabsLine(w) + "\n")

	switch {
	case r.tab == tabDeals && r.detail:
		b.WriteString(r.dealDetail(w))
	case r.tab == tabDeals:
		b.WriteString(r.dealList(w))
	case r.tab == tabHistory:
		b.WriteString(r.historyList(w))
	default:
		b.WriteString(r.commitmentList(w))
	}
	return st.App.Render(strings.TrimSuffix(b.String(), "\n"))
}

// barLine is one stage's strength: name, bar, percent, counts and a word
// when the stage is weak or has too few answers.
func (r *repScreen) barLine(s coaching.StageScore, w int) string {
	st := r.c.styles
	const nameW, pctW, countW = 11, 4, 24
	markW := lipgloss.Width("not enough evidence")
	barW := min(40, max(6, w-nameW-pctW-countW-markW-4))

	name := padRight(coaching.SafeLine(s.Name), nameW)
	if s.Strength == nil {
		return name + " " + st.BarEmpty.Render(repeat("░", barW)) + " " + st.Muted.Render(padLeft("—", pctW)+"  no answers yet")
	}
	fill := int(math.Round(*s.Strength * float64(barW)))
	bar := st.BarFull.Render(repeat("█", fill)) + st.BarEmpty.Render(repeat("░", barW-fill))
	pct := padLeft(fmt.Sprintf("%.0f%%", *s.Strength*100), pctW)
	counts := padRight(fmt.Sprintf(" %2d yes %2d no %2d unsure", s.Yes, s.No, s.Unsure), countW)
	var mark string
	switch {
	case s.Weak:
		name, pct, mark = st.Weak.Render(name), st.Weak.Render(pct), st.Weak.Render("weak")
	case !s.Enough:
		pct, mark = st.Muted.Render(pct), st.Muted.Render("not enough evidence")
	}
	return trunc(name+" "+bar+" "+pct+" "+st.Muted.Render(counts)+" "+mark, w)
}

// tabsLine names the three lists with their sizes; the open one is in
// brackets, so it shows without colour too.
func (r *repScreen) tabsLine(w int) string {
	st := r.c.styles
	d := r.data
	overdue := 0
	today := coaching.DateOf(r.c.now())
	for _, a := range d.actions {
		if !a.Due.IsZero() && a.Due.Before(today) {
			overdue++
		}
	}
	labels := [repTabCount]string{
		fmt.Sprintf("Deals %d", len(d.deals)),
		fmt.Sprintf("History %d", len(d.sessions)),
		fmt.Sprintf("Commitments %d", len(d.actions)),
	}
	if overdue > 0 {
		labels[tabCommitments] += fmt.Sprintf(" (%d overdue)", overdue)
	}
	if len(d.sessions) == repHistoryLimit {
		labels[tabHistory] = fmt.Sprintf("History %d+", repHistoryLimit)
	}
	var parts []string
	for i, l := range labels {
		if repTab(i) == r.tab {
			parts = append(parts, st.Selected.Render("[ "+l+" ]"))
		} else {
			parts = append(parts, st.Muted.Render("  "+l+"  "))
		}
	}
	return trunc(strings.Join(parts, " "), w)
}

// Deal list columns.
const (
	dealStageW  = 9
	dealAmountW = 9
	dealCloseW  = 11
)

func (r *repScreen) dealColumns(w int) (nameW, flagsW int) {
	rest := w - 2 - dealStageW - dealAmountW - dealCloseW - 4
	// Names get 40% of the room, up to 60 columns; flags take the rest.
	nameW = min(60, max(12, rest*40/100))
	return nameW, max(0, rest-nameW)
}

func (r *repScreen) dealList(w int) string {
	st := r.c.styles
	d := r.data
	if len(d.deals) == 0 {
		return st.Muted.Render("No deals yet. Press a to add one, or run: dealcoach import deals.csv")
	}
	nameW, flagsW := r.dealColumns(w)
	var b strings.Builder
	head := "  " + padRight("Deal", nameW) + " " + padRight("Stage", dealStageW) + " " + padLeft("Amount", dealAmountW) + " " + padRight(" Closes", dealCloseW) + " " + "Flags"
	b.WriteString(st.Header.Render(trunc(head, w)) + "\n")
	now := r.c.now()
	from, to := r.curs[tabDeals].visible()
	for i := from; i < to; i++ {
		rd := d.deals[i]
		dl := rd.deal
		flags := coaching.SafeLine(strings.Join(rd.flags, " · "))
		flagStyle := st.Warning
		if dl.Status != coaching.StatusOpen {
			flags, flagStyle = string(dl.Status), st.Muted
		}
		line := padRight(coaching.SafeLine(dl.Name), nameW) + " " + padRight(coaching.SafeLine(r.c.pb.StageName(dl.Stage)), dealStageW) + " " +
			padLeft(coaching.FormatMoney(dl.Amount, dl.Currency), dealAmountW) + " " + padRight(" "+listDay(dl.CloseDate, now), dealCloseW) + " "
		b.WriteString(r.row(i == r.curs[tabDeals].pos, line, flagStyle.Render(trunc(flags, flagsW))) + "\n")
	}
	return b.String()
}

// row draws a list row, with a marker and highlight on the selected one.
func (r *repScreen) row(selected bool, line, tail string) string {
	st := r.c.styles
	if selected {
		return st.Cursor.Render("› ") + st.Selected.Render(line) + tail
	}
	return "  " + line + tail
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
	facts := []string{fmt.Sprintf("%s for %s", stage, nounFor(rd.daysInStage, "1 day", fmt.Sprintf("%d days", rd.daysInStage)))}
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
	rows := r.curs[tabDeals].rows + 1
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

func (r *repScreen) historyList(w int) string {
	st := r.c.styles
	d := r.data
	if len(d.sessions) == 0 {
		return st.Muted.Render("No sessions yet. Press s to start a 1:1, or r to debrief a ride-along.")
	}
	var b strings.Builder
	head := "  " + padRight("When", histDateW) + " " + padRight("Kind", histKindW) + " " + padRight("Outcome", histOutcomeW) + " " +
		padLeft("Deals", histDealsW) + " " + padLeft("Answers", histAnswersW) + "  Focus skill / deal"
	b.WriteString(st.Header.Render(trunc(head, w)) + "\n")
	now := r.c.now()
	restW := max(0, w-2-histDateW-histKindW-histOutcomeW-histDealsW-histAnswersW-6)
	from, to := r.curs[tabHistory].visible()
	for i := from; i < to; i++ {
		s := d.sessions[i]
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
		line := padRight(listDay(coaching.DateOf(s.Session.StartedAt), now), histDateW) + " " + padRight(kind, histKindW) + " " +
			padRight(outcome, histOutcomeW) + " " + padLeft(fmt.Sprint(s.Deals), histDealsW) + " " + padLeft(fmt.Sprint(s.Answers), histAnswersW) + "  "
		b.WriteString(r.row(i == r.curs[tabHistory].pos, line, st.Muted.Render(trunc(coaching.SafeLine(rest), restW))) + "\n")
	}
	return b.String()
}

// Commitment columns.
const (
	commOwnerW = 8
	commDueW   = 18
)

func (r *repScreen) commitmentList(w int) string {
	st := r.c.styles
	d := r.data
	if len(d.actions) == 0 {
		return st.Muted.Render("No open commitments. Next steps agreed in a 1:1 show here until they are done.")
	}
	textW := max(10, w-2-commOwnerW-commDueW-2)
	deals := make(map[int64]string, len(d.deals))
	for _, dl := range d.deals {
		deals[dl.deal.ID] = dl.deal.Name
	}
	var b strings.Builder
	if warn := coaching.OwnershipWarning(d.actions); warn != "" {
		b.WriteString(st.Warning.Render(trunc("⚠ "+coaching.SafeLine(warn), w)) + "\n")
	}
	head := "  " + padRight("Next step", textW) + " " + padRight("Owner", commOwnerW) + " " + "Due"
	b.WriteString(st.Header.Render(trunc(head, w)) + "\n")
	now := r.c.now()
	today := coaching.DateOf(now)
	from, to := r.curs[tabCommitments].visible()
	for i := from; i < to; i++ {
		a := d.actions[i]
		text := coaching.SafeLine(a.Text)
		if n := deals[a.DealID]; n != "" {
			text += " (" + coaching.SafeLine(n) + ")"
		}
		due := st.Muted.Render("no date")
		switch {
		case a.Due.IsZero():
		case a.Due.Before(today):
			due = st.Warning.Render(listDay(a.Due, now) + " · overdue")
		default:
			due = listDay(a.Due, now)
		}
		line := padRight(text, textW) + " " + padRight(string(a.Owner), commOwnerW) + " "
		b.WriteString(r.row(i == r.curs[tabCommitments].pos, line, due) + "\n")
	}
	return b.String()
}

func (r *repScreen) ShortHelp() []key.Binding {
	if _, ok := r.selectedDeal(); !ok || r.tab != tabDeals {
		return []key.Binding{r.keys.Session, r.keys.RideAlong, r.keys.Add, r.keys.Tab}
	}
	return []key.Binding{r.keys.Details, r.keys.Session, r.keys.Edit, r.keys.Tab}
}

func (r *repScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{r.keys.Up, r.keys.Down, r.keys.Tab, r.keys.BackTab, r.keys.Details},
		{r.keys.Session, r.keys.RideAlong, r.keys.Add, r.keys.Edit, r.keys.Rename},
	}
}

// shortDay is a day in a list column: "Dec 15", or "Jan 5 '27" in another
// year; "—" for none.
func listDay(d coaching.Date, now time.Time) string {
	if d.IsZero() {
		return "—"
	}
	if d.Time().Year() == now.Year() {
		return d.Time().Format("Jan 2")
	}
	return d.Time().Format("Jan 2 '06")
}

// plural picks the singular or plural word for n.
func nounFor(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
