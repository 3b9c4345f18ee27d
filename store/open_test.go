package store

import (
	"database/sql"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dealcoach/coaching"
	"dealcoach/internal/fixtures"
)

// header reads a 4-byte big-endian field of the file's SQLite header.
func headerField(t *testing.T, path string, offset int) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return int(binary.BigEndian.Uint32(data[offset : offset+4]))
}

const (
	userVersionOffset = 60
	appIDOffset       = 68
)

func TestNewDatabaseIsMarkedOurs(t *testing.T) {
	s := openTest(t)
	var app int
	ok(t, s.DB().QueryRow("PRAGMA application_id").Scan(&app))
	if app != ApplicationID {
		t.Errorf("application_id %#x, want %#x", app, ApplicationID)
	}
}

func TestOtherProgramsFileIsRefused(t *testing.T) {
	ours := migrations()[0].sql
	for _, tc := range []struct {
		name  string
		stmts []string
	}{
		{"user_version 0", []string{"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)", "INSERT INTO notes(body) VALUES ('x')"}},
		{"user_version 1", []string{"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)", "PRAGMA user_version = 1"}},
		{"a deals table, user_version 1", []string{"CREATE TABLE deals (id INTEGER PRIMARY KEY, name TEXT)", "PRAGMA user_version = 1"}},
		{"a deals table, user_version 0", []string{"CREATE TABLE deals (id INTEGER PRIMARY KEY, name TEXT)"}},
		{"our tables and one more", []string{ours, "CREATE TABLE extra (x)", "PRAGMA user_version = 1"}},
		{"our tables, user_version 0", []string{ours}},
		{"our tables, another application_id", []string{ours, "PRAGMA user_version = 1", "PRAGMA application_id = 1234"}},
		{"empty, another application_id", []string{"PRAGMA application_id = 1234"}},
		{"empty, user_version 3", []string{"PRAGMA user_version = 3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "theirs.db")
			fixtures.ForeignDB(t, path, tc.stmts...)
			before := fixtures.Snapshot(t, dir)
			want := path + ": not a dealcoach database (it is another program's SQLite file)"
			for name, open := range map[string]func() (*Store, error){
				"Open":         func() (*Store, error) { return Open(ctx, path) },
				"OpenReadOnly": func() (*Store, error) { return OpenReadOnly(ctx, path) },
			} {
				s, err := open()
				if err == nil {
					s.Close()
					t.Fatalf("%s opened another program's file", name)
				}
				if err.Error() != want {
					t.Errorf("%s: %q, want %q", name, err, want)
				}
			}
			fixtures.SameSnapshot(t, before, fixtures.Snapshot(t, dir))
		})
	}
}

// A newer schema is refused before the pool's journal_mode(WAL) runs: the
// file stays in rollback-journal mode, byte for byte.
func TestNewerSchemaInRollbackModeUntouched(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "coach.db")
	ok(t, must[*Store](t)(Open(ctx, path)).Close())
	future := SchemaVersion() + 1
	fixtures.ForeignDB(t, path, "PRAGMA journal_mode = DELETE", fmt.Sprintf("PRAGMA user_version = %d", future))
	before := fixtures.Snapshot(t, dir)

	want := fmt.Sprintf("%s: the database is schema version %d, newer than this dealcoach (version %d); update dealcoach", path, future, SchemaVersion())
	if _, err := Open(ctx, path); err == nil || err.Error() != want {
		t.Errorf("Open: %v, want %q", err, want)
	}
	if _, err := OpenReadOnly(ctx, path); err == nil || err.Error() != want {
		t.Errorf("OpenReadOnly: %v, want %q", err, want)
	}
	fixtures.SameSnapshot(t, before, fixtures.Snapshot(t, dir))
	var mode string
	db := must[*sql.DB](t)(sql.Open("sqlite", path))
	defer db.Close()
	ok(t, db.QueryRow("PRAGMA journal_mode").Scan(&mode))
	if mode != "delete" {
		t.Errorf("journal_mode %q, want delete", mode)
	}
}

// legacyDB writes a database as dealcoach did before application_id:
// migration 0001 on the pool's pragmas, user_version 1, one rep.
func legacyDB(t *testing.T, path string) {
	t.Helper()
	db := must[*sql.DB](t)(sql.Open("sqlite", path+pragmas))
	defer db.Close()
	must[sql.Result](t)(db.Exec(migrations()[0].sql))
	must[sql.Result](t)(db.Exec("PRAGMA user_version = 1"))
	pb := coaching.DefaultPlaybook()
	must[sql.Result](t)(db.Exec("INSERT INTO playbooks(version, name, source, created_at) VALUES (1, ?, ?, 0)", pb.Name, pb.Source))
	must[sql.Result](t)(db.Exec("INSERT INTO reps(name, created_at) VALUES ('Dana Ruiz', 0)"))
}

func TestLegacyDatabaseOpensAndIsStamped(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "coach.db")
	legacyDB(t, path)
	if got := headerField(t, path, appIDOffset); got != 0 {
		t.Fatalf("the legacy file already has application_id %#x", got)
	}
	before := fixtures.Snapshot(t, dir)

	// A reading command on the older schema says what to do, and leaves
	// the file as it is.
	_, err := OpenReadOnly(ctx, path)
	if err == nil || !strings.Contains(err.Error(), "older than this dealcoach") {
		t.Errorf("OpenReadOnly of a schema 1 file: %v", err)
	}
	fixtures.SameSnapshot(t, before, fixtures.Snapshot(t, dir))

	// The app's open stamps it, and keeps its data.
	s := must[*Store](t)(Open(ctx, path))
	if _, err := s.RepByName(ctx, "Dana Ruiz"); err != nil {
		t.Error(err)
	}
	ok(t, s.Close())
	if got := headerField(t, path, appIDOffset); got != ApplicationID {
		t.Errorf("application_id after Open %#x, want %#x", got, ApplicationID)
	}
	if got := headerField(t, path, userVersionOffset); got != SchemaVersion() {
		t.Errorf("user_version %d, want %d", got, SchemaVersion())
	}
}

// The stock playbook of schema 1 had no skills: migrating adds the current
// default as a new version, keeping version 1 for the old sessions; a
// playbook of the manager's own is left alone.
func TestMigrationGivesTheStockPlaybookSkills(t *testing.T) {
	v1 := coaching.DefaultPlaybook()
	v1.Skills = nil
	oldSource := v1.Source[:strings.Index(v1.Source, "\n# Skills are")] + "\n"
	for _, tc := range []struct {
		name, source string
		skills       bool
	}{
		{"stock", oldSource, true},
		{"own", strings.Replace(oldSource, `name = "dealcoach default"`, `name = "Northwind process"`, 1), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "coach.db")
			db := must[*sql.DB](t)(sql.Open("sqlite", path+pragmas))
			must[sql.Result](t)(db.Exec(migrations()[0].sql))
			must[sql.Result](t)(db.Exec("PRAGMA user_version = 1"))
			must[sql.Result](t)(db.Exec("INSERT INTO playbooks(version, name, source, created_at) VALUES (1, 'x', ?, 0)", tc.source))
			ok(t, db.Close())

			s := must[*Store](t)(Open(ctx, path))
			defer s.Close()
			pb := must[*coaching.Playbook](t)(s.Playbook(ctx))
			if got := len(pb.Skills) > 0; got != tc.skills {
				t.Errorf("current playbook version %d has skills: %v, want %v", pb.Version, got, tc.skills)
			}
			old := must[*coaching.Playbook](t)(s.PlaybookVersion(ctx, 1))
			if old.Source != tc.source {
				t.Error("version 1 changed")
			}
			var n int
			ok(t, s.DB().QueryRow("SELECT count(*) FROM sessions WHERE focus_practised = ''").Scan(&n))
		})
	}
}

// A file with SQLite's header and nothing else is a first open cut short.
func TestBlankSQLiteFileIsSetUp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "coach.db")
	fixtures.ForeignDB(t, path, "PRAGMA journal_mode = WAL")
	s := must[*Store](t)(Open(ctx, path))
	defer s.Close()
	if _, err := s.Playbook(ctx); err != nil {
		t.Error(err)
	}
}

func TestOpenReadOnlyNeedsADatabase(t *testing.T) {
	for _, tc := range []struct {
		name string
		path func(dir string) string
	}{
		{"missing file", func(dir string) string { return filepath.Join(dir, "coach.db") }},
		{"missing folder", func(dir string) string { return filepath.Join(dir, "no", "such", "coach.db") }},
		{"empty file", func(dir string) string {
			p := filepath.Join(dir, "coach.db")
			ok(t, os.WriteFile(p, nil, 0o600))
			return p
		}},
		{"blank SQLite file", func(dir string) string {
			p := filepath.Join(dir, "coach.db")
			fixtures.ForeignDB(t, p, "VACUUM")
			return p
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := tc.path(dir)
			before := fixtures.Snapshot(t, dir)
			_, err := OpenReadOnly(ctx, path)
			want := path + ": no dealcoach database here; run dealcoach, or dealcoach import, to create one"
			if err == nil || err.Error() != want {
				t.Errorf("%v, want %q", err, want)
			}
			fixtures.SameSnapshot(t, before, fixtures.Snapshot(t, dir))
		})
	}
}

// SQLite's mode=ro leaves a WAL file's -wal and -shm behind (it may not
// checkpoint on close); OpenReadOnly must leave the folder as it found it,
// and refuse writes.
func TestReadOnlyLeavesNoTrace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "coach.db")
	s := must[*Store](t)(Open(ctx, path))
	must[coaching.Rep](t)(s.CreateRep(ctx, "Dana Ruiz"))
	ok(t, s.Close())
	before := fixtures.Snapshot(t, dir)

	r := must[*Store](t)(OpenReadOnly(ctx, path))
	if _, err := r.RepByName(ctx, "Dana Ruiz"); err != nil {
		t.Error(err)
	}
	if _, err := r.CreateRep(ctx, "Lee Chen"); err == nil {
		t.Error("a read-only store saved a rep")
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	ok(t, r.Backup(ctx, copyPath))
	if _, err := r.CreateRep(ctx, "Lee Chen"); err == nil {
		t.Error("a read-only store saved a rep after a backup")
	}
	ok(t, r.Close())
	fixtures.SameSnapshot(t, before, fixtures.Snapshot(t, dir))

	c := must[*Store](t)(OpenReadOnly(ctx, copyPath))
	defer c.Close()
	if _, err := c.RepByName(ctx, "Dana Ruiz"); err != nil {
		t.Errorf("the backup lacks the rep: %v", err)
	}
}

// A file the user made unwritable is still read (mode=ro).
func TestReadOnlyOnUnwritableFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "coach.db")
	s := must[*Store](t)(Open(ctx, path))
	must[coaching.Rep](t)(s.CreateRep(ctx, "Dana Ruiz"))
	ok(t, s.Close())
	ok(t, os.Chmod(path, 0o400))
	r := must[*Store](t)(OpenReadOnly(ctx, path))
	defer r.Close()
	if _, err := r.RepByName(ctx, "Dana Ruiz"); err != nil {
		t.Error(err)
	}
}
