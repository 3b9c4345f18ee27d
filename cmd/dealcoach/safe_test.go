package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"dealcoach/coaching"
	"dealcoach/internal/hostile"
	"dealcoach/store"
)

// csvNames are the hostile names a CSV export can hold: the import asks
// for a file that is not UTF-8 to be saved as UTF-8 (the raw C1 byte is in
// TestNoControlSequenceInErrors).
func csvNames() []string {
	var out []string
	for _, n := range hostile.Names {
		if utf8.ValidString(n) {
			out = append(out, n)
		}
	}
	return out
}

// hostileCSV writes a Salesforce export whose deal, account, owner and
// next step cells hold every control sequence of hostile.Names; amount
// changes the amounts, for a second import.
func hostileCSV(t *testing.T, amount int) string {
	t.Helper()
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write([]string{"Id", "Name", "Account.Name", "Owner.Name", "StageName", "Amount", "CloseDate", "NextStep"})
	n := csvNames()
	stages := []string{"Needs Analysis", "Proposal/Price Quote", "Negotiation/Review", "Prospecting"}
	for i := 0; i < 2*len(n); i++ {
		owner := n[0] // the first rep owns one deal of each name
		if i >= len(n) {
			owner = n[i%len(n)]
		}
		w.Write([]string{fmt.Sprintf("006H%02d", i), n[i%len(n)], n[(i+1)%len(n)], owner, stages[i%len(stages)],
			strconv.Itoa(amount + i*1000), "2026-12-15", n[(i+2)%len(n)]})
	}
	w.Flush()
	return writeCSV(t, fmt.Sprintf("hostile-%d.csv", amount), b.String())
}

// hostilePlaybookFile is the default playbook whose stage names and
// questions hold control sequences: ESC and BEL as TOML escapes (a TOML
// file cannot hold them raw), bidi and C1 characters raw.
func hostilePlaybookFile(t *testing.T) string {
	t.Helper()
	src := coaching.DefaultPlaybook().Source
	for old, evil := range map[string]string{
		`name = "Propose"`:  "name = \"Propose \\u001b]0;PWNED\\u0007 \u202e\"",
		`name = "Discover"`: "name = \"Discover \\u001b[2J \u009b31m\"",
		`question = "The rep has met the economic buyer"`:                   "question = \"Met \\u001b[2J the buyer \u2066x\u2069 <b>|</b>\"",
		`question = "The pain is quantified in the customer's own metrics"`: "question = 'Pain \u202equantified\u202c \u009b31m'",
	} {
		if !strings.Contains(src, old) {
			t.Fatalf("default playbook lacks %s", old)
		}
		src = strings.Replace(src, old, evil, 1)
	}
	p := filepath.Join(t.TempDir(), "hostile.toml")
	if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// seedHostileSessions writes, on the first rep's imported deals, an ended
// 1:1 with answers, evidence, notes and next steps, and a ride-along
// debrief, every text hostile. It returns the 1:1's and the ride-along's
// ids.
func seedHostileSessions(t *testing.T, db string) (oneOnOne, ride int64) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pb, err := st.Playbook(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := st.RepByName(ctx, hostile.Names[0])
	if err != nil {
		t.Fatal(err)
	}
	deals, err := st.Deals(ctx, rep.ID, false)
	if err != nil || len(deals) < 4 {
		t.Fatalf("the first rep's deals: %v, %v", deals, err)
	}
	n := hostile.Names
	note := strings.Join(append(append([]string{}, n...), hostile.Markup), "\n")
	day := time.Now().AddDate(0, 0, -3)
	err = st.Load(ctx, func(l *store.Loader) error {
		if oneOnOne, err = l.Session(coaching.Session{RepID: rep.ID, Kind: coaching.OneOnOne, StartedAt: day,
			EndedAt: day.Add(30 * time.Minute), TimeboxMinutes: 30, FocusSkill: n[1], Notes: note}); err != nil {
			return err
		}
		for i, d := range deals[:4] {
			rid, err := l.Review(coaching.Review{SessionID: oneOnOne, DealID: d.ID, Stage: d.Stage, SharedNote: note, PrivateNote: note, Position: i, CreatedAt: day})
			if err != nil {
				return err
			}
			for j, g := range pb.Groups() {
				for k, it := range g.Items {
					v := []coaching.Value{coaching.No, coaching.Unsure, coaching.Yes}[(j+k+i)%3]
					if err := l.Answer(coaching.Answer{ReviewID: rid, Stage: g.Key, Item: it.Key, Value: v, Evidence: n[(j+k)%len(n)], AnsweredAt: day}); err != nil {
						return err
					}
				}
			}
			if _, err := l.Action(coaching.Action{SessionID: oneOnOne, DealID: d.ID, Text: n[(i+3)%len(n)], Owner: coaching.OwnerRep, CreatedAt: day}); err != nil {
				return err
			}
		}
		if ride, err = l.Session(coaching.Session{RepID: rep.ID, Kind: coaching.RideAlong, StartedAt: day, EndedAt: day.Add(time.Hour), FocusSkill: n[2]}); err != nil {
			return err
		}
		return l.Debrief(coaching.Debrief{SessionID: ride, DealID: deals[5].ID, Objective: n[0], CommitmentWanted: n[1], Fallback: n[2],
			Attendees: n[3], ManagerRole: coaching.RoleSupport, ObserveSkill: n[4], Outcome: coaching.OutcomeNo,
			CustomerNextStep: n[5], WentWell: n[6], DoDifferently: n[7], Surprised: hostile.Markup, Practise: n[1]})
	})
	if err != nil {
		t.Fatal(err)
	}
	return oneOnOne, ride
}

// TestNoControlSequenceInOutput imports names holding every control
// sequence and checks that no output a terminal prints acts on them: text
// and Markdown show them harmless, JSON escapes them and still decodes to
// the names as stored.
func TestNoControlSequenceInOutput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "coach.db")
	pbFile := hostilePlaybookFile(t)
	if r := dealcoach(t, nil, "playbook", "use", pbFile, "--db", db); r.code != 0 {
		t.Fatalf("playbook use: exit %d: %s", r.code, r.stderr)
	}
	importOK(t, db, hostileCSV(t, 10000))
	sid, ride := seedHostileSessions(t, db)
	rep := hostile.Names[0]

	outputs := map[string][]string{
		"summary --rep text":         {"summary", "--rep", rep},
		"summary --rep md":           {"summary", "--rep", rep, "--format", "md"},
		"summary --team text":        {"summary", "--team"},
		"export --session md":        {"export", "--session", fmt.Sprint(sid), "--private"},
		"export --session ride md":   {"export", "--session", fmt.Sprint(ride)},
		"export --rep md":            {"export", "--rep", rep, "--format", "md", "--private"},
		"import --dry-run":           {"import", hostileCSV(t, 20000), "--dry-run"},
		"summary --rep json":         {"summary", "--rep", rep, "--format", "json"},
		"summary --team json":        {"summary", "--team", "--format", "json"},
		"export --session json":      {"export", "--session", fmt.Sprint(sid), "--format", "json", "--private"},
		"export --session ride json": {"export", "--session", fmt.Sprint(ride), "--format", "json"},
		"export --rep json":          {"export", "--rep", rep, "--private"},
		"summary --team md":          {"summary", "--team", "--format", "md"},
		"export --team md":           {"export", "--team", "--format", "md", "--private"},
		"export --team json":         {"export", "--team", "--private"},
		"import --dry-run json":      {"import", hostileCSV(t, 20000), "--dry-run", "--format", "json"},
	}
	for what, args := range outputs {
		r := dealcoach(t, nil, append(args, "--db", db)...)
		if r.code != 0 {
			t.Errorf("%s: exit %d: %s", what, r.code, r.stderr)
			continue
		}
		hostile.Check(t, what, r.stdout)
		if strings.HasSuffix(what, "md") && strings.Contains(r.stdout, "<b>") {
			t.Errorf("%s keeps HTML from a question:\n%s", what, r.stdout)
		}
		if what == "import --dry-run" && !strings.Contains(r.stdout, "update  A ␛]0;PWNED␇ x (A ␛]0;PWNED␇ x): amount") {
			t.Errorf("dry run does not list the changes:\n%s", r.stdout)
		}
		if strings.HasSuffix(what, "json") {
			if !strings.Contains(r.stdout, `\u202e`) {
				t.Errorf("%s does not escape U+202E:\n%s", what, r.stdout)
			}
			var v any
			if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
				t.Errorf("%s is not JSON: %v", what, err)
			}
		}
	}

	// The real import's JSON, last: it changes the amounts.
	r := dealcoach(t, nil, "import", hostileCSV(t, 30000), "--format", "json", "--db", db)
	hostile.Check(t, "import json", r.stdout)
	if r.code != 0 || !strings.Contains(r.stdout, `\u202e`) || !json.Valid([]byte(r.stdout)) {
		t.Errorf("import json: exit %d, stderr %q, stdout:\n%s", r.code, r.stderr, r.stdout)
	}

	// playbook show prints TOML that is safe and reads back as the same
	// playbook.
	r = dealcoach(t, nil, "playbook", "show", "--db", db)
	hostile.Check(t, "playbook show", r.stdout)
	shown, err := coaching.ParsePlaybook("shown.toml", []byte(r.stdout))
	if err != nil {
		t.Fatalf("playbook show does not read back: %v", err)
	}
	used, err := coaching.ParsePlaybook("hostile.toml", mustRead(t, pbFile))
	if err != nil {
		t.Fatal(err)
	}
	shown.Source, used.Source = "", ""
	if !reflect.DeepEqual(shown, used) {
		t.Errorf("playbook show reads back as another playbook:\n%s", r.stdout)
	}

	// The JSON decodes to the names as they were stored.
	r = dealcoach(t, nil, "export", "--rep", rep, "--db", db)
	var x repExport
	if err := json.Unmarshal([]byte(r.stdout), &x); err != nil {
		t.Fatal(err)
	}
	var one *sessionExport
	for i, se := range x.Sessions {
		if se.ID == sid {
			one = &x.Sessions[i]
		}
	}
	if x.Rep != rep || one == nil || len(one.Reviews) != 4 {
		t.Fatalf("export --rep json: rep %q, no 1:1 of four deals in %d sessions", x.Rep, len(x.Sessions))
	}
	stored := storedDeals(t, db)
	for _, rv := range one.Reviews {
		if _, ok := stored[rv.Deal.Name]; !ok {
			t.Errorf("JSON deal name %q is not a stored name", rv.Deal.Name)
		}
	}
	// encoding/json writes a byte that is not UTF-8 as U+FFFD.
	want := strings.ToValidUTF8(strings.Join(append(append([]string{}, hostile.Names...), hostile.Markup), "\n"), "\uFFFD")
	if got := one.Reviews[0].SharedNote; got != want {
		t.Errorf("the note does not decode to what was stored: %q", got)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestNoControlSequenceInErrors: error lines quote CRM stages and rep
// names; they reach the terminal harmless too.
func TestNoControlSequenceInErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "coach.db")
	importOK(t, db, hostileCSV(t, 10000))
	for _, n := range hostile.Names {
		// An unknown stage, and, for the name that is not UTF-8, a file
		// that is not either.
		file := writeCSV(t, "stage.csv", "Name,Owner.Name,StageName\nAcme pilot,Lee Chen,\""+strings.ReplaceAll(n, `"`, `""`)+"\"\n")
		r := dealcoach(t, nil, "import", file, "--db", db)
		if r.code == 0 {
			t.Errorf("stage %q imported", n)
		}
		oneErrorLine(t, r)
		hostile.Check(t, "import error", r.stderr)
	}
	r := dealcoach(t, nil, "summary", "--rep", "Nobody", "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "A ␛]0;PWNED␇ x") {
		t.Errorf("no rep: exit %d, %q", r.code, r.stderr)
	}
	oneErrorLine(t, r)
	hostile.Check(t, "no rep error", r.stderr)
}
