package tui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dealcoach/coaching"
	"dealcoach/store"
)

type homeKeys struct {
	Session, RideAlong, Team, AddRep, Debrief, Org key.Binding
}

func newHomeKeys() homeKeys {
	return homeKeys{
		Session:   keySession,
		RideAlong: keyRideAlong,
		Team:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "team view: reps × stages")),
		Org:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "organisation: managers × stages")),
		AddRep:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add rep")),
		Debrief:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "finish debrief")),
	}
}

// home lists the reps: open deals, pipeline, last 1:1, weakest stage.
type home struct {
	c       *common
	keys    homeKeys
	rows    []store.RepRow
	loaded  bool
	weakest map[int64]coaching.StageScore // rep id → weakest stage, filled after the first frame
	// scored are the reps whose weakest stage has arrived (some have none);
	// asked those it was asked for since the list was last loaded. Only
	// reps in view are asked for, so the column costs the same on any team.
	scored, asked map[int64]bool
	list          listView
	debriefs      []store.SessionRow // unfinished ride-alongs, newest first
	// added is a rep just added, selected once the list holds it.
	added   int64
	nameLen int // the longest rep name, for the name column
}

type homeLoadedMsg struct{ rows []store.RepRow }
type homeWeakestMsg struct {
	weakest map[int64]coaching.StageScore
	scored  []int64
}

// Home's columns; the rep's name takes the rest.
const homeNumW, homePipeW, homeLastW, homeWeakW = 5, 11, 17, 12

func newHome(c *common) *home {
	h := &home{c: c, keys: newHomeKeys()}
	h.list = newListView(c.styles, "rep", h.row)
	h.list.filterable("rep name", func(i int) string { return coaching.SafeLine(h.rows[i].Rep.Name) })
	h.list.noMatch = "No rep matches the filter."
	h.SetSize(c.width, c.height)
	return h
}

func (h *home) Init() tea.Cmd {
	return h.c.load(func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		rows, err := st.RepRows(ctx)
		return homeLoadedMsg{rows}, err
	})
}

// loadWeakest scores the last 90 days of the reps in view, and of the page
// below, that were not asked for yet. It runs after the list is on screen,
// so the first frame does not wait for it, and again as the list scrolls.
func (h *home) loadWeakest() tea.Cmd {
	if h.asked == nil {
		h.asked = map[int64]bool{}
	}
	var ids []int64
	for _, i := range h.list.inView(1) {
		if id := h.rows[i].Rep.ID; !h.asked[id] {
			h.asked[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	pb, now := h.c.pb, h.c.now()
	return h.c.load(func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		_, from, to := coaching.SummaryWindows(now, coaching.DefaultWindowDays)
		counts, err := st.RepsSummaryCounts(ctx, ids, from, from, to)
		if err != nil {
			return nil, err
		}
		out := make(map[int64]coaching.StageScore, len(ids))
		for _, id := range ids {
			if c := counts[id]; c != nil {
				if w, ok := coaching.ScoreCounts(pb, c.Now).Weakest(); ok {
					out[id] = w
				}
			}
		}
		return homeWeakestMsg{weakest: out, scored: ids}, nil
	})
}

func (h *home) Typing() bool { return h.list.Typing() }

func (h *home) CatchesEsc() bool { return h.list.filtered() }

func (h *home) activeList() *listView { return &h.list }

func (h *home) SetSize(w, ht int) {
	st := h.c.styles
	h.list.setSize(w-st.App.GetHorizontalFrameSize(),
		ht-st.App.GetVerticalFrameSize()-linesOf(h.header())-linesOf(h.footer()))
	h.list.top = st.App.GetPaddingTop() + linesOf(h.header())
}

// selectAdded selects the rep just added once the list holds it, clearing
// a filter that would hide it.
func (h *home) selectAdded() {
	for i, r := range h.rows {
		if h.added == 0 || r.Rep.ID != h.added {
			continue
		}
		if !h.list.selectItem(i) {
			h.list.clearFilter()
			h.list.selectItem(i)
		}
		h.added = 0
	}
}

func (h *home) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case homeLoadedMsg:
		h.rows, h.loaded = msg.rows, true
		// " ◐" marks an unfinished 1:1.
		h.nameLen = 2 + longestName(len(h.rows), func(i int) string { return coaching.SafeLine(h.rows[i].Rep.Name) })
		h.list.setLen(len(h.rows))
		h.SetSize(h.c.width, h.c.height) // the header counts the reps
		h.selectAdded()
		// Ask again for what is in view: a session may have changed it.
		// The old column stays until the new one arrives.
		h.asked = nil
		return h, tea.Batch(h.loadWeakest(), h.loadDebriefs())
	case resizedMsg:
		if !h.loaded {
			return h, nil
		}
		return h, h.loadWeakest()
	case homeDebriefsMsg:
		h.debriefs = msg.rows
		h.SetSize(h.c.width, h.c.height)
		return h, nil
	case homeWeakestMsg:
		if h.weakest == nil {
			h.weakest = map[int64]coaching.StageScore{}
		}
		if h.scored == nil {
			h.scored = map[int64]bool{}
		}
		for _, id := range msg.scored {
			h.scored[id] = true
			delete(h.weakest, id)
			if w, ok := msg.weakest[id]; ok {
				h.weakest[id] = w
			}
		}
		return h, nil
	case repAddedMsg:
		// The rep form's result, handed on when the form closed; the list
		// that holds the rep is on its way (closing reloads it).
		h.added = msg.rep.ID
		h.selectAdded()
		return h, nil
	case tea.KeyMsg:
		if handled, cmd := h.list.update(msg); handled {
			return h, tea.Batch(cmd, h.loadWeakest())
		}
		i, ok := h.list.selected()
		switch {
		case key.Matches(msg, h.keys.Debrief) && len(h.debriefs) > 0:
			return h, open(openDebriefMsg{h.debriefs[0].Session.ID})
		case key.Matches(msg, h.keys.AddRep):
			return h, open(openRepFormMsg{})
		case key.Matches(msg, h.keys.Team) && len(h.rows) > 0:
			return h, open(openTeamMsg{})
		case key.Matches(msg, h.keys.Org) && h.c.orgURL != "":
			return h, open(openOrgMsg{})
		case !ok:
			return h, nil
		case key.Matches(msg, h.list.keys.Choose):
			return h, open(openRepMsg{h.rows[i].Rep.ID})
		}
		return h, startWith(msg, h.keys.Session, h.keys.RideAlong, h.rows[i].Rep.ID)
	}
	return h, nil
}

// header is the title, the count of reps and the column heads.
func (h *home) header() string {
	st := h.c.styles
	title := st.Title.Render("dealcoach")
	if h.c.demo {
		title += st.Muted.Render("  · sample team (--demo), nothing here touches your data")
	}
	if !h.loaded || len(h.rows) == 0 {
		return title
	}
	nameW := h.nameW(h.list.width - lipgloss.Width(listMark))
	head := repeat(" ", lipgloss.Width(listMark)) + padRight("Rep", nameW) + " " + padLeft("Open", homeNumW) + " " +
		padLeft("Pipeline", homePipeW) + " " + padRight(" Last 1:1", homeLastW) + " " + padRight("Weakest", homeWeakW)
	return title + "\n" + st.Subtitle.Render(countNoun(len(h.rows), "rep")+" · pick one to coach") + "\n\n" + st.Header.Render(head)
}

// footer is under the list: the unfinished debriefs and a word on ◐.
func (h *home) footer() string {
	var note string
	if hasUnfinished(h.rows) {
		note = h.c.styles.Muted.Render("◐ a 1:1 was left unfinished: open the rep to resume it")
	}
	if len(h.debriefs) == 0 && note == "" {
		return ""
	}
	// A blank line apart from the list.
	return "\n" + joinBlocks(h.debriefsView(h.list.width), note)
}

// pipelineCell fits a rep's pipeline in the home column: every currency
// when it fits, else the one with the most deals and how many others
// ("$30,000 +1"); the rep page has them all. Never one sum across them.
func pipelineCell(a coaching.Amounts, w int) string {
	if s := a.String(); lipgloss.Width(s) <= w {
		return s
	}
	if s := a.Short(); lipgloss.Width(s) <= w {
		return s
	}
	// "$1.2M +1": rounded, but still one currency's figure.
	top := a[0]
	for _, x := range a {
		if x.Cents != 0 {
			top = x
			break
		}
	}
	s := coaching.FormatMoney(top.Cents, top.Currency)
	s = strings.TrimRight(s, "0123456789,") + compactUnits(top.Cents/100)
	if len(a) > 1 {
		s += " +" + fmt.Sprint(countShown(a)-1)
	}
	return trunc(s, w)
}

func countShown(a coaching.Amounts) int {
	n := 0
	for _, x := range a {
		if x.Cents != 0 {
			n++
		}
	}
	return n
}

// compactUnits writes 1,234,567 as "1.2M" and 12,345 as "12k".
func compactUnits(u int64) string {
	if u < 0 {
		u = -u
	}
	switch {
	case u >= 1_000_000_000:
		return fmt.Sprintf("%.1fB", float64(u)/1e9)
	case u >= 1_000_000:
		return fmt.Sprintf("%.1fM", float64(u)/1e6)
	case u >= 1_000:
		return fmt.Sprintf("%dk", u/1000)
	}
	return fmt.Sprint(u)
}

// nameW is what the columns leave for the name, up to nameMaxW: in a wide
// window the figures stay next to the name they belong to.
func (h *home) nameW(w int) int {
	return nameColumn(w-homeNumW-homePipeW-homeLastW-homeWeakW-4, h.nameLen, 10)
}

// row is one rep's line of the list.
func (h *home) row(i, w int) listRow {
	st := h.c.styles
	r := h.rows[i]
	last := st.Muted.Render(padRight(" never", homeLastW))
	if !r.LastOneOnOne.IsZero() {
		last = padRight(" "+ago(h.c.now(), r.LastOneOnOne), homeLastW)
	}
	weak := st.Muted.Render(padRight("—", homeWeakW))
	if !h.scored[r.Rep.ID] {
		weak = st.Muted.Render(padRight("…", homeWeakW))
	} else if w, ok := h.weakest[r.Rep.ID]; ok && w.Weak {
		weak = st.Weak.Render(padRight(coaching.SafeLine(w.Name)+" !", homeWeakW))
	} else if ok {
		weak = padRight(coaching.SafeLine(w.Name), homeWeakW)
	}
	name := coaching.SafeLine(r.Rep.Name)
	if r.Unfinished != 0 {
		name += " ◐"
	}
	return listRow{text: padRight(name, h.nameW(w)) + " " + padLeft(fmt.Sprint(r.OpenDeals), homeNumW) + " " +
		padLeft(pipelineCell(r.Pipeline, homePipeW), homePipeW) + " " + last + " " + weak}
}

func (h *home) View() string {
	st := h.c.styles
	switch {
	case !h.loaded:
		return st.App.Render(h.header() + "\n" + st.Muted.Render("Loading reps…"))
	case len(h.rows) == 0:
		return st.App.Render(h.header() + "\n" + h.firstRun())
	}
	return st.App.Render(joinBlocks(h.header(), h.list.View(), h.footer()))
}

func hasUnfinished(rows []store.RepRow) bool {
	for _, r := range rows {
		if r.Unfinished != 0 {
			return true
		}
	}
	return false
}

func (h *home) firstRun() string {
	st := h.c.styles
	return "\n" + st.Bold.Render("No reps yet.") + " Start in one of three ways:\n\n" +
		"  " + st.Key.Render("a") + "  add a rep here, then add their deals on the rep's page\n\n" +
		"  or import your CRM export (Salesforce or HubSpot) from the shell:\n" +
		"       " + st.Bold.Render("dealcoach import deals.csv") + "\n\n" +
		"  or look around on a sample team first:\n" +
		"       " + st.Bold.Render("dealcoach --demo") + "\n"
}

func (h *home) ShortHelp() []key.Binding {
	if h.list.Typing() {
		return h.list.navKeys()
	}
	if len(h.rows) == 0 {
		return []key.Binding{h.keys.AddRep}
	}
	// The footer has 80 columns for all of it: shorter words than the full help.
	return []key.Binding{h.list.choose("open"), short(h.keys.Session, "1:1"),
		short(h.keys.RideAlong, "ride-along"), short(h.keys.Team, "team"), h.list.keys.Filter}
}

func (h *home) FullHelp() [][]key.Binding {
	var org []key.Binding
	if h.c.orgURL != "" {
		org = []key.Binding{h.keys.Org}
	}
	if len(h.rows) == 0 {
		return [][]key.Binding{append([]key.Binding{h.keys.AddRep}, org...)}
	}
	return [][]key.Binding{
		h.list.navKeys(),
		append([]key.Binding{h.list.choose("open the rep's page"), h.keys.Session, h.keys.RideAlong, h.keys.Team, h.keys.AddRep}, org...),
		// The footer has no room for d; the unfinished debrief's line says it.
		{h.debriefKey()},
	}
}

// repAddedMsg selects a rep just added.
type repAddedMsg struct{ rep coaching.Rep }

// homeDebriefsMsg brings home the unfinished ride-alongs, newest first.
type homeDebriefsMsg struct{ rows []store.SessionRow }

// homeDebriefsMax is how many unfinished debriefs home lists, the last
// line saying how many more there are.
const homeDebriefsMax = 3

// loadDebriefs runs after home's first frame, like its weakest stages.
func (h *home) loadDebriefs() tea.Cmd {
	return h.c.load(func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		rows, err := st.UnfinishedDebriefs(ctx)
		return homeDebriefsMsg{rows}, err
	})
}

func (h *home) debriefKey() key.Binding {
	k := h.keys.Debrief
	k.SetEnabled(len(h.debriefs) > 0)
	return k
}

// debriefsView lists the unfinished debriefs under the reps:
// "◐ Debrief with Mei Chen · Contoso – Lab data: after-the-call half to
// fill — press d".
func (h *home) debriefsView(width int) string {
	if len(h.debriefs) == 0 {
		return ""
	}
	st := h.c.styles
	names := make(map[int64]string, len(h.debriefs))
	for _, r := range h.rows {
		names[r.Rep.ID] = coaching.SafeLine(r.Rep.Name)
	}
	var lines []string
	n := min(len(h.debriefs), homeDebriefsMax)
	for i, s := range h.debriefs[:n] {
		if i == n-1 && n < len(h.debriefs) {
			lines = append(lines, st.Muted.Render(trunc(fmt.Sprintf("◐ and %d more unfinished debriefs: r on the rep resumes one", len(h.debriefs)-i), width)))
			break
		}
		// The deal's name gives way first: what is to do, and the key, stay.
		head, tail, key := "◐ Debrief with "+names[s.Session.RepID]+" · ", ": "+halfToFill(s), ""
		if i == 0 {
			key = " — press d"
		}
		deal := trunc(coaching.SafeLine(s.DealName), max(8, width-lipgloss.Width(head+tail+key)))
		if i == 0 {
			lines = append(lines, trunc(head+deal+tail, width-lipgloss.Width(key))+st.Key.Render(key))
		} else {
			lines = append(lines, st.Muted.Render(trunc(head+deal+tail, width)))
		}
	}
	return strings.Join(lines, "\n")
}
