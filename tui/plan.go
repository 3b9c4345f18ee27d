package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

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
	Toggle, More, Less, Start, Choose key.Binding
}

func newPlanKeys() planKeys {
	return planKeys{
		Toggle: key.NewBinding(key.WithKeys(" ", "x"), key.WithHelp("space/x", "pick deal")),
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
	sugg    []coaching.Suggestion
	picked  []bool
	touched bool // the manager toggled a deal: keep the picks when the time box changes
	timebox int
	list    listView
	msg     string
	busy    bool
	width   int
	height  int
}

type planLoadedMsg struct {
	rep    coaching.Rep
	resume *resumeInfo
	deals  []coaching.Deal
	hist   map[int64]coaching.DealHistory
}

type sessionStartedMsg struct{ id int64 }
type sessionSetAsideMsg struct{}

func newPlan(c *common, repID int64) screen {
	p := &plan{c: c, repID: repID, keys: newPlanKeys(), timebox: defaultTimebox}
	p.list = newListView(c.styles, "open deal", p.row)
	p.list.itemLines = 2
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
		msg.hist, err = dealHistories(ctx, st, pb, repID, msg.deals, now)
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

func (p *plan) Typing() bool { return false }

func (p *plan) SetSize(w, h int) {
	p.width, p.height = w, h
	p.layout()
}

// layout gives the list the lines its header and footer leave.
func (p *plan) layout() {
	st := p.c.styles
	w, h := p.width-st.App.GetHorizontalFrameSize(), p.height-st.App.GetVerticalFrameSize()
	p.list.setSize(w, h-linesOf(p.header())-linesOf(p.footer()))
	p.choices.setSize(w, h)
}

// replan ranks the deals again; the picks follow the planner until the
// manager toggles one.
func (p *plan) replan() {
	p.sugg = coaching.PlanAll(p.c.pb, p.deals, p.hist, p.c.now(), p.timebox, p.timebox/coaching.MinutesPerDeal)
	p.picked = make([]bool, len(p.sugg))
	for i, s := range p.sugg {
		p.picked[i] = s.Selected
	}
	p.list.setLen(len(p.sugg))
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
		p.loaded, p.rep, p.resume, p.deals, p.hist = true, msg.rep, msg.resume, msg.deals, msg.hist
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
	if moved, _ := p.list.update(msg); moved {
		return p, nil
	}
	i, ok := p.list.selected()
	switch {
	case key.Matches(msg, p.keys.Toggle) && ok:
		p.picked[i] = !p.picked[i]
		p.touched = true
		p.msg = ""
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
	}
	var picks []pick
	for i, ok := range p.picked {
		if ok {
			picks = append(picks, pick{p.sugg[i].Deal.ID, p.sugg[i].Deal.Stage})
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
			if _, err := st.AddReview(ctx, sess.ID, pk.deal, pk.stage, i); err != nil {
				return nil, err
			}
		}
		return sessionStartedMsg{sess.ID}, nil
	})
}

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

func (p *plan) nameW(w int) int { return max(10, w-planBoxW-planAmtW-planStageW-planCloseW-3) }

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
	if len(p.sugg) == 0 {
		return b.String()
	}
	gap := repeat(" ", lipgloss.Width(listMark))
	b.WriteString("\n" + st.Header.Render(trunc(gap+padRight("    Deal", planBoxW+p.nameW(w-len(gap)))+" "+padLeft("Amount", planAmtW)+" "+
		padRight("Stage", planStageW)+" "+padRight("Closes", planCloseW), w)))
	return b.String()
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
	return listRow{text: text, more: []string{"    " + st.Muted.Render(trunc(reasons, w-4))}}
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
	start := p.keys.Start
	start.SetEnabled(len(p.sugg) > 0)
	return []key.Binding{p.keys.Toggle, p.keys.More, start}
}

func (p *plan) FullHelp() [][]key.Binding {
	if p.resume != nil {
		return [][]key.Binding{p.choices.navKeys()[:2], {p.keys.Choose}}
	}
	start := p.keys.Start
	start.SetEnabled(len(p.sugg) > 0)
	return [][]key.Binding{
		p.list.navKeys(),
		{p.keys.Toggle, p.keys.More, start},
	}
}
