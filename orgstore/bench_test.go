package orgstore

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"dealcoach/coaching/demo"
	"dealcoach/internal/pgtest"
	"dealcoach/store"
)

// yearStore is one manager's year: 10 reps, weekly 1:1s.
func yearStore(b *testing.B) *store.Store {
	b.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "year.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	pb, _ := st.Playbook(ctx)
	cfg := demo.Config{Reps: 10, DealsPerRep: 12, SessionsPerRep: 52, Seed: 9, Now: time.Now()}
	if err := st.Load(ctx, func(l *store.Loader) error { return demo.Generate(cfg, pb, l) }); err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkPublishFirstYear is a manager's first publish of a year
// (goal: ≤ 3 s).
func BenchmarkPublishFirstYear(b *testing.B) {
	st := yearStore(b)
	for b.Loop() {
		b.StopTimer()
		d := pgtest.NewDB(b)
		if _, err := Init(context.Background(), d.URL(pgtest.Superuser)); err != nil {
			b.Fatal(err)
		}
		alice := d.Role(b, "alice", ManagerRole)
		b.StartTimer()
		p, err := Publish(context.Background(), d.URL(alice), st, PublishOptions{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(p.Total()), "rows")
	}
}

// BenchmarkPublishUnchanged is a publish with nothing new (the floor of an
// incremental publish after one 1:1; goal ≤ 200 ms).
func BenchmarkPublishUnchanged(b *testing.B) {
	st := yearStore(b)
	d := pgtest.NewDB(b)
	if _, err := Init(context.Background(), d.URL(pgtest.Superuser)); err != nil {
		b.Fatal(err)
	}
	alice := d.Role(b, "alice", ManagerRole)
	if _, err := Publish(context.Background(), d.URL(alice), st, PublishOptions{}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Publish(context.Background(), d.URL(alice), st, PublishOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
