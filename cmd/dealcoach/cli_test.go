package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"dealcoach/store"
)

// TestCommandHelp: `help CMD` and `CMD --help` print the usage line, every
// flag with its default, and examples; every command has an example.
func TestCommandHelp(t *testing.T) {
	for _, args := range [][]string{{"help", "summary"}, {"summary", "--help"}, {"--db", "x.db", "summary", "-h"}} {
		r := dealcoach(t, nil, args...)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
		for _, want := range []*regexp.Regexp{
			regexp.MustCompile(`^usage: dealcoach summary \(--rep NAME \| --team \| --org \[--from URL\] \[--manager NAME\]\) \[--days N\] \[--format text\|json\|md\]\n`),
			regexp.MustCompile(`\n\s+--days int\s+window in days \(default 90\)\n`),
			regexp.MustCompile(`\n\s+--format string\s+text, json or md \(default "text"\)\n`),
			regexp.MustCompile(`\nGlobal flags:\n(.*\n)*\s+--db string`),
			regexp.MustCompile(`\n\s+--theme string\s+.*\(default "auto"\)\n`),
			regexp.MustCompile(`\nExamples:\n  dealcoach summary --rep "Dana Ruiz"\n`),
		} {
			if !want.MatchString(r.stdout) {
				t.Errorf("%v: no %s in\n%s", args, want, r.stdout)
			}
		}
	}
	c := &cli{env: func(string) string { return "" }}
	for _, cmd := range c.root().Commands() {
		if cmd.Hidden {
			continue
		}
		r := dealcoach(t, nil, "help", cmd.Name())
		if r.code != 0 || !strings.HasPrefix(r.stdout, "usage: dealcoach "+cmd.Name()) ||
			!strings.Contains(r.stdout, "\nExamples:\n  dealcoach ") {
			t.Errorf("help %s: exit %d, stdout:\n%s", cmd.Name(), r.code, r.stdout)
		}
	}
}

// TestCompletionScripts: each shell's script is printed, and bash's (and
// zsh's and fish's, where those shells are installed) parses.
func TestCompletionScripts(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish"} {
		r := dealcoach(t, nil, "completion", shell)
		if r.code != 0 || r.stderr != "" || len(r.stdout) < 1000 || !strings.Contains(r.stdout, "dealcoach") {
			t.Fatalf("completion %s: exit %d, %d bytes, stderr %q", shell, r.code, len(r.stdout), r.stderr)
		}
		bin, err := exec.LookPath(shell)
		if err != nil {
			if shell == "bash" {
				t.Fatal("bash is needed to check the bash script:", err)
			}
			t.Logf("%s not installed: its script is not parsed", shell)
			continue
		}
		script := filepath.Join(t.TempDir(), "dealcoach."+shell)
		if err := os.WriteFile(script, []byte(r.stdout), 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(bin, "-n", script).CombinedOutput(); err != nil {
			t.Errorf("%s -n: %v\n%s", shell, err, out)
		}
	}
}

// TestCompleteRepNames: --rep completes with the reps of the database the
// command line names, through cobra's hidden __complete command as the
// shells call it; without a database nothing is suggested and nothing made.
func TestCompleteRepNames(t *testing.T) {
	db := demoDB(t)
	complete := func(env map[string]string, args ...string) []string {
		t.Helper()
		r := dealcoach(t, env, append([]string{"__complete"}, args...)...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
		return strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	}
	all := []string{"Dana Ruiz", "Jonas Berg", "Luis Ortega", "Mei Chen", "Priya Nair", "Sam Okafor", ":4"}
	for _, args := range [][]string{
		{"summary", "--db", db, "--rep", ""},
		{"--db", db, "export", "--rep", ""},
		{"import", "deals.csv", "--db", db, "--rep", ""},
	} {
		if got := complete(nil, args...); !reflect.DeepEqual(got, all) {
			t.Errorf("%q: %q, want %q", args, got, all)
		}
	}
	if got, want := complete(nil, "summary", "--db", db, "--rep", "da"), []string{"Dana Ruiz", ":4"}; !reflect.DeepEqual(got, want) {
		t.Errorf("--rep da: %q, want %q", got, want)
	}
	if got := complete(map[string]string{"DEALCOACH_DB": db}, "summary", "--rep", "M"); !reflect.DeepEqual(got, []string{"Mei Chen", ":4"}) {
		t.Errorf("--rep M with $DEALCOACH_DB: %q", got)
	}

	missing := filepath.Join(t.TempDir(), "none.db")
	home := t.TempDir()
	for _, args := range [][]string{{"summary", "--db", missing, "--rep", ""}, {"summary", "--rep", ""}} {
		if got := complete(map[string]string{"HOME": home}, args...); !reflect.DeepEqual(got, []string{":4"}) {
			t.Errorf("%q without a database: %q", args, got)
		}
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("completion created the database")
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Errorf("completion made %v in HOME", entries)
	}
}

// TestManPage: a roff page with the sections man(7) expects and every
// command.
func TestManPage(t *testing.T) {
	r := dealcoach(t, nil, "man")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if !strings.HasPrefix(r.stdout, ".TH DEALCOACH 1 ") {
		t.Errorf("does not start with .TH: %.80q", r.stdout)
	}
	for _, want := range []string{"\n.SH NAME\ndealcoach - ", "\n.SH SYNOPSIS\n", "\n.SH DESCRIPTION\n", "\n.SH OPTIONS\n",
		"\n.SH COMMANDS\n", "\n.SH ENVIRONMENT\n", "\n.SH EXIT STATUS\n", `\fB--theme\fP`,
		`\fBsummary\fP`, `\fBexport\fP`, `\fBcompletion\fP`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("man page lacks %q", want)
		}
	}
	if strings.Contains(r.stdout, "%!") || strings.Contains(r.stdout, "__complete") {
		t.Error("man page has a formatting slip or a hidden command")
	}
}

// TestSummaryTeamMarkdown: the heat map as a Markdown table, a row per rep
// and one for the team, every row as wide as the header.
func TestSummaryTeamMarkdown(t *testing.T) {
	db := demoDB(t)
	r := dealcoach(t, nil, "summary", "--team", "--format", "md", "--db", db)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if !strings.HasPrefix(r.stdout, "# Team — stage strength\n\nThe last 90 days, to ") {
		t.Errorf("heading: %.80q", r.stdout)
	}
	var rows []string
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(l, "|") {
			rows = append(rows, l)
		}
	}
	if len(rows) != 2+6+1 {
		t.Fatalf("%d table rows, want header, rule, 6 reps and the team:\n%s", len(rows), r.stdout)
	}
	if !strings.HasPrefix(rows[0], "| Rep | Qualify | ") || !strings.HasPrefix(rows[1], "|---|---:|") ||
		!strings.HasPrefix(rows[2], "| Dana Ruiz | ") || !strings.HasPrefix(rows[8], "| **Team** | ") {
		t.Errorf("rows:\n%s", strings.Join(rows, "\n"))
	}
	cell := regexp.MustCompile(`^(\d+%( \?)?|\*\*\d+%\*\*|–)$`)
	for _, row := range rows {
		cells := strings.Split(strings.Trim(row, "|"), "|")
		if len(cells) != strings.Count(rows[0], "|")-1 {
			t.Errorf("row %q has %d cells", row, len(cells))
		}
		if row == rows[0] || row == rows[1] {
			continue
		}
		for _, c := range cells[1:] {
			if !cell.MatchString(strings.TrimSpace(c)) {
				t.Errorf("cell %q in %q", c, row)
			}
		}
	}
	if !strings.Contains(r.stdout, "**") {
		t.Error("the sample team has weak cells; none is bold")
	}

	empty := dealcoach(t, nil, "summary", "--team", "--format", "md", "--db", emptyDB(t))
	if empty.code != 0 || !strings.HasSuffix(empty.stdout, "\n\nNo reps yet.\n") {
		t.Errorf("no reps: exit %d, %q", empty.code, empty.stdout)
	}
}

// TestExportTeam: --team is every rep's --rep export, in the reps' order,
// as JSON under "reps" and as Markdown one after another.
func TestExportTeam(t *testing.T) {
	db, _, _ := coachedDB(t)
	team := decode(t, exportOK(t, db, "--team", "--private"))
	reps, ok := team["reps"].([]any)
	if !ok || len(team) != 1 || len(reps) < 2 {
		t.Fatalf("team export: %v", team)
	}
	var md []string
	for _, v := range reps {
		rep, _ := v.(map[string]any)
		name, _ := rep["rep"].(string)
		if want := decode(t, exportOK(t, db, "--rep", name, "--private")); !reflect.DeepEqual(rep, want) {
			t.Errorf("the team's %s differs from --rep %s:\n%v\n%v", name, name, rep, want)
		}
		md = append(md, exportOK(t, db, "--rep", name, "--format", "md"))
	}
	if got, want := exportOK(t, db, "--team", "--format", "md"), strings.Join(md, "\n---\n\n"); got != want {
		t.Errorf("team Markdown is not the reps' one after another:\n%s\nwant\n%s", got, want)
	}

	empty := emptyDB(t)
	if got := exportOK(t, empty, "--team"); got != "{\n  \"reps\": []\n}\n" {
		t.Errorf("no reps, JSON: %q", got)
	}
	if got := exportOK(t, empty, "--team", "--format", "md"); got != "No reps yet.\n" {
		t.Errorf("no reps, Markdown: %q", got)
	}
}

// TestTheme: --theme wins over $DEALCOACH_THEME, which wins over auto;
// any other value of either is bad usage, named by where it came from.
func TestTheme(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  string
		want string
	}{
		{nil, "", "auto"},
		{nil, "light", "light"},
		{nil, " Dark ", "dark"},
		{[]string{"--theme", "dark"}, "light", "dark"},
		{[]string{"--theme=light"}, "neon", "light"},
		{[]string{"--theme", "auto"}, "dark", "auto"},
	} {
		c := &cli{env: func(k string) string {
			if k == "DEALCOACH_THEME" {
				return tc.env
			}
			return ""
		}}
		root := c.root()
		if err := root.ParseFlags(tc.args); err != nil {
			t.Fatal(err)
		}
		if err := c.settleTheme(root); err != nil || c.theme != tc.want {
			t.Errorf("%v with DEALCOACH_THEME=%q: %q, %v; want %q", tc.args, tc.env, c.theme, err, tc.want)
		}
	}

	db := demoDB(t)
	r := dealcoach(t, map[string]string{"DEALCOACH_THEME": "solarized"}, "summary", "--team", "--db", db)
	if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, `DEALCOACH_THEME "solarized": want light, dark or auto`) {
		t.Errorf("bad $DEALCOACH_THEME: exit %d, stderr %q", r.code, r.stderr)
	}
	oneErrorLine(t, r)
	r = dealcoach(t, map[string]string{"DEALCOACH_THEME": "solarized"}, "summary", "--team", "--db", db, "--theme", "light")
	if r.code != 0 {
		t.Errorf("--theme light over a bad $DEALCOACH_THEME: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestDescribeBuild: the commit, its time and uncommitted changes as go
// build records them, under the line scripts/bench.sh reads the schema from.
func TestDescribeBuild(t *testing.T) {
	info := &debug.BuildInfo{Settings: []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "2b03ef7abc1234567890abcdef1234567890abcd"},
		{Key: "vcs.time", Value: "2026-11-30T00:30:00Z"},
		{Key: "vcs.modified", Value: "true"},
	}}
	got := describeBuild("v1.4.0", info)
	want := "dealcoach v1.4.0 (schema " + strconv.Itoa(store.SchemaVersion()) + ")\n" +
		"commit 2b03ef7abc1234567890abcdef1234567890abcd with uncommitted changes, committed 2026-11-30T00:30:00Z\n"
	if !strings.HasPrefix(got, want) || !regexp.MustCompile(`\nbuilt with go\S+ for \w+/\w+\n$`).MatchString(got) {
		t.Errorf("got %q", got)
	}
	if got := describeBuild("dev", nil); strings.Contains(got, "commit") {
		t.Errorf("no build info: %q", got)
	}
	schema := regexp.MustCompile(`(?m).*\(schema ([0-9]*)\).*`) // scripts/bench.sh's sed
	if m := schema.FindStringSubmatch(got); m == nil || m[1] != strconv.Itoa(store.SchemaVersion()) {
		t.Errorf("bench.sh cannot read the schema from %q", got)
	}
}
