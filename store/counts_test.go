package store

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"dealcoach/coaching"
)

// randomHistory writes reps whose deals are reviewed in sessions on random
// days, some sharing a start to the second, with answers that change over
// time, to items the playbook has and to items and stages it no longer has.
func randomHistory(t *testing.T, s *Store, rng *rand.Rand) []coaching.Rep {
	t.Helper()
	pb := must[*coaching.Playbook](t)(s.Playbook(ctx))
	type item struct{ stage, key string }
	var items []item
	for _, g := range pb.Groups() {
		for _, it := range g.Items {
			items = append(items, item{g.Key, it.Key})
		}
	}
	// An item dropped from the playbook counts for its stage; one of a
	// dropped stage counts nowhere.
	items = append(items, item{pb.Stages[0].Key, "dropped-item"}, item{"dropped-stage", "gone"})
	values := []coaching.Value{coaching.Yes, coaching.No, coaching.Unsure, coaching.NA}
	ok(t, s.Load(ctx, func(l *Loader) error {
		for r := range 3 {
			rep, err := l.Rep(coaching.Rep{Name: fmt.Sprintf("Rep %d", r)})
			if err != nil {
				return err
			}
			deals := make([]int64, 2+rng.IntN(4))
			for d := range deals {
				if deals[d], err = l.Deal(coaching.Deal{RepID: rep, Name: fmt.Sprintf("Deal %d", d), Stage: pb.Stages[0].Key}); err != nil {
					return err
				}
			}
			var starts []time.Time
			for range 4 + rng.IntN(14) {
				start := base.Add(time.Duration(rng.IntN(220*24*3600)-200*24*3600) * time.Second)
				if len(starts) > 0 && rng.IntN(4) == 0 {
					start = starts[rng.IntN(len(starts))] // answers at the same second
				}
				starts = append(starts, start)
				sid, err := l.Session(coaching.Session{RepID: rep, Kind: coaching.OneOnOne, StartedAt: start, EndedAt: start.Add(time.Hour)})
				if err != nil {
					return err
				}
				for pos, d := range rng.Perm(len(deals))[:1+rng.IntN(len(deals))] {
					rid, err := l.Review(coaching.Review{SessionID: sid, DealID: deals[d], Stage: pb.Stages[0].Key, Position: pos, CreatedAt: start})
					if err != nil {
						return err
					}
					for _, i := range rng.Perm(len(items))[:1+rng.IntN(6)] {
						if err := l.Answer(coaching.Answer{ReviewID: rid, Stage: items[i].stage, Item: items[i].key,
							Value: values[rng.IntN(len(values))], AnsweredAt: start.Add(time.Duration(rng.IntN(3)) * time.Minute)}); err != nil {
							return err
						}
					}
				}
			}
		}
		return nil
	}))
	return must[[]coaching.Rep](t)(s.Reps(ctx))
}

// TestSummaryCountsMatchFacts is the property that the SQL counts score
// exactly as coaching scores the answers themselves (the query the
// summaries used before), for one rep and for the team, over random
// histories, windows of several lengths and clocks inside and after them.
func TestSummaryCountsMatchFacts(t *testing.T) {
	for seed := range uint64(25) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 13))
			s := openTest(t)
			reps := randomHistory(t, s, rng)
			pb := must[*coaching.Playbook](t)(s.Playbook(ctx))
			for _, days := range []int{1, 7, 30, 90, 365} {
				now := base.Add(-time.Duration(rng.Int64N(int64(120 * 24 * time.Hour))))
				before, from, to := coaching.SummaryWindows(now, days)
				team := must[map[int64][]coaching.Fact](t)(s.TeamFacts(ctx, before, time.Time{}))
				counts := must[map[int64]*Counts](t)(s.TeamSummaryCounts(ctx, before, from, to))
				alone := must[map[int64]*Counts](t)(s.TeamSummaryCounts(ctx, from, from, to))
				// The home screen's few reps: the same counts as the team's.
				few := must[map[int64]*Counts](t)(s.RepsSummaryCounts(ctx, []int64{reps[0].ID, reps[2].ID}, from, from, to))
				for _, id := range []int64{reps[0].ID, reps[2].ID} {
					if !reflect.DeepEqual(few[id], alone[id]) {
						t.Fatalf("rep %d: RepsSummaryCounts %+v, TeamSummaryCounts %+v", id, few[id], alone[id])
					}
				}
				if few[reps[1].ID] != nil {
					t.Fatalf("RepsSummaryCounts counted rep %d, not asked", reps[1].ID)
				}
				for _, r := range reps {
					facts := must[[]coaching.Fact](t)(s.Facts(ctx, r.ID, before, time.Time{}))
					want := coaching.Summarize(pb, r.Name, facts, now, days)
					c := must[Counts](t)(s.SummaryCounts(ctx, r.ID, before, from, to))
					last := must[[]coaching.Fact](t)(s.LastSessionFacts(ctx, r.ID, from, to))
					if got := coaching.SummarizeCounts(pb, r.Name, now, days, c.Now, c.Before, last); !reflect.DeepEqual(got, want) {
						t.Fatalf("%s, %d days to %s:\n got %+v\nwant %+v", r.Name, days, now, got, want)
					}
					teamWant := coaching.Summarize(pb, r.Name, team[r.ID], now, days)
					if !reflect.DeepEqual(teamWant, want) {
						t.Fatalf("%s: TeamFacts and Facts disagree", r.Name)
					}
					var tc Counts
					if counts[r.ID] != nil {
						tc = *counts[r.ID]
					}
					if got := coaching.SummarizeCounts(pb, r.Name, now, days, tc.Now, tc.Before, last); !reflect.DeepEqual(got, want) {
						t.Fatalf("team, %s, %d days to %s:\n got %+v\nwant %+v", r.Name, days, now, got, want)
					}
					// The heat map alone: the window without the one before.
					var ac Counts
					if alone[r.ID] != nil {
						ac = *alone[r.ID]
					}
					if len(ac.Before) > 0 {
						t.Fatalf("%s: a window alone has counts before it", r.Name)
					}
					if got := coaching.ScoreCounts(pb, ac.Now); !reflect.DeepEqual(got.Stages, want.Stages) {
						t.Fatalf("team window alone, %s: got %+v\nwant %+v", r.Name, got.Stages, want.Stages)
					}
				}
			}
		})
	}
}
