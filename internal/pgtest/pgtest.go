// Package pgtest runs a throwaway PostgreSQL cluster for tests: initdb into
// a temp folder, listening only on a Unix socket there, started on first
// use and removed when the test binary ends (Main).
//
// Without PostgreSQL's server binaries the tests that need it are skipped,
// unless DEALCOACH_REQUIRE_PG=1 (set by .ci/run), where they fail.
package pgtest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Superuser is the cluster's superuser role.
const Superuser = "postgres"

// Cluster is a running throwaway server.
type Cluster struct {
	Dir    string // the temp folder: data/, the socket and the log
	bin    string // the folder of initdb, pg_ctl and postgres
	asUser string // the OS user the server runs as, "" for ourselves
}

var (
	once    sync.Once
	shared  *Cluster
	problem string
	counter atomic.Int64
)

// Main runs the tests and stops the cluster if one was started:
// TestMain calls os.Exit(pgtest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if shared != nil {
		shared.stop()
	}
	return code
}

// Get returns the shared cluster, starting it on first use; it skips the
// test (fails under DEALCOACH_REQUIRE_PG=1) when there is none to start.
func Get(t testing.TB) *Cluster {
	t.Helper()
	once.Do(func() { shared, problem = start() })
	if shared == nil {
		if os.Getenv("DEALCOACH_REQUIRE_PG") == "1" {
			t.Fatalf("PostgreSQL is required (DEALCOACH_REQUIRE_PG=1): %s", problem)
		}
		t.Skipf("PostgreSQL not available, test skipped: %s", problem)
	}
	return shared
}

// findBin finds initdb on PATH, else in Debian's versioned folders.
func findBin() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		return filepath.Dir(p), nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(matches) == 0 {
		return "", fmt.Errorf("initdb not found on PATH nor in /usr/lib/postgresql/*/bin (install postgresql-15)")
	}
	return filepath.Dir(matches[len(matches)-1]), nil
}

func start() (*Cluster, string) {
	bin, err := findBin()
	if err != nil {
		return nil, err.Error()
	}
	dir, err := os.MkdirTemp("", "dcpg-")
	if err != nil {
		return nil, err.Error()
	}
	c := &Cluster{Dir: dir, bin: bin}
	// initdb refuses root: the server runs as the postgres OS user.
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, "running as root and there is no postgres OS user to run the server as"
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err.Error()
		}
		c.asUser = "postgres"
	}
	data := filepath.Join(dir, "data")
	if out, err := c.cmd("initdb", "-D", data, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--no-sync").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Sprintf("initdb: %v: %s", err, out)
	}
	opts := fmt.Sprintf("-c listen_addresses='' -c unix_socket_directories=%s -c fsync=off -c synchronous_commit=off -c full_page_writes=off", dir)
	if out, err := c.cmd("pg_ctl", "-D", data, "-l", filepath.Join(dir, "log"), "-o", opts, "-w", "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return nil, fmt.Sprintf("pg_ctl start: %v: %s %s", err, out, log)
	}
	return c, ""
}

func (c *Cluster) cmd(name string, args ...string) *exec.Cmd {
	prog := filepath.Join(c.bin, name)
	if c.asUser != "" {
		return exec.Command("runuser", append([]string{"-u", c.asUser, "--", prog}, args...)...)
	}
	return exec.Command(prog, args...)
}

func (c *Cluster) stop() {
	c.cmd("pg_ctl", "-D", filepath.Join(c.Dir, "data"), "-m", "immediate", "-w", "stop").Run()
	os.RemoveAll(c.Dir)
}

// URL is a libpq URL for db as role, through the cluster's socket.
func (c *Cluster) URL(db, role string) string {
	return fmt.Sprintf("postgres:///%s?host=%s&user=%s&sslmode=disable", db, c.Dir, role)
}

// Exec runs SQL as the superuser in db.
func (c *Cluster) Exec(t testing.TB, db string, sql ...string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.URL(db, Superuser))
	if err != nil {
		t.Fatalf("connect to %s: %v", db, err)
	}
	defer conn.Close(ctx)
	for _, s := range sql {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// Command runs a PostgreSQL client program (pg_dump, psql) as the server's
// OS user, and returns its output.
func (c *Cluster) Command(t testing.TB, name string, args ...string) []byte {
	t.Helper()
	out, err := c.cmd(name, args...).Output()
	if err != nil {
		msg := err.Error()
		if ee, ok := err.(*exec.ExitError); ok {
			msg += ": " + string(ee.Stderr)
		}
		t.Fatalf("%s %s: %s", name, strings.Join(args, " "), msg)
	}
	return out
}

// DB is one test's database in the shared cluster.
type DB struct {
	*Cluster
	Name string
	n    int64
}

// NewDB creates an empty database for the test, dropped at its end.
func NewDB(t testing.TB) *DB {
	t.Helper()
	c := Get(t)
	n := counter.Add(1)
	d := &DB{Cluster: c, Name: fmt.Sprintf("t%d", n), n: n}
	c.Exec(t, "postgres", "CREATE DATABASE "+d.Name)
	t.Cleanup(func() {
		ctx := context.Background()
		if conn, err := pgx.Connect(ctx, c.URL("postgres", Superuser)); err == nil {
			conn.Exec(ctx, "DROP DATABASE IF EXISTS "+d.Name+" WITH (FORCE)")
			conn.Close(ctx)
		}
	})
	return d
}

// URL is the database's URL as role.
func (d *DB) URL(role string) string { return d.Cluster.URL(d.Name, role) }

// Role creates a login role unique to this database (roles are the
// cluster's, databases the test's) and grants it groups; it returns its
// name.
func (d *DB) Role(t testing.TB, name string, groups ...string) string {
	t.Helper()
	role := fmt.Sprintf("%s_%d", name, d.n)
	stmts := []string{"CREATE ROLE " + role + " LOGIN"}
	for _, g := range groups {
		stmts = append(stmts, "GRANT "+g+" TO "+role)
	}
	d.Cluster.Exec(t, "postgres", stmts...)
	return role
}

// Exec runs SQL as the superuser in this database.
func (d *DB) Exec(t testing.TB, sql ...string) { d.Cluster.Exec(t, d.Name, sql...) }
