package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
	"dealcoach/orgstore"
)

// Navigation: a screen asks the root for another screen with one of these
// messages, and the root builds it (Model.open). Screens never construct
// each other, so what a screen needs to open the next is in the message.
type (
	openRepMsg  struct{ rep int64 }
	openTeamMsg struct{}
	openOrgMsg  struct{}
	// openOrgManagerMsg drills from the org screen into a manager's reps.
	openOrgManagerMsg  struct{ m orgstore.Manager }
	openPlanMsg        struct{ rep int64 }
	openCommitmentsMsg struct{ session int64 }
	openWalkMsg        struct {
		session int64
		index   int // which deal of the session, from 0
		// noCommitments: the commitments were skipped, none being open.
		noCommitments bool
		// atFirstUnanswered: resumed, the cursor starts on the first
		// question without an answer.
		atFirstUnanswered bool
	}
	openWrapupMsg      struct{ session int64 }
	openDebriefPickMsg struct{ rep int64 }
	openDebriefMsg     struct{ session int64 }
	// openRepFormMsg adds a rep, or renames rep when its ID is set.
	openRepFormMsg struct{ rep coaching.Rep }
	// openDealFormMsg adds a deal for rep, or edits deal when its ID is set.
	openDealFormMsg struct {
		rep  int64
		deal coaching.Deal
	}
	// openRideAlongDealMsg asks for a deal not in the CRM yet and starts
	// the ride-along debrief on it.
	openRideAlongDealMsg struct{ rep coaching.Rep }
	// openStepFormMsg adds a next step on deal in session; afterCall says
	// it was agreed after a ride-along call. With step set (its ID), it
	// edits that step of the session instead.
	openStepFormMsg struct {
		session   int64
		deal      coaching.Deal
		afterCall bool
		step      coaching.Action
	}
	// openPastSessionMsg shows a past session read-only.
	openPastSessionMsg struct{ session int64 }
	// closeMsg closes the screen on top, back to the one below.
	closeMsg struct{}
)

// open returns a command that delivers msg, for Update to return.
func open(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// back closes the screen on top.
func back() tea.Msg { return closeMsg{} }

// step is a screen of a session's flow (plan, commitments, deal walk,
// wrap-up, the ride-along picker): the next step replaces it, so esc from a
// session goes back to where the session was started.
type step interface{ sessionStep() }

// build makes the screen msg asks for; ok is false for other messages.
func (m *Model) build(msg tea.Msg) (s screen, ok bool) {
	c := m.c
	switch msg := msg.(type) {
	case openRepMsg:
		return newRepScreen(c, msg.rep), true
	case openTeamMsg:
		return newTeam(c), true
	case openOrgMsg:
		return newOrg(c), true
	case openOrgManagerMsg:
		return newOrgManager(c, msg.m), true
	case openPlanMsg:
		return newPlan(c, msg.rep), true
	case openCommitmentsMsg:
		return newCommitments(c, msg.session), true
	case openWalkMsg:
		w := newWalk(c, msg.session, msg.index, msg.noCommitments)
		w.atFirstUnanswered = msg.atFirstUnanswered
		return w, true
	case openWrapupMsg:
		return newWrapup(c, msg.session), true
	case openDebriefPickMsg:
		return newDebriefPick(c, msg.rep), true
	case openDebriefMsg:
		return newDebrief(c, msg.session), true
	case openRepFormMsg:
		return newRepForm(c, msg.rep), true
	case openDealFormMsg:
		return newDealForm(c, msg.rep, msg.deal), true
	case openRideAlongDealMsg:
		return newRideAlongDealForm(c, msg.rep), true
	case openPastSessionMsg:
		return newPastSession(c, msg.session), true
	case openStepFormMsg:
		if msg.step.ID != 0 {
			return newStepEditForm(c, msg.session, msg.deal, msg.step), true
		}
		return newStepForm(c, msg.session, msg.deal, msg.afterCall), true
	}
	return nil, false
}

// open shows s: it replaces a session step on top, else goes on top.
func (m *Model) open(s screen) tea.Cmd {
	if _, isStep := m.top().(step); isStep {
		if _, isForm := s.(*form); !isForm {
			m.stack[len(m.stack)-1] = s
			m.resize()
			return s.Init()
		}
	}
	m.stack = append(m.stack, s)
	m.resize()
	return s.Init()
}

func (*plan) sessionStep()        {}
func (*commitments) sessionStep() {}
func (*walk) sessionStep()        {}
func (*wrapup) sessionStep()      {}
func (*debriefPick) sessionStep() {}
