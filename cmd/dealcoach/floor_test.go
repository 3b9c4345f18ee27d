package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// floorRows runs a floor of scripts/bench.sh (scripts/sql) through the
// driver and gives its rows as "rep|stage|yes|no|unsure|na", sorted.
func floorRows(t *testing.T, db, file string, args ...any) []string {
	t.Helper()
	src, err := os.ReadFile("../../scripts/sql/" + file)
	if err != nil {
		t.Fatal(err)
	}
	h, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	rows, err := h.Query(string(src), args...)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		cells := make([]string, len(vals))
		for i, v := range vals {
			cells[i] = fmt.Sprint(v)
		}
		out = append(out, strings.Join(cells, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

type floorSummary struct {
	Rep    string `json:"rep"`
	Stages []struct {
		Key                 string
		Yes, No, Unsure, NA int
	} `json:"stages"`
}

// stageRows are a summary's stages with answers as floorRows gives them.
func stageRows(prefix string, s floorSummary) []string {
	var out []string
	for _, st := range s.Stages {
		if st.Yes+st.No+st.Unsure+st.NA > 0 {
			out = append(out, fmt.Sprintf("%s%s|%d|%d|%d|%d", prefix, st.Key, st.Yes, st.No, st.Unsure, st.NA))
		}
	}
	return out
}

// TestSQLFloorsAgree checks that the single statements scripts/bench.sh
// times summary against give the numbers dealcoach prints, on a demo team.
func TestSQLFloorsAgree(t *testing.T) {
	db := demoDB(t)
	r := dealcoach(t, nil, "summary", "--db", db, "--team", "--format", "json")
	if r.code != 0 {
		t.Fatalf("summary --team: exit %d: %s", r.code, r.stderr)
	}
	var team struct{ Reps []floorSummary }
	if err := json.Unmarshal([]byte(r.stdout), &team); err != nil {
		t.Fatal(err)
	}
	if len(team.Reps) < 2 {
		t.Fatalf("%d reps in the demo team", len(team.Reps))
	}
	var want []string
	for _, rep := range team.Reps {
		want = append(want, stageRows(rep.Rep+"|", rep)...)
	}
	slices.Sort(want)
	if got := floorRows(t, db, "team-floor.sql"); len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("team floor:\n got %q\nwant %q", got, want)
	}

	name := team.Reps[1].Rep
	r = dealcoach(t, nil, "summary", "--db", db, "--rep", name, "--format", "json")
	var one floorSummary
	if err := json.Unmarshal([]byte(r.stdout), &one); r.code != 0 || err != nil {
		t.Fatalf("summary --rep: exit %d, %v: %s", r.code, err, r.stderr)
	}
	want = stageRows("", one)
	slices.Sort(want)
	if got := floorRows(t, db, "summary-floor.sql", sql.Named("rep", name)); len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("rep floor:\n got %q\nwant %q", got, want)
	}
}
