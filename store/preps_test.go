package store

import (
	"strings"
	"testing"
	"time"

	"dealcoach/coaching"
)

// prepOf writes a prep for the fixture's deal and reads it back, as the
// rep's file would come in, with answers set by set.
func prepOf(t *testing.T, s *Store, f fixture, deals []coaching.Deal, set func(p *coaching.Prep)) *coaching.Prep {
	t.Helper()
	pb := must[*coaching.Playbook](t)(s.Playbook(ctx))
	p := coaching.NewPrep(pb, f.rep.Name, deals, "", coaching.NewDate(2026, 3, 1), "abc123")
	got := must[*coaching.Prep](t)(coaching.ParsePrep("p.toml", []byte(p.Text())))
	if set != nil {
		set(got)
	}
	return got
}

func answerItem(p *coaching.Prep, deal int, item string, v coaching.Value) {
	for i := range p.Deals[deal].Items {
		if p.Deals[deal].Items[i].Key == item {
			p.Deals[deal].Items[i].Value = v
		}
	}
}

func rowsIn(t *testing.T, s *Store, table string) int {
	t.Helper()
	var n int
	ok(t, s.DB().QueryRow("SELECT count(*) FROM "+table).Scan(&n))
	return n
}

func TestImportPrep(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	ok(t, s.EndSession(ctx, f.session.ID))
	deals := []coaching.Deal{f.deal}
	p := prepOf(t, s, f, deals, func(p *coaching.Prep) {
		answerItem(p, 0, "fits-icp", coaching.Yes)
		answerItem(p, 0, "compelling-event", coaching.No)
		p.Help = "pricing"
		p.Picks[0].Deal = "acme renewal"
		p.Picks[0].Reason = "legal is slow"
	})
	res := must[PrepResult](t)(s.ImportPrep(ctx, "p.toml", p))
	if res.Unchanged || res.Again || res.Answers != 2 || res.Picks != 1 {
		t.Errorf("first import = %+v", res)
	}
	factsBefore := must[[]coaching.Fact](t)(s.Facts(ctx, f.rep.ID, time.Time{}, time.Time{}))

	// The same file again changes nothing.
	again := must[PrepResult](t)(s.ImportPrep(ctx, "p.toml", p))
	if !again.Unchanged {
		t.Errorf("second import = %+v", again)
	}
	if n := rowsIn(t, s, "preps"); n != 1 {
		t.Errorf("%d preps after importing one file twice", n)
	}
	view, found := must2(t)(s.RepView(ctx, f.rep.ID, 0))
	if !found || view.Help != "pricing" || view.Answers[f.deal.ID]["fits-icp"].Value != coaching.Yes || len(view.Answers[f.deal.ID]) != 2 {
		t.Fatalf("RepView = %+v, %v", view, found)
	}
	if r, picked := view.PickReason(f.deal.ID); !picked || r != "legal is slow" {
		t.Errorf("pick reason %q %v", r, picked)
	}

	// The rep changed their mind: the same prep id replaces its answers.
	changed := prepOf(t, s, f, deals, func(p *coaching.Prep) { answerItem(p, 0, "fits-icp", coaching.Unsure) })
	res = must[PrepResult](t)(s.ImportPrep(ctx, "p.toml", changed))
	if res.Unchanged || !res.Again || res.Answers != 1 {
		t.Errorf("changed import = %+v", res)
	}
	view, _ = must2(t)(s.RepView(ctx, f.rep.ID, 0))
	if len(view.Answers[f.deal.ID]) != 1 || view.Answers[f.deal.ID]["fits-icp"].Value != coaching.Unsure || view.Help != "" || len(view.Picks) != 0 {
		t.Errorf("after the change RepView = %+v", view)
	}
	// The rep's view is never evidence: stage strength reads no prep.
	if after := must[[]coaching.Fact](t)(s.Facts(ctx, f.rep.ID, time.Time{}, time.Time{})); len(after) != len(factsBefore) {
		t.Errorf("facts went from %d to %d", len(factsBefore), len(after))
	}

	// The next 1:1 sees it; the one after does not.
	next := must[coaching.Session](t)(s.StartSession(ctx, f.rep.ID, coaching.OneOnOne, 30))
	if _, found := must2(t)(s.RepView(ctx, f.rep.ID, next.ID)); !found {
		t.Error("the next 1:1 does not see the prep")
	}
	if _, found := must2(t)(s.RepView(ctx, f.rep.ID, f.session.ID)); found {
		t.Error("the 1:1 before the prep sees it")
	}
	ok(t, s.EndSession(ctx, next.ID))
	if _, found := must2(t)(s.RepView(ctx, f.rep.ID, 0)); found {
		t.Error("the plan after the next 1:1 still sees the old prep")
	}
}

func must2(t *testing.T) func(coaching.RepView, bool, error) (coaching.RepView, bool) {
	return func(v coaching.RepView, ok bool, err error) (coaching.RepView, bool) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v, ok
	}
}

func TestImportPrepRefusesAndWritesNothing(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	other := must[coaching.Rep](t)(s.CreateRep(ctx, "Sam Lee"))
	cases := map[string]func(p *coaching.Prep){
		"unknown rep":    func(p *coaching.Prep) { p.Rep = "Nobody" },
		"another rep":    func(p *coaching.Prep) { p.Rep = other.Name },
		"newer playbook": func(p *coaching.Prep) { p.PlaybookVersion = 9 },
		"unknown pick":   func(p *coaching.Prep) { p.Picks[0].Deal = "Initech" },
	}
	for name, spoil := range cases {
		t.Run(name, func(t *testing.T) {
			p := prepOf(t, s, f, []coaching.Deal{f.deal}, func(p *coaching.Prep) {
				answerItem(p, 0, "fits-icp", coaching.Yes)
				spoil(p)
			})
			_, err := s.ImportPrep(ctx, "p.toml", p)
			if err == nil || !strings.HasPrefix(err.Error(), "p.toml:") || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %v, want one p.toml:LINE line", err)
			}
			for _, table := range []string{"preps", "prep_answers", "prep_picks"} {
				if n := rowsIn(t, s, table); n != 0 {
					t.Errorf("%d rows in %s", n, table)
				}
			}
		})
	}
}

// Checked by hand: the rep answers four items; the manager, after the
// import, answers three of them, agreeing on two. An answer the manager
// gave before the import is not a later 1:1's.
func TestCalibration(t *testing.T) {
	s := openTest(t)
	f := newFixture(t, s)
	// Before the prep: no answers to compare, share null.
	ok(t, s.SaveAnswer(ctx, coaching.Answer{ReviewID: f.review.ID, Stage: "qualify", Item: "fits-icp", Value: coaching.No}))
	ok(t, s.EndSession(ctx, f.session.ID))
	p := prepOf(t, s, f, []coaching.Deal{f.deal}, func(p *coaching.Prep) {
		answerItem(p, 0, "fits-icp", coaching.Yes)         // manager: no → disagree
		answerItem(p, 0, "compelling-event", coaching.Yes) // manager: yes → agree
		answerItem(p, 0, "knows-decision-group", coaching.Unsure)
		answerItem(p, 0, "problem-in-own-words", coaching.NA) // manager never answers
	})
	must[PrepResult](t)(s.ImportPrep(ctx, "p.toml", p))
	from := base.Add(-time.Hour)
	if c := must[coaching.Calibration](t)(s.Calibration(ctx, f.rep.ID, from, time.Time{})); c.Answers != 0 || c.Share() != nil {
		t.Errorf("before the 1:1: %+v", c)
	}
	next := must[coaching.Session](t)(s.StartSession(ctx, f.rep.ID, coaching.OneOnOne, 30))
	r := must[coaching.Review](t)(s.AddReview(ctx, next.ID, f.deal.ID, "qualify", 0))
	for item, v := range map[string]coaching.Value{"fits-icp": coaching.No, "compelling-event": coaching.Yes, "knows-decision-group": coaching.Unsure} {
		ok(t, s.SaveAnswer(ctx, coaching.Answer{ReviewID: r.ID, Stage: "qualify", Item: item, Value: v}))
	}
	c := must[coaching.Calibration](t)(s.Calibration(ctx, f.rep.ID, from, time.Time{}))
	if c.Answers != 3 || c.Agreed != 2 {
		t.Errorf("calibration = %+v, want 3 answers, 2 agreed", c)
	}
	// Outside the window: nothing.
	if c := must[coaching.Calibration](t)(s.Calibration(ctx, f.rep.ID, base.Add(time.Hour), time.Time{})); c.Answers != 0 {
		t.Errorf("window after the import: %+v", c)
	}
}
