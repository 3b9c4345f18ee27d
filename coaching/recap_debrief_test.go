package coaching

import (
	"strings"
	"testing"
	"time"

	"dealcoach/internal/hostile"
)

// TestRecapObserved: the recap says how the rep did on the skill observed,
// once the debrief asked; before that, only the skill.
func TestRecapObserved(t *testing.T) {
	r := Recap{Rep: "Lee Park", Session: Session{Kind: RideAlong, StartedAt: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)},
		Debrief: &Debrief{DealID: 3, ObserveSkill: "Multi-threading", Outcome: OutcomeYes}}
	md := r.Markdown(DefaultPlaybook(), false)
	if !strings.Contains(md, "- Skill to observe: Multi-threading\n") || strings.Contains(md, "Observed") {
		t.Errorf("unasked, the recap should name the skill only:\n%s", md)
	}
	r.Debrief.ObserveOutcome = OutcomePartly
	md = r.Markdown(DefaultPlaybook(), false)
	if !strings.Contains(md, "- Observed: Multi-threading — did it: partly\n") || strings.Contains(md, "Skill to observe") {
		t.Errorf("the recap lacks how the rep did:\n%s", md)
	}
	r.Debrief.ObserveSkill = strings.Join(hostile.Names, " ")
	hostile.Check(t, "observed skill", r.Markdown(DefaultPlaybook(), false))
}
