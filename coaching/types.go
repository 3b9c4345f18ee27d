package coaching

import "time"

// Rep is a sales rep the manager coaches.
type Rep struct {
	ID        int64
	Name      string
	CreatedAt time.Time
}

// DealStatus says whether a deal is still being worked.
type DealStatus string

const (
	StatusOpen DealStatus = "open"
	StatusWon  DealStatus = "won"
	StatusLost DealStatus = "lost"
)

// Deal is one opportunity a rep owns.
type Deal struct {
	ID      int64
	RepID   int64
	Name    string
	Account string
	// Amount in cents of Currency; 0 means the CRM gave no amount.
	Amount   int64
	Currency string
	// Stage is a playbook stage key ("qualify", …).
	Stage     string
	Status    DealStatus
	CloseDate Date
	NextStep  string
	CRMID     string
	// StageSince is when the deal entered its current stage, as far as we know.
	StageSince time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// DaysInStage counts whole days the deal has been in its stage at now.
func (d Deal) DaysInStage(now time.Time) int {
	if d.StageSince.IsZero() {
		return 0
	}
	n := int(now.Sub(d.StageSince).Hours() / 24)
	if n < 0 {
		return 0
	}
	return n
}

// SessionKind tells a one-on-one from a ride-along debrief.
type SessionKind string

const (
	OneOnOne  SessionKind = "one_on_one"
	RideAlong SessionKind = "ride_along"
)

// Session is one coaching conversation with a rep.
type Session struct {
	ID              int64
	RepID           int64
	Kind            SessionKind
	PlaybookVersion int
	StartedAt       time.Time
	// EndedAt is zero while the session is unfinished.
	EndedAt        time.Time
	TimeboxMinutes int
	FocusSkill     string
	Notes          string
	// FocusReviewed is the focus the session opened with (the last one
	// set), FocusPractised whether the rep practised it ("" until asked)
	// and FocusEvidence what shows it.
	FocusReviewed  string
	FocusPractised Outcome
	FocusEvidence  string
}

// Ended reports whether the session was wrapped up.
func (s Session) Ended() bool { return !s.EndedAt.IsZero() }

// Review is one deal looked at in one session.
type Review struct {
	ID        int64
	SessionID int64
	DealID    int64
	// Stage is the deal's stage key when it was reviewed.
	Stage string
	// SharedNote may be read by the rep; PrivateNote is the manager's only.
	SharedNote  string
	PrivateNote string
	Position    int
	CreatedAt   time.Time
	// RepPick says the rep asked to talk about this deal.
	RepPick bool
}

// Value is the answer to one checklist question.
type Value string

const (
	Yes    Value = "yes"
	No     Value = "no"
	Unsure Value = "unsure"
	NA     Value = "na"
)

// Valid reports whether v is one of the four answers.
func (v Value) Valid() bool {
	switch v {
	case Yes, No, Unsure, NA:
		return true
	}
	return false
}

// Answer is the answer to one checklist item in one review.
type Answer struct {
	ReviewID int64
	// Stage is the key of the stage the item belongs to ("every" for the
	// every-deal group), and Item the item's key.
	Stage      string
	Item       string
	Value      Value
	Evidence   string
	AnsweredAt time.Time
	// Source is SourceCRM for an answer the CRM's snapshots suggested and
	// the manager confirmed, "" for the manager's own.
	Source string
}

// SourceCRM marks an answer that came from the CRM's snapshots.
const SourceCRM = "crm"

// Fact is an answer with the deal it was about, the input of scoring.
type Fact struct {
	DealID     int64
	Stage      string
	Item       string
	Value      Value
	AnsweredAt time.Time
	// SessionID is the 1:1 the answer was given in; 0 when the source does
	// not say, and then the answer is left out of a skill's last sessions.
	SessionID int64
}

// Owner says who holds an agreed next step.
type Owner string

const (
	OwnerRep     Owner = "rep"
	OwnerManager Owner = "manager"
)

// ActionStatus is where a next step stands.
type ActionStatus string

const (
	ActionOpen    ActionStatus = "open"
	ActionDone    ActionStatus = "done"
	ActionNotDone ActionStatus = "not_done"
	ActionDropped ActionStatus = "dropped"
)

// Action is a next step agreed in a session.
type Action struct {
	ID        int64
	SessionID int64
	RepID     int64
	// DealID is 0 when the step is not about one deal.
	DealID    int64
	Text      string
	Owner     Owner
	Due       Date
	Status    ActionStatus
	CreatedAt time.Time
	// ReviewedIn is the session in which the status was last set, 0 if none.
	ReviewedIn int64
	// Carried counts the 1:1s in which the step was marked not done and so
	// carried on to the next.
	Carried int
}

// ManagerRole is what the manager did on a ride-along call.
type ManagerRole string

const (
	RoleObserve ManagerRole = "observe"
	RoleSupport ManagerRole = "support"
	// RoleLeadAsked: the manager led a part of the call the rep asked for.
	RoleLeadAsked ManagerRole = "lead_asked"
	// RoleLead: the manager led without the rep asking — taking the deal over.
	RoleLead ManagerRole = "lead"
)

// Describe says what the role means, plainly: leading uninvited is the
// manager taking the deal over, and the recap says so.
func (r ManagerRole) Describe() string {
	switch r {
	case RoleObserve:
		return "observed"
	case RoleSupport:
		return "supported the rep"
	case RoleLeadAsked:
		return "led a part the rep asked for"
	case RoleLead:
		return "led the call without the rep asking — that is taking the deal over"
	}
	return string(r)
}

// Outcome is whether a call got the commitment it went for.
type Outcome string

const (
	OutcomeYes    Outcome = "yes"
	OutcomePartly Outcome = "partly"
	OutcomeNo     Outcome = "no"
)

// Debrief holds the fields of a ride-along session, before and after the call.
type Debrief struct {
	SessionID int64
	DealID    int64
	// Before the call.
	Objective        string
	CommitmentWanted string
	Fallback         string
	Attendees        string
	ManagerRole      ManagerRole
	ObserveSkill     string
	// After the call.
	Outcome          Outcome
	CustomerNextStep string
	CustomerNextDate Date
	WentWell         string
	DoDifferently    string
	Surprised        string
	Practise         string
	// ObserveOutcome is how the rep did on the skill observed.
	ObserveOutcome Outcome
}

// Snapshot is what one CRM import said about a deal.
type Snapshot struct {
	DealID    int64
	TakenAt   time.Time
	Stage     string
	Status    DealStatus
	Amount    int64
	CloseDate Date
}
