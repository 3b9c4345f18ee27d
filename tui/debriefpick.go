package tui

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dealcoach/coaching"
	"dealcoach/store"
)

// debriefStartedMsg opens the debrief of a session just started.
type debriefStartedMsg struct{ sid int64 }

type pickKeys struct {
	Open, Next, Prev, Left, Create, Cancel key.Binding
}

func newPickKeys() pickKeys {
	return pickKeys{
		Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "start the debrief")),
		Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		Left:   key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "stage")),
		Create: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "create and start")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// New-deal fields of the pick screen, in order.
const (
	ndName = iota
	ndStage
	ndAccount
)

// debriefPick chooses the deal of a ride-along: an unfinished debrief of
// the rep to resume, a new deal typed on the spot, or one of the rep's open
// deals, the latest reviewed first.
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

	adding  bool
	focus   int
	name    textinput.Model
	account textinput.Model
	stage   int
	msg     string
	busy    bool
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
	in := func(placeholder string) textinput.Model {
		t := textinput.New()
		t.Prompt = ""
		t.Placeholder = placeholder
		t.CharLimit = 200
		t.Cursor.SetMode(cursorMode)
		return t
	}
	p := &debriefPick{c: c, repID: repID, keys: newPickKeys(),
		name: in("as your CRM will name it, e.g. Contoso – Lab data"), account: in("the customer's company, optional")}
	p.list = newListView(c.styles, "row", p.row)
	p.list.fill = true
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

func (p *debriefPick) Typing() bool { return p.adding }

func (p *debriefPick) CatchesEsc() bool { return p.adding }

func (p *debriefPick) SetSize(w, h int) {
	p.width, p.height = w, h
	p.name.Width = max(10, w-20)
	p.account.Width = max(10, w-20)
	st := p.c.styles
	inner := w - st.App.GetHorizontalFrameSize()
	p.list.setSize(inner, h-st.App.GetVerticalFrameSize()-linesOf(p.header(inner))-linesOf(p.footer(inner)))
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
		if r, ok := msg.result.(debriefStartedMsg); ok {
			return p, open(openDebriefMsg{r.sid})
		}
		return p, nil
	case tea.KeyMsg:
		if !p.loaded || p.busy {
			return p, nil
		}
		if p.adding {
			return p, p.updateNew(msg)
		}
		p.msg = ""
		if moved, _ := p.list.update(msg); moved {
			return p, nil
		}
		if i, ok := p.list.selected(); ok && key.Matches(msg, p.keys.Open) {
			switch {
			case i < p.newRow():
				return p, open(openDebriefMsg{p.resume[i].Session.ID})
			case i == p.newRow():
				p.adding, p.focus = true, ndName
				return p, p.setFocus(ndName)
			default:
				return p, p.start(p.deals[i-p.newRow()-1], false)
			}
		}
		return p, nil
	}
	if p.adding {
		var cmd tea.Cmd
		if p.focus == ndName {
			p.name, cmd = p.name.Update(msg)
		} else if p.focus == ndAccount {
			p.account, cmd = p.account.Update(msg)
		}
		return p, cmd
	}
	return p, nil
}

func (p *debriefPick) setFocus(f int) tea.Cmd {
	p.focus = (f + 3) % 3
	p.name.Blur()
	p.account.Blur()
	switch p.focus {
	case ndName:
		return p.name.Focus()
	case ndAccount:
		return p.account.Focus()
	}
	return nil
}

func (p *debriefPick) updateNew(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, p.keys.Cancel):
		p.adding, p.msg = false, ""
		p.name.Blur()
		p.account.Blur()
		return nil
	case key.Matches(msg, p.keys.Create):
		name := strings.TrimSpace(p.name.Value())
		if name == "" {
			p.msg = "Type the deal's name first."
			return p.setFocus(ndName)
		}
		d := coaching.Deal{RepID: p.repID, Name: name, Account: strings.TrimSpace(p.account.Value()),
			Stage: p.c.pb.Stages[p.stage].Key, Status: coaching.StatusOpen}
		return p.start(d, true)
	case key.Matches(msg, p.keys.Next):
		return p.setFocus(p.focus + 1)
	case key.Matches(msg, p.keys.Prev):
		return p.setFocus(p.focus - 1)
	case p.focus == ndStage && key.Matches(msg, p.keys.Left):
		n := len(p.c.pb.Stages)
		if msg.String() == "left" {
			p.stage = (p.stage - 1 + n) % n
		} else {
			p.stage = (p.stage + 1) % n
		}
		return nil
	}
	p.msg = ""
	var cmd tea.Cmd
	switch p.focus {
	case ndName:
		p.name, cmd = p.name.Update(msg)
	case ndAccount:
		p.account, cmd = p.account.Update(msg)
	}
	return cmd
}

// start creates the deal when it is new, starts the ride-along session, its
// debrief and the deal's review, all in one transaction.
func (p *debriefPick) start(d coaching.Deal, isNew bool) tea.Cmd {
	p.busy = true
	repID := p.repID
	what := "ride-along on " + d.Name + " started"
	if isNew {
		what = "new deal " + d.Name + " (" + p.c.pb.StageName(d.Stage) + "), ride-along started"
	}
	return p.c.saveResult(what, func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		var sid int64
		err := st.Load(ctx, func(l *store.Loader) error {
			var err error
			if isNew {
				if d.ID, err = l.Deal(d); err != nil {
					return err
				}
			}
			if sid, err = l.Session(coaching.Session{RepID: repID, Kind: coaching.RideAlong}); err != nil {
				return err
			}
			if err = l.Debrief(coaching.Debrief{SessionID: sid, DealID: d.ID, ManagerRole: coaching.RoleObserve}); err != nil {
				return err
			}
			_, err = l.Review(coaching.Review{SessionID: sid, DealID: d.ID, Stage: d.Stage})
			return err
		})
		return debriefStartedMsg{sid}, err
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
	if p.adding {
		return st.App.Render(p.header(width) + "\n" + p.newDealView(width))
	}
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
	if p.adding {
		return title + st.Muted.Render(trunc("A deal not in the CRM yet: it is added to "+coaching.SafeLine(firstName(p.rep.Name))+"'s deals.", width)) + "\n"
	}
	gap := repeat(" ", lipgloss.Width(listMark))
	head := gap + padRight("Deal", pickNameW(width-len(gap))) + " " + padRight("Stage", pickStageW) + " " + padLeft("Amount", pickAmountW) +
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

func pickNameW(w int) int { return max(10, w-pickStageW-pickAmountW-pickCloseW-pickLastW-4) }

// row is an unfinished debrief to resume, the new-deal row, or an open deal.
func (p *debriefPick) row(i, w int) listRow {
	st := p.c.styles
	switch {
	case i < p.newRow():
		s := p.resume[i]
		return listRow{text: trunc(fmt.Sprintf("◐ Resume: %s — %s, %s", coaching.SafeLine(s.DealName), s.Session.StartedAt.Format("Jan 2"), halfToFill(s)), w)}
	case i == p.newRow():
		return listRow{text: "+ New deal…" + st.Muted.Render(" type its name, pick its stage")}
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
	return listRow{text: padRight(dealTitle(d), pickNameW(w)) + " " + padRight(coaching.SafeLine(p.c.pb.StageName(d.Stage)), pickStageW) + " " +
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

func (p *debriefPick) newDealView(width int) string {
	st := p.c.styles
	var b strings.Builder
	line := func(f int, label, val string) {
		marker, l := "  ", st.Label.Render(padRight(label, 12))
		if f == p.focus {
			marker, l = st.Cursor.Render("› "), st.Bold.Render(padRight(label, 12))
		}
		b.WriteString(marker + l + " " + val + "\n")
	}
	line(ndName, "Deal name", p.name.View())
	var stages []string
	for i, s := range p.c.pb.Stages {
		if i == p.stage {
			stages = append(stages, "["+coaching.SafeLine(s.Name)+"]")
		} else {
			stages = append(stages, coaching.SafeLine(s.Name))
		}
	}
	stageVal := trunc(strings.Join(stages, " "), width-15)
	if p.focus == ndStage {
		stageVal = st.Cursor.Render(stageVal)
	}
	line(ndStage, "Stage", stageVal)
	line(ndAccount, "Account", p.account.View())
	b.WriteString("\n")
	if p.msg != "" {
		b.WriteString(st.Error.Render(trunc(coaching.SafeLine(p.msg), width)) + "\n")
	} else if p.focus == ndStage {
		b.WriteString(st.Muted.Render(trunc("←/→ picks the stage the deal is in; its checklist is asked after the call", width)) + "\n")
	}
	b.WriteString(st.Muted.Render(trunc("enter creates the deal and starts the debrief · esc goes back to the list", width)))
	return b.String()
}

func (p *debriefPick) ShortHelp() []key.Binding {
	if p.adding {
		left := p.keys.Left
		left.SetEnabled(p.focus == ndStage)
		return []key.Binding{p.keys.Create, p.keys.Next, left, p.keys.Cancel}
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
	if p.adding {
		return [][]key.Binding{{p.keys.Create, p.keys.Next, p.keys.Prev, p.keys.Left, p.keys.Cancel}}
	}
	return [][]key.Binding{p.list.navKeys(), p.ShortHelp()[:1]}
}

// The two halves of a debrief, and the recap once it is finished.
