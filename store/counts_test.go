package store

import (
	"context"
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
// load is s.Load or s.LoadMany.
func randomHistory(t *testing.T, s *Store, rng *rand.Rand, load func(context.Context, func(*Loader) error) error) []coaching.Rep {
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
	ok(t, load(ctx, func(l *Loader) error {
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
// Half the histories are written answer by answer (the triggers keep
// next_at), half by LoadMany (next_at filled at the end).
func TestSummaryCountsMatchFacts(t *testing.T) {
	for seed := range uint64(25) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 13))
			s := openTest(t)
			load := s.Load
			if seed%2 == 1 {
				load = s.LoadMany
			}
			reps := randomHistory(t, s, rng, load)
			checkNextAt(t, s)
			checkSummaryCounts(t, s, rng, reps)
		})
	}
}

// TestNextAtFollowsEdits edits random histories the ways the app does —
// re-answers at other times and values, cleared answers, reviews, sessions
// and deals deleted (answers go by ON DELETE CASCADE) — and checks after
// each batch that next_at is what a fresh fill gives and that the counts
// still score as the answers do.
func TestNextAtFollowsEdits(t *testing.T) {
	values := []coaching.Value{coaching.Yes, coaching.No, coaching.Unsure, coaching.NA}
	for seed := range uint64(12) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 14))
			s := openTest(t)
			reps := randomHistory(t, s, rng, s.Load)
			for range 4 {
				type answer struct {
					review int64
					stage  string
					item   string
					at     int64
				}
				rows, err := s.DB().Query("SELECT review_id, stage, item, answered_at FROM answers")
				ok(t, err)
				all, err := collect(rows, func(r scanner) (answer, error) {
					var a answer
					return a, r.Scan(&a.review, &a.stage, &a.item, &a.at)
				})
				ok(t, err)
				for range 30 {
					a := all[rng.IntN(len(all))]
					at := time.Unix(a.at, 0)
					switch rng.IntN(3) {
					case 0: // the same second: only the value moves in the order
					case 1:
						at = at.Add(time.Duration(rng.IntN(7200)-3600) * time.Second)
					default:
						at = at.Add(time.Duration(rng.IntN(60)-30) * 24 * time.Hour)
					}
					ok(t, s.SaveAnswer(ctx, coaching.Answer{ReviewID: a.review, Stage: a.stage, Item: a.item, Value: values[rng.IntN(4)], AnsweredAt: at}))
				}
				for range 3 {
					a := all[rng.IntN(len(all))]
					ok(t, s.ClearAnswer(ctx, a.review, a.item))
				}
				for _, del := range []string{
					"DELETE FROM reviews WHERE id = (SELECT id FROM reviews ORDER BY random() LIMIT 1)",
					"DELETE FROM sessions WHERE id = (SELECT id FROM sessions ORDER BY random() LIMIT 1)",
					"DELETE FROM deals WHERE id = (SELECT id FROM deals ORDER BY random() LIMIT 1)",
				} {
					if rng.IntN(2) == 0 {
						_, err := s.DB().Exec(del)
						ok(t, err)
					}
				}
				checkNextAt(t, s)
				checkSummaryCounts(t, s, rng, reps)
			}
		})
	}
}

// checkNextAt fails unless every answer's next_at is the one refillNextAt
// would set.
func checkNextAt(t *testing.T, s *Store) {
	t.Helper()
	var wrong, total int
	ok(t, s.DB().QueryRow(`SELECT count(*) FILTER (WHERE a.next_at IS NOT l.n), count(*) FROM answers a JOIN (
  SELECT review_id, item, lead(answered_at) OVER (
    PARTITION BY deal_id, item ORDER BY answered_at, stage, value, review_id) AS n FROM answers) l
  ON l.review_id = a.review_id AND l.item = a.item`).Scan(&wrong, &total))
	if wrong > 0 || total == 0 {
		t.Fatalf("%d of %d answers have a wrong next_at", wrong, total)
	}
}

// checkSummaryCounts compares the counts with scoring the facts, for each rep and
// the team, over windows of several lengths.
func checkSummaryCounts(t *testing.T, s *Store, rng *rand.Rand, reps []coaching.Rep) {
	t.Helper()
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
}
