package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"dealcoach/coaching"
)

var ctx = context.Background()

// base is the fake clock's start; every call to the clock moves it on a
// second, so rows written one after another have distinct times.
var base = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

// openTest opens a fresh store in a temporary folder with the fake clock.
func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "coach.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.SetClock((&clock{t: base}).now)
	t.Cleanup(func() { s.Close() })
	return s
}

func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func ok(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func userVersion(t *testing.T, db *sql.DB) int {
	t.Helper()
	var v int
	ok(t, db.QueryRow("PRAGMA user_version").Scan(&v))
	return v
}

func TestOpenCreatesPrivateFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "dealcoach")
	path := filepath.Join(dir, "coach.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct {
		path string
		want os.FileMode
	}{{dir, 0o700}, {path, 0o600}, {path + "-wal", 0o600}} {
		fi, err := os.Stat(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != c.want {
			t.Errorf("%s: mode %o, want %o", c.path, got, c.want)
		}
	}
	if v := userVersion(t, s.DB()); v != SchemaVersion() {
		t.Errorf("user_version %d, want %d", v, SchemaVersion())
	}
	pb, err := s.Playbook(ctx)
	if err != nil || pb.Version != 1 || len(pb.Stages) == 0 {
		t.Fatalf("default playbook: %+v, %v", pb, err)
	}
	// The pragmas reach every pooled connection, not just the first.
	conns := make([]*sql.Conn, 3)
	for i := range conns {
		conns[i] = must[*sql.Conn](t)(s.DB().Conn(ctx))
		defer conns[i].Close()
	}
	for _, c := range conns {
		var fk, sync, busy int
		var mode string
		ok(t, c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk))
		ok(t, c.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync))
		ok(t, c.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy))
		ok(t, c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode))
		if fk != 1 || sync != 2 || busy != 5000 || mode != "wal" {
			t.Errorf("connection pragmas: foreign_keys=%d synchronous=%d busy_timeout=%d journal_mode=%s", fk, sync, busy, mode)
		}
	}
}

func TestOpenReopens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "coach.db")
	s := must[*Store](t)(Open(ctx, path))
	must[coaching.Rep](t)(s.CreateRep(ctx, "Dana Ruiz"))
	ok(t, s.Close())
	s = must[*Store](t)(Open(ctx, path))
	defer s.Close()
	if _, err := s.RepByName(ctx, "dana ruiz"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".bak-v1"); err == nil {
		t.Error("reopening at the current version made a backup")
	}
}

// oneLine checks that err is a one-line message containing every want.
func oneLine(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") {
		t.Errorf("error is not one line: %q", msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error %q does not mention %q", msg, w)
		}
	}
}

func TestOpenRefuses(t *testing.T) {
	t.Run("text file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "notes.txt")
		text := []byte("call Dana about the Acme renewal\n")
		ok(t, os.WriteFile(path, text, 0o600))
		_, err := Open(ctx, path)
		oneLine(t, err, path, "not a dealcoach database")
		if got, _ := os.ReadFile(path); string(got) != string(text) {
			t.Errorf("the text file was changed: %q", got)
		}
		if _, err := os.Stat(path + "-wal"); err == nil {
			t.Error("a -wal file was created next to the text file")
		}
	})
	t.Run("newer schema", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "coach.db")
		s := must[*Store](t)(Open(ctx, path))
		future := SchemaVersion() + 5
		must[sql.Result](t)(s.DB().Exec(fmt.Sprintf("PRAGMA user_version = %d", future)))
		ok(t, s.Close())
		_, err := Open(ctx, path)
		oneLine(t, err, fmt.Sprintf("version %d", future), fmt.Sprintf("version %d", SchemaVersion()), "newer")
	})
	t.Run("read-only", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "coach.db")
		s := must[*Store](t)(Open(ctx, path))
		ok(t, s.Close())
		ok(t, os.Chmod(path, 0o400))
		_, err := Open(ctx, path)
		oneLine(t, err, path, "read-only")
	})
	t.Run("folder", func(t *testing.T) {
		dir := t.TempDir()
		_, err := Open(ctx, dir)
		oneLine(t, err, "folder")
	})
	t.Run("locked", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "coach.db")
		s := must[*Store](t)(Open(ctx, path))
		ok(t, s.Close())

		other := must[*sql.DB](t)(sql.Open("sqlite", path+pragmas))
		defer other.Close()
		conn := must[*sql.Conn](t)(other.Conn(ctx))
		defer conn.Close()
		must[sql.Result](t)(conn.ExecContext(ctx, "BEGIN EXCLUSIVE"))
		defer conn.ExecContext(ctx, "ROLLBACK")

		busyTimeout = "50"
		defer func() { busyTimeout = "" }()
		_, err := Open(ctx, path)
		oneLine(t, err, path, "locked")
		var se *Error
		if !errors.As(err, &se) {
			t.Errorf("error %T is not a *store.Error", err)
		}
	})
}

// A save that cannot get the lock says so in the same words as Open.
func TestWriteWhileLocked(t *testing.T) {
	busyTimeout = "50"
	defer func() { busyTimeout = "" }()
	s := openTest(t)
	other := must[*sql.DB](t)(sql.Open("sqlite", s.Path()+pragmas))
	defer other.Close()
	conn := must[*sql.Conn](t)(other.Conn(ctx))
	defer conn.Close()
	must[sql.Result](t)(conn.ExecContext(ctx, "BEGIN EXCLUSIVE"))
	defer conn.ExecContext(ctx, "ROLLBACK")

	_, err := s.CreateRep(ctx, "Dana Ruiz")
	oneLine(t, err, s.Path(), "locked")
	err = s.Load(ctx, func(l *Loader) error { _, err := l.Rep(coaching.Rep{Name: "Lee"}); return err })
	oneLine(t, err, "locked")
}

func TestDSNDefaultsToFiveSeconds(t *testing.T) {
	if !strings.HasPrefix(dsn("x.db"), "x.db?_pragma=busy_timeout(5000)&") {
		t.Errorf("dsn = %q, want busy_timeout(5000) first", dsn("x.db"))
	}
}

func TestMigrateBacksUpOlderFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "coach.db")
	s := must[*Store](t)(Open(ctx, path))
	must[coaching.Rep](t)(s.CreateRep(ctx, "Dana Ruiz"))
	ok(t, s.Close())

	have := SchemaVersion()
	defer func(old func() []migration) { migrations = old }(migrations)
	migrations = func() []migration {
		return append(embeddedMigrations(), migration{version: have + 1, name: "9999_territory.sql",
			sql: "ALTER TABLE reps ADD COLUMN territory TEXT NOT NULL DEFAULT ''"})
	}
	if SchemaVersion() != have+1 {
		t.Fatalf("SchemaVersion() = %d", SchemaVersion())
	}
	s = must[*Store](t)(Open(ctx, path))
	defer s.Close()
	if v := userVersion(t, s.DB()); v != have+1 {
		t.Errorf("user_version after migrating = %d, want %d", v, have+1)
	}
	var territory string
	ok(t, s.DB().QueryRow("SELECT territory FROM reps WHERE name = 'Dana Ruiz'").Scan(&territory))

	bak := fmt.Sprintf("%s.bak-v%d", path, have)
	fi, err := os.Stat(bak)
	if err != nil {
		t.Fatalf("no backup before migrating: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %o, want 600", fi.Mode().Perm())
	}
	old := must[*sql.DB](t)(sql.Open("sqlite", bak))
	defer old.Close()
	if v := userVersion(t, old); v != have {
		t.Errorf("backup user_version = %d, want %d", v, have)
	}
	var n int
	ok(t, old.QueryRow("SELECT count(*) FROM reps").Scan(&n))
	if n != 1 {
		t.Errorf("backup has %d reps, want 1", n)
	}
}

func TestBackup(t *testing.T) {
	s := openTest(t)
	must[coaching.Rep](t)(s.CreateRep(ctx, "Dana Ruiz"))
	path := filepath.Join(t.TempDir(), "copy.db")
	ok(t, s.Backup(ctx, path))
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %o", fi.Mode().Perm())
	}
	if err := s.Backup(ctx, path); err == nil {
		t.Error("Backup overwrote an existing file")
	}
	c := must[*Store](t)(Open(ctx, path))
	defer c.Close()
	if _, err := c.RepByName(ctx, "Dana Ruiz"); err != nil {
		t.Error(err)
	}
}

// Two processes (here: two Stores) saving at once must queue on the write
// lock, never fail with "database is locked".
func TestConcurrentWriters(t *testing.T) {
	// What is checked is that no write is lost or breaks the file, not how
	// long a writer waits: under -race on a loaded 2-core machine a writer
	// starved by three others has waited past the 5 s of the product.
	busyTimeout = "60000"
	defer func() { busyTimeout = "" }()
	path := filepath.Join(t.TempDir(), "coach.db")
	a := must[*Store](t)(Open(ctx, path))
	defer a.Close()
	b := must[*Store](t)(Open(ctx, path))
	defer b.Close()

	f := newFixture(t, a)
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, 4*n)
	for _, s := range []*Store{a, b} {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range n {
				errs <- s.SaveAnswer(ctx, coaching.Answer{ReviewID: f.review.ID, Stage: "qualify",
					Item: fmt.Sprintf("item-%d-%p", i, s), Value: coaching.Yes})
			}
		}()
		go func() {
			defer wg.Done()
			for i := range n {
				_, err := s.AddAction(ctx, coaching.Action{SessionID: f.session.ID, Text: fmt.Sprint("step ", i), Owner: coaching.OwnerRep})
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	answers := must[[]coaching.Answer](t)(a.Answers(ctx, f.review.ID))
	actions := must[[]coaching.Action](t)(b.Actions(ctx, f.session.ID))
	if len(answers) != 2*n || len(actions) != 2*n {
		t.Errorf("%d answers and %d next steps, want %d each", len(answers), len(actions), 2*n)
	}
	var check string
	ok(t, a.DB().QueryRow("PRAGMA integrity_check").Scan(&check))
	if check != "ok" {
		t.Errorf("integrity_check: %s", check)
	}
}

func TestReadableBySQLiteCLI(t *testing.T) {
	cli, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Skip("sqlite3 is not on PATH")
	}
	path := filepath.Join(t.TempDir(), "coach.db")
	s := must[*Store](t)(Open(ctx, path))
	for _, name := range []string{"Dana Ruiz", "Lee Park"} {
		must[coaching.Rep](t)(s.CreateRep(ctx, name))
	}
	// Still open: the CLI must read through the WAL too.
	defer s.Close()
	out, err := exec.Command(cli, path, "select count(*) from reps").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "2" {
		t.Errorf("sqlite3: %q, %v", out, err)
	}
	out, err = exec.Command(cli, path, "pragma integrity_check").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Errorf("sqlite3 integrity_check: %q, %v", out, err)
	}
}

// fixture is a rep with a deal under review in an open one-on-one.
type fixture struct {
	rep     coaching.Rep
	deal    coaching.Deal
	session coaching.Session
	review  coaching.Review
}

func newFixture(t testing.TB, s *Store) fixture {
	t.Helper()
	var f fixture
	f.rep = must[coaching.Rep](t)(s.CreateRep(ctx, "Dana Ruiz"))
	f.deal = must[coaching.Deal](t)(s.CreateDeal(ctx, coaching.Deal{RepID: f.rep.ID, Name: "Acme renewal", Account: "Acme", Stage: "qualify", Amount: 1_200_000}))
	f.session = must[coaching.Session](t)(s.StartSession(ctx, f.rep.ID, coaching.OneOnOne, 30))
	f.review = must[coaching.Review](t)(s.AddReview(ctx, f.session.ID, f.deal.ID, "qualify", 0))
	return f
}
