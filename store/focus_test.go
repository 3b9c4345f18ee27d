package store

import (
	"errors"
	"testing"

	"dealcoach/coaching"
)

// The focus stays until the manager changes it: each 1:1 reviews the last
// one set, ride-alongs do not set it, and the rep's history lists each
// "practised?" with the 1:1 that set the focus.
func TestFocusThread(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	start := func(kind coaching.SessionKind, focus string) coaching.Session {
		t.Helper()
		x := must[coaching.Session](t)(s.StartSession(ctx, f.rep.ID, kind, 30))
		if focus != "" {
			ok(t, s.SetFocusSkill(ctx, x.ID, focus))
		}
		return x
	}
	last := func(before int64) (string, int64, bool) {
		t.Helper()
		focus, in, found, err := s.LastFocus(ctx, f.rep.ID, before)
		ok(t, err)
		return focus, in.ID, found
	}
	if focus, _, found := last(f.session.ID); found {
		t.Errorf("a first 1:1 has a last focus %q", focus)
	}
	s1 := start(coaching.OneOnOne, "Multi-threading")
	ride := start(coaching.RideAlong, "Ask for the next meeting")
	s2 := start(coaching.OneOnOne, "")
	if focus, in, found := last(s2.ID); !found || focus != "Multi-threading" || in != s1.ID {
		t.Errorf("session 2 reviews %q set in %d (%v), want Multi-threading from %d", focus, in, found, s1.ID)
	}
	ok(t, s.SetFocusReview(ctx, s2.ID, "Multi-threading", coaching.OutcomePartly, " met the CTO, not the CFO "))
	s3 := start(coaching.OneOnOne, "multi-threading") // kept in the wrap-up
	s4 := start(coaching.OneOnOne, "")
	if focus, in, _ := last(s4.ID); focus != "multi-threading" || in != s1.ID {
		t.Errorf("a kept focus: %q set in %d, want set in %d", focus, in, s1.ID)
	}
	ok(t, s.SetFocusReview(ctx, s4.ID, "multi-threading", coaching.OutcomeYes, ""))
	ok(t, s.SetFocusSkill(ctx, s4.ID, "Quantifying pain"))
	if focus, in, _ := last(0); focus != "Quantifying pain" || in != s4.ID {
		t.Errorf("the newest focus: %q set in %d", focus, in)
	}
	if focus, in, _ := last(s3.ID); focus != "Multi-threading" || in != s1.ID {
		t.Errorf("looked back from session 3: %q set in %d", focus, in)
	}

	x := must[coaching.Session](t)(s.Session(ctx, s2.ID))
	if x.FocusReviewed != "Multi-threading" || x.FocusPractised != coaching.OutcomePartly || x.FocusEvidence != "met the CTO, not the CFO" {
		t.Errorf("stored review %+v", x)
	}

	got := must[[]coaching.FocusReview](t)(s.FocusHistory(ctx, f.rep.ID))
	want := []coaching.FocusReview{
		{Focus: "Quantifying pain", SetIn: s4.ID, SetOn: s4.StartedAt},
		{Focus: "multi-threading", SetIn: s1.ID, SetOn: s1.StartedAt, ReviewedIn: s4.ID, ReviewedOn: s4.StartedAt, Practised: coaching.OutcomeYes},
		{Focus: "Multi-threading", SetIn: s1.ID, SetOn: s1.StartedAt, ReviewedIn: s2.ID, ReviewedOn: s2.StartedAt,
			Practised: coaching.OutcomePartly, Evidence: "met the CTO, not the CFO"},
	}
	if len(got) != len(want) {
		t.Fatalf("FocusHistory = %+v, want %+v", got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if !g.SetOn.Equal(w.SetOn) || !g.ReviewedOn.Equal(w.ReviewedOn) {
			t.Errorf("FocusHistory[%d] days %v, %v, want %v, %v", i, g.SetOn, g.ReviewedOn, w.SetOn, w.ReviewedOn)
		}
		g.SetOn, g.ReviewedOn = w.SetOn, w.ReviewedOn
		if g != w {
			t.Errorf("FocusHistory[%d] = %+v, want %+v", i, g, w)
		}
	}
	if got[0].Reviewed() || !got[1].Reviewed() {
		t.Errorf("Reviewed: %v %v, want false true", got[0].Reviewed(), got[1].Reviewed())
	}
	// The ride-along's "one thing to practise" is not the focus.
	for _, h := range got {
		if h.Focus == "Ask for the next meeting" || h.SetIn == ride.ID {
			t.Errorf("a ride-along in the focus history: %+v", h)
		}
	}

	if err := s.SetFocusReview(ctx, s2.ID, "Multi-threading", "maybe", ""); err == nil {
		t.Error("an unknown outcome was stored")
	}
	if err := s.SetFocusReview(ctx, s2.ID, " ", coaching.OutcomeYes, ""); err == nil {
		t.Error("a review without its focus was stored")
	}
	if err := s.SetFocusReview(ctx, 999, "x", coaching.OutcomeYes, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("review of a missing session: %v", err)
	}
	if _, _, _, err := s.LastFocus(ctx, f.rep.ID, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("last focus before a missing session: %v", err)
	}
}
