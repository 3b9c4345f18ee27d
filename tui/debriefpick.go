package tui

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dealcoach/coaching"
	"dealcoach/store"
)

type pickKeys struct {
	Open key.Binding
}

func newPickKeys() pickKeys {
	return pickKeys{Open: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "start the debrief"))}
}

// debriefPick chooses the deal of a ride-along: an unfinished debrief of
// the rep to resume, a new deal (the ride-along deal form), or one of the
// rep's open deals, the latest reviewed first.
type debriefPick struct {
	c     *common
	repID int64
	keys  pickKeys

	loaded bool
	rep    coaching.Rep
	resume []store.SessionRow
	deals  []coaching.Deal
	last   map[int64]time.Time
	list   listView
	width  int
	height int

	msg     string
	busy    bool
	nameLen int // the longest deal title, for the name column
}

type pickLoadedMsg struct {
	rep    coaching.Rep
	resume []store.SessionRow
	deals  []coaching.Deal
	last   map[int64]time.Time
}

// newDebriefPick starts a ride-along debrief with a rep: home's r on the
// selected rep and the rep page's r open it.
func newDebriefPick(c *common, repID int64) screen {
	p := &debriefPick{c: c, repID: repID, keys: newPickKeys()}
	p.list = newListView(c.styles, "row", p.row)
	p.list.fill = true
	p.list.filterable("deal name", func(i int) string {
		switch {
		case i < p.newRow():
			return coaching.SafeLine(p.resume[i].DealName)
		case i == p.newRow():
			return "New deal"
		}
		return dealTitle(p.deals[i-p.newRow()-1])
	})
	p.SetSize(c.width, c.height)
	return p
}

func (p *debriefPick) Init() tea.Cmd {
	repID := p.repID
	return p.c.load(func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		var m pickLoadedMsg
		var err error
		if m.rep, err = st.Rep(ctx, repID); err != nil {
			return nil, err
		}
		open, err := st.UnfinishedDebriefs(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range open {
			if s.Session.RepID == repID {
				m.resume = append(m.resume, s)
			}
		}
		if m.deals, err = st.Deals(ctx, repID, true); err != nil {
			return nil, err
		}
		if m.last, err = st.LastReviewed(ctx, repID); err != nil {
			return nil, err
		}
		// The latest reviewed first: the deals being worked on now. The
		// rest keep the store's order, closing soonest first.
		sort.SliceStable(m.deals, func(i, j int) bool { return m.last[m.deals[i].ID].After(m.last[m.deals[j].ID]) })
		return m, nil
	})
}

func (p *debriefPick) Typing() bool { return p.list.Typing() }

// CatchesEsc: esc clears a filter before it leaves.
func (p *debriefPick) CatchesEsc() bool { return p.list.filtered() }

func (p *debriefPick) activeList() *listView { return &p.list }

func (p *debriefPick) SetSize(w, h int) {
	p.width, p.height = w, h
	p.list.fitBetween(w, h, p.header, p.footer)
}

// newRow is the index of the "+ New deal…" row; resume rows come before
// it, deals after.
func (p *debriefPick) newRow() int { return len(p.resume) }

func (p *debriefPick) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case pickLoadedMsg:
		first := !p.loaded
		p.loaded, p.rep, p.resume, p.deals, p.last = true, msg.rep, msg.resume, msg.deals, msg.last
		p.list.setLen(len(p.resume) + 1 + len(p.deals))
		p.nameLen = longestName(len(p.deals), func(i int) string { return dealTitle(p.deals[i]) })
		p.SetSize(p.width, p.height)
		if first {
			// An unfinished debrief is most likely why the manager is here;
			// else the deal worked on last.
			switch {
			case len(p.resume) > 0:
				p.list.selectItem(0)
			case len(p.deals) > 0:
				p.list.selectItem(p.newRow() + 1)
			default:
				p.list.selectItem(p.newRow())
			}
		}
		return p, nil
	case savedMsg:
		p.busy = false
		if msg.err != nil {
			p.msg = oneLine(msg.err)
			return p, nil
		}
		return p, open(msg.result)
	case tea.KeyMsg:
		if !p.loaded || p.busy {
			return p, nil
		}
		p.msg = ""
		if moved, cmd := p.list.update(msg); moved {
			return p, cmd
		}
		if i, ok := p.list.selected(); ok && key.Matches(msg, p.keys.Open) {
			switch {
			case i < p.newRow():
				return p, open(openDebriefMsg{p.resume[i].Session.ID})
			case i == p.newRow():
				return p, open(openRideAlongDealMsg{p.rep})
			default:
				p.busy = true
				return p, startRideAlong(p.c, p.repID, p.deals[i-p.newRow()-1], false)
			}
		}
	}
	return p, nil
}

// startRideAlong creates the deal when it is new, starts the ride-along
// session, its debrief and the deal's review, all in one transaction. The
// save's result opens the debrief.
func startRideAlong(c *common, repID int64, d coaching.Deal, isNew bool) tea.Cmd {
	what := "ride-along on " + d.Name + " started"
	if isNew {
		what = "new deal " + d.Name + " (" + c.pb.StageName(d.Stage) + "), ride-along started"
	}
	return c.saveResult(what, func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		// The rep's focus is the skill to observe unless the manager
		// writes another.
		focus, _, _, err := st.LastFocus(ctx, repID, 0)
		if err != nil {
			return nil, err
		}
		var sid int64
		err = st.Load(ctx, func(l *store.Loader) error {
			var err error
			if isNew {
				if d.ID, err = l.Deal(d); err != nil {
					return err
				}
			}
			if sid, err = l.Session(coaching.Session{RepID: repID, Kind: coaching.RideAlong}); err != nil {
				return err
			}
			if err = l.Debrief(coaching.Debrief{SessionID: sid, DealID: d.ID, ManagerRole: coaching.RoleObserve, ObserveSkill: focus}); err != nil {
				return err
			}
			_, err = l.Review(coaching.Review{SessionID: sid, DealID: d.ID, Stage: d.Stage})
			return err
		})
		return openDebriefMsg{sid}, err
	})
}

// newRideAlongDealForm asks for a deal not in the CRM yet: its name, stage
// and account. Saved, it is the rep's, and its debrief opens.
func newRideAlongDealForm(c *common, rep coaching.Rep) *form {
	stages := make([]option, len(c.pb.Stages))
	for i, s := range c.pb.Stages {
		stages[i] = option{s.Name, s.Key}
	}
	name := textField("name", "Deal name", "", "As your CRM will name it, e.g. Contoso – Lab data")
	name.required = "Type the deal's name first."
	fields := []field{
		name,
		choiceField("stage", "Stage", stages, "", "←/→ picks the stage the deal is in; its checklist is asked after the call"),
		textField("account", "Account", "", "The customer's company, optional"),
	}
	intro := "A deal not in the CRM yet: it is added to " + firstName(rep.Name) + "'s deals, and its debrief starts."
	return newForm(c, "New deal for the ride-along with "+rep.Name, intro, fields, func(v map[string]string) tea.Cmd {
		d := coaching.Deal{RepID: rep.ID, Name: v["name"], Account: v["account"], Stage: v["stage"], Status: coaching.StatusOpen}
		return startRideAlong(c, rep.ID, d, true)
	})
}

// Pick list columns.
const (
	pickStageW  = 10
	pickAmountW = 9
	pickCloseW  = 13
	pickLastW   = 8
)

func (p *debriefPick) View() string {
	st := p.c.styles
	if !p.loaded {
		return st.App.Render(st.Muted.Render("Loading deals…"))
	}
	width := p.list.width
	// The hint stays at the bottom, however few rows there are.
	rows := p.list.View()
	rows += repeat("\n", p.list.height-lipgloss.Height(rows))
	return st.App.Render(joinBlocks(p.header(width), rows, p.footer(width)))
}

// header is the title and a word on what the list is for, and its column
// heads.
func (p *debriefPick) header(width int) string {
	st := p.c.styles
	title := st.Title.Render(trunc("Ride-along with "+coaching.SafeLine(p.rep.Name)+" · which deal is the call about?", width)) + "\n"
	gap := repeat(" ", lipgloss.Width(listMark))
	head := gap + padRight("Deal", p.nameW(width-len(gap))) + " " + padRight("Stage", pickStageW) + " " + padLeft("Amount", pickAmountW) +
		" " + padRight(" Closes", pickCloseW) + " " + padRight("Reviewed", pickLastW)
	return title + st.Muted.Render(trunc("Plan it before the call, debrief it after: each half is saved as you go.", width)) + "\n\n" +
		st.Header.Render(trunc(head, width))
}

// footer is the line under the list: an error, or what the list holds.
func (p *debriefPick) footer(width int) string {
	st := p.c.styles
	switch {
	case p.msg != "":
		return st.Error.Render(trunc(coaching.SafeLine(p.msg), width))
	case len(p.deals) == 0:
		return st.Muted.Render(trunc(coaching.SafeLine(p.rep.Name)+" has no open deals: add the call's deal with + New deal.", width))
	}
	return st.Muted.Render(trunc("Open deals, the latest reviewed first · enter starts the debrief", width))
}

func (p *debriefPick) nameW(w int) int {
	return nameColumn(w-pickStageW-pickAmountW-pickCloseW-pickLastW-4, p.nameLen, 10)
}

// row is an unfinished debrief to resume, the new-deal row, or an open deal.
func (p *debriefPick) row(i, w int) listRow {
	st := p.c.styles
	switch {
	case i < p.newRow():
		s := p.resume[i]
		return listRow{text: trunc(fmt.Sprintf("◐ Resume: %s — %s, %s", coaching.SafeLine(s.DealName), s.Session.StartedAt.Format("Jan 2"), halfToFill(s)), w),
			lead: len([]rune("◐ Resume: "))}
	case i == p.newRow():
		return listRow{text: "+ New deal…" + st.Muted.Render(" type its name, pick its stage"), lead: 2}
	}
	d := p.deals[i-p.newRow()-1]
	closes := "—"
	if !d.CloseDate.IsZero() {
		closes = d.CloseDate.Short(p.c.now())
	}
	last := "never"
	if t, ok := p.last[d.ID]; ok {
		last = t.Format("Jan 2")
	}
	return listRow{text: padRight(dealTitle(d), p.nameW(w)) + " " + padRight(coaching.SafeLine(p.c.pb.StageName(d.Stage)), pickStageW) + " " +
		padLeft(coaching.FormatMoney(d.Amount, d.Currency), pickAmountW) + " " + padRight(" "+closes, pickCloseW) + " " +
		padRight(last, pickLastW)}
}

// halfToFill says what an unfinished debrief still lacks.
func halfToFill(s store.SessionRow) string {
	if s.Outcome == "" {
		return "after the call to fill"
	}
	return "to finish"
}

func (p *debriefPick) ShortHelp() []key.Binding {
	if p.list.Typing() {
		return p.list.navKeys()
	}
	open := p.keys.Open
	i, ok := p.list.selected()
	switch {
	case !p.loaded || !ok:
		open.SetEnabled(false)
	case i < p.newRow():
		open.SetHelp("enter", "resume the debrief")
	case i == p.newRow():
		open.SetHelp("enter", "new deal")
	}
	nav := p.list.navKeys()
	return []key.Binding{open, nav[0], nav[1]}
}

func (p *debriefPick) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.list.navKeys(), p.ShortHelp()[:1]}
}

// The two halves of a debrief, and the recap once it is finished.
