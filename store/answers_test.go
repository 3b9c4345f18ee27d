package store

import (
	"errors"
	"testing"
	"time"

	"dealcoach/coaching"
)

func TestReviews(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	b := must[coaching.Deal](t)(s.CreateDeal(ctx, coaching.Deal{RepID: f.rep.ID, Name: "B", Stage: "propose"}))
	c := must[coaching.Deal](t)(s.CreateDeal(ctx, coaching.Deal{RepID: f.rep.ID, Name: "C", Stage: "validate"}))
	rc := must[coaching.Review](t)(s.AddReview(ctx, f.session.ID, c.ID, "validate", 2))
	rb := must[coaching.Review](t)(s.AddReview(ctx, f.session.ID, b.ID, "propose", 1))
	if rb.ID == 0 || rb.SessionID != f.session.ID || rb.DealID != b.ID || rb.Stage != "propose" || rb.Position != 1 || rb.CreatedAt.IsZero() {
		t.Errorf("AddReview = %+v", rb)
	}
	// Walking back to a deal returns the review already there, untouched.
	ok(t, s.SetReviewNotes(ctx, rb.ID, "shared", "private"))
	again := must[coaching.Review](t)(s.AddReview(ctx, f.session.ID, b.ID, "negotiate", 7))
	if again.ID != rb.ID || again.Stage != "propose" || again.Position != 1 || again.SharedNote != "shared" || again.PrivateNote != "private" {
		t.Errorf("AddReview again = %+v", again)
	}
	var ids []int64
	for _, r := range must[[]coaching.Review](t)(s.Reviews(ctx, f.session.ID)) {
		ids = append(ids, r.ID)
	}
	if want := []int64{f.review.ID, rb.ID, rc.ID}; !equal(ids, want) {
		t.Errorf("Reviews order %v, want %v", ids, want)
	}
	if _, err := s.AddReview(ctx, f.session.ID, 999, "qualify", 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("review of a missing deal: %v", err)
	}
	if err := s.SetReviewNotes(ctx, 999, "", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("notes on a missing review: %v", err)
	}
}

func TestSaveAnswer(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	at := base.Add(-time.Hour)
	ok(t, s.SaveAnswer(ctx, coaching.Answer{ReviewID: f.review.ID, Stage: "qualify", Item: "fits-icp", Value: coaching.Unsure, AnsweredAt: at}))
	ok(t, s.SaveAnswer(ctx, coaching.Answer{ReviewID: f.review.ID, Stage: "qualify", Item: "compelling-event", Value: coaching.No}))
	// Upsert: changing an answer replaces it.
	ok(t, s.SaveAnswer(ctx, coaching.Answer{ReviewID: f.review.ID, Stage: "qualify", Item: "fits-icp", Value: coaching.Yes, Evidence: "CFO email", AnsweredAt: at.Add(time.Minute)}))

	got := must[[]coaching.Answer](t)(s.Answers(ctx, f.review.ID))
	if len(got) != 2 {
		t.Fatalf("Answers = %+v", got)
	}
	if a := got[0]; a.Item != "fits-icp" || a.Value != coaching.Yes || a.Evidence != "CFO email" || !a.AnsweredAt.Equal(at.Add(time.Minute)) || a.ReviewID != f.review.ID || a.Stage != "qualify" {
		t.Errorf("replaced answer = %+v", a)
	}
	if a := got[1]; a.Item != "compelling-event" || a.AnsweredAt.IsZero() {
		t.Errorf("second answer = %+v", a)
	}

	for _, c := range []struct {
		name string
		a    coaching.Answer
		is   error
	}{
		{"bad value", coaching.Answer{ReviewID: f.review.ID, Stage: "qualify", Item: "fits-icp", Value: "maybe"}, nil},
		{"no value", coaching.Answer{ReviewID: f.review.ID, Stage: "qualify", Item: "fits-icp"}, nil},
		{"no item", coaching.Answer{ReviewID: f.review.ID, Stage: "qualify", Value: coaching.Yes}, nil},
		{"missing review", coaching.Answer{ReviewID: 999, Stage: "qualify", Item: "fits-icp", Value: coaching.Yes}, ErrNotFound},
	} {
		err := s.SaveAnswer(ctx, c.a)
		if err == nil || c.is != nil && !errors.Is(err, c.is) {
			t.Errorf("%s: error %v", c.name, err)
		}
	}

	ok(t, s.ClearAnswer(ctx, f.review.ID, "fits-icp"))
	if got := must[[]coaching.Answer](t)(s.Answers(ctx, f.review.ID)); len(got) != 1 || got[0].Item != "compelling-event" {
		t.Errorf("after ClearAnswer: %+v", got)
	}
}

func TestLatestAnswers(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	t0 := base.Add(-30 * 24 * time.Hour)
	ok(t, s.SaveAnswer(ctx, coaching.Answer{ReviewID: f.review.ID, Stage: "qualify", Item: "fits-icp", Value: coaching.No, AnsweredAt: t0}))
	ok(t, s.SaveAnswer(ctx, coaching.Answer{ReviewID: f.review.ID, Stage: "qualify", Item: "compelling-event", Value: coaching.Yes, AnsweredAt: t0}))
	ok(t, s.EndSession(ctx, f.session.ID))

	next := must[coaching.Session](t)(s.StartSession(ctx, f.rep.ID, coaching.RideAlong, 0))
	r2 := must[coaching.Review](t)(s.AddReview(ctx, next.ID, f.deal.ID, "discover", 0))
	ok(t, s.SaveAnswer(ctx, coaching.Answer{ReviewID: r2.ID, Stage: "qualify", Item: "fits-icp", Value: coaching.Yes, Evidence: "signed NDA", AnsweredAt: t0.Add(time.Hour)}))
	ok(t, s.SaveAnswer(ctx, coaching.Answer{ReviewID: r2.ID, Stage: "discover", Item: "pain-quantified", Value: coaching.Unsure}))
	// Another deal's answers stay out.
	other := must[coaching.Deal](t)(s.CreateDeal(ctx, coaching.Deal{RepID: f.rep.ID, Name: "Globex", Stage: "qualify"}))
	ro := must[coaching.Review](t)(s.AddReview(ctx, next.ID, other.ID, "qualify", 1))
	ok(t, s.SaveAnswer(ctx, coaching.Answer{ReviewID: ro.ID, Stage: "qualify", Item: "fits-icp", Value: coaching.NA}))

	got := must[map[string]coaching.Answer](t)(s.LatestAnswers(ctx, f.deal.ID))
	want := map[string]struct {
		v      coaching.Value
		review int64
	}{
		"fits-icp":         {coaching.Yes, r2.ID},
		"compelling-event": {coaching.Yes, f.review.ID},
		"pain-quantified":  {coaching.Unsure, r2.ID},
	}
	if len(got) != len(want) {
		t.Errorf("LatestAnswers = %+v", got)
	}
	for item, w := range want {
		if a := got[item]; a.Value != w.v || a.ReviewID != w.review {
			t.Errorf("latest %s = %+v, want %s from review %d", item, a, w.v, w.review)
		}
	}
	if got["fits-icp"].Evidence != "signed NDA" {
		t.Errorf("evidence lost: %+v", got["fits-icp"])
	}
}

func TestFacts(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	lee := must[coaching.Rep](t)(s.CreateRep(ctx, "Lee Park"))
	leeDeal := must[coaching.Deal](t)(s.CreateDeal(ctx, coaching.Deal{RepID: lee.ID, Name: "Initech", Stage: "propose"}))
	leeSession := must[coaching.Session](t)(s.StartSession(ctx, lee.ID, coaching.OneOnOne, 30))
	leeReview := must[coaching.Review](t)(s.AddReview(ctx, leeSession.ID, leeDeal.ID, "propose", 0))

	day := func(n int) time.Time { return base.AddDate(0, 0, n) }
	save := func(review int64, stage, item string, v coaching.Value, at time.Time) {
		t.Helper()
		ok(t, s.SaveAnswer(ctx, coaching.Answer{ReviewID: review, Stage: stage, Item: item, Value: v, AnsweredAt: at}))
	}
	save(f.review.ID, "qualify", "fits-icp", coaching.Yes, day(-100))
	save(f.review.ID, "qualify", "compelling-event", coaching.No, day(-10))
	save(f.review.ID, "every", "close-date-held", coaching.Unsure, day(0))
	save(leeReview.ID, "propose", "met-economic-buyer", coaching.No, day(-5))

	facts := func(from, to time.Time) []string {
		var out []string
		for _, x := range must[[]coaching.Fact](t)(s.Facts(ctx, f.rep.ID, from, to)) {
			if x.DealID != f.deal.ID {
				t.Errorf("fact about deal %d", x.DealID)
			}
			out = append(out, x.Item+"="+string(x.Value))
		}
		return out
	}
	for _, c := range []struct {
		name     string
		from, to time.Time
		want     []string
	}{
		{"90 days", day(-90), day(1), []string{"compelling-event=no", "close-date-held=unsure"}},
		{"to excludes its end", day(-90), day(0), []string{"compelling-event=no"}},
		{"from includes its start", day(-10), day(-9), []string{"compelling-event=no"}},
		{"window before", day(-180), day(-90), []string{"fits-icp=yes"}},
		{"open end", day(-11), time.Time{}, []string{"compelling-event=no", "close-date-held=unsure"}},
		{"everything", time.Time{}, time.Time{}, []string{"fits-icp=yes", "compelling-event=no", "close-date-held=unsure"}},
	} {
		if got := facts(c.from, c.to); !equal(got, c.want) {
			t.Errorf("%s: Facts = %q, want %q", c.name, got, c.want)
		}
	}
	fact := must[[]coaching.Fact](t)(s.Facts(ctx, f.rep.ID, day(-1), day(1)))
	if want := (coaching.Fact{DealID: f.deal.ID, Stage: "every", Item: "close-date-held", Value: coaching.Unsure, AnsweredAt: day(0)}); len(fact) != 1 || !fact[0].AnsweredAt.Equal(want.AnsweredAt) || fact[0].Stage != want.Stage || fact[0].DealID != want.DealID {
		t.Errorf("Fact = %+v, want %+v", fact, want)
	}

	team := must[map[int64][]coaching.Fact](t)(s.TeamFacts(ctx, day(-90), day(1)))
	if len(team) != 2 || len(team[f.rep.ID]) != 2 || len(team[lee.ID]) != 1 || team[lee.ID][0].DealID != leeDeal.ID {
		t.Errorf("TeamFacts = %+v", team)
	}

	// Every fact names its session: a skill's last sessions group by it.
	// RepsFacts, for home's weakest stage, leaves it out.
	all := append(must[[]coaching.Fact](t)(s.Facts(ctx, f.rep.ID, time.Time{}, time.Time{})), team[lee.ID]...)
	home := must[map[int64][]coaching.Fact](t)(s.RepsFacts(ctx, []int64{lee.ID}, day(-90), day(1)))[lee.ID]
	if len(home) != 1 || home[0].DealID != leeDeal.ID || home[0].SessionID != 0 {
		t.Errorf("RepsFacts = %+v", home)
	}
	for _, x := range all {
		if want := map[int64]int64{f.deal.ID: f.session.ID, leeDeal.ID: leeSession.ID}[x.DealID]; x.SessionID != want {
			t.Errorf("fact %s of deal %d in session %d, want %d", x.Item, x.DealID, x.SessionID, want)
		}
	}

	sf := must[[]coaching.Fact](t)(s.SessionFacts(ctx, f.session.ID))
	if len(sf) != 3 || sf[0].Item != "fits-icp" || sf[0].SessionID != f.session.ID {
		t.Errorf("SessionFacts = %+v", sf)
	}
	if sf := must[[]coaching.Fact](t)(s.SessionFacts(ctx, leeSession.ID)); len(sf) != 1 || sf[0].Item != "met-economic-buyer" {
		t.Errorf("Lee's SessionFacts = %+v", sf)
	}
}
