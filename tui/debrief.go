package tui

import (
	"context"
	"errors"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
	"dealcoach/store"
)

// The ride-along debrief (DESIGN §6): pick the deal of the call, then the
// two halves, before the call and after it, each answer saved as it is
// left. The session is of kind ride_along: its checklist answers count in
// stage strength and its next steps in the next 1:1's commitments. The
// screen is here; its text fields in debrieffields.go, its drawing and
// recap in debriefview.go.

type debriefHalf int

const (
	halfBefore debriefHalf = iota
	halfAfter
	halfDone
)

// The manager's roles on the call, in the order ←/→ cycles them.
var debriefRoles = []struct {
	role  coaching.ManagerRole
	label string
	hint  string
}{
	{coaching.RoleObserve, "observe", "You watch and say nothing unless asked: the best way to coach the call."},
	{coaching.RoleSupport, "support", "You add a point when the rep turns to you; the rep runs the call."},
	{coaching.RoleLeadAsked, "lead a part (rep asked)", "You lead the part of the call the rep asked you to, and hand back."},
	{coaching.RoleLead, "lead", "You lead the call."},
}

// leadWarning is said plainly wherever the manager led uninvited.
const (
	leadWarning      = "You plan to lead without the rep asking — that is taking the deal over."
	leadWarningAfter = "You led without the rep asking — that is taking the deal over."
	leadWarningDone  = "You led this call without the rep asking — that is taking the deal over."
)

func roleIndex(r coaching.ManagerRole) int {
	for i, x := range debriefRoles {
		if x.role == r {
			return i
		}
	}
	return 0
}

var debriefOutcomes = []struct {
	outcome coaching.Outcome
	label   string
}{{coaching.OutcomeYes, "yes"}, {coaching.OutcomePartly, "partly"}, {coaching.OutcomeNo, "no"}}

// The debrief's own lines in the checklist body.
const (
	dbText     = iota // a free-text field (n is the field): type to edit
	dbRole            // the manager's role, ←/→
	dbOutcome         // got the commitment: y / p / n
	dbObserved        // did the rep do the skill observed: y / p / n
	dbStep            // a next step agreed after the call (n is its index)
	dbAddStep         // "+ add a next step"
	dbGoAfter         // "→ After the call"
	dbFinish          // "✓ Finish the debrief"
)

// field is the text field of a dbText row.
func (r clRow) field() debriefField { return debriefField(r.n) }

// debrief is one ride-along: a header with the deal, then the lines of the
// half on screen, each answer saved when it is left.
type debrief struct {
	c    *common
	sid  int64
	keys debriefKeys

	loaded bool
	half   debriefHalf
	pb     *coaching.Playbook // the session's own playbook version
	sess   coaching.Session
	rep    coaching.Rep
	deal   coaching.Deal
	deb    coaching.Debrief
	// focus is the rep's focus from the last 1:1: the skill to observe
	// the debrief was started with, until the manager writes another.
	focus  string
	review int64 // this session's review of the deal; 0 until one exists
	steps  []coaching.Action
	// list is the body: the fields, the checklist (answers of this
	// debrief, the deal's latest before greyed) and the next steps.
	list *checklist

	editing bool
	input   textinput.Model
	pre     prefill // what the input was opened on
	msg     string

	// Saves go through the app's queue; a leave waits for it to empty,
	// a finish is the last save in it.
	finishing, leaving bool
	exported           string
}

type debriefLoadedMsg struct {
	sessionHead
	deal    coaching.Deal
	deb     coaching.Debrief
	review  coaching.Review
	answers []coaching.Answer
	prior   map[string]coaching.Answer
	steps   []coaching.Action
	focus   string
}

type debriefFinishedMsg struct{}
type debriefAnsweredMsg struct{ review int64 }

func newDebrief(c *common, sessionID int64) screen {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = 500
	in.Cursor.SetMode(cursorMode)
	d := &debrief{c: c, sid: sessionID, keys: newDebriefKeys(), input: in, pb: c.pb}
	d.list = newChecklist(c, checklistOpts{priorValue: true, headingTail: " after this call", note: d.note, own: d.ownRow}, d.layout)
	d.SetSize(c.width, c.height)
	return d
}

// layout orders the half on screen.
func (d *debrief) layout(l *checklist) []clRow {
	var rows []clRow
	text := func(fs ...debriefField) {
		for _, f := range fs {
			rows = append(rows, ownRow(dbText, int(f)))
		}
	}
	switch d.half {
	case halfBefore:
		text(dfObjective, dfCommitment, dfFallback, dfAttendees)
		rows = append(rows, ownRow(dbRole, 0))
		text(dfObserve)
		rows = append(rows, ownRow(dbGoAfter, 0))
	case halfAfter:
		rows = append(rows, ownRow(dbOutcome, 0))
		if d.deb.ObserveSkill != "" {
			rows = append(rows, ownRow(dbObserved, 0))
		}
		text(dfNextStep, dfNextDate, dfWentWell, dfDifferently, dfSurprised, dfPractise)
		rows = append(rows, l.stageRows()...)
		rows = append(rows, l.everyRows()...)
		rows = append(rows, headingRow("Next steps · they come up in the next 1:1"))
		for i := range d.steps {
			rows = append(rows, ownRow(dbStep, i))
		}
		rows = append(rows, ownRow(dbAddStep, 0), ownRow(dbFinish, 0))
	}
	return rows
}

// note says, on the question of whether the manager was asked in, that
// leading uninvited makes it a no.
func (d *debrief) note(it coaching.Item, mine bool) string {
	if it.Key == "involvement-asked" && d.leads() && !mine {
		return "  — you led unasked: a no"
	}
	return ""
}

func (d *debrief) Init() tea.Cmd {
	sid := d.sid
	return d.c.load(func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		var m debriefLoadedMsg
		var err error
		if m.sessionHead, err = loadSessionHead(ctx, st, sid); err != nil {
			return nil, err
		}
		if m.deb, err = st.Debrief(ctx, sid); errors.Is(err, store.ErrNotFound) {
			return nil, errNoDebrief
		} else if err != nil {
			return nil, err
		}
		if m.deal, err = st.Deal(ctx, m.deb.DealID); err != nil {
			return nil, err
		}
		if m.focus, _, _, err = st.LastFocus(ctx, m.sess.RepID, sid); err != nil {
			return nil, err
		}
		reviews, err := st.Reviews(ctx, sid)
		if err != nil {
			return nil, err
		}
		for _, r := range reviews {
			if r.DealID == m.deal.ID {
				m.review = r
			}
		}
		if m.review.ID != 0 {
			if m.answers, err = st.Answers(ctx, m.review.ID); err != nil {
				return nil, err
			}
			m.prior, err = st.PriorAnswers(ctx, m.deal.ID, m.review.ID)
		} else {
			m.prior, err = st.LatestAnswers(ctx, m.deal.ID)
		}
		if err != nil {
			return nil, err
		}
		m.steps, err = st.Actions(ctx, sid)
		return m, err
	})
}

func (d *debrief) Typing() bool { return d.editing }

// CatchesEsc: esc leaves a debrief only once its saves have landed.
func (d *debrief) CatchesEsc() bool { return d.loaded && d.half != halfDone }

func (d *debrief) SetSize(w, h int) {
	d.input.Width = max(10, d.valueWidth(w)-1)
	d.list.setSize(w-2, h)
	d.fit()
}

// leads reports the manager leading the call uninvited.
func (d *debrief) leads() bool { return d.deb.ManagerRole == coaching.RoleLead }

// row is the line under the cursor.
func (d *debrief) row() clRow { return d.list.selected() }

func (d *debrief) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case debriefLoadedMsg:
		d.loadedMsg(msg)
		return d, nil
	case savedMsg:
		return d, d.savedMsg(msg)
	case tea.KeyMsg:
		if !d.loaded || d.finishing {
			return d, nil
		}
		defer d.syncKeys()
		if d.editing {
			return d, d.updateEditor(msg)
		}
		return d, d.updateKey(msg)
	}
	if d.editing {
		var cmd tea.Cmd
		d.input, cmd = d.input.Update(msg)
		return d, cmd
	}
	return d, nil
}

func (d *debrief) loadedMsg(m debriefLoadedMsg) {
	d.steps = m.steps
	if m.review.ID != 0 {
		d.review = m.review.ID
	}
	if !d.loaded {
		d.loaded, d.pb, d.sess, d.rep, d.deal, d.deb, d.focus = true, m.pb, m.sess, m.rep, m.deal, m.deb, m.focus
		switch {
		case m.sess.Ended():
			d.half = halfDone
		case d.beforeFilled():
			// Planned before the call: now is after it.
			d.half = halfAfter
		default:
			d.half = halfBefore
		}
	}
	// Back from the next-step form, the fields typed here are newer than
	// the store's until their saves land: only the checklist is reloaded.
	stageKey := m.review.Stage
	if stageKey == "" {
		stageKey = m.deal.Stage
	}
	stage, _ := d.pb.Stage(stageKey)
	first := len(d.list.rows) == 0
	d.list.setDeal(d.pb, stage, m.answers, m.prior)
	d.fit()
	if first {
		d.firstRow()
	}
	d.syncKeys()
}

// beforeFilled reports whether any of the before-the-call half is written:
// the focus the debrief started with as the skill to observe is not.
func (d *debrief) beforeFilled() bool {
	b := d.deb
	return b.Objective != "" || b.CommitmentWanted != "" || b.Fallback != "" || b.Attendees != "" ||
		(b.ObserveSkill != "" && !d.observesFocus())
}

// observesFocus reports the skill to observe still being the rep's focus,
// as the debrief was started with.
func (d *debrief) observesFocus() bool { return d.focus != "" && d.deb.ObserveSkill == d.focus }

// firstRow puts the cursor on the first row still to answer.
func (d *debrief) firstRow() {
	d.list.cur.pos, d.list.cur.offset = 0, 0
	for i, r := range d.list.rows {
		if (r.isOwn(dbText) && d.value(r.field()) == "") || (r.isOwn(dbOutcome) && d.deb.Outcome == "") ||
			(r.isOwn(dbObserved) && d.deb.ObserveOutcome == "") {
			d.list.cur.pos = i
			break
		}
	}
	d.list.setPos(d.list.cur.pos)
}

func (d *debrief) switchHalf(h debriefHalf) tea.Cmd {
	d.half = h
	d.list.rebuild()
	d.firstRow()
	return nil
}

// errNoDebrief is returned when a ride-along has no deal to debrief.
var errNoDebrief = errors.New("this ride-along has no deal: start a new debrief from the rep")

// Unfinished debriefs wait on home, a line each, the newest opened with d.
