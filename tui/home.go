package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
	"dealcoach/store"
)

type homeKeys struct {
	Up, Down, Open, Filter, Session, RideAlong, Team, AddRep, Debrief key.Binding
}

func newHomeKeys() homeKeys {
	return homeKeys{
		Up:        keyUp,
		Down:      keyDown,
		Open:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open the rep's page")),
		Filter:    keyFilter,
		Session:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "start a 1:1 with the rep")),
		RideAlong: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "ride-along debrief with the rep")),
		Team:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "team view: reps × stages")),
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
	shown         []int // indexes into rows that match the filter
	cur           cursor
	filter        textinput.Model
	typing        bool
	debriefs      []store.SessionRow // unfinished ride-alongs, newest first (debrief.go)
}

type homeLoadedMsg struct{ rows []store.RepRow }
type homeWeakestMsg struct {
	weakest map[int64]coaching.StageScore
	scored  []int64
}

func newHome(c *common) *home {
	f := textinput.New()
	f.Prompt = "/ "
	f.Placeholder = "rep name"
	h := &home{c: c, keys: newHomeKeys(), filter: f}
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
	from, to := h.cur.visible()
	var ids []int64
	for i := from; i < min(len(h.shown), to+h.cur.rows); i++ {
		if id := h.rows[h.shown[i]].Rep.ID; !h.asked[id] {
			h.asked[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	pb, now := h.c.pb, h.c.now()
	return h.c.load(func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		facts, err := st.RepsFacts(ctx, ids, now.AddDate(0, 0, -coaching.DefaultWindowDays), now.Add(time.Second))
		if err != nil {
			return nil, err
		}
		out := make(map[int64]coaching.StageScore, len(ids))
		for _, id := range ids {
			if w, ok := coaching.Summarize(pb, "", facts[id], now, coaching.DefaultWindowDays).Weakest(); ok {
				out[id] = w
			}
		}
		return homeWeakestMsg{weakest: out, scored: ids}, nil
	})
}

func (h *home) Typing() bool { return h.typing }

func (h *home) CatchesEsc() bool { return h.filter.Value() != "" }

func (h *home) SetSize(w, ht int) {
	h.filter.Width = max(10, w-6)
	h.cur.setRows(ht - 6 - h.debriefLines())
}

func (h *home) applyFilter() {
	q := strings.ToLower(strings.TrimSpace(h.filter.Value()))
	h.shown = h.shown[:0]
	for i, r := range h.rows {
		if q == "" || strings.Contains(strings.ToLower(r.Rep.Name), q) {
			h.shown = append(h.shown, i)
		}
	}
	h.cur.setLen(len(h.shown))
}

func (h *home) selected() (store.RepRow, bool) {
	if len(h.shown) == 0 {
		return store.RepRow{}, false
	}
	return h.rows[h.shown[h.cur.pos]], true
}

func (h *home) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case homeLoadedMsg:
		h.rows, h.loaded = msg.rows, true
		h.applyFilter()
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
		for i, idx := range h.shown {
			if h.rows[idx].Rep.ID == msg.rep.ID {
				h.cur.pos = i
				h.cur.clamp()
			}
		}
		return h, nil
	case tea.KeyMsg:
		if h.typing {
			switch msg.String() {
			case "enter":
				h.typing = false
				h.filter.Blur()
				return h, nil
			case "esc":
				h.typing = false
				h.filter.Blur()
				h.filter.SetValue("")
				h.applyFilter()
				return h, h.loadWeakest()
			}
			var cmd tea.Cmd
			h.filter, cmd = h.filter.Update(msg)
			h.applyFilter()
			return h, tea.Batch(cmd, h.loadWeakest())
		}
		if msg.String() == "esc" && h.filter.Value() != "" {
			h.filter.SetValue("")
			h.applyFilter()
			return h, h.loadWeakest()
		}
		if h.cur.move(msg) {
			return h, h.loadWeakest()
		}
		rep, ok := h.selected()
		switch {
		case key.Matches(msg, h.keys.Filter):
			h.typing = true
			return h, h.filter.Focus()
		case key.Matches(msg, h.keys.Debrief) && len(h.debriefs) > 0:
			return h, open(openDebriefMsg{h.debriefs[0].Session.ID})
		case key.Matches(msg, h.keys.AddRep):
			return h, open(openRepFormMsg{})
		case key.Matches(msg, h.keys.Team) && len(h.rows) > 0:
			return h, open(openTeamMsg{})
		case !ok:
			return h, nil
		case key.Matches(msg, h.keys.Open):
			return h, open(openRepMsg{rep.Rep.ID})
		case key.Matches(msg, h.keys.Session):
			return h, open(openPlanMsg{rep.Rep.ID})
		case key.Matches(msg, h.keys.RideAlong):
			return h, open(openDebriefPickMsg{rep.Rep.ID})
		}
	}
	return h, nil
}

func (h *home) View() string {
	st := h.c.styles
	var b strings.Builder
	title := "dealcoach"
	if h.c.demo {
		title += st.Muted.Render("  · sample team (--demo), nothing here touches your data")
	}
	b.WriteString(st.Title.Render("dealcoach") + strings.TrimPrefix(title, "dealcoach") + "\n")
	if !h.loaded {
		b.WriteString(st.Muted.Render("Loading reps…"))
		return st.App.Render(b.String())
	}
	if len(h.rows) == 0 {
		b.WriteString(h.firstRun())
		return st.App.Render(b.String())
	}
	b.WriteString(st.Subtitle.Render(plural(len(h.rows), "rep", "reps")+" · pick one to coach") + "\n\n")

	w := h.c.width - 2
	const numW, pipeW, lastW, weakW = 5, 11, 17, 12
	nameW := max(10, w-2-numW-pipeW-lastW-weakW-4)
	head := "  " + padRight("Rep", nameW) + " " + padLeft("Open", numW) + " " + padLeft("Pipeline", pipeW) + " " + padRight(" Last 1:1", lastW) + " " + padRight("Weakest", weakW)
	b.WriteString(st.Header.Render(head) + "\n")

	now := h.c.now()
	from, to := h.cur.visible()
	for i := from; i < to; i++ {
		r := h.rows[h.shown[i]]
		last := st.Muted.Render(padRight(" never", lastW))
		if !r.LastOneOnOne.IsZero() {
			last = padRight(" "+ago(now, r.LastOneOnOne), lastW)
		}
		weak := st.Muted.Render(padRight("—", weakW))
		if !h.scored[r.Rep.ID] {
			weak = st.Muted.Render(padRight("…", weakW))
		} else if w, ok := h.weakest[r.Rep.ID]; ok && w.Weak {
			weak = st.Weak.Render(padRight(coaching.SafeLine(w.Name)+" !", weakW))
		} else if ok {
			weak = padRight(coaching.SafeLine(w.Name), weakW)
		}
		name := coaching.SafeLine(r.Rep.Name)
		if r.Unfinished != 0 {
			name += " ◐"
		}
		line := padRight(name, nameW) + " " + padLeft(fmt.Sprint(r.OpenDeals), numW) + " " + padLeft(coaching.FormatMoney(r.Pipeline, "USD"), pipeW) + " " + last + " " + weak
		if i == h.cur.pos {
			b.WriteString(st.Cursor.Render("› ") + st.Selected.Render(line) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	if len(h.shown) == 0 {
		b.WriteString(st.Muted.Render("  No rep matches the filter.") + "\n")
	}
	b.WriteString(h.debriefsView(w))
	if h.typing || h.filter.Value() != "" {
		b.WriteString("\n" + h.filter.View())
	} else if hasUnfinished(h.rows) {
		b.WriteString("\n" + st.Muted.Render("◐ a 1:1 was left unfinished: open the rep to resume it"))
	}
	return st.App.Render(b.String())
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
	if h.typing {
		return []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		}
	}
	if len(h.rows) == 0 {
		return []key.Binding{h.keys.AddRep}
	}
	// The footer has 80 columns for all of it: shorter words than the full help.
	return []key.Binding{short(h.keys.Open, "open"), short(h.keys.Session, "1:1"),
		short(h.keys.RideAlong, "ride-along"), short(h.keys.Team, "team"), h.keys.Filter}
}

func (h *home) FullHelp() [][]key.Binding {
	if len(h.rows) == 0 {
		return [][]key.Binding{{h.keys.AddRep}}
	}
	return [][]key.Binding{
		{h.keys.Up, h.keys.Down, keyPgDown, keyTop, keyBottom},
		{h.keys.Open, h.keys.Session, h.keys.RideAlong, h.keys.Team, h.keys.AddRep, h.keys.Filter},
		// The footer has no room for d; the unfinished debrief's line says it.
		{h.debriefKey()},
	}
}

// ago says how long ago t was, in days: "Nov 20 · 6d ago".
func ago(now, t time.Time) string {
	days := int(now.Sub(t).Hours() / 24)
	switch {
	case days <= 0:
		return t.Format("Jan 2") + " · today"
	case days < 60:
		return fmt.Sprintf("%s · %dd ago", t.Format("Jan 2"), days)
	default:
		return fmt.Sprintf("%s · %dmo ago", t.Format("Jan 2"), days/30)
	}
}

// repAddedMsg selects a rep just added.
type repAddedMsg struct{ rep coaching.Rep }

// plural says "1 rep" or "6 reps".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
