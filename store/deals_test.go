package store

import (
	"errors"
	"testing"
	"time"

	"dealcoach/coaching"
)

func TestCreateDeal(t *testing.T) {
	s := openTest(t)
	rep := must[coaching.Rep](t)(s.CreateRep(ctx, "Dana Ruiz"))
	d := must[coaching.Deal](t)(s.CreateDeal(ctx, coaching.Deal{RepID: rep.ID, Name: " Acme renewal ", Account: "Acme",
		Stage: "discover", Amount: 12_000_00, CloseDate: coaching.NewDate(2026, 6, 30), NextStep: "demo", CRMID: "006A"}))
	if d.ID == 0 || d.Name != "Acme renewal" || d.Status != coaching.StatusOpen || d.Currency != "USD" ||
		d.CreatedAt.IsZero() || !d.UpdatedAt.Equal(d.CreatedAt) || !d.StageSince.Equal(d.CreatedAt) {
		t.Errorf("CreateDeal = %+v", d)
	}
	if got := must[coaching.Deal](t)(s.Deal(ctx, d.ID)); got != d {
		t.Errorf("Deal = %+v\nwant %+v", got, d)
	}
	since := base.Add(-40 * 24 * time.Hour)
	old := must[coaching.Deal](t)(s.CreateDeal(ctx, coaching.Deal{RepID: rep.ID, Name: "Old", Stage: "qualify", StageSince: since, Currency: "EUR", Status: coaching.StatusLost}))
	if !old.StageSince.Equal(since) || old.Currency != "EUR" || old.Status != coaching.StatusLost {
		t.Errorf("given fields overwritten: %+v", old)
	}

	for _, c := range []struct {
		name string
		d    coaching.Deal
		err  string
		is   error
	}{
		{"no name", coaching.Deal{RepID: rep.ID, Stage: "qualify"}, "a deal needs a name", nil},
		{"no stage", coaching.Deal{RepID: rep.ID, Name: "X"}, `deal "X" has no stage`, nil},
		{"no rep", coaching.Deal{Name: "X", Stage: "qualify"}, `deal "X" has no rep`, nil},
		{"bad status", coaching.Deal{RepID: rep.ID, Name: "X", Stage: "qualify", Status: "pending"}, `deal "X": unknown status "pending"`, nil},
		{"missing rep", coaching.Deal{RepID: 999, Name: "X", Stage: "qualify"}, "", ErrNotFound},
		{"duplicate CRM id", coaching.Deal{RepID: rep.ID, Name: "X", Stage: "qualify", CRMID: "006A"}, "another deal already has CRM id 006A", nil},
	} {
		_, err := s.CreateDeal(ctx, c.d)
		switch {
		case err == nil:
			t.Errorf("%s: no error", c.name)
		case c.is != nil && !errors.Is(err, c.is):
			t.Errorf("%s: error %v, want %v", c.name, err, c.is)
		case c.err != "" && err.Error() != c.err:
			t.Errorf("%s: error %q, want %q", c.name, err, c.err)
		}
	}
	// Empty CRM ids do not collide.
	must[coaching.Deal](t)(s.CreateDeal(ctx, coaching.Deal{RepID: rep.ID, Name: "Y", Stage: "qualify"}))
	if _, err := s.Deal(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("Deal(999): %v", err)
	}
}

func TestUpdateDeal(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	d := f.deal

	d.Amount, d.NextStep = 5_00, "call back"
	ok(t, s.UpdateDeal(ctx, d))
	same := must[coaching.Deal](t)(s.Deal(ctx, d.ID))
	if same.Amount != 5_00 || same.NextStep != "call back" || !same.StageSince.Equal(f.deal.StageSince) || !same.UpdatedAt.After(f.deal.UpdatedAt) {
		t.Errorf("update without stage change: %+v", same)
	}

	d.Stage = "discover"
	ok(t, s.UpdateDeal(ctx, d))
	moved := must[coaching.Deal](t)(s.Deal(ctx, d.ID))
	if moved.Stage != "discover" || !moved.StageSince.After(same.UpdatedAt) {
		t.Errorf("stage change kept stage_since %v (updated %v)", moved.StageSince, same.UpdatedAt)
	}
	d.ID = 999
	if err := s.UpdateDeal(ctx, d); !errors.Is(err, ErrNotFound) {
		t.Errorf("update of a missing deal: %v", err)
	}
}

func TestDealsOrder(t *testing.T) {
	s := openTest(t)
	rep := must[coaching.Rep](t)(s.CreateRep(ctx, "Dana Ruiz"))
	other := must[coaching.Rep](t)(s.CreateRep(ctx, "Lee Park"))
	for _, d := range []coaching.Deal{
		{Name: "won early", Status: coaching.StatusWon, CloseDate: coaching.NewDate(2026, 1, 1)},
		{Name: "no date"},
		{Name: "june b", CloseDate: coaching.NewDate(2026, 6, 1)},
		{Name: "June a", CloseDate: coaching.NewDate(2026, 6, 1)},
		{Name: "april", CloseDate: coaching.NewDate(2026, 4, 15)},
		{Name: "lost", Status: coaching.StatusLost},
	} {
		d.RepID, d.Stage = rep.ID, "qualify"
		must[coaching.Deal](t)(s.CreateDeal(ctx, d))
	}
	must[coaching.Deal](t)(s.CreateDeal(ctx, coaching.Deal{RepID: other.ID, Name: "not Dana's", Stage: "qualify"}))

	for _, c := range []struct {
		open bool
		want []string
	}{
		{false, []string{"april", "June a", "june b", "no date", "won early", "lost"}},
		{true, []string{"april", "June a", "june b", "no date"}},
	} {
		var got []string
		for _, d := range must[[]coaching.Deal](t)(s.Deals(ctx, rep.ID, c.open)) {
			got = append(got, d.Name)
		}
		if !equal(got, c.want) {
			t.Errorf("Deals(open=%v) = %q, want %q", c.open, got, c.want)
		}
	}
}

func TestFindDeal(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	crm := must[coaching.Deal](t)(s.CreateDeal(ctx, coaching.Deal{RepID: f.rep.ID, Name: "Globex", Account: "Globex", Stage: "qualify", CRMID: "006B"}))
	for _, c := range []struct {
		crm, account, name string
		want               int64
	}{
		{"006B", "", "", crm.ID},
		{"", "ACME", "acme renewal", f.deal.ID},
		{"", "Acme", "Other", 0},
		{"006Z", "Acme", "Acme renewal", 0}, // a CRM id decides alone
	} {
		d, err := s.FindDeal(ctx, c.crm, f.rep.ID, c.account, c.name)
		if c.want == 0 {
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("FindDeal(%q,%q,%q) = %d, %v; want not found", c.crm, c.account, c.name, d.ID, err)
			}
		} else if err != nil || d.ID != c.want {
			t.Errorf("FindDeal(%q,%q,%q) = %d, %v; want %d", c.crm, c.account, c.name, d.ID, err, c.want)
		}
	}
}

func TestLastReviewed(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	never := must[coaching.Deal](t)(s.CreateDeal(ctx, coaching.Deal{RepID: f.rep.ID, Name: "Never", Stage: "qualify"}))
	ride := must[coaching.Session](t)(s.StartSession(ctx, f.rep.ID, coaching.RideAlong, 0))
	later := must[coaching.Review](t)(s.AddReview(ctx, ride.ID, f.deal.ID, "qualify", 0))

	got := must[map[int64]time.Time](t)(s.LastReviewed(ctx, f.rep.ID))
	if len(got) != 1 || !got[f.deal.ID].Equal(later.CreatedAt) {
		t.Errorf("LastReviewed = %v, want only deal %d at %v", got, f.deal.ID, later.CreatedAt)
	}
	if _, ok := got[never.ID]; ok {
		t.Error("a never-reviewed deal has a review time")
	}
}

func TestSnapshots(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	other := must[coaching.Deal](t)(s.CreateDeal(ctx, coaching.Deal{RepID: f.rep.ID, Name: "Globex", Stage: "qualify"}))
	t1, t2 := base.Add(-48*time.Hour), base.Add(-24*time.Hour)
	ok(t, s.AddSnapshot(ctx, coaching.Snapshot{DealID: f.deal.ID, TakenAt: t2, Stage: "discover", Amount: 2, CloseDate: coaching.NewDate(2026, 7, 1)}))
	ok(t, s.AddSnapshot(ctx, coaching.Snapshot{DealID: f.deal.ID, TakenAt: t1, Stage: "qualify", Amount: 1, CloseDate: coaching.NewDate(2026, 6, 1)}))
	ok(t, s.AddSnapshot(ctx, coaching.Snapshot{DealID: other.ID, Stage: "qualify", Status: coaching.StatusWon}))
	if err := s.AddSnapshot(ctx, coaching.Snapshot{DealID: 999, Stage: "qualify"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("snapshot of a missing deal: %v", err)
	}

	list := must[[]coaching.Snapshot](t)(s.Snapshots(ctx, f.deal.ID))
	if len(list) != 2 || !list[0].TakenAt.Equal(t1) || list[0].Stage != "qualify" || list[1].CloseDate != coaching.NewDate(2026, 7, 1) || list[1].Status != coaching.StatusOpen {
		t.Errorf("Snapshots = %+v", list)
	}
	m := must[map[int64][]coaching.Snapshot](t)(s.RepSnapshots(ctx, f.rep.ID))
	if len(m) != 2 || len(m[f.deal.ID]) != 2 || m[other.ID][0].Status != coaching.StatusWon || m[other.ID][0].TakenAt.IsZero() {
		t.Errorf("RepSnapshots = %+v", m)
	}
}
