package tui

import (
	"context"
	"fmt"
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
	tabSkills
	tabFocus
	repTabCount
)

type repKeys struct {
	Tab, BackTab, Details, Session, RideAlong, Add, Edit, Rename key.Binding
}

func newRepKeys() repKeys {
	return repKeys{
		Tab:       key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next list")),
		BackTab:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous list")),
		Details:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
		Session:   short(keySession, "start 1:1"),
		RideAlong: short(keyRideAlong, "ride-along"),
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
	pipeline   coaching.Amounts
	sum        coaching.Summary
	sessions   []store.SessionRow
	actions    []coaching.Action
	unfinished coaching.Session // ID 0 when there is none
	// focus is the history of focus skills, newest first.
	focus []coaching.FocusReview
	// calib is how far the rep's prep answers matched the manager's.
	calib coaching.Calibration
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
	lists  [repTabCount]listView
	detail bool
	// newAfter is the highest deal id when the add-deal form opened, so
	// the deal it adds is selected on return; -1 when no form is open.
	newAfter int64
	nameLen  int // the longest deal name, for the deals' name column
	width    int
	height   int
}

func newRepScreen(c *common, repID int64) screen {
	r := &repScreen{c: c, repID: repID, keys: newRepKeys(), newAfter: -1}
	r.newRepLists()
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

func (r *repScreen) Typing() bool { return r.lists[r.tab].Typing() }

// CatchesEsc: esc closes the deal details, or clears a filter, before it
// leaves the page.
func (r *repScreen) CatchesEsc() bool { return r.detail || r.lists[r.tab].filtered() }

func (r *repScreen) activeList() *listView {
	if r.data == nil || r.detail {
		return nil
	}
	return &r.lists[r.tab]
}

func (r *repScreen) SetSize(w, h int) {
	r.width, r.height = w, h
	r.layout()
}

// layout gives each list the lines left under the top of the page and the
// list's own heading, as drawn.
func (r *repScreen) layout() {
	if r.data == nil {
		return
	}
	st := r.c.styles
	w := r.width - st.App.GetHorizontalFrameSize()
	body := r.bodyHeight()
	for t := range r.lists {
		head := linesOf(r.tabHead(repTab(t), w))
		r.lists[t].setSize(w, body-head)
		r.lists[t].top = r.height - body + head
	}
}

// bodyHeight is what the top of the page leaves for the open list.
func (r *repScreen) bodyHeight() int {
	st := r.c.styles
	return r.height - st.App.GetVerticalFrameSize() - linesOf(r.top(r.width-st.App.GetHorizontalFrameSize()))
}

func (r *repScreen) apply(d repData) {
	var selID int64
	if rd, ok := r.selectedDeal(); ok {
		selID = rd.deal.ID
	}
	r.data = &d
	r.nameLen = longestName(len(d.deals), func(i int) string { return coaching.SafeLine(d.deals[i].deal.Name) })
	r.lists[tabDeals].setLen(len(d.deals))
	r.lists[tabHistory].setLen(len(d.sessions))
	r.lists[tabCommitments].setLen(len(d.actions))
	r.lists[tabSkills].setLen(len(d.sum.Skills))
	r.lists[tabFocus].setLen(len(d.focus))
	r.layout()
	for i, dl := range d.deals {
		if (r.newAfter >= 0 && dl.deal.ID > r.newAfter) || (r.newAfter < 0 && dl.deal.ID == selID) {
			r.lists[tabDeals].selectItem(i)
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
	if r.data == nil {
		return repDeal{}, false
	}
	i, ok := r.lists[tabDeals].selected()
	if !ok {
		return repDeal{}, false
	}
	return r.data.deals[i], true
}

// updateKeys enables the keys that apply now, so help shows only those.
func (r *repScreen) updateKeys() {
	loaded := r.data != nil
	_, hasDeal := r.selectedDeal()
	onDeals := r.tab == tabDeals && hasDeal
	onHistory := loaded && r.tab == tabHistory && r.lists[tabHistory].len() > 0
	r.keys.Details.SetEnabled(onDeals || onHistory)
	// Open details close with esc too: the footer says so, as it says
	// esc back elsewhere.
	if r.detail {
		r.keys.Details.SetKeys("esc", "enter")
		r.keys.Details.SetHelp("esc", "close details")
	} else if onHistory {
		r.keys.Details.SetKeys("enter")
		r.keys.Details.SetHelp("enter", "open session")
	} else {
		r.keys.Details.SetKeys("enter")
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
	if r.detail && key.Matches(msg, r.keys.Details) {
		r.detail = false
		return nil
	}
	if moved, cmd := r.lists[r.tab].update(msg); moved {
		return cmd
	}
	d, hasDeal := r.selectedDeal()
	switch {
	case key.Matches(msg, r.keys.Tab):
		r.tab = (r.tab + 1) % repTabCount
		r.detail = false
	case key.Matches(msg, r.keys.BackTab):
		r.tab = (r.tab + repTabCount - 1) % repTabCount
		r.detail = false
	case key.Matches(msg, r.keys.Details) && r.tab == tabHistory:
		if i, ok := r.lists[tabHistory].selected(); ok {
			return open(openPastSessionMsg{session: r.data.sessions[i].Session.ID})
		}
	case key.Matches(msg, r.keys.Details) && r.tab == tabDeals:
		r.detail = true
	case key.Matches(msg, r.keys.Session, r.keys.RideAlong):
		return startWith(msg, r.keys.Session, r.keys.RideAlong, r.repID)
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
	if r.data == nil {
		return st.App.Render(st.Title.Render("Rep") + "\n" + st.Muted.Render("Loading the rep's deals and sessions…"))
	}
	w := r.width - st.App.GetHorizontalFrameSize()
	body := r.tabBody(w)
	if r.tab == tabDeals && r.detail {
		body = r.dealDetail(w)
	}
	return st.App.Render(r.top(w) + "\n" + body)
}

// top is the page above the lists: the rep, the unfinished 1:1, the stage
// strength bars and the tabs.
func (r *repScreen) top(w int) string {
	st := r.c.styles
	d := r.data
	now := r.c.now()
	var b strings.Builder
	summary := "  " + countNoun(d.openDeals, "open deal") + " · " + d.pipeline.String() + " pipeline"
	if d.pipeline.IsZero() {
		summary = "  " + countNoun(d.openDeals, "open deal")
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
	if d.calib.Answers > 0 {
		b.WriteString(trunc(st.Label.Render("Own view: ")+d.calib.Line(), w) + "\n")
	}
	b.WriteString("\n")
	b.WriteString(r.tabsLine(w))
	return b.String()
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
	bar := strengthBar(st, *s.Strength, barW)
	pct := padLeft(fmt.Sprintf("%d%%", percent(*s.Strength)), pctW)
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

// tabsLine names the five lists with their sizes; the open one is in
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
		fmt.Sprintf("Skills %d", len(d.sum.Skills)),
		fmt.Sprintf("Focus %d", len(d.focus)),
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
			parts = append(parts, st.Muted.Render(" "+l+" "))
		}
	}
	return trunc(strings.Join(parts, " "), w)
}

func (r *repScreen) ShortHelp() []key.Binding {
	if r.lists[r.tab].Typing() {
		return r.lists[r.tab].navKeys()
	}
	if r.tab == tabHistory && r.keys.Details.Enabled() {
		return []key.Binding{r.keys.Details, r.keys.Session, r.keys.Tab, r.keys.RideAlong}
	}
	if _, ok := r.selectedDeal(); !ok || r.tab != tabDeals {
		return []key.Binding{r.keys.Session, r.keys.RideAlong, r.keys.Add, r.keys.Tab}
	}
	return []key.Binding{r.keys.Details, r.keys.Session, r.keys.Edit, r.keys.Tab}
}

func (r *repScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		r.lists[r.tab].navKeys(),
		{r.keys.Tab, r.keys.BackTab, r.keys.Details},
		{r.keys.Session, r.keys.RideAlong, r.keys.Add, r.keys.Edit, r.keys.Rename},
	}
}
