package tui

import (
	"context"
	"errors"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
	"dealcoach/store"
)

// Time box of a 1:1 unless the manager changes it, and its step and bounds.
const (
	defaultTimebox = 30
	timeboxStep    = 5
	minTimebox     = 10
	maxTimebox     = 120
)

type planKeys struct {
	Toggle, Pick, More, Less, Start, Choose key.Binding
}

func newPlanKeys() planKeys {
	return planKeys{
		Toggle: key.NewBinding(key.WithKeys(" ", "x"), key.WithHelp("space/x", "pick deal")),
		Pick:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rep's pick")),
		More:   key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+/-", "time box ±5 min")),
		Less:   key.NewBinding(key.WithKeys("-", "_")),
		Start:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "start 1:1")),
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
	}
}

// resumeInfo describes a rep's unfinished 1:1.
type resumeInfo struct {
	sess    coaching.Session
	reviews int
	// done counts deals with every question answered; answers all
	// answers given in the session.
	done, answers int
	// next is the walk position of the first deal with a question
	// unanswered, -1 when there is none.
	next int
}

// plan suggests the deals for a 1:1 within a time box and starts it; when
// the rep has an unfinished 1:1 it first offers to resume it.
type plan struct {
	c     *common
	repID int64
	keys  planKeys

	loaded bool
	rep    coaching.Rep
	resume *resumeInfo
	// choices are resume (0) and start over (1).
	choices listView

	deals   []coaching.Deal
	hist    map[int64]coaching.DealHistory
	targets coaching.Targets
	// view is what the rep said in their prep; its picks rank first.
	view coaching.RepView
	// repPick is the deal the rep asked to talk about, 0 for none.
	repPick int64
	sugg    []coaching.Suggestion
	picked  []bool
	touched bool // the manager toggled a deal: keep the picks when the time box changes
	timebox int
	list    listView
	msg     string
	busy    bool
	width   int
	height  int
	nameLen int // the longest deal title, for the name column
}

type planLoadedMsg struct {
	rep     coaching.Rep
	resume  *resumeInfo
	deals   []coaching.Deal
	hist    map[int64]coaching.DealHistory
	targets coaching.Targets
	view    coaching.RepView
}

type sessionStartedMsg struct{ id int64 }
type sessionSetAsideMsg struct{}

func newPlan(c *common, repID int64) screen {
	p := &plan{c: c, repID: repID, keys: newPlanKeys(), timebox: defaultTimebox}
	p.list = newListView(c.styles, "open deal", p.row)
	p.list.itemLines = 2
	p.list.filterable("deal name", func(i int) string { return dealTitle(p.sugg[i].Deal) })
	p.choices = newListView(c.styles, "choice", p.choiceRow)
	p.choices.setLen(2)
	p.SetSize(c.width, c.height)
	return p
}

func (p *plan) Init() tea.Cmd {
	repID, pb, now := p.repID, p.c.pb, p.c.now()
	return p.c.load(func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		rep, err := st.Rep(ctx, repID)
		if err != nil {
			return nil, err
		}
		msg := planLoadedMsg{rep: rep}
		sess, err := st.UnfinishedSession(ctx, repID, coaching.OneOnOne)
		switch {
		case err == nil:
			info, err := resumeOf(ctx, st, sess)
			if err != nil {
				return nil, err
			}
			msg.resume = &info
		case !errors.Is(err, store.ErrNotFound):
			return nil, err
		}
		if msg.deals, err = st.Deals(ctx, repID, true); err != nil {
			return nil, err
		}
		if msg.hist, err = dealHistories(ctx, st, pb, repID, msg.deals, now); err != nil {
			return nil, err
		}
		if msg.view, _, err = st.RepView(ctx, repID, 0); err != nil {
			return nil, err
		}
		msg.targets, err = st.Targets(ctx, pb, repID, 0, now, coaching.DefaultWindowDays)
		return msg, err
	})
}

// resumeOf counts what an unfinished session already holds.
func resumeOf(ctx context.Context, st *store.Store, sess coaching.Session) (resumeInfo, error) {
	info := resumeInfo{sess: sess, next: -1}
	reviews, err := st.Reviews(ctx, sess.ID)
	if err != nil {
		return info, err
	}
	info.reviews = len(reviews)
	// A deal is done when each of its questions, under the session's own
	// playbook, has an answer: resume goes on at the first that is not.
	pb, err := sessionPlaybook(ctx, st, sess)
	if err != nil {
		return info, err
	}
	for i, r := range reviews {
		as, err := st.Answers(ctx, r.ID)
		if err != nil {
			return info, err
		}
		info.answers += len(as)
		if unansweredIn(pb, r.Stage, as) == 0 {
			info.done++
		} else if info.next < 0 {
			info.next = i
		}
	}
	return info, nil
}

func (p *plan) Typing() bool { return p.resume == nil && p.list.Typing() }

// CatchesEsc: esc clears a filter before it leaves.
func (p *plan) CatchesEsc() bool { return p.resume == nil && p.list.filtered() }

func (p *plan) activeList() *listView {
	switch {
	case !p.loaded:
		return nil
	case p.resume != nil:
		return &p.choices
	}
	return &p.list
}

func (p *plan) SetSize(w, h int) {
	p.width, p.height = w, h
	p.layout()
}

// layout gives the list the lines its header and footer leave.
func (p *plan) layout() {
	st := p.c.styles
	w, h := p.width-st.App.GetHorizontalFrameSize(), p.height-st.App.GetVerticalFrameSize()
	p.list.setSize(w, h-linesOf(p.header())-linesOf(p.footer()))
	p.list.top = st.App.GetPaddingTop() + linesOf(p.header())
	p.choices.setSize(w, h)
}

// replan ranks the deals again, what they coach first; the picks follow
// the planner until the manager toggles one, and the cursor stays on its
// deal.
func (p *plan) replan() {
	kept := map[int64]bool{}
	var cur int64
	for i, ok := range p.picked {
		if ok {
			kept[p.sugg[i].Deal.ID] = true
		}
	}
	if i, ok := p.list.selected(); ok && i < len(p.sugg) {
		cur = p.sugg[i].Deal.ID
	}
	coach := coaching.PlanCoaching{Targets: p.targets, RepPick: p.repPick, RepPicks: map[int64]string{}}
	for _, pk := range p.view.Picks {
		coach.RepPicks[pk.DealID] = pk.Reason
	}
	p.sugg = coaching.PlanAllFor(p.c.pb, p.deals, p.hist, coach, p.c.now(), p.timebox, p.timebox/coaching.MinutesPerDeal)
	p.picked = make([]bool, len(p.sugg))
	p.list.setLen(len(p.sugg))
	p.nameLen = longestName(len(p.sugg), func(i int) string { return dealTitle(p.sugg[i].Deal) })
	for i, s := range p.sugg {
		p.picked[i] = s.Selected
		if p.touched {
			p.picked[i] = kept[s.Deal.ID] || s.Deal.ID == p.repPick
		}
		if s.Deal.ID == cur {
			p.list.selectItem(i)
		}
	}
}

// markRepPick makes the deal under the cursor the rep's pick, picked for
// the 1:1, or unmarks it when it is already.
func (p *plan) markRepPick(i int) {
	id := p.sugg[i].Deal.ID
	if p.repPick == id {
		p.repPick = 0
	} else {
		p.repPick = id
	}
	p.msg = ""
	p.replan()
}

func (p *plan) totals() (deals, minutes int) {
	for i, ok := range p.picked {
		if ok {
			deals++
			minutes += p.sugg[i].Minutes
		}
	}
	return deals, minutes
}

func (p *plan) Update(msg tea.Msg) (screen, tea.Cmd) {
	// The header counts the picks and the footer may say why not.
	defer p.layout()
	switch msg := msg.(type) {
	case planLoadedMsg:
		first := !p.loaded
		p.loaded, p.rep, p.resume, p.deals, p.hist, p.targets = true, msg.rep, msg.resume, msg.deals, msg.hist, msg.targets
		p.view = msg.view
		if first || !p.touched {
			p.replan()
		}
		return p, nil
	case savedMsg:
		p.busy = false
		if msg.err != nil {
			return p, nil
		}
		switch r := msg.result.(type) {
		case sessionStartedMsg:
			return p, open(openCommitmentsMsg{r.id})
		case sessionSetAsideMsg:
			p.resume = nil
		}
		return p, nil
	case tea.KeyMsg:
		if !p.loaded || p.busy {
			return p, nil
		}
		if p.resume != nil {
			return p.updateResume(msg)
		}
		return p.updatePlan(msg)
	}
	return p, nil
}

func (p *plan) updateResume(msg tea.KeyMsg) (screen, tea.Cmd) {
	choice, _ := p.choices.selected()
	if moved, _ := p.choices.update(msg); moved {
		return p, nil
	}
	switch {
	case key.Matches(msg, p.keys.Choose) && choice == 0:
		r := *p.resume
		switch {
		case r.reviews == 0:
			return p, open(openCommitmentsMsg{r.sess.ID})
		case r.next >= 0:
			return p, open(openWalkMsg{session: r.sess.ID, index: r.next, atFirstUnanswered: true})
		default:
			return p, open(openWrapupMsg{r.sess.ID})
		}
	case key.Matches(msg, p.keys.Choose):
		id, answers := p.resume.sess.ID, p.resume.answers
		what := "1:1 from " + p.resume.sess.StartedAt.Format("Jan 2") + " ended"
		if answers == 0 {
			what = "1:1 from " + p.resume.sess.StartedAt.Format("Jan 2") + " set aside"
		}
		p.busy = true
		return p, p.c.saveResult(what, func(ctx context.Context, st *store.Store) (tea.Msg, error) {
			if answers == 0 {
				err := st.DeleteSession(ctx, id)
				if !errors.Is(err, store.ErrNotEmpty) {
					return sessionSetAsideMsg{}, err
				}
				// It holds next steps: keep it, ended.
			}
			return sessionSetAsideMsg{}, st.EndSession(ctx, id)
		})
	}
	return p, nil
}

func (p *plan) updatePlan(msg tea.KeyMsg) (screen, tea.Cmd) {
	if moved, cmd := p.list.update(msg); moved {
		return p, cmd
	}
	i, ok := p.list.selected()
	switch {
	case key.Matches(msg, p.keys.Toggle) && ok:
		p.picked[i] = !p.picked[i]
		p.touched = true
		p.msg = ""
	case key.Matches(msg, p.keys.Pick) && ok:
		p.markRepPick(i)
	case key.Matches(msg, p.keys.More):
		p.setTimebox(p.timebox + timeboxStep)
	case key.Matches(msg, p.keys.Less):
		p.setTimebox(p.timebox - timeboxStep)
	case key.Matches(msg, p.keys.Start):
		return p, p.start()
	}
	return p, nil
}

func (p *plan) setTimebox(m int) {
	p.timebox = min(maxTimebox, max(minTimebox, m))
	if !p.touched {
		p.replan() // the list keeps the selected row
	}
}

// start saves the session and its reviews in one command, in the order
// shown, then opens last session's commitments.
func (p *plan) start() tea.Cmd {
	type pick struct {
		deal  int64
		stage string
		rep   bool
	}
	var picks []pick
	for i, ok := range p.picked {
		if ok {
			d := p.sugg[i].Deal
			_, prepPick := p.view.PickReason(d.ID)
			picks = append(picks, pick{d.ID, d.Stage, d.ID == p.repPick || prepPick})
		}
	}
	if len(picks) == 0 {
		p.msg = "Pick at least one deal (space) to start the 1:1."
		return nil
	}
	repID, timebox := p.repID, p.timebox
	p.busy = true
	return p.c.saveResult(fmt.Sprintf("1:1 started with %s", countNoun(len(picks), "deal")), func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		sess, err := st.StartSession(ctx, repID, coaching.OneOnOne, timebox)
		if err != nil {
			return nil, err
		}
		for i, pk := range picks {
			r, err := st.AddReview(ctx, sess.ID, pk.deal, pk.stage, i)
			if err != nil {
				return nil, err
			}
			if pk.rep {
				if err := st.SetRepPick(ctx, r.ID, true); err != nil {
					return nil, err
				}
			}
		}
		return sessionStartedMsg{sess.ID}, nil
	})
}
