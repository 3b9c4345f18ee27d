package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dealcoach/coaching"
	"dealcoach/store"
)

// skillsDB writes Ada's 1:1s by hand through the store: one session before
// the 90-day window and three in it, so that `summary` has numbers to
// check by hand.
func skillsDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	db := emptyDB(t)
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rep, err := st.CreateRep(ctx, "Ada Lind")
	if err != nil {
		t.Fatal(err)
	}
	var deals [4]int64
	for i := 1; i <= 3; i++ {
		d, err := st.CreateDeal(ctx, coaching.Deal{RepID: rep.ID, Name: fmt.Sprint("Deal ", i), Account: fmt.Sprint("Account ", i), Stage: "propose", Status: coaching.StatusOpen})
		if err != nil {
			t.Fatal(err)
		}
		deals[i] = d.ID
	}
	stageOf := map[string]string{}
	for _, g := range coaching.DefaultPlaybook().Groups() {
		for _, it := range g.Items {
			stageOf[it.Key] = g.Key
		}
	}
	type answer struct {
		deal  int
		item  string
		value coaching.Value
	}
	now := time.Now()
	session := func(daysAgo int, answers ...answer) {
		t.Helper()
		sess, err := st.StartSession(ctx, rep.ID, coaching.OneOnOne, 30)
		if err != nil {
			t.Fatal(err)
		}
		reviews := map[int]int64{}
		for _, a := range answers {
			if _, ok := reviews[a.deal]; !ok {
				r, err := st.AddReview(ctx, sess.ID, deals[a.deal], "propose", len(reviews))
				if err != nil {
					t.Fatal(err)
				}
				reviews[a.deal] = r.ID
			}
			err := st.SaveAnswer(ctx, coaching.Answer{ReviewID: reviews[a.deal], Stage: stageOf[a.item], Item: a.item,
				Value: a.value, AnsweredAt: now.AddDate(0, 0, -daysAgo)})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	const met, budget = "met-economic-buyer", "budget-confirmed"
	const two, knows = "two-stakeholders", "knows-decision-group"
	session(120, answer{1, met, coaching.No}, answer{1, budget, coaching.No})
	session(30, answer{1, met, coaching.No}, answer{1, budget, coaching.Yes}, answer{1, two, coaching.Yes},
		answer{2, met, coaching.Unsure}, answer{2, knows, coaching.NA})
	session(20, answer{1, met, coaching.Yes}, answer{2, two, coaching.No})
	session(10, answer{3, two, coaching.Yes}, answer{3, knows, coaching.Yes})
	return db
}

type skillJSON struct {
	Key          string     `json:"key"`
	Name         string     `json:"name"`
	Strength     *float64   `json:"strength"`
	LastSessions []*float64 `json:"last_sessions"`
	Yes          int        `json:"yes"`
	No           int        `json:"no"`
	Unsure       int        `json:"unsure"`
	NA           int        `json:"na"`
	Enough       bool       `json:"enough"`
	Weak         bool       `json:"weak"`
	Trend        struct {
		Before *float64 `json:"before"`
		Now    *float64 `json:"now"`
	} `json:"trend"`
}

func num(p *float64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprintf("%.3f", *p)
}

func nums(ps []*float64) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = num(p)
	}
	return strings.Join(s, " ")
}

// checkAdaSkills checks the skills of Ada's summary against the numbers
// worked out by hand.
func checkAdaSkills(t *testing.T, skills []skillJSON) {
	t.Helper()
	var keys []string
	for _, sk := range coaching.DefaultPlaybook().Skills {
		keys = append(keys, sk.Key)
	}
	var got []string
	byKey := map[string]skillJSON{}
	for _, sk := range skills {
		got = append(got, sk.Key)
		byKey[sk.Key] = sk
	}
	if strings.Join(got, ",") != strings.Join(keys, ",") {
		t.Fatalf("skills %v, want the playbook's %v", got, keys)
	}
	// Reaching the economic buyer (economic-buyer-named, met-economic-buyer,
	// budget-confirmed). Latest per (deal, item) in the 90 days: deal 1 met
	// yes (20 days ago beats 30), deal 1 budget yes, deal 2 met unsure →
	// 2 of 3 = 0.667, enough (3 = min_answers), not weak (≥ 0.6). The window
	// before: deal 1 met no, budget no → 0. By session (30, 20, 10 days ago):
	// no + yes + unsure → 1/3; yes → 1; none → null.
	eb := byKey["economic-buyer"]
	if eb.Name != "Reaching the economic buyer" || num(eb.Strength) != "0.667" || eb.Yes != 2 || eb.No != 0 || eb.Unsure != 1 || eb.NA != 0 ||
		!eb.Enough || eb.Weak || num(eb.Trend.Before) != "0.000" || num(eb.Trend.Now) != "0.667" || nums(eb.LastSessions) != "0.333 1.000 null" {
		t.Errorf("economic-buyer = %+v, last %s", eb, nums(eb.LastSessions))
	}
	// Multi-threading (two-stakeholders, tech-and-users-engaged,
	// knows-decision-group): deal 1 two yes, deal 2 two no, deal 3 two yes,
	// deal 3 knows yes, deal 2 knows n.a. → 3 of 4 = 0.75, nothing before.
	// By session: yes (n.a. left out) → 1; no → 0; yes, yes → 1.
	mt := byKey["multi-threading"]
	if num(mt.Strength) != "0.750" || mt.Yes != 3 || mt.No != 1 || mt.NA != 1 || !mt.Enough ||
		mt.Trend.Before != nil || nums(mt.LastSessions) != "1.000 0.000 1.000" {
		t.Errorf("multi-threading = %+v, last %s", mt, nums(mt.LastSessions))
	}
	// Quantifying pain: never asked.
	if qp := byKey["quantifying-pain"]; qp.Strength != nil || qp.Enough || nums(qp.LastSessions) != "null null null" {
		t.Errorf("quantifying-pain = %+v", qp)
	}
}

func TestSummarySkillsByHand(t *testing.T) {
	db := skillsDB(t)
	r := dealcoach(t, nil, "summary", "--rep", "Ada Lind", "--format", "json", "--db", db)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	checkSummaryShape(t, rep)
	var sum struct {
		Skills []skillJSON `json:"skills"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
		t.Fatal(err)
	}
	checkAdaSkills(t, sum.Skills)
	if !strings.Contains(r.stdout, `"last_sessions": [
        null,
        null,
        null
      ]`) {
		t.Error("a skill never asked does not print its sessions as null")
	}

	// The team JSON has the same skills per rep.
	r = dealcoach(t, nil, "summary", "--team", "--format", "json", "--db", db)
	var team struct {
		Reps []struct {
			Skills []skillJSON `json:"skills"`
		} `json:"reps"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &team); err != nil || r.code != 0 || len(team.Reps) != 1 {
		t.Fatalf("team: exit %d, %v: %s", r.code, err, r.stdout)
	}
	checkAdaSkills(t, team.Reps[0].Skills)

	// Text and Markdown: the sparkline and the numbers.
	r = dealcoach(t, nil, "summary", "--rep", "Ada Lind", "--db", db)
	if r.code != 0 {
		t.Fatalf("text: exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"Skills · strength of their items; the last 3 sessions, oldest first",
		"Reaching the economic buyer  ▃█·   67%    2 yes   0 no   1 unsure  ▲ 67 pts  33 100 ·\n",
		"Multi-threading              █▁█   75%    3 yes   1 no   0 unsure            100 0 100\n",
		"Quantifying pain             ···     —    0 yes   0 no   0 unsure            · · ·      no answers\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasSuffix(l, " ") {
			t.Errorf("trailing space in %q", l)
		}
	}
	r = dealcoach(t, nil, "summary", "--rep", "Ada Lind", "--format", "md", "--db", db)
	for _, want := range []string{"## Skills", "| Reaching the economic buyer | 67% | ▃█· | 33 100 · | 2 | 0 | 1 | 0 | ▲ 67 pts |  |"} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("markdown: exit %d, lacks %q:\n%s", r.code, want, r.stdout)
		}
	}
}

func TestPlaybookCheckSkillItems(t *testing.T) {
	src := coaching.DefaultTOML() + `
[[skill]]
key = "x"
name = "Closing"
items = ["two-stakeholders", "y"]
`
	file := filepath.Join(t.TempDir(), "skills.toml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	line := strings.Count(src, "\n") // the items line, the last
	r := dealcoach(t, nil, "playbook", "check", file)
	if r.code != 1 {
		t.Errorf("exit %d", r.code)
	}
	oneErrorLine(t, r)
	if want := fmt.Sprintf("dealcoach: %s:%d: skill \"x\" names item \"y\", which no stage has\n", file, line); r.stderr != want {
		t.Errorf("stderr %q\n  want %q", r.stderr, want)
	}
}
