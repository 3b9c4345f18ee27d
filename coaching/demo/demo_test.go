package demo

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"dealcoach/coaching"
)

var testNow = time.Date(2026, time.March, 12, 15, 4, 5, 0, time.UTC)

// recorder is a Sink that keeps every row as text, with ids counted per
// table like SQLite's rowids.
type recorder struct {
	lines    []string
	reps     []coaching.Rep
	deals    []coaching.Deal
	sessions []coaching.Session
	reviews  []coaching.Review
	answers  []coaching.Answer
	actions  []coaching.Action
	debriefs []coaching.Debrief
	snaps    []coaching.Snapshot
}

func (r *recorder) log(kind string, v any) { r.lines = append(r.lines, fmt.Sprintf("%s %+v", kind, v)) }

func (r *recorder) Rep(v coaching.Rep) (int64, error) {
	r.reps = append(r.reps, v)
	r.log("rep", v)
	return int64(len(r.reps)), nil
}

func (r *recorder) Deal(v coaching.Deal) (int64, error) {
	r.deals = append(r.deals, v)
	r.log("deal", v)
	return int64(len(r.deals)), nil
}

func (r *recorder) Session(v coaching.Session) (int64, error) {
	r.sessions = append(r.sessions, v)
	r.log("session", v)
	return int64(len(r.sessions)), nil
}

func (r *recorder) Review(v coaching.Review) (int64, error) {
	r.reviews = append(r.reviews, v)
	r.log("review", v)
	return int64(len(r.reviews)), nil
}

func (r *recorder) Answer(v coaching.Answer) error {
	r.answers = append(r.answers, v)
	r.log("answer", v)
	return nil
}

func (r *recorder) Action(v coaching.Action) (int64, error) {
	r.actions = append(r.actions, v)
	r.log("action", v)
	return int64(len(r.actions)), nil
}

func (r *recorder) Debrief(v coaching.Debrief) error {
	r.debriefs = append(r.debriefs, v)
	r.log("debrief", v)
	return nil
}

func (r *recorder) Snapshot(v coaching.Snapshot) error {
	r.snaps = append(r.snaps, v)
	r.log("snapshot", v)
	return nil
}

func generate(t *testing.T, cfg Config) *recorder {
	t.Helper()
	var rec recorder
	if cfg.Now.IsZero() {
		cfg.Now = testNow
	}
	if err := Generate(cfg, coaching.DefaultPlaybook(), &rec); err != nil {
		t.Fatal(err)
	}
	return &rec
}

func TestDeterministic(t *testing.T) {
	a := generate(t, Config{})
	b := generate(t, Config{})
	if len(a.lines) != len(b.lines) {
		t.Fatalf("runs differ in length: %d and %d rows", len(a.lines), len(b.lines))
	}
	for i := range a.lines {
		if a.lines[i] != b.lines[i] {
			t.Fatalf("row %d differs:\n%s\n%s", i, a.lines[i], b.lines[i])
		}
	}
	c := generate(t, Config{Seed: 2})
	if strings.Join(a.lines, "\n") == strings.Join(c.lines, "\n") {
		t.Error("seed 2 gave the same data as seed 1")
	}
}

func TestRepDoesNotDependOnTeamSize(t *testing.T) {
	small := generate(t, Config{Reps: 1})
	big := generate(t, Config{Reps: 3})
	for i, line := range small.lines {
		if big.lines[i] != line {
			t.Fatalf("row %d of rep 1 changed with team size:\n%s\n%s", i, line, big.lines[i])
		}
	}
}

func TestCounts(t *testing.T) {
	rec := generate(t, Config{Reps: 4, DealsPerRep: 20, SessionsPerRep: 10})
	if len(rec.reps) != 4 || len(rec.deals) != 80 || len(rec.sessions) != 40 {
		t.Fatalf("got %d reps, %d deals, %d sessions; want 4, 80, 40", len(rec.reps), len(rec.deals), len(rec.sessions))
	}
	def := generate(t, Config{})
	if len(def.reps) != DefaultReps || len(def.deals) != DefaultReps*DefaultDealsPerRep || len(def.sessions) != DefaultReps*DefaultSessionsPerRep {
		t.Fatalf("defaults: got %d reps, %d deals, %d sessions", len(def.reps), len(def.deals), len(def.sessions))
	}
	names := map[string]bool{}
	for _, r := range def.reps {
		if names[r.Name] {
			t.Errorf("rep name %q twice", r.Name)
		}
		names[r.Name] = true
	}
	if def.reps[0].Name != "Dana Ruiz" || def.reps[1].Name != "Sam Okafor" {
		t.Errorf("first reps are %q, %q", def.reps[0].Name, def.reps[1].Name)
	}
}

func TestRepNamesDistinct(t *testing.T) {
	seen := map[string]int{}
	for i := range 3 * len(firstNames) * len(lastNames) {
		n := repName(i)
		if j, ok := seen[n]; ok {
			t.Fatalf("reps %d and %d are both %q", j, i, n)
		}
		seen[n] = i
	}
}

func TestRowsAreConsistent(t *testing.T) {
	rec := generate(t, Config{})
	pb := coaching.DefaultPlaybook()
	now := testNow

	stagesOfDeals := map[string]int{}
	statuses := map[coaching.DealStatus]int{}
	stalled, past, pushed := 0, 0, 0
	for _, d := range rec.deals {
		stagesOfDeals[d.Stage]++
		statuses[d.Status]++
		if d.Amount < 5_000_00 || d.Amount > 400_000_00 {
			t.Errorf("deal %q: amount %d cents out of range", d.Name, d.Amount)
		}
		if !strings.Contains(d.Name, d.Account+" – ") {
			t.Errorf("deal name %q does not start with its account %q", d.Name, d.Account)
		}
		if d.CreatedAt.After(d.StageSince) {
			t.Errorf("deal %q created after it entered its stage", d.Name)
		}
		if d.Status == coaching.StatusOpen {
			s, _ := pb.Stage(d.Stage)
			if d.DaysInStage(now) > s.ExpectedDays {
				stalled++
			}
			if d.CloseDate.DaysUntil(now) < 0 {
				past++
			}
		}
	}
	for _, s := range pb.Stages {
		if stagesOfDeals[s.Key] == 0 {
			t.Errorf("no deal in stage %q", s.Key)
		}
	}
	if statuses[coaching.StatusWon] == 0 || statuses[coaching.StatusLost] == 0 || statuses[coaching.StatusOpen] == 0 {
		t.Errorf("statuses: %v", statuses)
	}
	if stalled == 0 || past == 0 {
		t.Errorf("%d stalled and %d past-close deals; want some of each", stalled, past)
	}
	closeAt := map[int64]coaching.Date{}
	for _, s := range rec.snaps {
		if prev, ok := closeAt[s.DealID]; ok && prev.Before(s.CloseDate) {
			pushed++
		}
		closeAt[s.DealID] = s.CloseDate
	}
	if pushed == 0 {
		t.Error("no deal had its close date pushed")
	}

	// Sessions: newest within two weeks, never in the future; reviews of
	// deals that existed, on the rep's own deals.
	newest := time.Time{}
	reviewedStages := map[string]bool{}
	for _, s := range rec.sessions {
		if s.StartedAt.After(now) {
			t.Errorf("session in the future: %v", s.StartedAt)
		}
		if s.StartedAt.After(newest) {
			newest = s.StartedAt
		}
	}
	if now.Sub(newest) > 14*24*time.Hour {
		t.Errorf("newest session %v is more than two weeks old", newest)
	}
	perSession := map[int64]int{}
	for _, r := range rec.reviews {
		s := rec.sessions[r.SessionID-1]
		d := rec.deals[r.DealID-1]
		if d.RepID != s.RepID {
			t.Errorf("session of rep %d reviews a deal of rep %d", s.RepID, d.RepID)
		}
		if r.CreatedAt.Before(d.CreatedAt) {
			t.Errorf("deal %q reviewed before it was created", d.Name)
		}
		reviewedStages[r.Stage] = true
		if s.Kind == coaching.OneOnOne {
			perSession[r.SessionID]++
		}
	}
	for id, n := range perSession {
		if n < 3 || n > 5 {
			t.Errorf("session %d reviews %d deals, want 3 to 5", id, n)
		}
	}
	for _, s := range pb.Stages {
		if !reviewedStages[s.Key] {
			t.Errorf("no review in stage %q", s.Key)
		}
	}

	// Answers cover the review's stage items and the every items.
	byReview := map[int64]map[string]bool{}
	evidence := 0
	for _, a := range rec.answers {
		if byReview[a.ReviewID] == nil {
			byReview[a.ReviewID] = map[string]bool{}
		}
		byReview[a.ReviewID][a.Item] = true
		if _, stage, ok := pb.Item(a.Item); !ok || stage != a.Stage {
			t.Errorf("answer to %q filed under stage %q", a.Item, a.Stage)
		}
		if a.Evidence != "" {
			evidence++
		}
	}
	for i, r := range rec.reviews {
		if rec.sessions[r.SessionID-1].Kind != coaching.OneOnOne {
			continue
		}
		st, _ := pb.Stage(r.Stage)
		for _, it := range append(st.Items, pb.Every.Items...) {
			if !byReview[int64(i+1)][it.Key] {
				t.Errorf("review %d (%s) lacks an answer to %q", i+1, r.Stage, it.Key)
			}
		}
	}
	if evidence == 0 {
		t.Error("no answer has evidence")
	}

	// Next steps: both owners, some settled, the latest 1:1's still open.
	owners := map[coaching.Owner]int{}
	statusOf := map[coaching.ActionStatus]int{}
	for _, a := range rec.actions {
		owners[a.Owner]++
		statusOf[a.Status]++
		if (a.Status == coaching.ActionOpen) != (a.ReviewedIn == 0) {
			t.Errorf("action %+v: open iff not reviewed", a)
		}
	}
	if owners[coaching.OwnerManager] == 0 || owners[coaching.OwnerRep] == 0 {
		t.Errorf("owners: %v", owners)
	}
	for _, st := range []coaching.ActionStatus{coaching.ActionOpen, coaching.ActionDone, coaching.ActionDropped} {
		if statusOf[st] == 0 {
			t.Errorf("no action %s: %v", st, statusOf)
		}
	}
}

func TestRideAlongs(t *testing.T) {
	rec := generate(t, Config{})
	lead, unfinished, finished := 0, 0, 0
	for _, d := range rec.debriefs {
		s := rec.sessions[d.SessionID-1]
		if s.Kind != coaching.RideAlong {
			t.Errorf("debrief on a %s session", s.Kind)
		}
		if d.Objective == "" || d.ManagerRole == "" {
			t.Errorf("debrief without its before half: %+v", d)
		}
		if d.ManagerRole == coaching.RoleLead {
			lead++
		}
		switch {
		case d.Outcome == "" && !s.Ended():
			unfinished++
		case d.Outcome != "" && d.WentWell != "" && s.Ended():
			finished++
		default:
			t.Errorf("debrief half filled but session ended=%v: %+v", s.Ended(), d)
		}
	}
	if lead != 1 || unfinished != 1 || finished < 2 {
		t.Errorf("%d lead, %d unfinished, %d finished ride-alongs; want 1, 1, ≥2", lead, unfinished, finished)
	}
}

// TestProfiles checks the point of the sample team: a stage that is weak
// for one rep is strong for another.
func TestProfiles(t *testing.T) {
	rec := generate(t, Config{})
	pb := coaching.DefaultPlaybook()
	facts := map[int64][]coaching.Fact{}
	for _, a := range rec.answers {
		rv := rec.reviews[a.ReviewID-1]
		rep := rec.deals[rv.DealID-1].RepID
		facts[rep] = append(facts[rep], coaching.Fact{DealID: rv.DealID, Stage: a.Stage, Item: a.Item, Value: a.Value, AnsweredAt: a.AnsweredAt})
	}
	var sums []coaching.Summary
	for i, r := range rec.reps {
		sums = append(sums, coaching.Summarize(pb, r.Name, facts[int64(i+1)], testNow, 90))
	}
	dana := sums[0]
	if st, _ := dana.Stage("propose"); !st.Weak {
		t.Errorf("Dana's propose is not weak: %+v", st)
	}
	if st, _ := dana.Stage("qualify"); !st.Enough || st.Weak {
		t.Errorf("Dana's qualify is not strong: %+v", st)
	}
	found := false
	for _, weakRep := range sums {
		for _, key := range weakRep.WeakStages {
			for _, other := range sums {
				if st, _ := other.Stage(key); st.Enough && *st.Strength >= 0.75 {
					found = true
				}
			}
		}
	}
	if !found {
		t.Error("no stage is weak for one rep and strong for another")
	}
	weakReps := 0
	for _, s := range sums {
		if len(s.WeakStages) > 0 {
			weakReps++
		}
	}
	if weakReps < 3 {
		t.Errorf("only %d reps have a weak stage", weakReps)
	}
}

func TestConfigErrors(t *testing.T) {
	var rec recorder
	if err := Generate(Config{}, coaching.DefaultPlaybook(), &rec); err == nil {
		t.Error("no error without Now")
	}
	if err := Generate(Config{Now: testNow, Reps: -1}, coaching.DefaultPlaybook(), &rec); err == nil {
		t.Error("no error for negative reps")
	}
	if len(rec.lines) != 0 {
		t.Error("rows written despite the error")
	}
}

// discard is a Sink that keeps nothing, to measure the generator alone.
type discard struct{ n int64 }

func (d *discard) Rep(coaching.Rep) (int64, error)         { d.n++; return d.n, nil }
func (d *discard) Deal(coaching.Deal) (int64, error)       { d.n++; return d.n, nil }
func (d *discard) Session(coaching.Session) (int64, error) { d.n++; return d.n, nil }
func (d *discard) Review(coaching.Review) (int64, error)   { d.n++; return d.n, nil }
func (d *discard) Answer(coaching.Answer) error            { return nil }
func (d *discard) Action(coaching.Action) (int64, error)   { d.n++; return d.n, nil }
func (d *discard) Debrief(coaching.Debrief) error          { return nil }
func (d *discard) Snapshot(coaching.Snapshot) error        { return nil }

// BenchmarkGenerateL measures the generator's share of writing data set L.
func BenchmarkGenerateL(b *testing.B) {
	pb := coaching.DefaultPlaybook()
	for b.Loop() {
		var c Counts
		if err := Generate(Config{Reps: 200, DealsPerRep: 100, SessionsPerRep: 150, Now: testNow}, pb, Counting(&discard{}, &c)); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(c.Answers), "answers")
	}
}

// TestFocusThread: a rep's focus is a playbook skill, kept for a few 1:1s
// and reviewed in the next one, as a manager coaches (DESIGN §10).
func TestFocusThread(t *testing.T) {
	rec := generate(t, Config{})
	pb := coaching.DefaultPlaybook()
	byRep := map[int64][]coaching.Session{}
	for _, s := range rec.sessions {
		if s.Kind == coaching.OneOnOne {
			byRep[s.RepID] = append(byRep[s.RepID], s)
		}
	}
	kept, changed := 0, 0
	for rep, ss := range byRep {
		for i, s := range ss {
			if _, ok := pb.Skill(s.FocusSkill); !ok {
				t.Errorf("rep %d: focus %q is not a skill of the playbook", rep, s.FocusSkill)
			}
			if i == 0 {
				if s.FocusReviewed != "" || s.FocusPractised != "" {
					t.Errorf("rep %d: the first 1:1 reviews a focus: %+v", rep, s)
				}
				continue
			}
			prev := ss[i-1].FocusSkill
			if s.FocusReviewed != prev || s.FocusPractised == "" || s.FocusEvidence == "" {
				t.Errorf("rep %d, 1:1 %d: reviewed %q (%q), want the focus before, %q, answered", rep, i, s.FocusReviewed, s.FocusPractised, prev)
			}
			if s.FocusSkill == prev {
				kept++
			} else {
				changed++
			}
		}
	}
	if kept <= changed || changed == 0 {
		t.Errorf("focus kept %d times, changed %d: want it mostly kept, sometimes changed", kept, changed)
	}
}
