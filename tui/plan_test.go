package tui

import (
	"context"
	"strings"
	"testing"
)

// TestPlanRepPick: r marks the deal under the cursor as the rep's pick; it
// ranks first, is picked for the 1:1, and the review says so once the 1:1
// starts.
func TestPlanRepPick(t *testing.T) {
	st := openTestStore(t)
	s := seedCoaching(t, st)
	m := startPlan(t, st, 80, 24)
	drive(t, m, keys("-", "-")...)
	p := topAs[*plan](t, m)
	at := func(id int64) int {
		for i, sg := range p.sugg {
			if sg.Deal.ID == id {
				return i
			}
		}
		t.Fatalf("deal %d not in the plan", id)
		return -1
	}
	// At 20 minutes the plan leaves Acme out: it coaches nothing (Negotiate
	// is neither the weak stage nor where the focus is asked).
	if i := at(s.acme); p.picked[i] {
		t.Fatalf("Acme picked before the rep asked:\n%s", m.View())
	}
	p.list.selectItem(at(s.acme))
	drive(t, m, keys("r")...)
	v := m.View()
	if i := at(s.acme); i != 0 || !p.picked[i] || p.repPick != s.acme {
		t.Fatalf("the rep's pick should be first and picked (at %d):\n%s", i, v)
	}
	if sel, _ := p.list.selected(); sel != 0 {
		t.Errorf("the cursor should follow Acme to the top, it is on row %d", sel)
	}
	for _, want := range []string{"the rep's pick · close date pushed once", "3 deals · ~18 of 20 min"} {
		if !strings.Contains(v, want) {
			t.Errorf("plan lacks %q:\n%s", want, v)
		}
	}
	// r again takes it back; the manager's own choice of deals stays the
	// planner's until a toggle.
	drive(t, m, keys("r")...)
	if p.repPick != 0 || strings.Contains(m.View(), "the rep's pick · close") || p.picked[at(s.acme)] {
		t.Errorf("r on the rep's pick should unmark it:\n%s", m.View())
	}
	drive(t, m, keys("r", "enter")...)
	c := topAs[*commitments](t, m)
	reviews, err := st.Reviews(context.Background(), c.sid)
	if err != nil {
		t.Fatal(err)
	}
	if len(reviews) != 3 {
		t.Fatalf("%d reviews, want 3", len(reviews))
	}
	for i, r := range reviews {
		if want := r.DealID == s.acme; r.RepPick != want || (want && i != 0) {
			t.Errorf("review %d of deal %d: rep's pick %v", i, r.DealID, r.RepPick)
		}
	}
}
