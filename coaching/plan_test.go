package coaching

import (
	"math/rand"
	"reflect"
	"testing"
	"time"
)

func TestPlanReasons(t *testing.T) {
	pb := DefaultPlaybook()
	now := day(60)
	today := DateOf(now)
	recent := DealHistory{LastReviewed: now.AddDate(0, 0, -2)}
	// base is an open deal with nothing to flag: no amount, no close date,
	// fresh in its stage, reviewed two days ago.
	base := Deal{ID: 7, Name: "Acme renewal", Stage: "propose", Status: StatusOpen, StageSince: now.AddDate(0, 0, -3)}
	with := func(change func(*Deal)) Deal {
		d := base
		change(&d)
		return d
	}
	tests := []struct {
		name    string
		deal    Deal
		hist    DealHistory
		reasons []string
	}{
		{"nothing to flag", base, recent, nil},
		{"stalled", with(func(d *Deal) { d.StageSince = now.AddDate(0, 0, -40) }), recent,
			[]string{"stalled 40 days in Propose (expected 21)"}},
		{"at the expected days is not stalled", with(func(d *Deal) { d.StageSince = now.AddDate(0, 0, -21) }), recent, nil},
		{"stalled by the snapshots when the stage start is unknown", with(func(d *Deal) { d.StageSince = time.Time{} }),
			DealHistory{LastReviewed: recent.LastReviewed, Changes: Changes{DaysInStage: 30}},
			[]string{"stalled 30 days in Propose (expected 21)"}},
		{"stage not in the playbook", with(func(d *Deal) { d.Stage = "pilot"; d.StageSince = now.AddDate(0, 0, -400) }), recent, nil},
		{"close date passed", with(func(d *Deal) { d.CloseDate = today.AddDays(-3) }), recent, []string{"close date passed 3 days ago"}},
		{"close date passed yesterday", with(func(d *Deal) { d.CloseDate = today.AddDays(-1) }), recent, []string{"close date passed 1 day ago"}},
		{"closes today", with(func(d *Deal) { d.CloseDate = today }), recent, []string{"closes today"}},
		{"closes tomorrow", with(func(d *Deal) { d.CloseDate = today.AddDays(1) }), recent, []string{"closes tomorrow"}},
		{"closes in 6 days", with(func(d *Deal) { d.CloseDate = today.AddDays(6) }), recent, []string{"closes in 6 days"}},
		{"closes in 14 days", with(func(d *Deal) { d.CloseDate = today.AddDays(14) }), recent, []string{"closes in 14 days"}},
		{"closes in 15 days is not soon", with(func(d *Deal) { d.CloseDate = today.AddDays(15) }), recent, nil},
		{"pushed once", base, DealHistory{LastReviewed: recent.LastReviewed, ClosePushes: 1}, []string{"close date pushed once"}},
		{"pushed twice", base, DealHistory{LastReviewed: recent.LastReviewed, ClosePushes: 2}, []string{"close date pushed 2×"}},
		{"pushed since the last review", base, DealHistory{LastReviewed: recent.LastReviewed, Changes: Changes{ClosePushes: 3}},
			[]string{"close date pushed 3×"}},
		{"never reviewed", base, DealHistory{}, []string{"never reviewed"}},
		{"not reviewed in 45 days", base, DealHistory{LastReviewed: now.AddDate(0, 0, -45)}, []string{"not reviewed in 45 days"}},
		{"reviewed 29 days ago", base, DealHistory{LastReviewed: now.AddDate(0, 0, -29)}, nil},
		{"largest", with(func(d *Deal) { d.Amount = 100 }), recent, []string{"largest open deal"}},
		{"everything, most urgent first",
			with(func(d *Deal) { d.Amount = 100; d.CloseDate = today.AddDays(-3); d.StageSince = now.AddDate(0, 0, -40) }),
			DealHistory{ClosePushes: 2},
			[]string{"close date passed 3 days ago", "stalled 40 days in Propose (expected 21)", "close date pushed 2×", "never reviewed", "largest open deal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all := PlanAll(pb, []Deal{tt.deal}, map[int64]DealHistory{tt.deal.ID: tt.hist}, now, 30, 5)
			if len(all) != 1 {
				t.Fatalf("%d suggestions, want 1", len(all))
			}
			s := all[0]
			if !reflect.DeepEqual(s.Reasons, tt.reasons) {
				t.Errorf("reasons = %q, want %q", s.Reasons, tt.reasons)
			}
			if flagged := len(tt.reasons) > 0; (s.Score > 0) != flagged || s.Selected != flagged {
				t.Errorf("score %v, selected %v, with reasons %q", s.Score, s.Selected, s.Reasons)
			}
			if s.Minutes != MinutesPerDeal {
				t.Errorf("minutes = %d", s.Minutes)
			}
		})
	}
}

// planFixture is a rep's pipeline: deal IDs say the expected rank.
func planFixture(now time.Time) ([]Deal, map[int64]DealHistory) {
	today := DateOf(now)
	reviewed := DealHistory{LastReviewed: now.AddDate(0, 0, -3)}
	deals := []Deal{
		{ID: 1, Stage: "propose", Status: StatusOpen, Amount: 50000_00, CloseDate: today.AddDays(-5), StageSince: now.AddDate(0, 0, -60)},
		{ID: 2, Stage: "negotiate", Status: StatusOpen, Amount: 90000_00, CloseDate: today.AddDays(4)},
		{ID: 3, Stage: "qualify", Status: StatusOpen, Amount: 10000_00},
		{ID: 4, Stage: "discover", Status: StatusOpen, Amount: 20000_00},
		{ID: 5, Stage: "discover", Status: StatusOpen, Amount: 10000_00},
		{ID: 6, Stage: "validate", Status: StatusOpen, Amount: 5000_00},
		{ID: 7, Stage: "validate", Status: StatusOpen, Amount: 4000_00},
		{ID: 8, Stage: "qualify", Status: StatusOpen, Amount: 3000_00},
		{ID: 90, Stage: "negotiate", Status: StatusWon, Amount: 900000_00, CloseDate: today.AddDays(-1)},
		{ID: 91, Stage: "propose", Status: StatusLost, Amount: 1000_00},
	}
	hist := map[int64]DealHistory{
		1: {LastReviewed: now.AddDate(0, 0, -10), ClosePushes: 2},
		2: reviewed,
		// 3 and 4: never reviewed; 4 is larger.
		5: {LastReviewed: now.AddDate(0, 0, -40)},
		6: reviewed, 7: reviewed, 8: reviewed,
	}
	return deals, hist
}

func ids(ss []Suggestion) []int64 {
	var out []int64
	for _, s := range ss {
		out = append(out, s.Deal.ID)
	}
	return out
}

func TestPlanSession(t *testing.T) {
	pb := DefaultPlaybook()
	now := day(60)
	deals, hist := planFixture(now)
	tests := []struct {
		name     string
		budget   int
		maxDeals int
		want     []int64
	}{
		{"budget fits three", 20, 10, []int64{1, 2, 4}},
		{"max deals", 60, 2, []int64{1, 2}},
		{"budget below one deal", 5, 10, nil},
		{"no limits: every deal with a reason", 0, 0, []int64{1, 2, 4, 3, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PlanSession(pb, deals, hist, now, tt.budget, tt.maxDeals)
			if !reflect.DeepEqual(ids(got), tt.want) {
				t.Errorf("deals = %v, want %v", ids(got), tt.want)
				for _, s := range PlanAll(pb, deals, hist, now, 0, 0) {
					t.Logf("%d %.2f %q", s.Deal.ID, s.Score, s.Reasons)
				}
			}
			minutes := 0
			for _, s := range got {
				minutes += s.Minutes
				if !s.Selected {
					t.Errorf("deal %d returned but not selected", s.Deal.ID)
				}
			}
			if tt.budget > 0 && minutes > tt.budget {
				t.Errorf("%d minutes planned in a %d-minute budget", minutes, tt.budget)
			}
		})
	}
}

func TestPlanAll(t *testing.T) {
	pb := DefaultPlaybook()
	now := day(60)
	deals, hist := planFixture(now)
	all := PlanAll(pb, deals, hist, now, 12, 10)
	// Selected first, then the rest by score, then amount: closed deals never.
	if want := []int64{1, 2, 4, 3, 5, 6, 7, 8}; !reflect.DeepEqual(ids(all), want) {
		t.Errorf("order = %v, want %v", ids(all), want)
	}
	for i, s := range all {
		if s.Selected != (i < 2) {
			t.Errorf("deal %d selected = %v", s.Deal.ID, s.Selected)
		}
	}
	if want := []string{"largest open deal"}; !reflect.DeepEqual(all[1].Reasons[len(all[1].Reasons)-1:], want) {
		t.Errorf("deal 2 reasons = %q", all[1].Reasons)
	}
	// Eight open deals: the two largest are flagged, no more; closed ones
	// do not count.
	if want := []string{"close date passed 5 days ago", "stalled 60 days in Propose (expected 21)", "close date pushed 2×", "2nd largest open deal"}; !reflect.DeepEqual(all[0].Reasons, want) {
		t.Errorf("deal 1 reasons = %q", all[0].Reasons)
	}
	// Equal reasons: the larger deal first.
	if want := []string{"never reviewed"}; !reflect.DeepEqual(all[2].Reasons, want) || !reflect.DeepEqual(all[3].Reasons, want) {
		t.Errorf("deals 4, 3 reasons = %q, %q", all[2].Reasons, all[3].Reasons)
	}

	// The input order does not matter, nor do ties in score.
	tied := []Deal{
		{ID: 12, Stage: "qualify", Status: StatusOpen, Amount: 100},
		{ID: 11, Stage: "qualify", Status: StatusOpen, Amount: 100},
		{ID: 10, Stage: "qualify", Status: StatusOpen, Amount: 200},
		{ID: 13, Stage: "qualify", Status: StatusOpen, Amount: 100},
	}
	deals = append(deals, tied...)
	want := ids(PlanAll(pb, deals, hist, now, 30, 4))
	r := rand.New(rand.NewSource(1))
	for range 20 {
		r.Shuffle(len(deals), func(i, j int) { deals[i], deals[j] = deals[j], deals[i] })
		if got := ids(PlanAll(pb, deals, hist, now, 30, 4)); !reflect.DeepEqual(got, want) {
			t.Fatalf("order changed with input order: %v, want %v", got, want)
		}
	}
}

func TestHistoryOf(t *testing.T) {
	pb := DefaultPlaybook()
	day := func(d int) time.Time { return time.Date(2026, 11, d, 12, 0, 0, 0, time.UTC) }
	snaps := []Snapshot{
		{TakenAt: day(1), Stage: "propose", CloseDate: NewDate(2026, 12, 1)},
		{TakenAt: day(5), Stage: "propose", CloseDate: NewDate(2026, 12, 10)},
		{TakenAt: day(20), Stage: "propose", CloseDate: NewDate(2026, 12, 20)},
	}
	h := HistoryOf(pb, snaps, day(10), day(26))
	// Two pushes in all, one of them since the review on the 10th.
	if h.ClosePushes != 2 || h.Changes.ClosePushes != 1 || !h.LastReviewed.Equal(day(10)) {
		t.Fatalf("HistoryOf = %+v", h)
	}
	if h := HistoryOf(pb, nil, time.Time{}, day(26)); h.ClosePushes != 0 || h.Changes.Changed() {
		t.Fatalf("no snapshots: %+v", h)
	}
}

// TestPlanCoaches: what a deal coaches ranks it above deal risk, and its
// reasons come before the risk's.
func TestPlanCoaches(t *testing.T) {
	pb := DefaultPlaybook()
	now := day(60)
	// A rep answering well everywhere but Propose: Propose is the weakest
	// stage, with enough answers.
	var facts []Fact
	answer := func(deal int64, stage, item string, v Value) {
		facts = append(facts, Fact{DealID: deal, Stage: stage, Item: item, Value: v, AnsweredAt: now.AddDate(0, 0, -5)})
	}
	for _, it := range []string{"problem-in-own-words", "fits-icp", "compelling-event"} {
		answer(100, "qualify", it, Yes)
	}
	for _, it := range []string{"met-economic-buyer", "business-case-reviewed", "budget-confirmed"} {
		answer(101, "propose", it, No)
	}
	answer(101, "propose", "proposal-walked-live", Yes)
	sum := Summarize(pb, "Jonas", facts, now, DefaultWindowDays)
	targets := NewTargets(pb, sum, "Multi-threading")
	if !targets.HasWeak || targets.Weak.Key != "propose" {
		t.Fatalf("weakest = %+v (%v), want propose", targets.Weak, targets.HasWeak)
	}

	deals, hist := planFixture(now)
	// Deal 20 is in Propose with nothing at risk; deal 21 is in Discover,
	// where Multi-threading is asked ("two stakeholders?"), and quiet too.
	deals = append(deals,
		Deal{ID: 20, Stage: "propose", Status: StatusOpen, Amount: 1000_00},
		Deal{ID: 21, Stage: "discover", Status: StatusOpen, Amount: 1000_00})
	hist[20] = DealHistory{LastReviewed: now.AddDate(0, 0, -3)}
	hist[21] = DealHistory{LastReviewed: now.AddDate(0, 0, -3)}
	reasons := func(all []Suggestion, id int64) []string {
		for _, s := range all {
			if s.Deal.ID == id {
				return s.Reasons
			}
		}
		t.Fatalf("deal %d not planned", id)
		return nil
	}

	all := PlanAllFor(pb, deals, hist, PlanCoaching{Targets: targets}, now, 18, 10)
	// Propose deals first (1 also at risk, then 20), then the deals that
	// test the focus (Qualify, Discover, Validate) by risk, then amount;
	// Negotiate (2) coaches nothing, for all its risk.
	if want := []int64{1, 20, 4, 3, 5, 6, 7, 8, 21, 2}; !reflect.DeepEqual(ids(all), want) {
		for _, s := range all {
			t.Logf("%d %.1f %.2f %q", s.Deal.ID, s.Coaching, s.Score, s.Reasons)
		}
		t.Fatalf("order = %v, want %v", ids(all), want)
	}
	if want := []int64{1, 20, 4}; !reflect.DeepEqual(ids(PlanSession(pb, deals, hist, now, 18, 10)), []int64{1, 2, 4}) ||
		!reflect.DeepEqual(ids(all[:3]), want) || !all[2].Selected || all[3].Selected {
		t.Errorf("the time box of 18 minutes should select %v", want)
	}
	if got, want := reasons(all, 20), []string{"in Propose, your weakest stage"}; !reflect.DeepEqual(got, want) {
		t.Errorf("deal 20 reasons = %q, want %q", got, want)
	}
	if got, want := reasons(all, 21), []string{"tests the focus skill"}; !reflect.DeepEqual(got, want) {
		t.Errorf("deal 21 reasons = %q, want %q", got, want)
	}
	// Deal risk stays, below what the deal coaches.
	if got, want := reasons(all, 1), []string{"in Propose, your weakest stage", "close date passed 5 days ago",
		"stalled 60 days in Propose (expected 21)", "close date pushed 2×", "2nd largest open deal"}; !reflect.DeepEqual(got, want) {
		t.Errorf("deal 1 reasons = %q, want %q", got, want)
	}
	if got := reasons(all, 2); len(got) == 0 || got[0] != "closes in 4 days" {
		t.Errorf("deal 2 keeps its risk reasons: %q", got)
	}

	// The rep's pick ranks top, whatever its stage and risk.
	all = PlanAllFor(pb, deals, hist, PlanCoaching{Targets: targets, RepPick: 7}, now, 18, 10)
	if all[0].Deal.ID != 7 || !all[0].Selected {
		t.Fatalf("the rep's pick (7) should come first, selected: %v", ids(all))
	}
	if got, want := all[0].Reasons, []string{"the rep's pick", "tests the focus skill"}; !reflect.DeepEqual(got, want) {
		t.Errorf("deal 7 reasons = %q, want %q", got, want)
	}
	// A focus the manager typed (no playbook skill) tests no deal.
	typed := NewTargets(pb, sum, "Listening more")
	if got := reasons(PlanAllFor(pb, deals, hist, PlanCoaching{Targets: typed}, now, 18, 10), 21); got != nil {
		t.Errorf("a typed focus gives deal 21 reasons %q", got)
	}
}
