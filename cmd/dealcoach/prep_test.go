package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"dealcoach/coaching"
	"dealcoach/internal/fixtures"
	"dealcoach/internal/hostile"
	"dealcoach/store"
)

// Text only the manager wrote: none of it may reach a prep file.
const (
	prepPrivate = "PRIVATE-she-may-leave"
	prepShared  = "SHARED-good-discovery"
	mgrEvidence = "EVIDENCE-cfo-email"
	prepSession = "SESSIONNOTE-comp-plan"
)

// prepTeam writes Dana (two deals, one 1:1 with notes and evidence) and
// Sam (one deal) into a database alone in its folder.
func prepTeam(t *testing.T, dana string) (db string, acme, globex coaching.Deal) {
	t.Helper()
	ctx := context.Background()
	db = filepath.Join(t.TempDir(), "coach.db")
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	d, err := st.CreateRep(ctx, dana)
	must(err)
	s, err := st.CreateRep(ctx, "Sam Lee")
	must(err)
	acme, err = st.CreateDeal(ctx, coaching.Deal{RepID: d.ID, Name: "Acme renewal", Account: "Acme", Stage: "propose", CRMID: "006A", Amount: 5_000_000})
	must(err)
	globex, err = st.CreateDeal(ctx, coaching.Deal{RepID: d.ID, Name: "Globex pilot", Stage: "qualify", CRMID: "006B"})
	must(err)
	_, err = st.CreateDeal(ctx, coaching.Deal{RepID: s.ID, Name: "SAMSDEAL Initech", Stage: "qualify"})
	must(err)
	sess, err := st.StartSession(ctx, d.ID, coaching.OneOnOne, 30)
	must(err)
	rv, err := st.AddReview(ctx, sess.ID, acme.ID, "propose", 0)
	must(err)
	must(st.SetReviewNotes(ctx, rv.ID, prepShared, prepPrivate))
	must(st.SetSessionNotes(ctx, sess.ID, prepSession))
	must(st.SaveAnswer(ctx, coaching.Answer{ReviewID: rv.ID, Stage: "propose", Item: "budget-confirmed", Value: coaching.No, Evidence: mgrEvidence}))
	must(st.EndSession(ctx, sess.ID))
	return db, acme, globex
}

func writePrepFile(t *testing.T, db, rep string) (string, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "dana-prep.toml")
	r := dealcoach(t, nil, "prep", "--rep", rep, "--db", db, "--output", out)
	if r.code != 0 {
		t.Fatalf("prep: exit %d: %s", r.code, r.stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(out); info.Mode().Perm() != 0o600 {
		t.Errorf("prep file mode %v, want 0600", info.Mode().Perm())
	}
	return out, string(data)
}

// answer sets the answer of item (under the deal with the given id) in
// the text of a prep file, as a rep does in an editor.
func answer(t *testing.T, text string, dealID int64, item, value, evidence string) string {
	t.Helper()
	at := strings.Index(text, "[[deal]]\nid = "+strconv.FormatInt(dealID, 10)+"\n")
	if at < 0 {
		t.Fatalf("no deal %d in the prep", dealID)
	}
	head := "]\n" // the item's header ends the line before its answer
	i := strings.Index(text[at:], "."+item+head)
	if i < 0 {
		t.Fatalf("no item %s under deal %d", item, dealID)
	}
	i += at + len("."+item+head)
	old := "answer = \"\"  # yes, no, unsure or na\nevidence = \"\""
	if !strings.HasPrefix(text[i:], old) {
		t.Fatalf("item %s is not as written: %q", item, text[i:i+40])
	}
	return text[:i] + "answer = \"" + value + "\"  # yes, no, unsure or na\nevidence = " + coaching.TOMLString(evidence) + text[i+len(old):]
}

func TestPrepFileHoldsNoManagerText(t *testing.T) {
	db, acme, globex := prepTeam(t, "Dana Ruiz")
	_, text := writePrepFile(t, db, "Dana Ruiz")
	for _, secret := range []string{prepPrivate, prepShared, mgrEvidence, prepSession, "SAMSDEAL"} {
		if strings.Contains(text, secret) {
			t.Errorf("the prep file holds %q", secret)
		}
	}
	for _, want := range []string{`rep = "Dana Ruiz"`, `name = "` + acme.Name + `"`, `name = "` + globex.Name + `"`, "[deal.item.met-economic-buyer]", "Where do you want help?"} {
		if !strings.Contains(text, want) {
			t.Errorf("the prep file lacks %q", want)
		}
	}
	// Never over a file without --force.
	out := filepath.Join(t.TempDir(), "p.toml")
	os.WriteFile(out, []byte("mine"), 0o600)
	r := dealcoach(t, nil, "prep", "--rep", "Dana Ruiz", "--db", db, "--output", out)
	if r.code != 1 || !strings.Contains(r.stderr, "already exists; use --force") {
		t.Errorf("over an existing file: exit %d, %q", r.code, r.stderr)
	}
	if r := dealcoach(t, nil, "prep", "--rep", "Dana Ruiz", "--db", db, "--output", out, "--force"); r.code != 0 {
		t.Errorf("--force: exit %d, %q", r.code, r.stderr)
	}
}

func TestPrepImportAndCalibration(t *testing.T) {
	db, acme, globex := prepTeam(t, "Dana Ruiz")
	path, text := writePrepFile(t, db, "Dana Ruiz")
	text = answer(t, text, acme.ID, "met-economic-buyer", "yes", "lunch with the CFO")
	text = answer(t, text, acme.ID, "budget-confirmed", "yes", "")
	text = answer(t, text, globex.ID, "fits-icp", "no", "")
	text = strings.Replace(text, "[[pick]]\ndeal = \"\"\nreply = \"\"", "[[pick]]\ndeal = \"006B\"\nreply = \"legal is stuck\"", 1)
	os.WriteFile(path, []byte(text), 0o600)

	r := dealcoach(t, nil, "prep", "import", path, "--db", db)
	if r.code != 0 || r.stdout != "prep of Dana Ruiz imported: 3 answers, 1 pick\n" {
		t.Fatalf("import: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	before := fixtures.Snapshot(t, filepath.Dir(db))
	r = dealcoach(t, nil, "prep", "import", path, "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "nothing changed") {
		t.Errorf("second import: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	fixtures.SameSnapshot(t, before, fixtures.Snapshot(t, filepath.Dir(db)))

	// Nothing to compare before the next 1:1: share is null.
	cal := calibration(t, db)
	if cal["answers"] != 0.0 || cal["share"] != nil {
		t.Errorf("before the 1:1: %v", cal)
	}
	// The next 1:1: the manager agrees on the CFO, not on the budget.
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	rep, _ := st.RepByName(ctx, "Dana Ruiz")
	sess, _ := st.StartSession(ctx, rep.ID, coaching.OneOnOne, 30)
	rv, _ := st.AddReview(ctx, sess.ID, acme.ID, "propose", 0)
	for item, v := range map[string]coaching.Value{"met-economic-buyer": coaching.Yes, "budget-confirmed": coaching.Unsure} {
		if err := st.SaveAnswer(ctx, coaching.Answer{ReviewID: rv.ID, Stage: "propose", Item: item, Value: v}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	cal = calibration(t, db)
	if cal["answers"] != 2.0 || cal["agreed"] != 1.0 || cal["share"] != 0.5 {
		t.Errorf("calibration %v, want 2 answers, 1 agreed, share 0.5", cal)
	}
	r = dealcoach(t, nil, "summary", "--rep", "Dana Ruiz", "--db", db)
	if !strings.Contains(r.stdout, "Own view: you agreed with 1 of 2 of the rep's prep answers (50%).") {
		t.Errorf("summary text lacks the calibration:\n%s", r.stdout)
	}
}

func calibration(t *testing.T, db string) map[string]any {
	t.Helper()
	r := dealcoach(t, nil, "summary", "--rep", "Dana Ruiz", "--db", db, "--format", "json")
	var got map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("summary json: %v: %s", err, r.stdout)
	}
	checkSummaryShape(t, got)
	cal, ok := got["calibration"].(map[string]any)
	if !ok {
		t.Fatalf("no calibration in %s", r.stdout)
	}
	return cal
}

// Each bad file stops the import with one FILE:LINE line and writes
// nothing: the database folder is byte for byte the same.
func TestPrepImportBadFiles(t *testing.T) {
	db, acme, _ := prepTeam(t, "Dana Ruiz")
	path, text := writePrepFile(t, db, "Dana Ruiz")
	cases := []struct {
		name, from, to, problem string
	}{
		{"value not allowed", "", "maybe", `answer "maybe" is not yes, no, unsure or na`},
		{"wrong rep", `rep = "Dana Ruiz"`, `rep = "Sam Lee"`, "is not one of Sam Lee's deals"},
		{"duplicated item", "[deal.item.budget-confirmed]", "[deal.item.met-economic-buyer]", `item "met-economic-buyer" appears twice`},
		{"unknown item key", "[deal.item.budget-confirmed]", "[deal.item.budget-confrimed]", `unknown item "budget-confrimed"`},
		{"unknown key", "evidence = \"\"", "evidense = \"\"", `unknown key "evidense"`},
		{"newer playbook", "playbook_version = 1", "playbook_version = 2", "playbook version 2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := text
			var at int
			if c.from == "" {
				bad = answer(t, text, acme.ID, "met-economic-buyer", c.to, "")
				at = strings.Index(bad, `answer = "maybe"`)
			} else {
				at = strings.Index(text, c.from)
				bad = text[:at] + c.to + text[at+len(c.from):]
			}
			line := strings.Count(bad[:at], "\n") + 1
			os.WriteFile(path, []byte(bad), 0o600)
			before := fixtures.Snapshot(t, filepath.Dir(db))
			r := dealcoach(t, nil, "prep", "import", path, "--db", db)
			oneErrorLine(t, r)
			want := "dealcoach: " + path + ":" + strconv.Itoa(line) + ": "
			if r.code != 1 || !strings.HasPrefix(r.stderr, want) || !strings.Contains(r.stderr, c.problem) {
				t.Errorf("exit %d, %q; want %q…%q", r.code, r.stderr, want, c.problem)
			}
			fixtures.SameSnapshot(t, before, fixtures.Snapshot(t, filepath.Dir(db)))
		})
	}
}

// Hostile rep and deal names go out in the file and come back the same.
func TestPrepHostileNames(t *testing.T) {
	name := hostile.Names[0] + hostile.Names[2]
	db, acme, _ := prepTeam(t, name)
	path, text := writePrepFile(t, db, name)
	hostile.Check(t, "prep file", text)
	text = answer(t, text, acme.ID, "met-economic-buyer", "yes", hostile.Names[1])
	os.WriteFile(path, []byte(text), 0o600)
	r := dealcoach(t, nil, "prep", "import", path, "--db", db)
	if r.code != 0 {
		t.Fatalf("import: exit %d, %q", r.code, r.stderr)
	}
	hostile.Check(t, "import output", r.stdout)
	st, err := store.OpenReadOnly(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rep, _ := st.RepByName(context.Background(), name)
	view, ok, err := st.RepView(context.Background(), rep.ID, 0)
	if err != nil || !ok || view.Answers[acme.ID]["met-economic-buyer"].Evidence != hostile.Names[1] {
		t.Errorf("evidence came back as %q (%v %v)", view.Answers[acme.ID]["met-economic-buyer"].Evidence, ok, err)
	}
}

// A pick naming one of the rep's closed deals stops the import at its line
// and writes nothing.
func TestPrepImportClosedPick(t *testing.T) {
	db, _, _ := prepTeam(t, "Dana Ruiz")
	path, text := writePrepFile(t, db, "Dana Ruiz")
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	rep, _ := st.RepByName(ctx, "Dana Ruiz")
	if _, err := st.CreateDeal(ctx, coaching.Deal{RepID: rep.ID, Name: "Old Initech", Stage: "negotiate", Status: coaching.StatusWon}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	bad := strings.Replace(text, "[[pick]]\ndeal = \"\"", "[[pick]]\ndeal = \"old initech\"", 1)
	line := strings.Count(bad[:strings.Index(bad, `deal = "old initech"`)], "\n") + 1
	os.WriteFile(path, []byte(bad), 0o600)
	before := fixtures.Snapshot(t, filepath.Dir(db))
	r := dealcoach(t, nil, "prep", "import", path, "--db", db)
	oneErrorLine(t, r)
	want := "dealcoach: " + path + ":" + strconv.Itoa(line) + `: deal "old initech" is closed; pick an open deal` + "\n"
	if r.code != 1 || r.stderr != want {
		t.Errorf("exit %d, %q; want %q", r.code, r.stderr, want)
	}
	fixtures.SameSnapshot(t, before, fixtures.Snapshot(t, filepath.Dir(db)))
}
