// Package store keeps dealcoach's data in one SQLite file.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"dealcoach/coaching"
)

// The pragmas every pooled connection gets, busy_timeout first so that the
// others already wait for a lock (DESIGN §8).
const pragmas = "?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate"

// busyTimeout replaces the 5000 ms of pragmas when set; only tests set it,
// so that the locked-database test does not wait five seconds.
var busyTimeout = ""

func dsn(path string) string {
	if busyTimeout == "" {
		return path + pragmas
	}
	return path + strings.Replace(pragmas, "busy_timeout(5000)", "busy_timeout("+busyTimeout+")", 1)
}

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("not found")

// Error is a problem with the database file, worded for the person at the
// keyboard; its Error() is one line.
type Error struct {
	Path    string
	Problem string
	Err     error
}

func (e *Error) Error() string { return e.Path + ": " + e.Problem }
func (e *Error) Unwrap() error { return e.Err }

// Store is an open dealcoach database.
type Store struct {
	db   *sql.DB
	path string
	// now is the clock; tests and the demo replace it.
	now func() time.Time
	// readOnly is a store from OpenReadOnly.
	readOnly bool
	// saveAnswer is upsertAnswer prepared once: the answers triggers make
	// compiling it a third of a save's CPU time.
	saveAnswer struct {
		sync.Mutex
		stmt *sql.Stmt
	}
}

// ApplicationID marks a SQLite file as dealcoach's (PRAGMA application_id,
// bytes 68-71 of the header: "DCOA"), so that another program's database
// is never mistaken for ours.
const ApplicationID = 0x44434F41

// noDatabase is what a reading command says where there is nothing to read.
const noDatabase = "no dealcoach database here; run dealcoach, or dealcoach import, to create one"

// Open opens (creating when needed) the database at path, migrating it to
// the schema this binary knows. The file is created 0600 in a 0700 folder:
// coaching notes are personnel data. An existing file is checked on a
// connection that cannot write before the pool (whose pragmas switch it to
// WAL) touches it, so a refused file keeps every byte.
func Open(ctx context.Context, path string) (*Store, error) {
	fail := func(problem string, err error) error { return &Error{Path: path, Problem: problem, Err: err} }

	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fail("cannot create the folder: "+errText(err), err)
		}
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, fail("cannot create the database: "+errText(err), err)
		}
		f.Close()
	case err != nil:
		return nil, fail(errText(err), err)
	case info.IsDir():
		return nil, fail("is a folder, not a database file", nil)
	default:
		if info.Mode().Perm()&0o200 == 0 {
			return nil, fail("the database is read-only; make it writable (chmod u+w) or use another --db", nil)
		}
		// An empty file is a database not yet written: ours to set up.
		if info.Size() > 0 {
			if _, err := inspect(ctx, path, false); err != nil {
				return nil, err
			}
		}
	}

	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fail(errText(err), err)
	}
	s := &Store{db: db, path: path, now: time.Now}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		var se *Error
		if errors.As(err, &se) {
			return nil, err
		}
		return nil, fail(describe(err), err)
	}
	return s, nil
}

// OpenReadOnly opens an existing dealcoach database for reading: it
// creates, migrates and stamps nothing, and refuses every write. A missing
// or empty file is "no database here", never a new one.
func OpenReadOnly(ctx context.Context, path string) (*Store, error) {
	fail := func(problem string, err error) error { return &Error{Path: path, Problem: problem, Err: err} }
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist), err == nil && info.Mode().IsRegular() && info.Size() == 0:
		return nil, fail(noDatabase, err)
	case err != nil:
		return nil, fail(errText(err), err)
	case info.IsDir():
		return nil, fail("is a folder, not a database file", nil)
	}
	if err := checkHeader(path); err != nil {
		return nil, fail(err.Error(), err)
	}
	// One pool both checks the file and serves the reads: a second open
	// would set up (and on close tear down) the WAL index again.
	db, err := sql.Open("sqlite", readDSN(path, info.Mode().Perm()&0o200 == 0))
	if err != nil {
		return nil, fail(errText(err), err)
	}
	h, err := inspectDB(ctx, db, path)
	if err == nil {
		switch want := SchemaVersion(); {
		case h.version == 0:
			err = fail(noDatabase, nil)
		case h.version < want:
			// The queries are this schema's; only a writing open migrates.
			err = fail(fmt.Sprintf("the database is schema version %d, older than this dealcoach (version %d); open it once with dealcoach to update it", h.version, want), nil)
		}
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db, path: path, now: time.Now, readOnly: true}, nil
}

// readDSN opens without the pool's pragmas: no journal-mode switch, writes
// refused. SQLite's mode=ro would read a WAL file too, but it cannot
// checkpoint on close, so it leaves the -wal and -shm files it made behind
// (tested in TestReadOnlyLeavesNoTrace); a read-write handle with
// query_only removes them as the last connection and still writes no page.
// A file the user made unwritable gets mode=ro all the same.
func readDSN(path string, unwritable bool) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	timeout := busyTimeout
	if timeout == "" {
		timeout = "5000"
	}
	q := "?_pragma=busy_timeout(" + timeout + ")&_pragma=query_only(1)"
	if unwritable {
		q += "&mode=ro"
	}
	return u.String() + q
}

// fileMarks is what inspect reads from an existing file.
type fileMarks struct {
	appID, version int
	// legacy is a file from before dealcoach set application_id.
	legacy bool
}

// inspect refuses, before anything is written, a file that is not SQLite,
// is another program's database or is newer than this binary. It reads on
// a connection of its own that is closed again before the caller opens
// the pool.
func inspect(ctx context.Context, path string, unwritable bool) (fileMarks, error) {
	fail := func(problem string, err error) error { return &Error{Path: path, Problem: problem, Err: err} }
	if err := checkHeader(path); err != nil {
		return fileMarks{}, fail(err.Error(), err)
	}
	db, err := sql.Open("sqlite", readDSN(path, unwritable))
	if err != nil {
		return fileMarks{}, fail(errText(err), err)
	}
	defer db.Close()
	return inspectDB(ctx, db, path)
}

// inspectDB is inspect on an open read-only handle. A file stamped as
// ours costs one statement; the tables are read only for an unstamped one.
func inspectDB(ctx context.Context, db *sql.DB, path string) (fileMarks, error) {
	fail := func(problem string, err error) error { return &Error{Path: path, Problem: problem, Err: err} }
	var m fileMarks
	if err := db.QueryRowContext(ctx, "SELECT a.application_id, v.user_version FROM pragma_application_id() a, pragma_user_version() v").Scan(&m.appID, &m.version); err != nil {
		return fileMarks{}, fail(describe(err), err)
	}
	want := SchemaVersion()
	if m.appID == ApplicationID {
		if m.version > want {
			return fileMarks{}, fail(fmt.Sprintf("the database is schema version %d, newer than this dealcoach (version %d); update dealcoach", m.version, want), nil)
		}
		return m, nil
	}
	var objects int
	tables, err := func() ([]string, error) {
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&objects); err != nil {
			return nil, err
		}
		return tableNames(ctx, db)
	}()
	if err != nil {
		return fileMarks{}, fail(describe(err), err)
	}
	switch {
	case m.appID == 0 && m.version == 0 && objects == 0:
		// SQLite's header and nothing else (a first open cut short):
		// there is nothing in it to mistake.
		return m, nil
	case m.appID == 0 && m.version >= 1 && m.version <= want:
		// Versions before application_id: ours when the tables are
		// exactly those our migrations up to its version create.
		ours, err := migrationTables(ctx, m.version)
		if err != nil {
			return fileMarks{}, fail(describe(err), err)
		}
		if slices.Equal(tables, ours) {
			m.legacy = true
			return m, nil
		}
	}
	return fileMarks{}, fail("not a dealcoach database (it is another program's SQLite file)", nil)
}

// tableNames lists a database's tables, without SQLite's own.
func tableNames(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r scanner) (string, error) {
		var name string
		return name, r.Scan(&name)
	})
}

// migrationTables lists the tables the migrations up to version create,
// by running them on a database in memory.
func migrationTables(ctx context.Context, version int) ([]string, error) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // each connection to :memory: is a database of its own
	for _, m := range migrations() {
		if m.version > version {
			break
		}
		if _, err := db.ExecContext(ctx, m.sql); err != nil {
			return nil, fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return tableNames(ctx, db)
}

// checkHeader refuses files that are not SQLite before the driver sees them,
// so a text file passed as --db is never touched.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return errors.New(errText(err))
	}
	defer f.Close()
	head := make([]byte, 16)
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, []byte("SQLite format 3\x00")) {
		return errors.New("not a dealcoach database (the file is not SQLite)")
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	s.saveAnswer.Lock()
	if s.saveAnswer.stmt != nil {
		s.saveAnswer.stmt.Close()
	}
	s.saveAnswer.Unlock()
	return s.db.Close()
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// SetClock replaces the store's clock, for tests and sample data.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// DB exposes the handle for benchmarks and checks in tests.
func (s *Store) DB() *sql.DB { return s.db }

type migration struct {
	version int
	name    string
	sql     string
}

// migrations is the list Open applies; a variable so that a test can add a
// later version and watch an older file being migrated.
var migrations = embeddedMigrations

func embeddedMigrations() []migration {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		panic(err)
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic("store: migration without a number: " + e.Name())
		}
		body, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			panic(err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	// No gaps: a file at version n has had every migration up to n, so a
	// migration numbered below a file's version would never run on it.
	for i, m := range ms {
		if m.version != i+1 {
			panic(fmt.Sprintf("store: migration %s out of sequence", m.name))
		}
	}
	return ms
}

// SchemaVersion is the schema this binary writes: the last migration's.
func SchemaVersion() int {
	ms := migrations()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// migrate brings the schema up to this binary's and stamps the file as
// dealcoach's; Open has already checked the file is ours.
func (s *Store) migrate(ctx context.Context) error {
	var have, app int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return err
	}
	if err := s.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return err
	}
	stamp := func(tx *sql.Tx) error {
		if app == ApplicationID {
			return nil
		}
		_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID))
		return err
	}
	ms := migrations()
	want := SchemaVersion()
	if have > want {
		return &Error{Path: s.path, Problem: fmt.Sprintf("the database is schema version %d, newer than this dealcoach (version %d); update dealcoach", have, want)}
	}
	if have == want {
		// Ask for the write lock now, so that a database another program
		// holds locked is reported at start, not on the first save. A
		// playbook cached in an older form is cached again.
		return s.tx(ctx, func(tx *sql.Tx) error {
			if err := stamp(tx); err != nil {
				return err
			}
			return fillDecoded(ctx, tx)
		})
	}
	if have > 0 {
		bak := fmt.Sprintf("%s.bak-v%d", s.path, have)
		if err := s.Backup(ctx, bak); err != nil {
			return fmt.Errorf("copy before migrating to %s: %w", bak, err)
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := stamp(tx); err != nil {
			return err
		}
		for _, m := range ms {
			if m.version <= have {
				continue
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
				return err
			}
		}
		if err := s.defaultPlaybook(ctx, tx); err != nil {
			return err
		}
		return fillDecoded(ctx, tx)
	})
}

// defaultPlaybook saves the embedded default playbook as version 1 of a new
// database, and as a new version where the current one is an older copy of
// the default: the stock playbook of schema 1 had no skills, and a manager
// who never changed it gets them. A playbook of the manager's own is left
// as it is.
func (s *Store) defaultPlaybook(ctx context.Context, tx *sql.Tx) error {
	def := coaching.DefaultPlaybook()
	var v int
	var src string
	err := tx.QueryRowContext(ctx, "SELECT version, source FROM playbooks ORDER BY version DESC LIMIT 1").Scan(&v, &src)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	default:
		cur, err := coaching.ParsePlaybook("playbook", []byte(src))
		if err != nil || src == def.Source || cur.Name != def.Name || len(cur.Skills) > 0 {
			return nil
		}
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO playbooks(version, name, source, created_at) VALUES (?, ?, ?, ?)",
		v+1, def.Name, def.Source, s.now().Unix())
	return err
}

// tx runs fn in one immediate transaction, rolling back on error.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.fileErr(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return s.fileErr(err)
	}
	return s.fileErr(tx.Commit())
}

// fileErr words a problem with the database file itself (locked, read-only,
// full, damaged) as Open does, so a failed save reads like a failed start;
// other errors pass through. The driver error stays reachable by errors.As.
func (s *Store) fileErr(err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN,
		sqlite3.SQLITE_PERM, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_FULL:
		return &Error{Path: s.path, Problem: describe(err), Err: err}
	}
	return err
}

// Backup writes a consistent copy of the database to path (VACUUM INTO),
// mode 0600. It refuses to overwrite an existing file.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s already exists", path)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	f.Close()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		os.Remove(path)
		return err
	}
	defer conn.Close()
	if s.readOnly {
		// query_only refuses VACUUM INTO although it only reads this
		// file; lifted for this one statement on this one connection.
		if _, err := conn.ExecContext(ctx, "PRAGMA query_only = 0"); err != nil {
			os.Remove(path)
			return err
		}
		defer conn.ExecContext(ctx, "PRAGMA query_only = 1")
	}
	// VACUUM INTO wants an empty or missing file; an empty one keeps our mode.
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		os.Remove(path)
		return err
	}
	if err := newOrgToken(ctx, path); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

// newOrgToken gives a copy's change log (0006) a token of its own: put
// back in place of the file, the copy has lost the changes made since it
// was taken, so its log no longer continues the one a server has seen, and
// its next publish must compare every row.
func newOrgToken(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'org_log'").Scan(&n); err != nil || n == 0 {
		return err
	}
	_, err = db.ExecContext(ctx, "UPDATE org_log SET token = lower(hex(randomblob(16)))")
	return err
}

// describe turns a driver error into words for the manager.
func describe(err error) string {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return "the database is locked by another program; close it and try again"
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM:
			return "the database is read-only or cannot be opened for writing"
		case sqlite3.SQLITE_NOTADB:
			return "not a dealcoach database (the file is not SQLite)"
		case sqlite3.SQLITE_CORRUPT:
			return "the database file is damaged; restore a backup"
		case sqlite3.SQLITE_FULL:
			return "the disk is full"
		}
	}
	return errText(err)
}

// isConstraint reports whether err is the SQLite constraint failure code
// (an extended code such as SQLITE_CONSTRAINT_UNIQUE).
func isConstraint(err error, code int) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == code
}

// notFound turns a missing row into ErrNotFound, naming what was missing.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return err
}

// mustAffect reports ErrNotFound when a write matched no row.
func mustAffect(res sql.Result, what string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return nil
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

// collect scans every row with scan and closes rows.
func collect[T any](rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// nullID stores 0 as NULL for optional references.
func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

// unix and fromUnix keep times as unix seconds.
func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func fromUnix(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(n, 0)
}

func nullUnix(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.Unix(), Valid: true}
}

func date(s string) coaching.Date {
	d, _ := coaching.ParseISODate(s)
	return d
}
