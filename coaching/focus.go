package coaching

import "time"

// FocusReview is one line of a rep's history of focus skills: a focus set
// in a 1:1 and how the rep did on it when a later 1:1 asked "practised?".
type FocusReview struct {
	Focus string
	// SetIn is the 1:1 that set the focus (the first of a run that kept
	// it), SetOn its day; zero when the focus was never set in a 1:1 on
	// record.
	SetIn int64
	SetOn time.Time
	// ReviewedIn is the 1:1 that asked, ReviewedOn its day; zero for the
	// current focus not asked about yet.
	ReviewedIn int64
	ReviewedOn time.Time
	// Practised is "" when the question was not answered.
	Practised Outcome
	Evidence  string
}

// Reviewed reports whether a 1:1 has asked about the focus yet.
func (f FocusReview) Reviewed() bool { return f.ReviewedIn != 0 }

// ValidOutcome reports whether o is yes, partly, no, or "" (not answered).
func ValidOutcome(o Outcome) bool {
	switch o {
	case "", OutcomeYes, OutcomePartly, OutcomeNo:
		return true
	}
	return false
}
