// Package benchdata builds the benchmark data sets of DESIGN §9 once and
// keeps them in the temporary folder, so that `go test -bench` in store, tui
// and cmd/dealcoach opens the same file instead of generating a million
// answers per package or per run.
//
// A cached file is named after the schema (a hash of what a fresh database
// holds, so an edited migration is noticed even before its number changes)
// and the generator's settings; anything else is rebuilt.
package benchdata

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"dealcoach/coaching/demo"
	"dealcoach/store"
)

// Set is a sample team as `dealcoach demo` writes it.
type Set struct {
	Name                              string
	Reps, DealsPerRep, SessionsPerRep int
}

var (
	// L is DESIGN §9's data set: 20,000 deals, 30,000 sessions, about a
	// million answers.
	L = Set{Name: "L", Reps: 200, DealsPerRep: 100, SessionsPerRep: 150}
	// L2 doubles the reps and the sessions of L: twice the team, twice the
	// history. It takes a minute or two to build, so benchmarks skip it
	// unless DEALCOACH_BENCH_2L=1.
	L2 = Set{Name: "2L", Reps: 400, DealsPerRep: 100, SessionsPerRep: 300}
)

// Now is the moment the data sets are "as of"; benchmarks give it to the
// app as its clock, so the 90-day window always holds the same answers.
var Now = time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)

// Sets are the data sets to run a benchmark on, as sub-benchmarks.
func Sets() []Set { return []Set{L, L2} }

// Run runs fn as a sub-benchmark per data set, skipping 2L unless asked.
func Run(b *testing.B, fn func(b *testing.B, s Set)) {
	for _, s := range Sets() {
		b.Run(s.Name, func(b *testing.B) {
			if s == L2 && os.Getenv("DEALCOACH_BENCH_2L") != "1" {
				b.Skip("set DEALCOACH_BENCH_2L=1 to build and run the doubled data set")
			}
			fn(b, s)
		})
	}
}

var (
	mu    sync.Mutex
	built = map[Set]string{}
)

// Path is the cached file of s, built when missing. Benchmarks that write
// must copy it first.
func Path(tb testing.TB, s Set) string {
	tb.Helper()
	mu.Lock()
	defer mu.Unlock()
	if p, ok := built[s]; ok {
		return p
	}
	schema, err := schemaHash()
	if err != nil {
		tb.Fatal(err)
	}
	p := filepath.Join(os.TempDir(), fmt.Sprintf("dealcoach-bench-%s-v%d-%s-r%d-d%d-s%d-%s.db",
		s.Name, store.SchemaVersion(), schema, s.Reps, s.DealsPerRep, s.SessionsPerRep, Now.Format("20060102")))
	if _, err := os.Stat(p); err != nil {
		start := time.Now()
		if err := build(p, s); err != nil {
			tb.Fatal(err)
		}
		tb.Logf("built data set %s in %v: %s", s.Name, time.Since(start).Round(time.Second), p)
	}
	built[s] = p
	return p
}

// Open opens the cached file of s; it is closed when the benchmark ends.
func Open(tb testing.TB, s Set) *store.Store {
	tb.Helper()
	st, err := store.Open(context.Background(), Path(tb, s))
	if err != nil {
		tb.Fatal(err)
	}
	st.SetClock(func() time.Time { return Now })
	tb.Cleanup(func() { st.Close() })
	return st
}

// build writes s into a file beside p and renames it into place, so that an
// interrupted build or a second test binary building at the same time never
// leaves a half-written file under the cached name.
func build(p string, s Set) error {
	tmp := fmt.Sprintf("%s.tmp-%d", p, os.Getpid())
	os.Remove(tmp)
	ctx := context.Background()
	st, err := store.Open(ctx, tmp)
	if err != nil {
		return err
	}
	st.SetClock(func() time.Time { return Now })
	pb, err := st.Playbook(ctx)
	if err == nil {
		err = st.LoadMany(ctx, func(l *store.Loader) error {
			return demo.Generate(demo.Config{Reps: s.Reps, DealsPerRep: s.DealsPerRep, SessionsPerRep: s.SessionsPerRep, Now: Now}, pb, l)
		})
	}
	if err == nil {
		// No ANALYZE: `dealcoach demo` and imports run none either, and the
		// queries must pick their indexes without statistics.
		err = st.Close()
	} else {
		st.Close()
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("building data set %s: %w", s.Name, err)
	}
	return os.Rename(tmp, p)
}

// schemaHash is a short hash of the tables and indexes a fresh database
// gets, so editing a migration in place invalidates the cache.
func schemaHash() (string, error) {
	dir, err := os.MkdirTemp("", "dealcoach-schema-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(context.Background(), filepath.Join(dir, "schema.db"))
	if err != nil {
		return "", err
	}
	defer st.Close()
	rows, err := st.DB().Query("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var name string
		var text sql.NullString
		if err := rows.Scan(&name, &text); err != nil {
			return "", err
		}
		b.WriteString(name + "\x00" + text.String + "\x00")
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:4]), nil
}
