package orgstore

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"dealcoach/coaching/demo"
	"dealcoach/internal/pgtest"
	"dealcoach/store"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// testNow is the demo data's today, fixed so numbers repeat.
var testNow = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// orgDB is an org database after init, with two managers and a director.
type orgDB struct {
	*pgtest.DB
	alice, bob, dir string
}

func newOrg(t *testing.T) orgDB {
	t.Helper()
	d := pgtest.NewDB(t)
	if _, err := Init(context.Background(), d.URL(pgtest.Superuser)); err != nil {
		t.Fatalf("init: %v", err)
	}
	return orgDB{DB: d,
		alice: d.Role(t, "alice", ManagerRole),
		bob:   d.Role(t, "bob", ManagerRole),
		dir:   d.Role(t, "dora", DirectorRole),
	}
}

// asSuperuser scans one row of q, read past row-level security.
func asSuperuser(t *testing.T, org orgDB, q string, dest any, args ...any) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, org.URL(pgtest.Superuser))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if err := conn.QueryRow(ctx, q, args...).Scan(dest); err != nil {
		t.Fatal(err)
	}
}

// demoStore is a manager's SQLite file filled by the demo generator.
func demoStore(t *testing.T, seed int64, reps int) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "dealcoach.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	pb, err := st.Playbook(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cfg := demo.Config{Reps: reps, DealsPerRep: 4, SessionsPerRep: 6, Seed: seed, Now: testNow}
	if err := st.Load(ctx, func(l *store.Loader) error { return demo.Generate(cfg, pb, l) }); err != nil {
		t.Fatal(err)
	}
	return st
}

func publish(t *testing.T, url string, st *store.Store, opt PublishOptions) Published {
	t.Helper()
	p, err := Publish(context.Background(), url, st, opt)
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	return p
}
