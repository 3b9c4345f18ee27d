package store

import (
	"errors"
	"testing"

	"dealcoach/coaching"
)

func TestStartSession(t *testing.T) {
	s := openTest(t)
	rep := must[coaching.Rep](t)(s.CreateRep(ctx, "Dana Ruiz"))
	x := must[coaching.Session](t)(s.StartSession(ctx, rep.ID, coaching.OneOnOne, 45))
	if x.ID == 0 || x.RepID != rep.ID || x.PlaybookVersion != 1 || x.TimeboxMinutes != 45 || x.StartedAt.IsZero() || x.Ended() {
		t.Errorf("StartSession = %+v", x)
	}
	if got := must[coaching.Session](t)(s.Session(ctx, x.ID)); got != x {
		t.Errorf("Session = %+v, want %+v", got, x)
	}
	if y := must[coaching.Session](t)(s.StartSession(ctx, rep.ID, coaching.RideAlong, 0)); y.TimeboxMinutes != defaultTimebox {
		t.Errorf("default timebox %d", y.TimeboxMinutes)
	}

	// A new playbook applies to sessions started after it.
	pb := must[*coaching.Playbook](t)(coaching.ParsePlaybook("custom.toml", []byte(coaching.DefaultTOML()+"\n# ours\n")))
	must[int](t)(s.UsePlaybook(ctx, pb))
	if y := must[coaching.Session](t)(s.StartSession(ctx, rep.ID, coaching.OneOnOne, 30)); y.PlaybookVersion != 2 {
		t.Errorf("session under playbook %d, want 2", y.PlaybookVersion)
	}

	if _, err := s.StartSession(ctx, rep.ID, "lunch", 30); err == nil {
		t.Error("started a session of an unknown kind")
	}
	if _, err := s.StartSession(ctx, 999, coaching.OneOnOne, 30); !errors.Is(err, ErrNotFound) {
		t.Errorf("session with a missing rep: %v", err)
	}
	if _, err := s.Session(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("Session(999): %v", err)
	}
}

func TestSessionUpdates(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	id := f.session.ID
	ok(t, s.SetFocusSkill(ctx, id, " ask for the next meeting "))
	ok(t, s.SetSessionNotes(ctx, id, "good energy\nsecond line"))
	ok(t, s.EndSession(ctx, id))
	x := must[coaching.Session](t)(s.Session(ctx, id))
	if x.FocusSkill != "ask for the next meeting" || x.Notes != "good energy\nsecond line" || !x.Ended() || !x.EndedAt.After(x.StartedAt) {
		t.Errorf("after updates: %+v", x)
	}
	ok(t, s.EndSession(ctx, id))
	if again := must[coaching.Session](t)(s.Session(ctx, id)); !again.EndedAt.Equal(x.EndedAt) {
		t.Errorf("ending twice moved the end from %v to %v", x.EndedAt, again.EndedAt)
	}
	for name, err := range map[string]error{
		"EndSession":      s.EndSession(ctx, 999),
		"SetFocusSkill":   s.SetFocusSkill(ctx, 999, "x"),
		"SetSessionNotes": s.SetSessionNotes(ctx, 999, "x"),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s(999): %v", name, err)
		}
	}
}

func TestSessionsHistory(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	ok(t, s.SaveAnswer(ctx, coaching.Answer{ReviewID: f.review.ID, Stage: "qualify", Item: "fits-icp", Value: coaching.Yes}))
	ok(t, s.SaveAnswer(ctx, coaching.Answer{ReviewID: f.review.ID, Stage: "every", Item: "close-date-held", Value: coaching.No}))
	other := must[coaching.Deal](t)(s.CreateDeal(ctx, coaching.Deal{RepID: f.rep.ID, Name: "Globex", Stage: "propose"}))
	must[coaching.Review](t)(s.AddReview(ctx, f.session.ID, other.ID, "propose", 1))
	ok(t, s.EndSession(ctx, f.session.ID))

	ride := must[coaching.Session](t)(s.StartSession(ctx, f.rep.ID, coaching.RideAlong, 0))
	ok(t, s.SaveDebrief(ctx, coaching.Debrief{SessionID: ride.ID, DealID: other.ID, ManagerRole: coaching.RoleObserve, Outcome: coaching.OutcomePartly}))

	rows := must[[]SessionRow](t)(s.Sessions(ctx, f.rep.ID, 0))
	if len(rows) != 2 {
		t.Fatalf("%d sessions, want 2", len(rows))
	}
	if r := rows[0]; r.Session.ID != ride.ID || r.DealName != "Globex" || r.Outcome != coaching.OutcomePartly || r.ManagerRole != coaching.RoleObserve || r.Deals != 0 {
		t.Errorf("newest row = %+v", r)
	}
	if r := rows[1]; r.Session.ID != f.session.ID || r.Deals != 2 || r.Answers != 2 || r.DealName != "" || !r.Session.Ended() {
		t.Errorf("older row = %+v", r)
	}
	if rows := must[[]SessionRow](t)(s.Sessions(ctx, f.rep.ID, 1)); len(rows) != 1 || rows[0].Session.ID != ride.ID {
		t.Errorf("Sessions(limit 1) = %+v", rows)
	}

	debriefs := must[[]SessionRow](t)(s.UnfinishedDebriefs(ctx))
	if len(debriefs) != 1 || debriefs[0].Session.ID != ride.ID || debriefs[0].Session.RepID != f.rep.ID {
		t.Errorf("UnfinishedDebriefs = %+v", debriefs)
	}
	ok(t, s.EndSession(ctx, ride.ID))
	if d := must[[]SessionRow](t)(s.UnfinishedDebriefs(ctx)); len(d) != 0 {
		t.Errorf("ended debrief still listed: %+v", d)
	}
}

func TestUnfinishedSession(t *testing.T) {
	s := openTest(t)
	rep := must[coaching.Rep](t)(s.CreateRep(ctx, "Dana Ruiz"))
	if _, err := s.UnfinishedSession(ctx, rep.ID, coaching.OneOnOne); !errors.Is(err, ErrNotFound) {
		t.Errorf("no sessions: %v", err)
	}
	older := must[coaching.Session](t)(s.StartSession(ctx, rep.ID, coaching.OneOnOne, 30))
	newer := must[coaching.Session](t)(s.StartSession(ctx, rep.ID, coaching.OneOnOne, 30))
	ride := must[coaching.Session](t)(s.StartSession(ctx, rep.ID, coaching.RideAlong, 0))
	for _, c := range []struct {
		end  int64
		kind coaching.SessionKind
		want int64
	}{
		{0, coaching.OneOnOne, newer.ID},
		{0, coaching.RideAlong, ride.ID},
		{newer.ID, coaching.OneOnOne, older.ID},
		{older.ID, coaching.OneOnOne, 0},
	} {
		if c.end != 0 {
			ok(t, s.EndSession(ctx, c.end))
		}
		x, err := s.UnfinishedSession(ctx, rep.ID, c.kind)
		if c.want == 0 && !errors.Is(err, ErrNotFound) || c.want != 0 && x.ID != c.want {
			t.Errorf("after ending %d: UnfinishedSession(%s) = %d, %v; want %d", c.end, c.kind, x.ID, err, c.want)
		}
	}
}

func TestDeleteSession(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	// Reviews alone do not make a session worth keeping.
	ok(t, s.DeleteSession(ctx, f.session.ID))
	if _, err := s.Session(ctx, f.session.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("session still there: %v", err)
	}
	if r := must[[]coaching.Review](t)(s.Reviews(ctx, f.session.ID)); len(r) != 0 {
		t.Errorf("reviews left behind: %+v", r)
	}
	if err := s.DeleteSession(ctx, f.session.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting twice: %v", err)
	}

	for name, fill := range map[string]func(x coaching.Session, r coaching.Review){
		"answer": func(x coaching.Session, r coaching.Review) {
			ok(t, s.SaveAnswer(ctx, coaching.Answer{ReviewID: r.ID, Stage: "qualify", Item: "fits-icp", Value: coaching.NA}))
		},
		"next step": func(x coaching.Session, r coaching.Review) {
			must[coaching.Action](t)(s.AddAction(ctx, coaching.Action{SessionID: x.ID, Text: "call", Owner: coaching.OwnerRep}))
		},
		"ended": func(x coaching.Session, r coaching.Review) { ok(t, s.EndSession(ctx, x.ID)) },
	} {
		x := must[coaching.Session](t)(s.StartSession(ctx, f.rep.ID, coaching.OneOnOne, 30))
		r := must[coaching.Review](t)(s.AddReview(ctx, x.ID, f.deal.ID, "qualify", 0))
		fill(x, r)
		if err := s.DeleteSession(ctx, x.ID); !errors.Is(err, ErrNotEmpty) {
			t.Errorf("%s: DeleteSession error %v, want ErrNotEmpty", name, err)
		}
		must[coaching.Session](t)(s.Session(ctx, x.ID))
	}
}
