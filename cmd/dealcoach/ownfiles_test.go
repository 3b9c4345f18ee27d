package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dealcoach/coaching"
	"dealcoach/internal/fixtures"
	"dealcoach/store"
)

// everyCommand is each command that opens the database, writing and
// reading, with the arguments it needs; "" is the app. The backup goes to
// a folder of its own so the database's folder can be compared.
func everyCommand(t *testing.T) map[string][]string {
	backupDir := t.TempDir()
	return map[string][]string{
		"app":           {},
		"import":        {"import", fixtures.Path(t, "salesforce-report.csv")},
		"demo":          {"demo"},
		"playbook use":  {"playbook", "use", writePlaybook(t)},
		"summary":       {"summary", "--team"},
		"export":        {"export", "--rep", "Dana Ruiz"},
		"backup":        {"backup", filepath.Join(backupDir, "copy.db")},
		"playbook show": {"playbook", "show"},
	}
}

var readingCommands = []string{"summary", "export", "backup", "playbook show"}

func writePlaybook(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "ours.toml")
	src := strings.Replace(coaching.DefaultTOML(), `name = "dealcoach default"`, `name = "ours"`, 1)
	if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Another program's SQLite file is refused by every command, before any
// write: today's import added nine tables to it and switched it to WAL.
func TestAnotherProgramsDatabaseUntouched(t *testing.T) {
	for _, tc := range []struct {
		name  string
		stmts []string
	}{
		{"user_version 0", []string{"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)", "INSERT INTO notes(body) VALUES ('call Dana')"}},
		{"user_version 1", []string{"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)", "PRAGMA user_version = 1"}},
		{"a deals table", []string{"CREATE TABLE deals (id INTEGER PRIMARY KEY, name TEXT, amount REAL)", "INSERT INTO deals(name, amount) VALUES ('Acme', 10)", "PRAGMA user_version = 1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for name, args := range everyCommand(t) {
				dir := t.TempDir()
				path := filepath.Join(dir, "theirs.db")
				fixtures.ForeignDB(t, path, tc.stmts...)
				before := fixtures.Snapshot(t, dir)
				r := dealcoach(t, nil, append(args, "--db", path)...)
				want := "dealcoach: " + path + ": not a dealcoach database (it is another program's SQLite file)\n"
				if r.code != 1 || r.stderr != want || r.stdout != "" {
					t.Errorf("%s: exit %d, stdout %q, stderr %q; want 1 and %q", name, r.code, r.stdout, r.stderr, want)
				}
				fixtures.SameSnapshot(t, before, fixtures.Snapshot(t, dir))
			}
		})
	}
}

// A newer schema in rollback-journal mode is refused before the pool's
// journal_mode(WAL) can switch it.
func TestNewerSchemaStaysInRollbackMode(t *testing.T) {
	for name, args := range everyCommand(t) {
		dir := t.TempDir()
		path := filepath.Join(dir, "coach.db")
		st, err := store.Open(t.Context(), path)
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
		future := store.SchemaVersion() + 1
		fixtures.ForeignDB(t, path, "PRAGMA journal_mode = DELETE", fmt.Sprintf("PRAGMA user_version = %d", future))
		before := fixtures.Snapshot(t, dir)

		r := dealcoach(t, nil, append(args, "--db", path)...)
		want := fmt.Sprintf("dealcoach: %s: the database is schema version %d, newer than this dealcoach (version %d); update dealcoach\n", path, future, store.SchemaVersion())
		if r.code != 1 || r.stderr != want {
			t.Errorf("%s: exit %d, stderr %q; want %q", name, r.code, r.stderr, want)
		}
		fixtures.SameSnapshot(t, before, fixtures.Snapshot(t, dir))
		var mode string
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "delete" {
			t.Errorf("%s: journal_mode %q (%v), want delete", name, mode, err)
		}
		db.Close()
	}
}

// Reading commands create nothing: no file, no folder, and an empty file
// stays empty.
func TestReadingCommandsNeedADatabase(t *testing.T) {
	for _, name := range readingCommands {
		for _, where := range []string{"missing file", "missing folder", "empty file"} {
			dir := t.TempDir()
			path := filepath.Join(dir, "coach.db")
			switch where {
			case "missing folder":
				path = filepath.Join(dir, "no", "such", "coach.db")
			case "empty file":
				if err := os.WriteFile(path, nil, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			before := fixtures.Snapshot(t, dir)
			r := dealcoach(t, nil, append(everyCommand(t)[name], "--db", path)...)
			want := "dealcoach: " + path + ": no dealcoach database here; run dealcoach, or dealcoach import, to create one\n"
			if r.code != 1 || r.stderr != want || r.stdout != "" {
				t.Errorf("%s, %s: exit %d, stdout %q, stderr %q; want 1 and %q", name, where, r.code, r.stdout, r.stderr, want)
			}
			fixtures.SameSnapshot(t, before, fixtures.Snapshot(t, dir))
		}
	}
}

// Reading a database whose last writer closed cleanly changes no byte and
// leaves no -wal or -shm behind.
func TestReadingCommandsLeaveNoTrace(t *testing.T) {
	db, _, _ := coachedDB(t)
	dir := filepath.Dir(db)
	before := fixtures.Snapshot(t, dir)
	for _, name := range readingCommands {
		r := dealcoach(t, nil, append(everyCommand(t)[name], "--db", db)...)
		if r.code != 0 {
			t.Errorf("%s: exit %d, stderr %q", name, r.code, r.stderr)
		}
		fixtures.SameSnapshot(t, before, fixtures.Snapshot(t, dir))
	}
}

// dealcoach's own data folder, made earlier by someone else with loose
// permissions, is tightened when dealcoach makes the database in it; a
// folder chosen with --db is left as it is.
func TestDataFolderTightened(t *testing.T) {
	xdg := t.TempDir()
	data := filepath.Join(xdg, "dealcoach")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(data, 0o755); err != nil {
		t.Fatal(err)
	}
	r := dealcoach(t, map[string]string{"XDG_DATA_HOME": xdg}, "demo", "--reps", "1")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if info, err := os.Stat(data); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("data folder: %v, %v; want mode 0700", info.Mode().Perm(), err)
	}

	mine := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(mine, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(mine, 0o755); err != nil {
		t.Fatal(err)
	}
	r = dealcoach(t, nil, "demo", "--reps", "1", "--db", filepath.Join(mine, "team.db"))
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if info, err := os.Stat(mine); err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("a folder chosen with --db: %v, %v; want it left at 0755", info.Mode().Perm(), err)
	}
}
