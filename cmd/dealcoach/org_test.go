package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"dealcoach/coaching"
	"dealcoach/internal/hostile"
	"dealcoach/internal/pgtest"
	"dealcoach/orgstore"
	"dealcoach/store"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// orgFor is an org database after `dealcoach org init`, with roles.
func orgFor(t *testing.T) (*pgtest.DB, string, string, string) {
	t.Helper()
	d := pgtest.NewDB(t)
	r := dealcoach(t, nil, "org", "init", "--url", d.URL(pgtest.Superuser))
	if r.code != 0 || !strings.Contains(r.stdout, "org database ready") {
		t.Fatalf("org init: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	r = dealcoach(t, nil, "org", "init", "--url", d.URL(pgtest.Superuser))
	if r.code != 0 || r.stdout != "org database already up to date\n" {
		t.Fatalf("second org init: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	return d, d.Role(t, "alice", orgstore.ManagerRole), d.Role(t, "bob", orgstore.ManagerRole), d.Role(t, "dora", orgstore.DirectorRole)
}

func demoDBSeed(t *testing.T, seed string, reps string) string {
	t.Helper()
	db := t.TempDir() + "/m.db"
	if r := dealcoach(t, nil, "demo", "--db", db, "--seed", seed, "--reps", reps); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	return db
}

// teamJSON is `summary --team --format json` decoded.
func teamJSON(t *testing.T, args ...string) coaching.TeamMatrix {
	t.Helper()
	r := dealcoach(t, nil, append([]string{"summary", "--format", "json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("summary %v: exit %d: %s", args, r.code, r.stderr)
	}
	var m coaching.TeamMatrix
	if err := json.Unmarshal([]byte(r.stdout), &m); err != nil {
		t.Fatalf("summary %v: %v\n%s", args, err, r.stdout)
	}
	return m
}

// stagesOnly keeps what the org database can know: reps' names and §5
// stage numbers (trends, items and skills stay on the laptop).
func stagesOnly(m coaching.TeamMatrix) map[string]any {
	reps := map[string][]coaching.StageScore{}
	var names []string
	for _, r := range m.Reps {
		reps[r.Rep] = r.Stages
		names = append(names, r.Rep)
	}
	return map[string]any{"names": names, "reps": reps, "overall": m.Overall, "days": m.WindowDays}
}

func TestSummaryOrgEqualsEachManagersTeam(t *testing.T) {
	d, alice, bob, dora := orgFor(t)
	dbs := map[string]string{alice: demoDBSeed(t, "3", "4"), bob: demoDBSeed(t, "7", "3")}
	for role, db := range dbs {
		r := dealcoach(t, nil, "publish", "--db", db, "--to", d.URL(role))
		if r.code != 0 || !strings.HasPrefix(r.stdout, "published ") {
			t.Fatalf("publish as %s: exit %d %q %q", role, r.code, r.stdout, r.stderr)
		}
	}
	env := map[string]string{"DEALCOACH_ORG_URL": d.URL(dora)}
	for _, days := range []string{"90", "30"} {
		for role, db := range dbs {
			// The window moves with the clock: the laptop's numbers are read
			// before and after, and compared only when the two agree.
			var want, got map[string]any
			for try := 0; try < 3; try++ {
				before := stagesOnly(teamJSON(t, "--team", "--db", db, "--days", days))
				r := dealcoach(t, env, "summary", "--org", "--manager", role, "--days", days, "--format", "json")
				if r.code != 0 {
					t.Fatalf("summary --org --manager %s: exit %d %s", role, r.code, r.stderr)
				}
				var m coaching.TeamMatrix
				if err := json.Unmarshal([]byte(r.stdout), &m); err != nil {
					t.Fatal(err)
				}
				got = stagesOnly(m)
				if want = stagesOnly(teamJSON(t, "--team", "--db", db, "--days", days)); reflect.DeepEqual(before, want) {
					break
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("--days %s, manager %s:\norg  %v\nteam %v", days, role, got, want)
			}
		}
	}

	// The overview: managers in name order, each manager's stages those of
	// its own summary --team's overall.
	r := dealcoach(t, env, "summary", "--org", "--format", "json")
	var org struct {
		WindowDays int `json:"window_days"`
		Managers   []struct {
			Manager     string                `json:"manager"`
			Reps        int                   `json:"reps"`
			Stages      []coaching.StageScore `json:"stages"`
			PerRep      *float64              `json:"one_on_ones_per_rep_month"`
			Share       *float64              `json:"manager_owned_steps_share"`
			Commitments map[string]int        `json:"commitments"`
		} `json:"managers"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &org); err != nil || r.code != 0 {
		t.Fatalf("summary --org: exit %d %v %s %s", r.code, err, r.stdout, r.stderr)
	}
	if org.WindowDays != 90 || len(org.Managers) != 2 || org.Managers[0].Manager != alice || org.Managers[1].Manager != bob {
		t.Fatalf("summary --org: %+v", org)
	}
	for _, m := range org.Managers {
		team := teamJSON(t, "--team", "--db", dbs[m.Manager])
		if m.Reps != len(team.Reps) || !reflect.DeepEqual(m.Stages, team.Overall) {
			t.Errorf("%s: %d reps, stages %v; its team has %d reps, overall %v", m.Manager, m.Reps, m.Stages, len(team.Reps), team.Overall)
		}
		if m.PerRep == nil || *m.PerRep <= 0 || m.Share == nil {
			t.Errorf("%s: 1:1s per rep a month %v, manager share %v", m.Manager, m.PerRep, m.Share)
		}
		for _, k := range []string{"done", "not_done", "dropped"} {
			if _, ok := m.Commitments[k]; !ok {
				t.Errorf("%s: commitments lacks %q: %v", m.Manager, k, m.Commitments)
			}
		}
	}
	for _, format := range []string{"text", "md"} {
		r := dealcoach(t, env, "summary", "--org", "--format", format)
		if r.code != 0 || !strings.Contains(r.stdout, "alice") || !strings.Contains(r.stdout, "bob") {
			t.Errorf("summary --org --format %s: exit %d\n%s%s", format, r.code, r.stdout, r.stderr)
		}
	}
}

func TestPublishTwiceSendsNothing(t *testing.T) {
	d, alice, _, _ := orgFor(t)
	db := demoDBSeed(t, "5", "2")
	env := map[string]string{"DEALCOACH_ORG_URL": d.URL(alice)}
	first := dealcoach(t, env, "publish", "--db", db)
	if first.code != 0 || first.stdout == "published 0 reps, 0 sessions, 0 answers, 0 actions\n" {
		t.Fatalf("first publish: %q %q", first.stdout, first.stderr)
	}
	if r := dealcoach(t, env, "publish", "--db", db); r.stdout != "published 0 reps, 0 sessions, 0 answers, 0 actions\n" {
		t.Errorf("second publish: %q %q", r.stdout, r.stderr)
	}
}

func TestOrgUsageAndPasswords(t *testing.T) {
	if r := dealcoach(t, nil, "publish", "--db", emptyDB(t)); r.code != exitUsage || !strings.Contains(r.stderr, "DEALCOACH_ORG_URL") {
		t.Errorf("publish without a URL: exit %d %q", r.code, r.stderr)
	}
	if r := dealcoach(t, nil, "summary", "--org", "--team"); r.code != exitUsage {
		t.Errorf("summary --org --team: exit %d %q", r.code, r.stderr)
	}
	// A server that is not there: the error is one line, without the password.
	const secret = "s3cr3t-Pa55"
	for _, url := range []string{
		"postgres://alice:" + secret + "@/nodb?host=/nonexistent-dir&connect_timeout=2",
		"host=/nonexistent-dir dbname=nodb user=alice password=" + secret + " connect_timeout=2",
	} {
		r := dealcoach(t, nil, "publish", "--db", emptyDB(t), "--to", url)
		oneErrorLine(t, r)
		if r.code != exitFail || strings.Contains(r.stderr+r.stdout, secret) {
			t.Errorf("publish to a missing server: exit %d, %q", r.code, r.stderr)
		}
	}
}

func TestSummaryOrgHostileNames(t *testing.T) {
	d, alice, _, dora := orgFor(t)
	db := emptyDB(t)
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range hostile.Names {
		if _, err := st.CreateRep(context.Background(), n); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	if r := dealcoach(t, nil, "publish", "--db", db, "--to", d.URL(alice)); r.code != 0 || r.stdout != "published 8 reps, 0 sessions, 0 answers, 0 actions\n" {
		t.Fatalf("publish: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	env := map[string]string{"DEALCOACH_ORG_URL": d.URL(dora)}
	for _, args := range [][]string{
		{"--format", "text"}, {"--format", "md"}, {"--format", "json"},
		{"--manager", alice}, {"--manager", alice, "--format", "json"},
	} {
		r := dealcoach(t, env, append([]string{"summary", "--org"}, args...)...)
		if r.code != 0 || !strings.Contains(r.stdout, "H line") {
			t.Errorf("summary --org %v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
		hostile.Check(t, fmt.Sprint("summary --org ", args), r.stdout)
	}
}
