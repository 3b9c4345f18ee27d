package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"dealcoach/coaching"
	"dealcoach/store"
)

type result struct {
	code           int
	stdout, stderr string
}

// dealcoach runs the command line in-process. HOME points at a fresh
// folder so that no test can reach the real database.
func dealcoach(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	if env == nil {
		env = map[string]string{}
	}
	if _, ok := env["HOME"]; !ok {
		env["HOME"] = t.TempDir()
	}
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut, func(k string) string { return env[k] })
	return result{code, out.String(), errOut.String()}
}

// oneErrorLine checks that stderr is one line starting "dealcoach: ".
func oneErrorLine(t *testing.T, r result) {
	t.Helper()
	if !strings.HasPrefix(r.stderr, "dealcoach: ") || strings.Count(r.stderr, "\n") != 1 || !strings.HasSuffix(r.stderr, "\n") {
		t.Errorf("stderr is not one line starting 'dealcoach: ': %q", r.stderr)
	}
}

// emptyDB makes a new database with no reps, as the app's first start does.
func emptyDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "empty.db")
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return db
}

// demoDB writes the default sample team into a fresh file.
func demoDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "team.db")
	r := dealcoach(t, nil, "demo", "--db", db)
	if r.code != 0 {
		t.Fatalf("demo: exit %d: %s", r.code, r.stderr)
	}
	return db
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}, {"--db", "x.db", "-h"}} {
		r := dealcoach(t, nil, args...)
		if r.code != 0 || !strings.Contains(r.stdout, "dealcoach summary --rep NAME") || r.stderr != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
	for _, args := range [][]string{{"help", "summary"}, {"summary", "-h"}, {"backup", "--help"}} {
		r := dealcoach(t, nil, args...)
		if r.code != 0 || !strings.HasPrefix(r.stdout, "usage: dealcoach "+args[0]) && !strings.HasPrefix(r.stdout, "usage: dealcoach "+args[1]) {
			t.Errorf("%v: exit %d, stdout %q", args, r.code, r.stdout)
		}
	}
}

func TestBadUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"import", "--db", db}, "import: missing argument"},
		{[]string{"export", "--db", db}, "give --session ID or --rep NAME"},
		{[]string{"help", "frob"}, `no help for "frob"`},
		{[]string{"summary", "--db", db}, "give --rep NAME or --team"},
		{[]string{"summary", "--db", db, "--rep", "Dana", "--team"}, "not both"},
		{[]string{"summary", "--db", db, "--team", "--format", "md"}, "--format must be text, json"},
		{[]string{"summary", "--db", db, "--rep", "Dana", "--format", "xml"}, "--format must be text, json, md"},
		{[]string{"summary", "--db", db, "--team", "--days", "soon"}, `--days: "soon" is not a valid value`},
		{[]string{"summary", "--db", db, "--team", "--days", "0"}, "--days must be at least 1"},
		{[]string{"summary", "--db", db, "--rep"}, "--rep needs a value"},
		{[]string{"summary", "--db", db, "--colour"}, "unknown flag --colour"},
		{[]string{"summary", "--db", db, "--team", "extra"}, `unexpected argument "extra"`},
		{[]string{"backup", "--db", db}, "backup: missing argument"},
		{[]string{"backup", "a.db", "b.db", "--db", db}, `unexpected argument "b.db"`},
		{[]string{"playbook", "--db", db}, "playbook: missing argument"},
		{[]string{"playbook", "frob", "--db", db}, `unknown action "frob"`},
		{[]string{"playbook", "check"}, "missing FILE"},
		{[]string{"demo", "--db", db, "--reps", "0"}, "--reps must be at least 1"},
		{[]string{"demo", "--db", db, "--seed", "0"}, "--seed must not be 0"},
		{[]string{"demo", "--db", db, "--teams", "3"}, "unknown flag --teams"},
		{[]string{"--demo", "--db", db}, "takes no --db"},
		{[]string{"--bogus"}, "unknown flag --bogus"},
		{[]string{"version", "now"}, `unexpected argument "now"`},
	} {
		r := dealcoach(t, nil, tc.args...)
		if r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", tc.args, r.code, r.stderr)
			continue
		}
		oneErrorLine(t, r)
		if !strings.Contains(r.stderr, tc.want) || !strings.Contains(r.stderr, "run 'dealcoach help'") {
			t.Errorf("%v: stderr %q, want %q and the hint", tc.args, r.stderr, tc.want)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a bad command line created the database")
	}
}

// TestFlagsAnywhere: flags before the command, after it and among its
// arguments, and "--" ending them.
func TestFlagsAnywhere(t *testing.T) {
	db := demoDB(t)
	for _, args := range [][]string{
		{"--db", db, "summary", "--team"},
		{"summary", "--team", "--db", db},
		{"--db=" + db, "summary", "--team=true"},
		{"summary", "--db", db, "--format", "text", "--team"},
	} {
		r := dealcoach(t, nil, args...)
		if r.code != 0 || !strings.HasPrefix(r.stdout, "Team · stage strength") {
			t.Errorf("%q: exit %d, stdout %.40q, stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
	dir := t.TempDir()
	for i, args := range [][]string{
		{"backup", filepath.Join(dir, "a.db"), "--db", db},
		{"--db", db, "backup", filepath.Join(dir, "b.db")},
		{"backup", "--db", db, "--", filepath.Join(dir, "--c.db")},
	} {
		r := dealcoach(t, nil, args...)
		if r.code != 0 {
			t.Errorf("%d %q: exit %d, stderr %q", i, args, r.code, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "--c.db")); err != nil {
		t.Error("an argument after -- was read as a flag:", err)
	}
}

func TestDBPath(t *testing.T) {
	for _, tc := range []struct {
		flag string
		env  map[string]string
		want string
	}{
		{"/a/flag.db", map[string]string{"DEALCOACH_DB": "/b/env.db"}, "/a/flag.db"},
		{"", map[string]string{"DEALCOACH_DB": "/b/env.db", "XDG_DATA_HOME": "/xdg"}, "/b/env.db"},
		{"", map[string]string{"XDG_DATA_HOME": "/xdg", "HOME": "/home/m"}, "/xdg/dealcoach/dealcoach.db"},
		{"", map[string]string{"XDG_DATA_HOME": "relative", "HOME": "/home/m"}, "/home/m/.local/share/dealcoach/dealcoach.db"},
		{"", map[string]string{"HOME": "/home/m"}, "/home/m/.local/share/dealcoach/dealcoach.db"},
	} {
		c := &cli{env: func(k string) string { return tc.env[k] }}
		got, err := c.dbPath(tc.flag)
		if err != nil || got != tc.want {
			t.Errorf("flag %q env %v: got %q, %v; want %q", tc.flag, tc.env, got, err, tc.want)
		}
	}
	c := &cli{env: func(string) string { return "" }}
	if _, err := c.dbPath(""); err == nil {
		t.Error("no error without HOME")
	}
}

// TestDefaultLocations checks the environment is honoured end to end and
// the folder and file are private.
func TestDefaultLocations(t *testing.T) {
	xdg := t.TempDir()
	r := dealcoach(t, map[string]string{"XDG_DATA_HOME": xdg}, "demo")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	path := filepath.Join(xdg, "dealcoach", "dealcoach.db")
	if !strings.HasSuffix(r.stdout, " to "+path+"\n") {
		t.Errorf("stdout %q does not name %s", r.stdout, path)
	}
	for p, mode := range map[string]os.FileMode{filepath.Dir(path): 0o700, path: 0o600} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != mode {
			t.Errorf("%s: mode %v, want %v", p, info.Mode().Perm(), mode)
		}
	}

	env := filepath.Join(t.TempDir(), "env.db")
	r = dealcoach(t, map[string]string{"DEALCOACH_DB": env, "XDG_DATA_HOME": xdg}, "demo", "--reps", "2")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "wrote 2 reps") {
		t.Fatalf("exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(env); err != nil {
		t.Error("$DEALCOACH_DB was not used:", err)
	}
}

func TestDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "team.db")
	r := dealcoach(t, nil, "demo", "--db", db)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want := regexp.MustCompile(`^wrote 6 reps, 72 deals, 48 sessions, \d,\d{3} answers to ` + regexp.QuoteMeta(db) + "\n$")
	if !want.MatchString(r.stdout) {
		t.Errorf("stdout %q", r.stdout)
	}
	info, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("database mode %v, want 0600", info.Mode().Perm())
	}
	integrityOK(t, db)

	// A second run would mix invented deals into the first: refused.
	r = dealcoach(t, nil, "demo", "--db", db)
	if r.code != 1 {
		t.Fatalf("second demo: exit %d", r.code)
	}
	oneErrorLine(t, r)
	if !strings.Contains(r.stderr, "already has 6 reps") {
		t.Errorf("stderr %q", r.stderr)
	}

	// Flags after the command and a chosen size and seed.
	other := filepath.Join(t.TempDir(), "other.db")
	r = dealcoach(t, nil, "demo", "--reps", "3", "--deals-per-rep", "5", "--sessions-per-rep", "4", "--seed", "7", "--db", other)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "wrote 3 reps, 15 deals, 12 sessions, ") {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestNotADatabase(t *testing.T) {
	text := filepath.Join(t.TempDir(), "notes.txt")
	content := []byte("Call Dana about the Northwind deal.\n")
	if err := os.WriteFile(text, content, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"demo"}, {"summary", "--team"}, {"summary", "--rep", "Dana Ruiz"}, {"playbook", "show"},
		{"backup", filepath.Join(t.TempDir(), "b.db")}, {},
	} {
		r := dealcoach(t, nil, append(args, "--db", text)...)
		if r.code != 1 {
			t.Errorf("%v: exit %d, want 1", args, r.code)
		}
		oneErrorLine(t, r)
		if !strings.Contains(r.stderr, text+": ") || !strings.Contains(r.stderr, "not") {
			t.Errorf("%v: stderr %q", args, r.stderr)
		}
	}
	got, err := os.ReadFile(text)
	if err != nil || !bytes.Equal(got, content) {
		t.Errorf("the text file changed: %q, %v", got, err)
	}
	if info, _ := os.Stat(text); info.Mode().Perm() != 0o644 {
		t.Errorf("the text file's mode changed to %v", info.Mode().Perm())
	}
	matches, _ := filepath.Glob(text + "*")
	if len(matches) != 1 {
		t.Errorf("files next to the text file: %v", matches)
	}
}

func TestBackup(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	copyPath := filepath.Join(dir, "copy.db")
	r := dealcoach(t, nil, "backup", copyPath, "--db", db)
	if r.code != 0 || r.stdout != "backed up "+db+" to "+copyPath+"\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	info, err := os.Stat(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600", info.Mode().Perm())
	}
	integrityOK(t, copyPath)
	r = dealcoach(t, nil, "summary", "--team", "--db", copyPath, "--format", "json")
	if r.code != 0 || !strings.Contains(r.stdout, `"Dana Ruiz"`) {
		t.Errorf("summary of the backup: exit %d, %s", r.code, r.stderr)
	}

	r = dealcoach(t, nil, "backup", copyPath, "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("backup over a file: exit %d, stderr %q", r.code, r.stderr)
	}
	oneErrorLine(t, r)
	r = dealcoach(t, nil, "backup", filepath.Join(dir, "no", "such", "folder.db"), "--db", db)
	if r.code != 1 {
		t.Errorf("backup into a missing folder: exit %d", r.code)
	}
	oneErrorLine(t, r)
}

func TestPlaybook(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pb.db")
	dir := t.TempDir()

	// show only reads: no database, no playbook (and none made).
	r := dealcoach(t, nil, "playbook", "show", "--db", db)
	if r.code != 1 || r.stderr != "dealcoach: "+db+": no dealcoach database here; run dealcoach, or dealcoach import, to create one\n" {
		t.Errorf("show without a database: exit %d, stderr %q", r.code, r.stderr)
	}
	if _, err := os.Stat(db); err == nil {
		t.Fatal("playbook show created the database")
	}
	db = emptyDB(t)
	r = dealcoach(t, nil, "playbook", "show", "--db", db)
	if r.code != 0 || r.stdout != coaching.DefaultTOML() {
		t.Fatalf("show: exit %d, stderr %q, stdout differs from the default: %v", r.code, r.stderr, r.stdout != coaching.DefaultTOML())
	}

	good := filepath.Join(dir, "ours.toml")
	src := strings.Replace(coaching.DefaultTOML(), `name = "dealcoach default"`, `name = "ours"`, 1)
	if err := os.WriteFile(good, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r = dealcoach(t, nil, "playbook", "check", good)
	if r.code != 0 || r.stdout != good+": ok — 5 stages, 28 questions\n" {
		t.Errorf("check: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}

	broken := filepath.Join(dir, "broken.toml")
	lines := strings.Split(src, "\n")
	lines[10] = `expected_days = "two weeks"`
	if err := os.WriteFile(broken, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{"check", "use"} {
		r = dealcoach(t, nil, "playbook", sub, broken, "--db", db)
		if r.code != 1 {
			t.Errorf("%s broken: exit %d", sub, r.code)
		}
		oneErrorLine(t, r)
		if !strings.HasPrefix(r.stderr, "dealcoach: "+broken+":11: ") {
			t.Errorf("%s broken: stderr %q does not name line 11", sub, r.stderr)
		}
	}
	r = dealcoach(t, nil, "playbook", "check", filepath.Join(dir, "missing.toml"))
	if r.code != 1 || !strings.Contains(r.stderr, "missing.toml: no such file") {
		t.Errorf("check missing: exit %d, stderr %q", r.code, r.stderr)
	}

	r = dealcoach(t, nil, "playbook", "use", good, "--db", db)
	if r.code != 0 || r.stdout != good+": ok — 5 stages, 28 questions; now playbook version 2\n" {
		t.Errorf("use: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	r = dealcoach(t, nil, "playbook", "show", "--db", db)
	if r.stdout != src {
		t.Error("show after use does not print the new playbook")
	}
	r = dealcoach(t, nil, "playbook", "use", good, "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "already the current playbook (version 2)") {
		t.Errorf("use again: exit %d, stdout %q", r.code, r.stdout)
	}
}

// TestVersion: version, --version and -v print the same, starting with the
// line scripts/bench.sh reads the schema from.
func TestVersion(t *testing.T) {
	first := regexp.MustCompile(`^dealcoach \S+ \(schema ` + strconv.Itoa(store.SchemaVersion()) + `\)\n`)
	var want string
	for _, args := range [][]string{{"version"}, {"--version"}, {"-v"}, {"--db", "x.db", "--version"}} {
		r := dealcoach(t, nil, args...)
		if r.code != 0 || r.stderr != "" || !first.MatchString(r.stdout) || !strings.Contains(r.stdout, "built with go") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
		}
		if want == "" {
			want = r.stdout
		} else if r.stdout != want {
			t.Errorf("%v prints %q, version prints %q", args, r.stdout, want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 956537: "956,537", 1234567: "1,234,567", -4200: "-4,200"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
