package orgstore

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"dealcoach/coaching"
	"dealcoach/store"
)

// focusWeek is one weekly 1:1 with rep on deal, focused on skill, with
// the answers to "Qualifying out early"'s three items.
func focusWeek(t *testing.T, st *store.Store, at time.Time, rep, deal int64, skill string, values ...coaching.Value) {
	t.Helper()
	ctx := context.Background()
	st.SetClock(func() time.Time { return at })
	s, err := st.StartSession(ctx, rep, coaching.OneOnOne, 30)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetFocusSkill(ctx, s.ID, skill); err != nil {
		t.Fatal(err)
	}
	rv, err := st.AddReview(ctx, s.ID, deal, "qualify", 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, item := range []string{"problem-in-own-words", "fits-icp", "compelling-event"} {
		if err := st.SaveAnswer(ctx, coaching.Answer{ReviewID: rv.ID, Stage: "qualify", Item: item, Value: values[i], AnsweredAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.EndSession(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
}

// A director sees in how many focus runs the skill's strength rose from
// the run's first 1:1 to its last: Ann's "Qualifying out early" went from
// 1/3 to 3/3 (rose), Cy's from 0/3 to 1/3 (rose), Ben's from 2/3 to 1/3
// (fell), and Ben's one-week "Multi-threading" run is too short to
// compare.
func TestFocusStrengthRose(t *testing.T) {
	o := newOrg(t)
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "focus.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	week := func(n int) time.Time { return testNow.Add(time.Duration(n-5) * 7 * 24 * time.Hour) }
	st.SetClock(func() time.Time { return week(0) })
	ids := map[string][2]int64{}
	for _, name := range []string{"Ann", "Ben", "Cy"} {
		r, err := st.CreateRep(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		d, err := st.CreateDeal(ctx, coaching.Deal{RepID: r.ID, Name: "Acme " + name, Stage: "qualify", Currency: "USD"})
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = [2]int64{r.ID, d.ID}
	}
	y, n, u := coaching.Yes, coaching.No, coaching.Unsure
	ann, ben, cy := ids["Ann"], ids["Ben"], ids["Cy"]
	focusWeek(t, st, week(1), ann[0], ann[1], "qualifying-out", y, n, n)
	focusWeek(t, st, week(2), ann[0], ann[1], "qualifying-out", n, n, u)
	focusWeek(t, st, week(3), ann[0], ann[1], "qualifying-out", y, y, y)
	focusWeek(t, st, week(1), ben[0], ben[1], "qualifying-out", y, y, n)
	focusWeek(t, st, week(2), ben[0], ben[1], "qualifying-out", y, n, u)
	focusWeek(t, st, week(3), ben[0], ben[1], "multi-threading", y, y, y)
	focusWeek(t, st, week(2), cy[0], cy[1], "qualifying-out", n, n, n)
	focusWeek(t, st, week(4), cy[0], cy[1], "qualifying-out", n, y, n)
	publish(t, o.URL(o.alice), st, PublishOptions{})

	ms, err := Rollup(ctx, o.URL(o.dir), Window{Now: testNow, Days: 90})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 {
		t.Fatalf("managers: %+v", ms)
	}
	f := ms[0].Focus
	if f.Runs != 4 || f.Compared != 3 || f.Rose != 2 {
		t.Errorf("focus = %+v, want 4 runs, 3 compared, 2 rose", f)
	}
}
