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
