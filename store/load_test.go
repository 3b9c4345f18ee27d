package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dealcoach/coaching"
)

// team is the size of a generated sample team.
type team struct{ reps, dealsPerRep, sessionsPerRep int }

// sizeL is DESIGN §9's benchmark data set: 20,000 deals, 30,000 sessions,
// about a million answers.
var sizeL = team{reps: 200, dealsPerRep: 100, sessionsPerRep: 150}

// loadTeam writes a deterministic team through the Loader: weekly sessions
// going back from base, each reviewing five deals with their stage's and the
// every-deal items answered, two next steps, and a debrief for ride-alongs.
func loadTeam(tb testing.TB, s *Store, size team) {
	tb.Helper()
	pb := coaching.DefaultPlaybook()
	rng := rand.New(rand.NewPCG(1, 2))
	values := []coaching.Value{coaching.Yes, coaching.Yes, coaching.Yes, coaching.No, coaching.Unsure, coaching.NA}
	err := s.Load(ctx, func(l *Loader) error {
		for r := range size.reps {
			rep, err := l.Rep(coaching.Rep{Name: fmt.Sprintf("Rep %03d", r)})
			if err != nil {
				return err
			}
			deals := make([]int64, size.dealsPerRep)
			stages := make([]string, size.dealsPerRep)
			for d := range deals {
				stages[d] = pb.Stages[rng.IntN(len(pb.Stages))].Key
				status := coaching.StatusOpen
				if rng.IntN(4) == 0 {
					status = coaching.StatusWon
				}
				if deals[d], err = l.Deal(coaching.Deal{RepID: rep, Name: fmt.Sprintf("Deal %d-%d", r, d), Account: fmt.Sprintf("Account %d", d),
					Stage: stages[d], Status: status, Amount: int64(rng.IntN(100_000)) * 100, CloseDate: coaching.DateOf(base).AddDays(rng.IntN(180) - 30),
					CreatedAt: base.AddDate(-3, 0, 0)}); err != nil {
					return err
				}
				if err := l.Snapshot(coaching.Snapshot{DealID: deals[d], TakenAt: base.AddDate(0, -1, 0), Stage: stages[d], Amount: 1}); err != nil {
					return err
				}
			}
			for x := range size.sessionsPerRep {
				started := base.AddDate(0, 0, -7*(size.sessionsPerRep-x))
				kind := coaching.OneOnOne
				if x%5 == 4 {
					kind = coaching.RideAlong
				}
				sid, err := l.Session(coaching.Session{RepID: rep, Kind: kind, StartedAt: started, EndedAt: started.Add(30 * time.Minute)})
				if err != nil {
					return err
				}
				for p := range 5 {
					d := rng.IntN(len(deals))
					rid, err := l.Review(coaching.Review{SessionID: sid, DealID: deals[d], Stage: stages[d], Position: p, CreatedAt: started})
					if err != nil {
						if strings.Contains(err.Error(), "UNIQUE") {
							continue // the same deal drawn twice
						}
						return err
					}
					st, _ := pb.Stage(stages[d])
					for _, g := range []coaching.Stage{st, pb.Every} {
						for _, it := range g.Items {
							if err := l.Answer(coaching.Answer{ReviewID: rid, Stage: g.Key, Item: it.Key,
								Value: values[rng.IntN(len(values))], AnsweredAt: started.Add(time.Duration(p) * time.Minute)}); err != nil {
								return err
							}
						}
					}
					if p < 2 {
						if _, err := l.Action(coaching.Action{SessionID: sid, DealID: deals[d], Text: "next step", Owner: coaching.OwnerRep,
							Status: coaching.ActionDone, CreatedAt: started}); err != nil {
							return err
						}
					}
				}
				if kind == coaching.RideAlong {
					if err := l.Debrief(coaching.Debrief{SessionID: sid, DealID: deals[0], Outcome: coaching.OutcomeYes}); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func count(t testing.TB, s *Store, table string) int {
	t.Helper()
	var n int
	ok(t, s.DB().QueryRow("SELECT count(*) FROM "+table).Scan(&n))
	return n
}

func TestLoad(t *testing.T) {
	s := openTest(t)
	loadTeam(t, s, team{reps: 3, dealsPerRep: 10, sessionsPerRep: 6})
	for table, want := range map[string]int{"reps": 3, "deals": 30, "sessions": 18, "debriefs": 3, "snapshots": 30} {
		if n := count(t, s, table); n != want {
			t.Errorf("%s: %d rows, want %d", table, n, want)
		}
	}
	// The loader's answers carry the rep and deal, so Facts finds them.
	rep := must[coaching.Rep](t)(s.RepByName(ctx, "Rep 001"))
	facts := must[[]coaching.Fact](t)(s.Facts(ctx, rep.ID, time.Time{}, time.Time{}))
	if len(facts) == 0 {
		t.Fatal("no facts for a loaded rep")
	}
	deals := must[[]coaching.Deal](t)(s.Deals(ctx, rep.ID, false))
	mine := map[int64]bool{}
	for _, d := range deals {
		mine[d.ID] = true
	}
	for _, f := range facts {
		if !mine[f.DealID] {
			t.Fatalf("fact about deal %d, not one of the rep's", f.DealID)
		}
	}
	if rows := must[[]RepRow](t)(s.RepRows(ctx)); rows[1].LastOneOnOne.IsZero() || rows[1].Unfinished != 0 {
		t.Errorf("RepRows after load: %+v", rows[1])
	}
}

func TestLoadIsAllOrNothing(t *testing.T) {
	s := openTest(t)
	boom := errors.New("bad row")
	err := s.Load(ctx, func(l *Loader) error {
		if _, err := l.Rep(coaching.Rep{Name: "Dana Ruiz"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Load error %v", err)
	}
	if n := count(t, s, "reps"); n != 0 {
		t.Errorf("%d reps written by a failed load", n)
	}
}

func TestLoaderImport(t *testing.T) {
	s := openTest(t)
	err := s.Load(ctx, func(l *Loader) error {
		if _, err := l.Rep(coaching.Rep{Name: "Dana Ruiz"}); err != nil {
			return err
		}
		if _, err := l.Rep(coaching.Rep{Name: "dana ruiz"}); err == nil || err.Error() != "a rep named dana ruiz already exists" {
			t.Errorf("duplicate rep in a load: %v", err)
		}
		rep, err := l.RepByName(" DANA RUIZ")
		if err != nil {
			return err
		}
		id, err := l.Deal(coaching.Deal{RepID: rep.ID, Name: "Acme", Account: "Acme", Stage: "qualify", CRMID: "006A"})
		if err != nil {
			return err
		}
		d, err := l.FindDeal("006A", 0, "", "")
		if err != nil || d.ID != id {
			t.Errorf("FindDeal inside the load = %+v, %v", d, err)
		}
		since := base.Add(-time.Hour)
		d.Stage, d.StageSince, d.Amount = "discover", since, 7
		if _, err := l.Deal(d); err != nil {
			return err
		}
		if _, err := l.Deal(coaching.Deal{ID: 999, RepID: rep.ID, Name: "x", Stage: "qualify"}); !errors.Is(err, ErrNotFound) {
			t.Errorf("update of a missing deal in a load: %v", err)
		}
		return l.Answer(coaching.Answer{ReviewID: 999, Stage: "qualify", Item: "fits-icp", Value: coaching.Yes})
	})
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("answer to a missing review: %v", err)
	}
	// That last error rolled the whole import back.
	if n := count(t, s, "deals"); n != 0 {
		t.Errorf("%d deals after a failed import", n)
	}
}

func BenchmarkLoadL(b *testing.B) {
	for b.Loop() {
		s := must[*Store](b)(Open(ctx, filepath.Join(b.TempDir(), "l.db")))
		loadTeam(b, s, sizeL)
		s.Close()
	}
}

// BenchmarkSaveAnswer is one durable answer save: an immediate transaction
// committed with synchronous=FULL, as the deal walk does on every key.
func BenchmarkSaveAnswer(b *testing.B) {
	s := openTest(b)
	f := newFixture(b, s)
	items := []string{"fits-icp", "compelling-event", "problem-in-own-words"}
	values := []coaching.Value{coaching.Yes, coaching.No, coaching.Unsure, coaching.NA}
	i := 0
	for b.Loop() {
		if err := s.SaveAnswer(ctx, coaching.Answer{ReviewID: f.review.ID, Stage: "qualify", Item: items[i%len(items)], Value: values[i%len(values)]}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
