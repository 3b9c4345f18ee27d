// Package orgstore is the organisation's PostgreSQL database (issue 16):
// managers publish what may be shared from their laptops, a director reads
// the roll-up. Each manager's rows are guarded by row-level security on
// manager = current_user; the laptop's SQLite file stays the source of
// truth.
package orgstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// The group roles the DBA grants to login roles.
const (
	ManagerRole  = "dealcoach_manager"
	DirectorRole = "dealcoach_director"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() []migration {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		panic(err)
	}
	var ms []migration
	for _, e := range entries {
		num, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			panic("orgstore: migration without a number: " + e.Name())
		}
		body, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			panic(err)
		}
		ms = append(ms, migration{v, e.Name(), string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			panic("orgstore: migration out of sequence: " + m.name)
		}
	}
	return ms
}

// Connect opens a connection from a libpq URL or key=value string
// (PGPASSFILE, service files, sslmode and the PG* variables apply). Its
// errors never carry the password.
func Connect(ctx context.Context, connString string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(connString)
	if err != nil {
		return nil, scrub(connString, "", fmt.Errorf("org database address: %w", err))
	}
	if testTracer != nil {
		cfg.Tracer = testTracer
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, scrub(connString, cfg.Password, connectError(err))
	}
	return conn, nil
}

// connectError is pgx's failure to connect as one line: pgx lists each
// address it tried on a line of its own, often the same failure twice.
func connectError(err error) error {
	var ce *pgconn.ConnectError
	if !errors.As(err, &ce) {
		return fmt.Errorf("connect to the org database: %w", err)
	}
	var tries []string
	for _, line := range strings.Split(errors.Unwrap(ce).Error(), "\n") {
		if line = strings.TrimSpace(line); line != "" && !slices.Contains(tries, line) {
			tries = append(tries, line)
		}
	}
	who := "as " + ce.Config.User
	if ce.Config.Database != "" {
		who += ", database " + ce.Config.Database
	}
	return fmt.Errorf("connect to the org database %s: %s", who, strings.Join(tries, "; "))
}

// testTracer, set by tests, sees every statement orgstore sends (the
// EXPLAIN check).
var testTracer pgx.QueryTracer

var pwKeyword = regexp.MustCompile(`password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)`)

// scrub removes the password, in whatever form the connection string gave
// it, from err's message.
func scrub(connString, password string, err error) error {
	if err == nil {
		return nil
	}
	secrets := []string{}
	if password != "" {
		secrets = append(secrets, password, url.QueryEscape(password), url.PathEscape(password))
	}
	if u, perr := url.Parse(connString); perr == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			secrets = append(secrets, pw, url.QueryEscape(pw), url.PathEscape(pw))
		}
		if pw := u.Query().Get("password"); pw != "" {
			secrets = append(secrets, pw, url.QueryEscape(pw))
		}
	}
	for _, m := range pwKeyword.FindAllStringSubmatch(connString, -1) {
		secrets = append(secrets, strings.Trim(m[1], "'"), m[1])
	}
	msg := err.Error()
	for _, s := range secrets {
		if s != "" {
			msg = strings.ReplaceAll(msg, s, "xxxxx")
		}
	}
	if msg == err.Error() {
		return err
	}
	return &scrubbed{msg: msg, err: err}
}

// scrubbed keeps the error chain (errors.Is still sees a cancelled
// context) under a message without the password.
type scrubbed struct {
	msg string
	err error
}

func (s *scrubbed) Error() string { return s.msg }
func (s *scrubbed) Unwrap() error { return s.err }

// Init creates or brings up to date the schema, the group roles and the
// row-level security. Run by the schema's owner; running it again changes
// nothing. It returns the migrations it applied.
func Init(ctx context.Context, connString string) ([]string, error) {
	conn, err := Connect(ctx, connString)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	var applied []string
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		// One init at a time: the second waits and then finds nothing to do.
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext('dealcoach org init'))"); err != nil {
			return err
		}
		for _, role := range []string{ManagerRole, DirectorRole} {
			var exists bool
			if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", role).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				if _, err := tx.Exec(ctx, "CREATE ROLE "+role+" NOLOGIN"); err != nil {
					return fmt.Errorf("create role %s (init needs CREATEROLE, or the DBA creates it): %w", role, err)
				}
			}
		}
		if _, err := tx.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS dealcoach;
CREATE TABLE IF NOT EXISTS dealcoach.migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
			return err
		}
		var have int
		if err := tx.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM dealcoach.migrations").Scan(&have); err != nil {
			return err
		}
		ms := migrations()
		if have > len(ms) {
			return fmt.Errorf("the org database is schema version %d, newer than this dealcoach (version %d); update dealcoach", have, len(ms))
		}
		for _, m := range ms[have:] {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if _, err := tx.Exec(ctx, "INSERT INTO dealcoach.migrations(version, name) VALUES ($1, $2)", m.version, m.name); err != nil {
				return err
			}
			applied = append(applied, m.name)
		}
		return secure(ctx, tx)
	})
	return applied, scrub(connString, "", err)
}

// secure grants the group roles their rights and sets row-level security
// on every table; each statement is a no-op when already so.
func secure(ctx context.Context, tx pgx.Tx) error {
	stmts := []string{
		"GRANT USAGE ON SCHEMA dealcoach TO " + ManagerRole + ", " + DirectorRole,
		"GRANT SELECT ON dealcoach.migrations TO " + ManagerRole + ", " + DirectorRole,
	}
	for _, t := range tableNames() {
		q := "dealcoach." + t
		stmts = append(stmts,
			"GRANT SELECT, INSERT, UPDATE, DELETE ON "+q+" TO "+ManagerRole,
			"GRANT SELECT ON "+q+" TO "+DirectorRole,
			"ALTER TABLE "+q+" ENABLE ROW LEVEL SECURITY")
		own := " USING (" + mine + ") WITH CHECK (" + mine + ")" // see mine
		policies := map[string]string{
			"own_rows":       "CREATE POLICY own_rows ON " + q + " FOR ALL TO " + ManagerRole + own,
			"director_reads": "CREATE POLICY director_reads ON " + q + " FOR SELECT TO " + DirectorRole + " USING (true)",
		}
		for _, name := range []string{"own_rows", "director_reads"} {
			var exists bool
			if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'dealcoach' AND tablename = $1 AND policyname = $2)", t, name).Scan(&exists); err != nil {
				return err
			}
			switch {
			case !exists:
				stmts = append(stmts, policies[name])
			case name == "own_rows":
				// Databases made before the ::text get it; else a no-op.
				stmts = append(stmts, "ALTER POLICY own_rows ON "+q+own)
			}
		}
	}
	for _, s := range stmts {
		if _, err := tx.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// tableNames are the tables holding managers' rows.
func tableNames() []string {
	return []string{"playbook", "playbook_groups", "playbook_items", "playbook_skills", "reps", "deals", "sessions",
		"reviews", "answers", "actions", "digests", "publishes"}
}

// ErrNoSchema says org init has not been run on the database.
var ErrNoSchema = errors.New("the org database has no dealcoach schema yet: its owner runs 'dealcoach org init --url URL'")

// connectReady is Connect to a database that has this dealcoach's schema,
// as a publish and a roll-up need.
func connectReady(ctx context.Context, connString string) (*pgx.Conn, error) {
	conn, err := Connect(ctx, connString)
	if err != nil {
		return nil, err
	}
	if err := checkSchema(ctx, conn); err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	return conn, nil
}

// checkSchema fails unless the database has this dealcoach's schema.
func checkSchema(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) error {
	var ok bool
	if err := q.QueryRow(ctx, "SELECT to_regclass('dealcoach.migrations') IS NOT NULL").Scan(&ok); err != nil {
		return err
	}
	if !ok {
		return ErrNoSchema
	}
	var have int
	if err := q.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM dealcoach.migrations").Scan(&have); err != nil {
		return err
	}
	switch want := len(migrations()); {
	case have < want:
		return fmt.Errorf("the org database is schema version %d, this dealcoach needs %d: its owner runs 'dealcoach org init --url URL'", have, want)
	case have > want:
		return fmt.Errorf("the org database is schema version %d, newer than this dealcoach (version %d); update dealcoach", have, want)
	}
	return nil
}
