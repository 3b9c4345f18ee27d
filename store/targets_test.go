package store

import (
	"errors"
	"slices"
	"testing"
	"time"

	"dealcoach/coaching"
)

// The plan's coaching reasons read the weakest stage of the last 90 days and
// the items of the focus under review.
func TestTargets(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	pb := coaching.DefaultPlaybook()
	answer := func(review int64, stage, item string, v coaching.Value) {
		t.Helper()
		ok(t, s.SaveAnswer(ctx, coaching.Answer{ReviewID: review, Stage: stage, Item: item, Value: v}))
	}
	for _, item := range []string{"problem-in-own-words", "fits-icp", "compelling-event"} {
		answer(f.review.ID, "qualify", item, coaching.Yes)
	}
	for i, name := range []string{"Globex", "Initech", "Umbrella"} {
		d := must[coaching.Deal](t)(s.CreateDeal(ctx, coaching.Deal{RepID: f.rep.ID, Name: name, Stage: "propose"}))
		rv := must[coaching.Review](t)(s.AddReview(ctx, f.session.ID, d.ID, "propose", i+1))
		answer(rv.ID, "propose", "met-economic-buyer", coaching.No)
	}
	ok(t, s.SetFocusSkill(ctx, f.session.ID, "multi-threading"))
	ok(t, s.EndSession(ctx, f.session.ID))

	now := base.Add(time.Hour)
	tg := must[coaching.Targets](t)(s.Targets(ctx, pb, f.rep.ID, 0, now, 0))
	if !tg.HasWeak || tg.Weak.Key != "propose" {
		t.Errorf("weakest stage %+v (%v), want propose", tg.Weak, tg.HasWeak)
	}
	if tg.Focus != "multi-threading" || !slices.Equal(tg.FocusItems, []string{"two-stakeholders", "tech-and-users-engaged", "knows-decision-group"}) {
		t.Errorf("focus %q items %v", tg.Focus, tg.FocusItems)
	}
	for stage, want := range map[string]bool{"qualify": true, "discover": true, "validate": true, "propose": false, "negotiate": false} {
		if got := tg.TestsFocus(pb, stage); got != want {
			t.Errorf("TestsFocus(%s) = %v, want %v", stage, got, want)
		}
	}
	// Long after, the answers are out of the window; a typed focus has no items.
	next := must[coaching.Session](t)(s.StartSession(ctx, f.rep.ID, coaching.OneOnOne, 30))
	ok(t, s.SetFocusSkill(ctx, next.ID, "Listening more"))
	tg = must[coaching.Targets](t)(s.Targets(ctx, pb, f.rep.ID, 0, now.AddDate(0, 0, 120), 0))
	if tg.HasWeak || tg.Focus != "Listening more" || tg.FocusItems != nil || tg.TestsFocus(pb, "qualify") {
		t.Errorf("later targets %+v", tg)
	}

	ok(t, s.SetRepPick(ctx, f.review.ID, true))
	if rv := must[[]coaching.Review](t)(s.Reviews(ctx, f.session.ID)); !rv[0].RepPick || rv[1].RepPick {
		t.Errorf("rep pick: %+v", rv)
	}
	ok(t, s.SetRepPick(ctx, f.review.ID, false))
	if rv := must[[]coaching.Review](t)(s.Reviews(ctx, f.session.ID)); rv[0].RepPick {
		t.Errorf("rep pick not taken back: %+v", rv[0])
	}
	if err := s.SetRepPick(ctx, 999, true); !errors.Is(err, ErrNotFound) {
		t.Errorf("pick of a missing review: %v", err)
	}
}
