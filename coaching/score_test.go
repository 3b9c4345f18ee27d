package coaching

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// testPlaybook is small enough to check counts by eye.
const testPlaybookTOML = `
weak_below = 0.6
min_answers = 3

[[stage]]
key = "qualify"
name = "Qualify"
  [[stage.item]]
  key = "q1"
  question = "Problem stated"
  [[stage.item]]
  key = "q2"
  question = "Fits profile"

[[stage]]
key = "propose"
name = "Propose"
expected_days = 21
  [[stage.item]]
  key = "p1"
  question = "Met the economic buyer"
  [[stage.item]]
  key = "p2"
  question = "Budget confirmed"

[every]
  [[every.item]]
  key = "e1"
  question = "Next step dated"
`

func testPlaybook(t *testing.T) *Playbook {
	t.Helper()
	pb, err := ParsePlaybook("test.toml", []byte(testPlaybookTOML))
	if err != nil {
		t.Fatal(err)
	}
	return pb
}

var t0 = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)

func day(n int) time.Time { return t0.AddDate(0, 0, n) }

// f is an answer about a deal given on day n; the stage is left for the
// playbook to find unless the item is unknown to it.
func f(deal int64, item string, v Value, n int) Fact {
	return Fact{DealID: deal, Item: item, Value: v, AnsweredAt: day(n)}
}

// counts is a stage's yes, no, unsure, na.
type counts [4]int

func stageCounts(s Summary) map[string]counts {
	out := map[string]counts{}
	for _, st := range s.Stages {
		out[st.Key] = counts{st.Yes, st.No, st.Unsure, st.NA}
	}
	return out
}

func TestScoreCounts(t *testing.T) {
	pb := testPlaybook(t)
	tests := []struct {
		name  string
		facts []Fact
		want  map[string]counts // stages not named have no answers
	}{
		{"latest answer wins", []Fact{f(1, "q1", No, 1), f(1, "q1", Yes, 3)}, map[string]counts{"qualify": {1, 0, 0, 0}}},
		{"latest wins whatever the input order", []Fact{f(1, "q1", Yes, 3), f(1, "q1", No, 1)}, map[string]counts{"qualify": {1, 0, 0, 0}}},
		{"equal times: the later fact wins", []Fact{f(1, "q1", Yes, 3), f(1, "q1", Unsure, 3)}, map[string]counts{"qualify": {0, 0, 1, 0}}},
		{"each deal counts", []Fact{f(1, "q1", No, 1), f(2, "q1", No, 1), f(2, "q2", Yes, 1)}, map[string]counts{"qualify": {1, 2, 0, 0}}},
		{"from is in, to is out", []Fact{f(1, "q1", Yes, 0), f(2, "q1", No, 10), f(3, "q1", No, -1)}, map[string]counts{"qualify": {1, 0, 0, 0}}},
		{"an answer after the window does not hide one inside", []Fact{f(1, "q1", No, 5), f(1, "q1", Yes, 12)}, map[string]counts{"qualify": {0, 1, 0, 0}}},
		{"na is counted apart", []Fact{f(1, "p1", NA, 1), f(1, "p2", Yes, 1)}, map[string]counts{"propose": {1, 0, 0, 1}}},
		{"every group", []Fact{f(1, "e1", Unsure, 1), f(2, "e1", Yes, 1)}, map[string]counts{"every": {1, 0, 1, 0}}},
		{"retired item counts for its recorded stage",
			[]Fact{{DealID: 1, Stage: "propose", Item: "old", Value: No, AnsweredAt: day(1)}},
			map[string]counts{"propose": {0, 1, 0, 0}}},
		{"retired item of a retired stage is skipped",
			[]Fact{{DealID: 1, Stage: "pilot", Item: "old", Value: No, AnsweredAt: day(1)}}, nil},
		{"invalid values are skipped", []Fact{f(1, "q1", "maybe", 1)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Score(pb, tt.facts, day(0), day(10))
			want := map[string]counts{"qualify": {}, "propose": {}, "every": {}}
			for k, c := range tt.want {
				want[k] = c
			}
			if got := stageCounts(s); !reflect.DeepEqual(got, want) {
				t.Errorf("counts = %v, want %v", got, want)
			}
			if s.WindowDays != 10 {
				t.Errorf("window = %d days, want 10", s.WindowDays)
			}
		})
	}
}

func TestScoreJudgement(t *testing.T) {
	pb := testPlaybook(t)
	answers := func(vs ...Value) []Fact {
		var out []Fact
		for i, v := range vs {
			out = append(out, f(int64(i+1), "p1", v, 1))
		}
		return out
	}
	tests := []struct {
		name     string
		facts    []Fact
		strength float64 // -1 for none
		enough   bool
		weak     bool
	}{
		{"no answers: no strength", nil, -1, false, false},
		{"only na: no strength", answers(NA, NA, NA, NA), -1, false, false},
		{"na left out", answers(Yes, Yes, Yes, NA, NA), 1, true, false},
		{"unsure counts against", answers(Yes, Unsure, Unsure), 1.0 / 3, true, true},
		{"two of three yes is not weak", answers(Yes, Yes, Unsure), 2.0 / 3, true, false},
		{"at the threshold is not weak", answers(Yes, Yes, Yes, No, Unsure), 0.6, true, false},
		{"below min_answers: not enough evidence, never weak", answers(No, No), 0, false, false},
		{"min_answers reached", answers(No, No, No), 0, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Score(pb, tt.facts, day(0), day(10))
			st, _ := s.Stage("propose")
			switch {
			case tt.strength < 0 && st.Strength != nil:
				t.Errorf("strength = %v, want none", *st.Strength)
			case tt.strength >= 0 && (st.Strength == nil || *st.Strength != tt.strength):
				t.Errorf("strength = %v, want %v", st.Strength, tt.strength)
			}
			if st.Enough != tt.enough || st.Weak != tt.weak {
				t.Errorf("enough, weak = %v, %v; want %v, %v", st.Enough, st.Weak, tt.enough, tt.weak)
			}
			wantWeak := []string{}
			if tt.weak {
				wantWeak = []string{"propose"}
			}
			if !reflect.DeepEqual(s.WeakStages, wantWeak) {
				t.Errorf("weak stages = %q, want %q", s.WeakStages, wantWeak)
			}
		})
	}
}

func TestScoreStageOrder(t *testing.T) {
	s := Score(DefaultPlaybook(), nil, day(0), day(90))
	var keys []string
	for _, st := range s.Stages {
		keys = append(keys, st.Key)
	}
	want := []string{"qualify", "discover", "validate", "propose", "negotiate", "every"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("stages = %q, want %q", keys, want)
	}
	if s.Stages[5].Name != "Every deal" {
		t.Errorf("every is named %q", s.Stages[5].Name)
	}
}

func TestWeakestItems(t *testing.T) {
	pb := testPlaybook(t)
	var facts []Fact
	add := func(item string, vs ...Value) {
		for _, v := range vs {
			facts = append(facts, f(int64(len(facts)+1), item, v, 1))
		}
	}
	add("e1", No, Yes)          // 1 gap
	add("q2", Unsure)           // 1 gap, earlier stage than e1
	add("p2", No, Unsure, Yes)  // 2 gaps
	add("q1", Yes, Yes, NA, NA) // no gaps: left out
	add("p1", No, No)           // 2 gaps, earlier item than p2
	s := Score(pb, facts, day(0), day(10))
	var got []string
	for _, it := range s.WeakestItems {
		got = append(got, it.Key)
	}
	if want := []string{"p1", "p2", "q2", "e1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("weakest items = %q, want %q", got, want)
	}
	first := s.WeakestItems[0]
	if first.Stage != "propose" || first.Question != "Met the economic buyer" || first.No != 2 {
		t.Errorf("first weakest item = %+v", first)
	}

	// At most five, even with more items with gaps.
	pb = DefaultPlaybook()
	facts = nil
	for _, g := range pb.Groups() {
		for _, it := range g.Items {
			facts = append(facts, f(1, it.Key, No, 1))
		}
	}
	s = Score(pb, facts, day(0), day(10))
	got = nil
	for _, it := range s.WeakestItems {
		got = append(got, it.Key)
	}
	// All tie at one gap, so playbook order decides.
	if want := []string{"problem-in-own-words", "fits-icp", "compelling-event", "knows-decision-group", "next-meeting-on-calendar"}; !reflect.DeepEqual(got, want) {
		t.Errorf("weakest items = %q, want %q", got, want)
	}
}

func TestSummarizeTrend(t *testing.T) {
	pb := testPlaybook(t)
	now := day(60)
	facts := []Fact{
		// Window before: [day 0, day 30): propose 1 of 4.
		f(1, "p1", No, 1), f(2, "p1", No, 2), f(3, "p1", Unsure, 3), f(4, "p1", Yes, 29),
		// This window: [day 30, day 60]: propose 3 of 4, and an answer at now.
		f(1, "p1", Yes, 30), f(2, "p1", Yes, 40), f(3, "p1", No, 50), f(4, "p1", Yes, 60),
		// Qualify only now; too old to count at all.
		f(5, "q1", Yes, 45), f(6, "q1", No, -1),
	}
	s := Summarize(pb, "Dana Ruiz", facts, now, 30)
	if s.Rep != "Dana Ruiz" || s.WindowDays != 30 {
		t.Errorf("rep, window = %q, %d", s.Rep, s.WindowDays)
	}
	if c := stageCounts(s)["propose"]; c != (counts{3, 1, 0, 0}) {
		t.Errorf("propose counts = %v", c)
	}
	want := map[string][2]float64{"qualify": {-1, 1}, "propose": {0.25, 0.75}, "every": {-1, -1}}
	if len(s.Trend) != 3 {
		t.Fatalf("trend has %d stages", len(s.Trend))
	}
	val := func(p *float64) float64 {
		if p == nil {
			return -1
		}
		return *p
	}
	for _, tr := range s.Trend {
		if got := [2]float64{val(tr.Before), val(tr.Now)}; got != want[tr.Stage] {
			t.Errorf("trend %s = %v, want %v", tr.Stage, got, want[tr.Stage])
		}
	}
	if d, ok := s.Trend[1].Delta(); !ok || d != 0.5 {
		t.Errorf("propose delta = %v, %v", d, ok)
	}
	if _, ok := s.Trend[0].Delta(); ok {
		t.Error("qualify delta known without a before")
	}

	if s := Summarize(pb, "x", nil, now, 0); s.WindowDays != DefaultWindowDays {
		t.Errorf("default window = %d", s.WindowDays)
	}
}

func TestWeakest(t *testing.T) {
	pb := testPlaybook(t)
	facts := []Fact{
		f(1, "q1", Yes, 1), f(2, "q1", No, 1), f(3, "q1", Yes, 1), // 2/3
		f(1, "p1", No, 1), f(2, "p1", Yes, 1), // 1/2 but not enough
		f(1, "e1", No, 1), f(2, "e1", Yes, 1), f(3, "e1", Yes, 1), // 2/3, later
	}
	st, ok := Score(pb, facts, day(0), day(10)).Weakest()
	if !ok || st.Key != "qualify" {
		t.Errorf("weakest = %q, %v; want qualify", st.Key, ok)
	}
	if _, ok := Score(pb, nil, day(0), day(10)).Weakest(); ok {
		t.Error("weakest found without answers")
	}
}

func TestSummaryJSON(t *testing.T) {
	pb := testPlaybook(t)
	now := day(90)
	facts := []Fact{
		f(1, "q1", Yes, 10), f(2, "q1", Yes, 11), f(3, "q1", Yes, 12), f(3, "q2", NA, 12),
		f(1, "p1", No, 20), f(2, "p1", No, 21), f(3, "p1", Unsure, 22), f(4, "p1", Yes, 23),
	}
	got, err := json.Marshal(Summarize(pb, "Dana Ruiz", facts, now, 90))
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"rep":"Dana Ruiz","window_days":90,` +
		`"stages":[` +
		`{"key":"qualify","name":"Qualify","yes":3,"no":0,"unsure":0,"na":1,"strength":1,"enough":true,"weak":false},` +
		`{"key":"propose","name":"Propose","yes":1,"no":2,"unsure":1,"na":0,"strength":0.25,"enough":true,"weak":true},` +
		`{"key":"every","name":"Every deal","yes":0,"no":0,"unsure":0,"na":0,"strength":null,"enough":false,"weak":false}],` +
		`"weak_stages":["propose"],` +
		`"weakest_items":[{"stage":"propose","key":"p1","question":"Met the economic buyer","yes":1,"no":2,"unsure":1}],` +
		`"trend":[{"stage":"qualify","before":null,"now":1},{"stage":"propose","before":null,"now":0.25},{"stage":"every","before":null,"now":null}],` +
		`"skills":[],"skill_sessions":[]}`
	if string(got) != want {
		t.Errorf("JSON\n got %s\nwant %s", got, want)
	}

	// No answers at all: null strength, [] lists.
	got, err = json.Marshal(Score(pb, nil, day(0), day(90)))
	if err != nil {
		t.Fatal(err)
	}
	const empty = `{"rep":"","window_days":90,"stages":[` +
		`{"key":"qualify","name":"Qualify","yes":0,"no":0,"unsure":0,"na":0,"strength":null,"enough":false,"weak":false},` +
		`{"key":"propose","name":"Propose","yes":0,"no":0,"unsure":0,"na":0,"strength":null,"enough":false,"weak":false},` +
		`{"key":"every","name":"Every deal","yes":0,"no":0,"unsure":0,"na":0,"strength":null,"enough":false,"weak":false}],` +
		`"weak_stages":[],"weakest_items":[],"trend":[],"skills":[],"skill_sessions":[]}`
	if string(got) != empty {
		t.Errorf("JSON\n got %s\nwant %s", got, empty)
	}

	// Whoever builds a Summary, lists never print as null.
	got, _ = json.Marshal(Summary{})
	if want := `{"rep":"","window_days":0,"stages":[],"weak_stages":[],"weakest_items":[],"trend":[],"skills":[],"skill_sessions":[]}`; string(got) != want {
		t.Errorf("zero Summary JSON = %s", got)
	}
}

func TestTeam(t *testing.T) {
	pb := testPlaybook(t)
	facts := map[string][]Fact{
		"bob":  {f(1, "q1", Yes, 1), f(2, "q1", No, 1)},
		"Ann":  {f(3, "q1", Yes, 1), f(4, "q1", Yes, 1), f(4, "p1", No, 1)},
		"carl": nil,
	}
	var sums []Summary
	for _, rep := range []string{"bob", "carl", "Ann"} {
		sums = append(sums, Summarize(pb, rep, facts[rep], day(5), 90))
	}
	m := Team(pb, 90, sums)
	var names []string
	for _, r := range m.Reps {
		names = append(names, r.Rep)
	}
	if want := []string{"Ann", "bob", "carl"}; !reflect.DeepEqual(names, want) {
		t.Errorf("reps = %q, want %q", names, want)
	}
	if c := m.Cell(0, "qualify"); c.Yes != 2 || c.Strength == nil || *c.Strength != 1 {
		t.Errorf("Ann qualify = %+v", c)
	}
	if c := m.Cell(2, "qualify"); c.Strength != nil {
		t.Errorf("carl qualify = %+v", c)
	}
	q := m.Overall[0]
	if q.Key != "qualify" || q.Yes != 3 || q.No != 1 || !q.Enough || *q.Strength != 0.75 || q.Weak {
		t.Errorf("team qualify = %+v", q)
	}
	if len(m.Overall) != 3 || m.Overall[2].Key != EveryKey {
		t.Errorf("overall columns = %+v", m.Overall)
	}

	got, _ := json.Marshal(Team(pb, 30, nil))
	if want := `{"window_days":30,"reps":[],"overall":[` +
		`{"key":"qualify","name":"Qualify","yes":0,"no":0,"unsure":0,"na":0,"strength":null,"enough":false,"weak":false},` +
		`{"key":"propose","name":"Propose","yes":0,"no":0,"unsure":0,"na":0,"strength":null,"enough":false,"weak":false},` +
		`{"key":"every","name":"Every deal","yes":0,"no":0,"unsure":0,"na":0,"strength":null,"enough":false,"weak":false}]}`; string(got) != want {
		t.Errorf("empty team JSON\n got %s\nwant %s", got, want)
	}
}
