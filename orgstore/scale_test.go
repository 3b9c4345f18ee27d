package orgstore

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"dealcoach/coaching"
	"dealcoach/coaching/demo"
	"dealcoach/internal/pgtest"
	"dealcoach/store"
)

// The scale of issue 16's goals: 50 managers × 10 reps × 3 years of
// weekly 1:1s.
const (
	scaleManagers = 50
	scaleReps     = 10
	scaleWeeks    = 156
)

// scaleNow is the scale data's today.
var scaleNow = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// yearsStore is one manager's SQLite file: 10 reps, weeks of weekly 1:1s
// (the demo generator spaces sessions a week apart), a deal a month.
func yearsStore(tb testing.TB, weeks int) *store.Store {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(tb.TempDir(), "years.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	pb, err := st.Playbook(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	cfg := demo.Config{Reps: scaleReps, DealsPerRep: weeks / 4, SessionsPerRep: weeks, Seed: 16, Now: scaleNow}
	if err := st.Load(ctx, func(l *store.Loader) error { return demo.Generate(cfg, pb, l) }); err != nil {
		tb.Fatal(err)
	}
	return st
}

// scaleOrg is an org database holding managers' weeks of 1:1s: alice
// publishes her file, and the owner copies her rows to the other managers
// (m02, m03…),
// which is what 49 more publishes of like files would leave.
type scaleOrg struct {
	*pgtest.DB
	st       *store.Store
	alice    string // alice's URL
	director string // a director's URL
}

func newScaleOrg(tb testing.TB, managers, weeks int) scaleOrg {
	tb.Helper()
	ctx := context.Background()
	st := yearsStore(tb, weeks)
	d := pgtest.NewDB(tb)
	if _, err := Init(ctx, d.URL(pgtest.Superuser)); err != nil {
		tb.Fatal(err)
	}
	alice := d.Role(tb, "alice", ManagerRole)
	o := scaleOrg{DB: d, st: st, alice: d.URL(alice), director: d.URL(d.Role(tb, "dora", DirectorRole))}
	if _, err := Publish(ctx, o.alice, st, PublishOptions{}); err != nil {
		tb.Fatal(err)
	}
	var copies []string
	for _, t := range tableNames() {
		copies = append(copies, fmt.Sprintf(`INSERT INTO dealcoach.%[1]s
SELECT (jsonb_populate_record(t, jsonb_build_object('manager', 'm' || lpad(g.k::text, 2, '0')))).*
FROM dealcoach.%[1]s t, generate_series(2, %[2]d) g(k) WHERE t.manager = '%[3]s'`, t, managers, alice))
	}
	d.Exec(tb, copies...)
	d.Exec(tb, "VACUUM ANALYZE")
	return o
}

// oneOneOnOne adds today's 1:1 with a rep: a deal reviewed with a few
// answers and a next step, as a manager's ordinary week adds.
func oneOneOnOne(tb testing.TB, st *store.Store, at time.Time) {
	tb.Helper()
	ctx := context.Background()
	reps, err := st.Reps(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	rep := reps[0]
	deals, err := st.Deals(ctx, rep.ID, false)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := st.StartSession(ctx, rep.ID, coaching.OneOnOne, 30)
	if err != nil {
		tb.Fatal(err)
	}
	rv, err := st.AddReview(ctx, s.ID, deals[0].ID, deals[0].Stage, 0)
	if err != nil {
		tb.Fatal(err)
	}
	pb, err := st.Playbook(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	for _, g := range pb.Groups() {
		if g.Key != deals[0].Stage {
			continue
		}
		for _, it := range g.Items {
			if err := st.SaveAnswer(ctx, coaching.Answer{ReviewID: rv.ID, Stage: g.Key, Item: it.Key, Value: coaching.Yes, AnsweredAt: at}); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if _, err := st.AddAction(ctx, coaching.Action{SessionID: s.ID, RepID: rep.ID, DealID: deals[0].ID, Text: "send the proposal", Owner: coaching.OwnerRep}); err != nil {
		tb.Fatal(err)
	}
	if err := st.EndSession(ctx, s.ID); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkPublishAfterOneOneOnOne is the publish after one more 1:1 on
// 3 years of data (goal ≤ 200 ms).
func BenchmarkPublishAfterOneOneOnOne(b *testing.B) {
	o := newScaleOrg(b, scaleManagers, scaleWeeks)
	at := scaleNow
	for b.Loop() {
		b.StopTimer()
		at = at.Add(time.Hour)
		oneOneOnOne(b, o.st, at)
		b.StartTimer()
		p, err := Publish(context.Background(), o.alice, o.st, PublishOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if p.Total() == 0 {
			b.Fatal("the new 1:1 was not sent")
		}
	}
}

// BenchmarkPublishUnchangedYears is a publish with nothing new on 3 years.
func BenchmarkPublishUnchangedYears(b *testing.B) {
	o := newScaleOrg(b, scaleManagers, scaleWeeks)
	for b.Loop() {
		p, err := Publish(context.Background(), o.alice, o.st, PublishOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if p.Total() != 0 {
			b.Fatalf("sent %v", p)
		}
	}
}

// BenchmarkSummaryOrg is the director's roll-up of 50 managers over 90
// days (goal ≤ 500 ms).
func BenchmarkSummaryOrg(b *testing.B) {
	o := newScaleOrg(b, scaleManagers, scaleWeeks)
	for b.Loop() {
		ms, err := Rollup(context.Background(), o.director, Window{Now: scaleNow, Days: 90})
		if err != nil {
			b.Fatal(err)
		}
		if len(ms) != scaleManagers {
			b.Fatalf("%d managers", len(ms))
		}
	}
}
