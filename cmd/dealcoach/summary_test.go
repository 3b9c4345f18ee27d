package main

import (
	"context"
	"encoding/json"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"dealcoach/coaching"
	"dealcoach/store"
)

// integrityOK asks the stock sqlite3 tool to check the file: DESIGN §8
// promises it stays readable by it.
func integrityOK(t *testing.T, path string) {
	t.Helper()
	bin, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Log("sqlite3 not installed; integrity check skipped")
		return
	}
	out, err := exec.Command(bin, path, "pragma integrity_check").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Errorf("sqlite3 integrity_check on %s: %q, %v", path, out, err)
	}
}

func TestIntegrityWithSqlite3(t *testing.T) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		t.Skip("sqlite3 not installed")
	}
	integrityOK(t, demoDB(t))
}

// stageKeys is the stage order the JSON contract promises.
func stageKeys() []string {
	var keys []string
	for _, g := range coaching.DefaultPlaybook().Groups() {
		keys = append(keys, g.Key)
	}
	return keys
}

// checkSummaryShape checks one rep object against DESIGN §5 key by key,
// decoded loosely so that a renamed field cannot hide.
func checkSummaryShape(t *testing.T, rep map[string]any) {
	t.Helper()
	for _, k := range []string{"rep", "window_days", "stages", "weak_stages", "weakest_items"} {
		if _, ok := rep[k]; !ok {
			t.Errorf("summary lacks %q", k)
		}
	}
	stages, _ := rep["stages"].([]any)
	var keys []string
	for _, s := range stages {
		st := s.(map[string]any)
		for _, k := range []string{"key", "name", "yes", "no", "unsure", "na", "strength", "enough", "weak"} {
			if _, ok := st[k]; !ok {
				t.Errorf("stage %v lacks %q", st["key"], k)
			}
		}
		keys = append(keys, st["key"].(string))
	}
	if strings.Join(keys, ",") != strings.Join(stageKeys(), ",") {
		t.Errorf("stages %v, want %v", keys, stageKeys())
	}
	if _, ok := rep["weak_stages"].([]any); !ok {
		t.Errorf("weak_stages is %#v, want a list", rep["weak_stages"])
	}
	items, ok := rep["weakest_items"].([]any)
	if !ok {
		t.Errorf("weakest_items is %#v, want a list", rep["weakest_items"])
	}
	for _, it := range items {
		for _, k := range []string{"stage", "key", "question", "yes", "no", "unsure"} {
			if _, ok := it.(map[string]any)[k]; !ok {
				t.Errorf("weakest item lacks %q", k)
			}
		}
	}
}

func TestSummaryJSON(t *testing.T) {
	db := demoDB(t)
	r := dealcoach(t, nil, "summary", "--rep", "dana ruiz", "--format", "json", "--db", db)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	checkSummaryShape(t, rep)
	if rep["rep"] != "Dana Ruiz" || rep["window_days"] != 90.0 {
		t.Errorf("rep %v, window %v", rep["rep"], rep["window_days"])
	}

	r = dealcoach(t, nil, "summary", "--team", "--days", "60", "--format", "json", "--db", db)
	if r.code != 0 {
		t.Fatalf("team: exit %d: %s", r.code, r.stderr)
	}
	var team struct {
		WindowDays int              `json:"window_days"`
		Reps       []map[string]any `json:"reps"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &team); err != nil {
		t.Fatal(err)
	}
	if team.WindowDays != 60 || len(team.Reps) != 6 {
		t.Fatalf("window %d, %d reps", team.WindowDays, len(team.Reps))
	}
	var names []string
	weak := 0
	for _, rep := range team.Reps {
		checkSummaryShape(t, rep)
		names = append(names, rep["rep"].(string))
		if len(rep["weak_stages"].([]any)) > 0 {
			weak++
		}
	}
	if !sort.StringsAreSorted(names) {
		t.Errorf("reps not in name order: %v", names)
	}
	if weak == 0 {
		t.Error("no demo rep has a weak stage")
	}
}

// addSparseRep adds a rep with one answer in qualify and none elsewhere.
func addSparseRep(t *testing.T, db, name string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rep, err := st.CreateRep(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	deal, err := st.CreateDeal(ctx, coaching.Deal{RepID: rep.ID, Name: "Acme – Pilot", Account: "Acme", Stage: "qualify", Status: coaching.StatusOpen})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := st.StartSession(ctx, rep.ID, coaching.OneOnOne, 30)
	if err != nil {
		t.Fatal(err)
	}
	rev, err := st.AddReview(ctx, sess.ID, deal.ID, "qualify", 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveAnswer(ctx, coaching.Answer{ReviewID: rev.ID, Stage: "qualify", Item: "fits-icp", Value: coaching.Yes}); err != nil {
		t.Fatal(err)
	}
}

func TestSummaryEmptyStages(t *testing.T) {
	db := demoDB(t)
	addSparseRep(t, db, "Nova Quinn")

	r := dealcoach(t, nil, "summary", "--rep", "Nova Quinn", "--format", "json", "--db", db)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var rep struct {
		Stages []struct {
			Key      string   `json:"key"`
			Strength *float64 `json:"strength"`
			Enough   bool     `json:"enough"`
			Weak     bool     `json:"weak"`
		} `json:"stages"`
		WeakStages []string `json:"weak_stages"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	for _, s := range rep.Stages {
		switch s.Key {
		case "qualify":
			if s.Strength == nil || *s.Strength != 1 || s.Enough || s.Weak {
				t.Errorf("qualify with one yes: %+v", s)
			}
		default:
			if s.Strength != nil || s.Enough || s.Weak {
				t.Errorf("%s without answers: strength %v, enough %v, weak %v", s.Key, s.Strength, s.Enough, s.Weak)
			}
		}
	}
	if rep.WeakStages == nil || len(rep.WeakStages) != 0 {
		t.Errorf("weak_stages %#v, want []", rep.WeakStages)
	}
	if !strings.Contains(r.stdout, `"strength": null`) {
		t.Error(`no "strength": null in the JSON`)
	}

	r = dealcoach(t, nil, "summary", "--rep", "Nova Quinn", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "not enough evidence (1 of 3 answers)") || !strings.Contains(r.stdout, "no answers") {
		t.Errorf("text: exit %d\n%s", r.code, r.stdout)
	}
	r = dealcoach(t, nil, "summary", "--team", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "100% ?") {
		t.Errorf("team text does not mark thin evidence:\n%s", r.stdout)
	}
}

func TestSummaryText(t *testing.T) {
	db := demoDB(t)
	r := dealcoach(t, nil, "summary", "--rep", "Dana Ruiz", "--db", db)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"Dana Ruiz · stage strength over the last 90 days", "Qualify", "Every deal", "█", "WEAK", "Weak stages: Propose.", "Weakest items:"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasSuffix(l, " ") {
			t.Errorf("trailing space in %q", l)
		}
	}

	r = dealcoach(t, nil, "summary", "--rep", "Dana Ruiz", "--format", "md", "--db", db)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "# Dana Ruiz — stage strength\n") ||
		!strings.Contains(r.stdout, "| Propose |") || !strings.Contains(r.stdout, "**weak**") || !strings.Contains(r.stdout, "## Weakest items") {
		t.Errorf("markdown: exit %d\n%s", r.code, r.stdout)
	}

	r = dealcoach(t, nil, "summary", "--team", "--db", db)
	if r.code != 0 {
		t.Fatalf("team: exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"Dana Ruiz", "Sam Okafor", "Priya Nair", "Jonas Berg", "Mei Chen", "Luis Ortega", "Negotiate", "Team ", " !"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("team text lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestSummaryUnknownRep(t *testing.T) {
	db := demoDB(t)
	r := dealcoach(t, nil, "summary", "--rep", "Danna", "--db", db)
	if r.code != 1 {
		t.Fatalf("exit %d", r.code)
	}
	oneErrorLine(t, r)
	if !strings.HasPrefix(r.stderr, `dealcoach: no rep named "Danna" (reps: `) || !strings.Contains(r.stderr, "Dana Ruiz") {
		t.Errorf("stderr %q", r.stderr)
	}

	empty := emptyDB(t)
	r = dealcoach(t, nil, "summary", "--rep", "Dana Ruiz", "--db", empty)
	if r.code != 1 || r.stderr != "dealcoach: no rep named \"Dana Ruiz\": the database has no reps yet\n" {
		t.Errorf("empty db: exit %d, stderr %q", r.code, r.stderr)
	}
	r = dealcoach(t, nil, "summary", "--team", "--db", empty)
	if r.code != 0 || !strings.Contains(r.stdout, "No reps yet.") {
		t.Errorf("empty team: exit %d, stdout %q", r.code, r.stdout)
	}
}
