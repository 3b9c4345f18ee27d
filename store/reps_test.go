package store

import (
	"errors"
	"reflect"
	"testing"

	"dealcoach/coaching"
)

func TestCreateRep(t *testing.T) {
	s := openTest(t)
	must[coaching.Rep](t)(s.CreateRep(ctx, "Dana Ruiz"))
	for _, c := range []struct {
		name, want, err string
	}{
		{name: "  Lee Park ", want: "Lee Park"},
		{name: "   ", err: "a rep needs a name"},
		{name: "DANA RUIZ", err: "a rep named DANA RUIZ already exists"},
		{name: " dana ruiz", err: "a rep named dana ruiz already exists"},
	} {
		r, err := s.CreateRep(ctx, c.name)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("CreateRep(%q) error %v, want %q", c.name, err, c.err)
			}
			continue
		}
		if err != nil || r.Name != c.want || r.ID == 0 || r.CreatedAt.IsZero() {
			t.Errorf("CreateRep(%q) = %+v, %v", c.name, r, err)
		}
		if got := must[coaching.Rep](t)(s.Rep(ctx, r.ID)); got != r {
			t.Errorf("Rep(%d) = %+v, want %+v", r.ID, got, r)
		}
	}
}

func TestRepLookups(t *testing.T) {
	s := openTest(t)
	for _, n := range []string{"lee Park", "Dana Ruiz", "Ana Cole"} {
		must[coaching.Rep](t)(s.CreateRep(ctx, n))
	}
	reps := must[[]coaching.Rep](t)(s.Reps(ctx))
	var names []string
	for _, r := range reps {
		names = append(names, r.Name)
	}
	if want := []string{"Ana Cole", "Dana Ruiz", "lee Park"}; !equal(names, want) {
		t.Errorf("Reps order %q, want %q", names, want)
	}
	if r, err := s.RepByName(ctx, "DANA ruiz "); err != nil || r.Name != "Dana Ruiz" {
		t.Errorf("RepByName = %+v, %v", r, err)
	}
	if _, err := s.RepByName(ctx, "Nobody"); !errors.Is(err, ErrNotFound) {
		t.Errorf("RepByName(Nobody) error %v", err)
	}
	if _, err := s.Rep(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("Rep(999) error %v", err)
	}

	ok(t, s.RenameRep(ctx, reps[0].ID, " Ana Cole-Brown "))
	if r := must[coaching.Rep](t)(s.Rep(ctx, reps[0].ID)); r.Name != "Ana Cole-Brown" {
		t.Errorf("after rename: %q", r.Name)
	}
	if err := s.RenameRep(ctx, reps[0].ID, "dana RUIZ"); err == nil || err.Error() != "a rep named dana RUIZ already exists" {
		t.Errorf("rename onto another rep: %v", err)
	}
	if err := s.RenameRep(ctx, reps[0].ID, ""); err == nil {
		t.Error("renamed to an empty name")
	}
	if err := s.RenameRep(ctx, 999, "X"); !errors.Is(err, ErrNotFound) {
		t.Errorf("rename missing rep: %v", err)
	}
	// Changing only the case of one's own name is fine.
	ok(t, s.RenameRep(ctx, reps[1].ID, "DANA RUIZ"))
}

func TestRepRows(t *testing.T) {
	s := openTest(t)
	dana := must[coaching.Rep](t)(s.CreateRep(ctx, "Dana Ruiz"))
	lee := must[coaching.Rep](t)(s.CreateRep(ctx, "Lee Park"))
	for _, d := range []coaching.Deal{
		{Name: "A", Amount: 100_00},
		{Name: "B", Amount: 250_00},
		{Name: "C", Amount: 999_00, Status: coaching.StatusWon},
		// Pounds are summed apart from dollars, never into them.
		{Name: "D", Amount: 120_00, Currency: "GBP"},
		{Name: "E", Amount: 80_00, Currency: "gbp"},
		{Name: "F", Amount: 5000_00, Currency: "GBP", Status: coaching.StatusLost},
		{Name: "G", Amount: 0, Currency: "EUR"},
	} {
		d.RepID, d.Stage = dana.ID, "qualify"
		must[coaching.Deal](t)(s.CreateDeal(ctx, d))
	}
	first := must[coaching.Session](t)(s.StartSession(ctx, dana.ID, coaching.OneOnOne, 30))
	ok(t, s.EndSession(ctx, first.ID))
	last := must[coaching.Session](t)(s.StartSession(ctx, dana.ID, coaching.OneOnOne, 30))
	// A later ride-along is not a one-on-one.
	must[coaching.Session](t)(s.StartSession(ctx, dana.ID, coaching.RideAlong, 0))

	rows := must[[]RepRow](t)(s.RepRows(ctx))
	want := []RepRow{
		{Rep: dana, OpenDeals: 5, Pipeline: coaching.Amounts{{Currency: "GBP", Cents: 200_00, Deals: 2}, {Currency: "USD", Cents: 350_00, Deals: 2}, {Currency: "EUR", Deals: 1}},
			LastOneOnOne: last.StartedAt, Unfinished: last.ID},
		{Rep: lee},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(rows[i], want[i]) {
			t.Errorf("row %d = %+v, want %+v", i, rows[i], want[i])
		}
	}
	ok(t, s.EndSession(ctx, last.ID))
	if r := must[[]RepRow](t)(s.RepRows(ctx)); r[0].Unfinished != 0 {
		t.Errorf("Unfinished = %d after ending", r[0].Unfinished)
	}
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
