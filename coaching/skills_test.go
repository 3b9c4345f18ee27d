package coaching

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// skillsPlaybook is testPlaybook with two skills across its stages.
func skillsPlaybook(t *testing.T) *Playbook {
	t.Helper()
	pb, err := ParsePlaybook("test.toml", []byte(testPlaybookTOML+`
[[skill]]
key = "eb"
name = "Reaching the economic buyer"
items = ["p1", "p2"]

[[skill]]
key = "disc"
name = "Discovery"
items = ["q1", "e1"]
`))
	if err != nil {
		t.Fatal(err)
	}
	return pb
}

// sf is f given in a session.
func sf(session, deal int64, item string, v Value, n int) Fact {
	x := f(deal, item, v, n)
	x.SessionID = session
	return x
}

func pct(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprintf("%.3f", *p)
}

func pcts(ps []*float64) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = pct(p)
	}
	return strings.Join(s, " ")
}

func TestSkillStrengthByHand(t *testing.T) {
	pb := skillsPlaybook(t)
	facts := []Fact{
		// The window before (day -90 to day 0): eb 0 of 2.
		sf(5, 1, "p1", No, -30), sf(5, 1, "p2", No, -30),
		// Session 10, day 10.
		sf(10, 1, "p1", No, 10), sf(10, 1, "p2", Yes, 10), sf(10, 1, "q1", Yes, 10),
		sf(10, 2, "p1", Unsure, 10), sf(10, 2, "e1", NA, 10),
		// Session 11, day 40: deal 1's p1 turns yes.
		sf(11, 1, "p1", Yes, 40), sf(11, 2, "q1", No, 40),
		// Session 12, day 70: nothing on eb.
		sf(12, 3, "q1", Yes, 70), sf(12, 3, "e1", Yes, 70),
	}
	sum := Summarize(pb, "Dana", facts, day(90), 90)

	// Latest per (deal, item) in the window:
	//   eb:   (1,p1) yes [day 40 beats day 10], (1,p2) yes, (2,p1) unsure
	//         → 2 yes, 1 unsure: 2/3; 3 answers = min_answers → enough;
	//         2/3 ≥ 0.6 → not weak. Before: (1,p1) no, (1,p2) no → 0.
	//   disc: (1,q1) yes, (2,q1) no, (3,q1) yes, (3,e1) yes, (2,e1) n.a.
	//         → 3 yes, 1 no, 1 n.a.: 3/4; before: no answers.
	// Per session (the three in the window, by first answer):
	//   eb:   s10 p1 no, p2 yes, p1 unsure → 1/3; s11 p1 yes → 1; s12 none.
	//   disc: s10 q1 yes (e1 n.a. left out) → 1; s11 q1 no → 0; s12 → 1.
	tests := []struct {
		key                    string
		yes, no, unsure, na    int
		strength, before, last string
		enough, weak           bool
		spark                  string
	}{
		{"eb", 2, 0, 1, 0, "0.667", "0.000", "0.333 1.000 nil", true, false, "▃█·"},
		{"disc", 3, 1, 0, 1, "0.750", "nil", "1.000 0.000 1.000", true, false, "█▁█"},
	}
	for _, tc := range tests {
		sk, ok := sum.Skill(tc.key)
		if !ok {
			t.Fatalf("no skill %q in %+v", tc.key, sum.Skills)
		}
		if got := [4]int{sk.Yes, sk.No, sk.Unsure, sk.NA}; got != [4]int{tc.yes, tc.no, tc.unsure, tc.na} {
			t.Errorf("%s counts = %v", tc.key, got)
		}
		if pct(sk.Strength) != tc.strength || pct(sk.Trend.Now) != tc.strength || pct(sk.Trend.Before) != tc.before {
			t.Errorf("%s strength %s, trend %s → %s; want %s, %s → %s", tc.key, pct(sk.Strength), pct(sk.Trend.Before), pct(sk.Trend.Now), tc.strength, tc.before, tc.strength)
		}
		if sk.Enough != tc.enough || sk.Weak != tc.weak {
			t.Errorf("%s enough %v weak %v", tc.key, sk.Enough, sk.Weak)
		}
		if got := pcts(sk.LastSessions); got != tc.last {
			t.Errorf("%s last sessions = %s, want %s", tc.key, got, tc.last)
		}
		if got := Sparkline(sk.LastSessions); got != tc.spark {
			t.Errorf("%s sparkline = %q, want %q", tc.key, got, tc.spark)
		}
	}
	if fmt.Sprint(sum.SkillSessions) != "[10 11 12]" {
		t.Errorf("skill sessions = %v", sum.SkillSessions)
	}
	eb, _ := sum.Skill("eb")
	if len(eb.Items) != 2 || eb.Items[0].Key != "p1" || eb.Items[0].Yes != 1 || eb.Items[0].Unsure != 1 || eb.Items[1].Yes != 1 {
		t.Errorf("eb items = %+v", eb.Items)
	}

	b, err := json.Marshal(eb)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"key":"eb"`, `"name":"Reaching the economic buyer"`, `"strength":0.6666666666666666`,
		`"yes":2`, `"unsure":1`, `"enough":true`, `"weak":false`, `"trend":{"before":0,"now":0.6666666666666666}`,
		`"last_sessions":[0.3333333333333333,1,null]`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("skill JSON lacks %s: %s", want, b)
		}
	}
}

func TestLastSessionsKeepsTheLastSix(t *testing.T) {
	pb := skillsPlaybook(t)
	var facts []Fact
	// Sessions 1..8 on days 1..8, except that session 99 came first (day 0)
	// and an answer with no session is left out.
	for s := int64(1); s <= 8; s++ {
		facts = append(facts, sf(s, 1, "q1", Yes, int(s)))
	}
	facts = append(facts, sf(99, 1, "q1", No, 0), sf(0, 2, "q1", No, 9))
	sum := Summarize(pb, "Dana", facts, day(90), 90)
	if got := fmt.Sprint(sum.SkillSessions); got != "[3 4 5 6 7 8]" {
		t.Errorf("skill sessions = %s", got)
	}
	disc, _ := sum.Skill("disc")
	if got := Sparkline(disc.LastSessions); got != "██████" {
		t.Errorf("disc sparkline = %q", got)
	}
	// No session at all: empty lists, null-free JSON.
	sum = Summarize(pb, "Dana", nil, day(90), 90)
	b, _ := json.Marshal(sum.Skills[0])
	if !strings.Contains(string(b), `"strength":null`) || !strings.Contains(string(b), `"last_sessions":[]`) {
		t.Errorf("empty skill JSON = %s", b)
	}
}

func TestSparkline(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	got := Sparkline([]*float64{v(0), v(1.0 / 7), v(0.5), nil, v(6.0 / 7), v(1), v(1.5), v(-1)})
	if want := "▁▂▅·▇██▁"; got != want {
		t.Errorf("Sparkline = %q, want %q", got, want)
	}
	if Sparkline(nil) != "" {
		t.Error("no values should draw nothing")
	}
}

// TestSuggestFocusJonas is the Jonas: his Qualify answers have the
// most no (the old suggestion named a Qualify item), but Propose is his
// weakest stage, and its skill is the weakest.
func TestSuggestFocusJonas(t *testing.T) {
	pb := DefaultPlaybook()
	var facts []Fact
	for d := int64(1); d <= 8; d++ {
		facts = append(facts, f(d, "problem-in-own-words", Yes, 10))
		v := Yes
		if d > 5 {
			v = No
		}
		facts = append(facts, f(d, "compelling-event", v, 10)) // 5 yes, 3 no
	}
	facts = append(facts,
		f(9, "met-economic-buyer", No, 20), f(10, "met-economic-buyer", No, 20),
		f(9, "budget-confirmed", Yes, 20), f(10, "budget-confirmed", No, 20),
		f(9, "proposal-walked-live", No, 20), f(10, "proposal-walked-live", Yes, 20),
	)
	sum := Summarize(pb, "Jonas", facts, day(90), 90)
	if w, _ := sum.Weakest(); w.Key != "propose" {
		t.Fatalf("weakest stage = %s, want propose", w.Key)
	}
	if sum.WeakestItems[0].Key != "compelling-event" {
		t.Fatalf("weakest item = %s: the case no longer shows the old trap", sum.WeakestItems[0].Key)
	}
	// Skills with enough answers (3): qualifying-out 13 yes of 16 = 0.81;
	// economic-buyer: met 0/2, budget 1/2 → 1 of 4 = 0.25. Trading
	// concessions has 2 answers: not enough to judge.
	s, ok := SuggestFocus(pb, sum)
	if !ok {
		t.Fatal("no suggestion")
	}
	if s.Skill.Key != "economic-buyer" {
		t.Fatalf("suggested %s (%s)", s.Skill.Key, s.Why)
	}
	want := "Reaching the economic buyer: 1 of 4 yes on its items in 90 days — weakest: The rep has met the economic buyer (0 yes, 2 no)"
	if s.Why != want {
		t.Errorf("why =\n %s\nwant\n %s", s.Why, want)
	}
	if len(s.Items) != 2 || s.Items[0].Key != "met-economic-buyer" || s.Items[1].Key != "budget-confirmed" {
		t.Errorf("items = %+v", s.Items)
	}
	for _, it := range s.Items {
		if it.Stage == "qualify" {
			t.Errorf("a Qualify item led the suggestion: %+v", it)
		}
	}
}

func TestSuggestFocusTiesAndFallback(t *testing.T) {
	pb, err := ParsePlaybook("test.toml", []byte(testPlaybookTOML+`
[[skill]]
key = "eb"
name = "Reaching the economic buyer"
items = ["p1"]

[[skill]]
key = "budget"
name = "Budget"
items = ["p2"]

[[skill]]
key = "disc"
name = "Discovery"
items = ["q1"]
`))
	if err != nil {
		t.Fatal(err)
	}
	suggest := func(facts ...Fact) (FocusSuggestion, bool) {
		return SuggestFocus(pb, Summarize(pb, "Dana", facts, day(90), 90))
	}

	// Equal strength 0: budget has 4 gaps to eb's 3, so budget.
	s, ok := suggest(
		f(1, "p1", No, 1), f(2, "p1", No, 1), f(3, "p1", Unsure, 1),
		f(1, "p2", No, 1), f(2, "p2", No, 1), f(3, "p2", No, 1), f(4, "p2", No, 1),
	)
	if !ok || s.Skill.Key != "budget" {
		t.Errorf("tie: got %s, %v (%s)", s.Skill.Key, ok, s.Why)
	}

	// No skill has 3 answers; Propose has (1 yes, 2 no) and is the weakest
	// stage: its skill with the most gaps there is eb (2 gaps to 0).
	s, ok = suggest(f(1, "p1", No, 1), f(2, "p1", No, 1), f(1, "p2", Yes, 1), f(1, "q1", Yes, 1))
	if !ok || s.Skill.Key != "eb" {
		t.Fatalf("fallback: got %s, %v (%s)", s.Skill.Key, ok, s.Why)
	}
	want := "Reaching the economic buyer: Propose is the weakest stage (1 of 3 yes in 90 days); too few answers on the skill's items to judge it alone — weakest: Met the economic buyer (0 yes, 2 no)"
	if s.Why != want {
		t.Errorf("why =\n %s\nwant\n %s", s.Why, want)
	}

	// Too little to judge anything: no suggestion.
	if s, ok := suggest(f(1, "p1", No, 1)); ok {
		t.Errorf("suggested %s on one answer", s.Skill.Key)
	}
}
