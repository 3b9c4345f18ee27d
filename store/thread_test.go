package store

import (
	"testing"
	"time"

	"dealcoach/coaching"
)

// The coaching thread's fields (schema 2) are written and read back by the
// same queries as the rest of their rows.
func TestThreadFieldsRoundTrip(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	var sid, rid, aid int64
	ok(t, s.Load(ctx, func(l *Loader) error {
		var err error
		sid, err = l.Session(coaching.Session{RepID: f.rep.ID, Kind: coaching.RideAlong, StartedAt: base.Add(time.Hour),
			FocusSkill: "Multi-threading", FocusReviewed: "Quantifying pain", FocusPractised: coaching.OutcomePartly,
			FocusEvidence: "asked for the CFO's numbers on two calls"})
		if err != nil {
			return err
		}
		if rid, err = l.Review(coaching.Review{SessionID: sid, DealID: f.deal.ID, Stage: "qualify", RepPick: true}); err != nil {
			return err
		}
		if err := l.Answer(coaching.Answer{ReviewID: rid, Stage: coaching.EveryKey, Item: "close-date-held", Value: coaching.No,
			Evidence: "pushed Oct 3 → Nov 30", Source: coaching.SourceCRM}); err != nil {
			return err
		}
		if aid, err = l.Action(coaching.Action{SessionID: sid, Text: "Book the CFO", Owner: coaching.OwnerRep, Carried: 2}); err != nil {
			return err
		}
		return l.Debrief(coaching.Debrief{SessionID: sid, DealID: f.deal.ID, ObserveSkill: "Multi-threading", ObserveOutcome: coaching.OutcomeYes})
	}))

	x := must[coaching.Session](t)(s.Session(ctx, sid))
	if x.FocusReviewed != "Quantifying pain" || x.FocusPractised != coaching.OutcomePartly || x.FocusEvidence == "" {
		t.Errorf("session focus review: %+v", x)
	}
	rows := must[[]SessionRow](t)(s.Sessions(ctx, f.rep.ID, 0))
	if len(rows) == 0 || rows[0].Session.FocusPractised != coaching.OutcomePartly {
		t.Errorf("Sessions: %+v", rows)
	}
	revs := must[[]coaching.Review](t)(s.Reviews(ctx, sid))
	if len(revs) != 1 || !revs[0].RepPick {
		t.Errorf("reviews: %+v", revs)
	}
	answers := must[[]coaching.Answer](t)(s.Answers(ctx, rid))
	if len(answers) != 1 || answers[0].Source != coaching.SourceCRM {
		t.Errorf("answers: %+v", answers)
	}
	latest := must[map[string]coaching.Answer](t)(s.LatestAnswers(ctx, f.deal.ID))
	if latest["close-date-held"].Source != coaching.SourceCRM {
		t.Errorf("latest answers: %+v", latest)
	}
	acts := must[[]coaching.Action](t)(s.Actions(ctx, sid))
	if len(acts) != 1 || acts[0].ID != aid || acts[0].Carried != 2 {
		t.Errorf("actions: %+v", acts)
	}
	d := must[coaching.Debrief](t)(s.Debrief(ctx, sid))
	if d.ObserveOutcome != coaching.OutcomeYes {
		t.Errorf("debrief: %+v", d)
	}

	// Values outside the schema's sets are refused, as other enums are.
	if err := s.SaveAnswer(ctx, coaching.Answer{ReviewID: rid, Stage: "qualify", Item: "fits-icp", Value: coaching.Yes, Source: "guess"}); err == nil {
		t.Error("an answer with an unknown source was saved")
	}
	if err := s.SaveDebrief(ctx, coaching.Debrief{SessionID: sid, DealID: f.deal.ID, ObserveOutcome: "mostly"}); err == nil {
		t.Error("a debrief with an unknown observe outcome was saved")
	}
}
