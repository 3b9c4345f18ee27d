package store

import (
	"errors"
	"testing"

	"dealcoach/coaching"
)

func TestAddAction(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	due := coaching.NewDate(2026, 3, 9)
	a := must[coaching.Action](t)(s.AddAction(ctx, coaching.Action{SessionID: f.session.ID, DealID: f.deal.ID,
		Text: " Book the CFO meeting ", Owner: coaching.OwnerRep, Due: due, Status: coaching.ActionDone, ReviewedIn: f.session.ID}))
	if a.ID == 0 || a.RepID != f.rep.ID || a.Text != "Book the CFO meeting" || a.Status != coaching.ActionOpen || a.ReviewedIn != 0 || a.CreatedAt.IsZero() {
		t.Errorf("AddAction = %+v", a)
	}
	general := must[coaching.Action](t)(s.AddAction(ctx, coaching.Action{SessionID: f.session.ID, Text: "Send the pricing guide", Owner: coaching.OwnerManager}))
	if general.DealID != 0 || !general.Due.IsZero() {
		t.Errorf("action without deal = %+v", general)
	}
	list := must[[]coaching.Action](t)(s.Actions(ctx, f.session.ID))
	if len(list) != 2 || list[0] != a || list[1] != general {
		t.Errorf("Actions = %+v\nwant %+v, %+v", list, a, general)
	}

	for _, c := range []struct {
		name string
		a    coaching.Action
		is   error
	}{
		{"no owner", coaching.Action{SessionID: f.session.ID, Text: "x"}, nil},
		{"bad owner", coaching.Action{SessionID: f.session.ID, Text: "x", Owner: "customer"}, nil},
		{"no text", coaching.Action{SessionID: f.session.ID, Text: " ", Owner: coaching.OwnerRep}, nil},
		{"missing session", coaching.Action{SessionID: 999, Text: "x", Owner: coaching.OwnerRep}, ErrNotFound},
		{"missing deal", coaching.Action{SessionID: f.session.ID, DealID: 999, Text: "x", Owner: coaching.OwnerRep}, ErrNotFound},
	} {
		_, err := s.AddAction(ctx, c.a)
		if err == nil || c.is != nil && !errors.Is(err, c.is) {
			t.Errorf("%s: error %v", c.name, err)
		}
	}
}

func TestUpdateAndDeleteAction(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	sid := f.session.ID
	a := must[coaching.Action](t)(s.AddAction(ctx, coaching.Action{SessionID: sid, Text: "x", Owner: coaching.OwnerManager}))
	a.Text, a.Owner, a.Due, a.DealID = "Rep books the demo", coaching.OwnerRep, coaching.NewDate(2026, 4, 1), f.deal.ID
	ok(t, s.UpdateAction(ctx, a, sid))
	if got := must[[]coaching.Action](t)(s.Actions(ctx, sid)); len(got) != 1 || got[0] != a {
		t.Errorf("after update %+v, want %+v", got, a)
	}
	a.DealID = 0
	ok(t, s.UpdateAction(ctx, a, sid))
	if got := must[[]coaching.Action](t)(s.Actions(ctx, sid)); got[0].DealID != 0 {
		t.Errorf("deal not cleared: %+v", got[0])
	}
	if err := s.UpdateAction(ctx, coaching.Action{ID: a.ID, Text: "x"}, sid); err == nil {
		t.Error("update removed the owner")
	}
	if err := s.UpdateAction(ctx, coaching.Action{ID: 999, Text: "x", Owner: coaching.OwnerRep}, sid); !errors.Is(err, ErrNotFound) {
		t.Errorf("update of a missing action: %v", err)
	}

	// A later session only marks it; editing or deleting it there is refused
	// and changes nothing.
	later := must[coaching.Session](t)(s.StartSession(ctx, f.rep.ID, coaching.OneOnOne, 30))
	edited := a
	edited.Text = "rewritten later"
	if err := s.UpdateAction(ctx, edited, later.ID); !errors.Is(err, ErrOtherSession) {
		t.Errorf("update from a later session: %v", err)
	}
	if err := s.DeleteAction(ctx, a.ID, later.ID); !errors.Is(err, ErrOtherSession) {
		t.Errorf("delete from a later session: %v", err)
	}
	if got := must[[]coaching.Action](t)(s.Actions(ctx, sid)); len(got) != 1 || got[0] != a {
		t.Errorf("after refused changes %+v, want %+v", got, a)
	}

	ok(t, s.DeleteAction(ctx, a.ID, sid))
	if got := must[[]coaching.Action](t)(s.Actions(ctx, sid)); len(got) != 0 {
		t.Errorf("after delete: %+v", got)
	}
	if err := s.DeleteAction(ctx, a.ID, sid); !errors.Is(err, ErrNotFound) {
		t.Errorf("delete twice: %v", err)
	}
}

func TestCommitments(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	add := func(session int64, text string, due coaching.Date) coaching.Action {
		t.Helper()
		return must[coaching.Action](t)(s.AddAction(ctx, coaching.Action{SessionID: session, Text: text, Owner: coaching.OwnerRep, Due: due}))
	}
	first := f.session.ID
	done := add(first, "done last time", coaching.Date{})
	open := add(first, "still open", coaching.NewDate(2026, 3, 20))
	dropped := add(first, "dropped before", coaching.Date{})
	soon := add(first, "due soon", coaching.NewDate(2026, 3, 5))
	ok(t, s.SetActionStatus(ctx, done.ID, coaching.ActionDone, first))
	ok(t, s.SetActionStatus(ctx, dropped.ID, coaching.ActionDropped, first))
	ok(t, s.EndSession(ctx, first))

	// Another rep's open step stays out.
	lee := must[coaching.Rep](t)(s.CreateRep(ctx, "Lee Park"))
	leeSession := must[coaching.Session](t)(s.StartSession(ctx, lee.ID, coaching.OneOnOne, 30))
	add(leeSession.ID, "Lee's step", coaching.Date{})

	now := must[coaching.Session](t)(s.StartSession(ctx, f.rep.ID, coaching.OneOnOne, 30))
	agreedNow := add(now.ID, "agreed today", coaching.Date{})

	ids := func(list []coaching.Action) []int64 {
		var out []int64
		for _, a := range list {
			out = append(out, a.ID)
		}
		return out
	}
	if got, want := ids(must[[]coaching.Action](t)(s.Commitments(ctx, f.rep.ID, now.ID))), []int64{open.ID, soon.ID}; !equal(got, want) {
		t.Errorf("Commitments = %v, want %v", got, want)
	}
	// Ticked off in this session: still listed, with the new status.
	ok(t, s.SetActionStatus(ctx, open.ID, coaching.ActionNotDone, now.ID))
	got := must[[]coaching.Action](t)(s.Commitments(ctx, f.rep.ID, now.ID))
	if !equal(ids(got), []int64{open.ID, soon.ID}) || got[0].Status != coaching.ActionNotDone || got[0].ReviewedIn != now.ID {
		t.Errorf("after ticking off: %+v", got)
	}
	// Open steps (a step not done stays open), soonest due first, undated last.
	if got, want := ids(must[[]coaching.Action](t)(s.OpenActions(ctx, f.rep.ID))), []int64{soon.ID, open.ID, agreedNow.ID}; !equal(got, want) {
		t.Errorf("OpenActions = %v, want %v", got, want)
	}
	// The first session's commitments do not include later steps.
	if got := ids(must[[]coaching.Action](t)(s.Commitments(ctx, f.rep.ID, first))); len(got) != 0 {
		t.Errorf("Commitments of the first session = %v", got)
	}

	if err := s.SetActionStatus(ctx, open.ID, "later", now.ID); err == nil {
		t.Error("unknown status accepted")
	}
	if err := s.SetActionStatus(ctx, 999, coaching.ActionDone, now.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("status of a missing action: %v", err)
	}
	ok(t, s.SetActionStatus(ctx, open.ID, coaching.ActionOpen, 0))
}
