package store

import (
	"errors"
	"testing"

	"dealcoach/coaching"
)

// Not done keeps a commitment open and carries it to the next 1:1, once per
// 1:1 however often the manager changes their mind; done and dropped close
// it; each session keeps its own verdicts.
func TestCommitmentsCarried(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	add := func(text string) coaching.Action {
		t.Helper()
		return must[coaching.Action](t)(s.AddAction(ctx, coaching.Action{SessionID: f.session.ID, Text: text, Owner: coaching.OwnerRep}))
	}
	late, done, dropped, flip := add("Send the mutual plan"), add("Book the CFO"), add("Chase legal"), add("Call the champion")
	ok(t, s.EndSession(ctx, f.session.ID))
	start := func() int64 {
		t.Helper()
		return must[coaching.Session](t)(s.StartSession(ctx, f.rep.ID, coaching.OneOnOne, 30)).ID
	}
	mark := func(a coaching.Action, st coaching.ActionStatus, in int64) {
		t.Helper()
		ok(t, s.SetActionStatus(ctx, a.ID, st, in))
	}
	type want struct {
		id         int64
		status     coaching.ActionStatus
		carried    int
		reviewedIn int64
	}
	check := func(name string, got []coaching.Action, wants ...want) {
		t.Helper()
		if len(got) != len(wants) {
			t.Fatalf("%s: %d steps %+v, want %d", name, len(got), got, len(wants))
		}
		for i, w := range wants {
			g := got[i]
			if g.ID != w.id || g.Status != w.status || g.Carried != w.carried || g.ReviewedIn != w.reviewedIn {
				t.Errorf("%s[%d] = id %d %s carried %d reviewed in %d, want %+v", name, i, g.ID, g.Status, g.Carried, g.ReviewedIn, w)
			}
		}
	}

	s1 := start()
	check("session 1 opens with", must[[]coaching.Action](t)(s.Commitments(ctx, f.rep.ID, s1)),
		want{late.ID, coaching.ActionOpen, 0, 0}, want{done.ID, coaching.ActionOpen, 0, 0},
		want{dropped.ID, coaching.ActionOpen, 0, 0}, want{flip.ID, coaching.ActionOpen, 0, 0})
	mark(late, coaching.ActionNotDone, s1)
	mark(done, coaching.ActionDone, s1)
	mark(dropped, coaching.ActionDropped, s1)
	for _, st := range []coaching.ActionStatus{coaching.ActionNotDone, coaching.ActionDone, coaching.ActionNotDone, coaching.ActionNotDone} {
		mark(flip, st, s1)
	}
	// Within the session the screen still shows each verdict.
	check("session 1 after marking", must[[]coaching.Action](t)(s.Commitments(ctx, f.rep.ID, s1)),
		want{late.ID, coaching.ActionNotDone, 0, s1}, want{done.ID, coaching.ActionDone, 0, s1},
		want{dropped.ID, coaching.ActionDropped, 0, s1}, want{flip.ID, coaching.ActionNotDone, 0, s1})
	ok(t, s.EndSession(ctx, s1))

	s2 := start()
	check("session 2 opens with", must[[]coaching.Action](t)(s.Commitments(ctx, f.rep.ID, s2)),
		want{late.ID, coaching.ActionOpen, 1, s1}, want{flip.ID, coaching.ActionOpen, 1, s1})
	mark(late, coaching.ActionNotDone, s2)
	mark(flip, coaching.ActionNotDone, s2)
	mark(flip, coaching.ActionDone, s2)
	check("the rep's open steps", must[[]coaching.Action](t)(s.OpenActions(ctx, f.rep.ID)),
		want{late.ID, coaching.ActionNotDone, 2, s2})
	ok(t, s.EndSession(ctx, s2))

	s3 := start()
	check("session 3 opens with", must[[]coaching.Action](t)(s.Commitments(ctx, f.rep.ID, s3)),
		want{late.ID, coaching.ActionOpen, 2, s2})
	// Taking a verdict back leaves the earlier ones.
	mark(late, coaching.ActionDone, s3)
	mark(late, coaching.ActionOpen, s3)
	check("the rep's open steps after taking it back", must[[]coaching.Action](t)(s.OpenActions(ctx, f.rep.ID)),
		want{late.ID, coaching.ActionNotDone, 2, s2})
	mark(late, coaching.ActionDropped, s3)
	if got := must[[]coaching.Action](t)(s.OpenActions(ctx, f.rep.ID)); len(got) != 0 {
		t.Errorf("open after dropping: %+v", got)
	}

	// Each session's recap keeps its own verdicts, carried counting that
	// session's.
	check("reviewed in session 1", must[[]coaching.Action](t)(s.Reviewed(ctx, s1)),
		want{late.ID, coaching.ActionNotDone, 1, s1}, want{done.ID, coaching.ActionDone, 0, s1},
		want{dropped.ID, coaching.ActionDropped, 0, s1}, want{flip.ID, coaching.ActionNotDone, 1, s1})
	check("reviewed in session 2", must[[]coaching.Action](t)(s.Reviewed(ctx, s2)),
		want{late.ID, coaching.ActionNotDone, 2, s2}, want{flip.ID, coaching.ActionDone, 1, s2})
	check("reviewed in session 3", must[[]coaching.Action](t)(s.Reviewed(ctx, s3)),
		want{late.ID, coaching.ActionDropped, 2, s3})
	// Looking back at session 1 shows what it went through, as it was then.
	check("session 1 looked back at", must[[]coaching.Action](t)(s.Commitments(ctx, f.rep.ID, s1)),
		want{late.ID, coaching.ActionNotDone, 0, s1}, want{done.ID, coaching.ActionDone, 0, s1},
		want{dropped.ID, coaching.ActionDropped, 0, s1}, want{flip.ID, coaching.ActionNotDone, 0, s1})

	if err := s.SetActionStatus(ctx, late.ID, coaching.ActionDone, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("verdict in a missing session: %v", err)
	}
	if err := s.SetActionStatus(ctx, 999, coaching.ActionNotDone, s3); !errors.Is(err, ErrNotFound) {
		t.Errorf("verdict on a missing step: %v", err)
	}
}

// Sample data written through a Loader keeps the verdict of the session
// that went through a step, as SetActionStatus would.
func TestLoadedVerdict(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	later := must[coaching.Session](t)(s.StartSession(ctx, f.rep.ID, coaching.OneOnOne, 30))
	var id int64
	ok(t, s.Load(ctx, func(l *Loader) error {
		var err error
		id, err = l.Action(coaching.Action{SessionID: f.session.ID, Text: "Send the plan", Owner: coaching.OwnerRep,
			Status: coaching.ActionNotDone, ReviewedIn: later.ID})
		return err
	}))
	got := must[[]coaching.Action](t)(s.Reviewed(ctx, later.ID))
	if len(got) != 1 || got[0].ID != id || got[0].Status != coaching.ActionNotDone || got[0].Carried != 1 {
		t.Errorf("Reviewed = %+v", got)
	}
	next := must[coaching.Session](t)(s.StartSession(ctx, f.rep.ID, coaching.OneOnOne, 30))
	got = must[[]coaching.Action](t)(s.Commitments(ctx, f.rep.ID, next.ID))
	if len(got) != 1 || got[0].Status != coaching.ActionOpen || got[0].Carried != 1 || got[0].ReviewedIn != later.ID {
		t.Errorf("Commitments = %+v", got)
	}
}
