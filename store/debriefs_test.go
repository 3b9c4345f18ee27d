package store

import (
	"errors"
	"testing"

	"dealcoach/coaching"
)

func TestDebrief(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	ride := must[coaching.Session](t)(s.StartSession(ctx, f.rep.ID, coaching.RideAlong, 0))
	if _, err := s.Debrief(ctx, ride.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Debrief before saving: %v", err)
	}
	before := coaching.Debrief{SessionID: ride.ID, DealID: f.deal.ID, Objective: "get the pilot agreed",
		CommitmentWanted: "pilot start date", Fallback: "intro to IT", Attendees: "Kim (CFO), Raj (IT)",
		ManagerRole: coaching.RoleObserve, ObserveSkill: "discovery questions"}
	ok(t, s.SaveDebrief(ctx, before))
	if got := must[coaching.Debrief](t)(s.Debrief(ctx, ride.ID)); got != before {
		t.Errorf("Debrief = %+v\nwant %+v", got, before)
	}
	after := before
	after.Outcome, after.CustomerNextStep, after.CustomerNextDate = coaching.OutcomePartly, "IT review", coaching.NewDate(2026, 3, 12)
	after.WentWell, after.DoDifferently, after.Surprised, after.Practise = "rep opened well", "ask for the date", "budget cut", "closing question"
	ok(t, s.SaveDebrief(ctx, after))
	if got := must[coaching.Debrief](t)(s.Debrief(ctx, ride.ID)); got != after {
		t.Errorf("Debrief after the call = %+v\nwant %+v", got, after)
	}

	for name, d := range map[string]coaching.Debrief{
		"bad role":        {SessionID: ride.ID, DealID: f.deal.ID, ManagerRole: "boss"},
		"bad outcome":     {SessionID: ride.ID, DealID: f.deal.ID, Outcome: "maybe"},
		"missing session": {SessionID: 999, DealID: f.deal.ID},
		"missing deal":    {SessionID: ride.ID, DealID: 999},
	} {
		if err := s.SaveDebrief(ctx, d); err == nil {
			t.Errorf("%s: saved", name)
		}
	}
}
