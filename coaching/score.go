package coaching

import (
	"encoding/json"
	"sort"
	"strings"
	"time"
)

// DefaultWindowDays is how far back stage strength looks unless told.
const DefaultWindowDays = 90

// maxWeakestItems is how many weakest items a summary lists: enough to pick
// a coaching target, few enough to read aloud.
const maxWeakestItems = 5

// StageScore is how well a rep handles one stage (or the every-deal group).
type StageScore struct {
	Key    string `json:"key"`
	Name   string `json:"name"`
	Yes    int    `json:"yes"`
	No     int    `json:"no"`
	Unsure int    `json:"unsure"`
	NA     int    `json:"na"`
	// Strength is yes/(yes+no+unsure); nil when there is no such answer.
	Strength *float64 `json:"strength"`
	// Enough says there are at least min_answers answers to judge by.
	Enough bool `json:"enough"`
	Weak   bool `json:"weak"`
}

// Answers counts the answers that make the strength: n.a. is left out.
func (s StageScore) Answers() int { return s.Yes + s.No + s.Unsure }

// ItemScore counts the answers to one checklist item.
type ItemScore struct {
	Stage    string `json:"stage"`
	Key      string `json:"key"`
	Question string `json:"question"`
	Yes      int    `json:"yes"`
	No       int    `json:"no"`
	Unsure   int    `json:"unsure"`
	NA       int    `json:"-"`
}

// Gaps counts the answers that show a process gap: no and unsure.
func (s ItemScore) Gaps() int { return s.No + s.Unsure }

// StageTrend is a stage's strength in the window before and in this one.
type StageTrend struct {
	Stage  string   `json:"stage"`
	Before *float64 `json:"before"`
	Now    *float64 `json:"now"`
}

// Delta is the change in strength, and false when either side is unknown.
func (t StageTrend) Delta() (float64, bool) { return Trend{t.Before, t.Now}.Delta() }

// Trend is a strength in the window before and in this one.
type Trend struct {
	Before *float64 `json:"before"`
	Now    *float64 `json:"now"`
}

// Delta is the change in strength, and false when either side is unknown.
func (t Trend) Delta() (float64, bool) {
	if t.Before == nil || t.Now == nil {
		return 0, false
	}
	return *t.Now - *t.Before, true
}

// Summary is a rep's stage strength over a window: the coaching target.
// Its JSON is the contract of `dealcoach summary --format json`.
type Summary struct {
	Rep        string `json:"rep"`
	WindowDays int    `json:"window_days"`
	// Stages lists every stage of the playbook in order, then every.
	Stages       []StageScore `json:"stages"`
	WeakStages   []string     `json:"weak_stages"`
	WeakestItems []ItemScore  `json:"weakest_items"`
	// Trend compares each stage with the window before; set by Summarize.
	Trend []StageTrend `json:"trend"`
	// Skills scores each skill of the playbook, in playbook order, from the
	// same answers as Stages (see skills.go).
	Skills []SkillScore `json:"skills"`
	// SkillSessions are the sessions whose answers make each skill's
	// LastSessions, oldest first; set by Summarize.
	SkillSessions []int64 `json:"skill_sessions"`
}

// MarshalJSON prints empty lists as [] rather than null, as the contract
// promises, whoever built the Summary.
func (s Summary) MarshalJSON() ([]byte, error) {
	type plain Summary
	p := plain(s)
	p.Stages = nonNil(p.Stages)
	p.WeakStages = nonNil(p.WeakStages)
	p.WeakestItems = nonNil(p.WeakestItems)
	p.Trend = nonNil(p.Trend)
	p.Skills = nonNil(p.Skills)
	p.SkillSessions = nonNil(p.SkillSessions)
	return json.Marshal(p)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Stage returns the score of a stage key.
func (s Summary) Stage(key string) (StageScore, bool) {
	for _, st := range s.Stages {
		if st.Key == key {
			return st, true
		}
	}
	return StageScore{}, false
}

// Weakest is the stage with the lowest strength among those with enough
// evidence, the earlier stage on a tie; false when none has enough.
func (s Summary) Weakest() (StageScore, bool) {
	var best StageScore
	found := false
	for _, st := range s.Stages {
		if st.Enough && st.Strength != nil && (!found || *st.Strength < *best.Strength) {
			best, found = st, true
		}
	}
	return best, found
}

// Score counts, for each stage, the latest answer per (deal, item) given in
// [from, to). Answers to items the playbook no longer has count for their
// recorded stage if it still exists, and are skipped otherwise.
func Score(pb *Playbook, facts []Fact, from, to time.Time) Summary {
	latest := latestAnswers(facts, from, to)
	counts := make([]Count, 0, len(latest))
	for _, f := range latest {
		counts = append(counts, Count{Stage: f.Stage, Item: f.Item, Value: f.Value, N: 1})
	}
	sum := ScoreCounts(pb, counts)
	sum.WindowDays = int(to.Sub(from).Round(24*time.Hour).Hours() / 24)
	return sum
}

// Count is how many (deal, item) pairs have their latest answer in a
// window recorded with this stage, item and value: Score's input, as the
// store adds it up in SQL.
type Count struct {
	Stage, Item string
	Value       Value
	N           int
}

// ScoreCounts is Score from counts already taken (WindowDays left 0).
func ScoreCounts(pb *Playbook, counts []Count) Summary {

	groups := pb.Groups()
	stages := make([]StageScore, len(groups))
	items := make([][]ItemScore, len(groups))
	groupOf := make(map[string]int, len(groups))
	type place struct{ group, item int }
	itemAt := make(map[string]place)
	for g, s := range groups {
		stages[g] = StageScore{Key: s.Key, Name: s.Name}
		groupOf[s.Key] = g
		items[g] = make([]ItemScore, len(s.Items))
		for i, it := range s.Items {
			items[g][i] = ItemScore{Stage: s.Key, Key: it.Key, Question: it.Question}
			itemAt[it.Key] = place{g, i}
		}
	}

	for _, c := range counts {
		if p, ok := itemAt[c.Item]; ok {
			addStage(&stages[p.group], c.Value, c.N)
			addItem(&items[p.group][p.item], c.Value, c.N)
		} else if g, ok := groupOf[c.Stage]; ok {
			addStage(&stages[g], c.Value, c.N)
		}
	}

	sum := Summary{
		Stages:       stages,
		WeakStages:   []string{},
		WeakestItems: []ItemScore{},
	}
	sum.Skills = make([]SkillScore, len(pb.Skills))
	for i, sk := range pb.Skills {
		sum.Skills[i] = scoreSkill(pb, sk, func(item string) (ItemScore, bool) {
			p, ok := itemAt[item]
			if !ok {
				return ItemScore{}, false
			}
			return items[p.group][p.item], true
		})
	}
	for i := range stages {
		judge(pb, &stages[i])
		if stages[i].Weak {
			sum.WeakStages = append(sum.WeakStages, stages[i].Key)
		}
	}
	// Candidates are collected in playbook order so the stable sort breaks
	// ties by stage, then item.
	for _, group := range items {
		for _, it := range group {
			if it.Gaps() > 0 {
				sum.WeakestItems = append(sum.WeakestItems, it)
			}
		}
	}
	sort.SliceStable(sum.WeakestItems, func(i, j int) bool {
		return sum.WeakestItems[i].Gaps() > sum.WeakestItems[j].Gaps()
	})
	if len(sum.WeakestItems) > maxWeakestItems {
		sum.WeakestItems = sum.WeakestItems[:maxWeakestItems]
	}
	return sum
}

type dealItem struct {
	deal int64
	item string
}

// latestAnswers keeps the latest answer per (deal, item) given in [from,
// to): what strength counts.
func latestAnswers(facts []Fact, from, to time.Time) map[dealItem]Fact {
	latest := make(map[dealItem]Fact)
	for _, f := range facts {
		if f.AnsweredAt.Before(from) || !f.AnsweredAt.Before(to) || !f.Value.Valid() {
			continue
		}
		k := dealItem{f.DealID, f.Item}
		// On equal times the later fact in the input wins.
		if prev, ok := latest[k]; ok && f.AnsweredAt.Before(prev.AnsweredAt) {
			continue
		}
		latest[k] = f
	}
	return latest
}

func countStage(s *StageScore, v Value) { addStage(s, v, 1) }

func addStage(s *StageScore, v Value, n int) { tally(v, n, &s.Yes, &s.No, &s.Unsure, &s.NA) }

func addItem(s *ItemScore, v Value, n int) { tally(v, n, &s.Yes, &s.No, &s.Unsure, &s.NA) }

func tally(v Value, n int, yes, no, unsure, na *int) {
	switch v {
	case Yes:
		*yes += n
	case No:
		*no += n
	case Unsure:
		*unsure += n
	case NA:
		*na += n
	}
}

// judge sets strength, enough and weak from the counts. Unsure counts
// against: not knowing is a process gap. Too few answers is "not enough
// evidence", never weak.
func judge(pb *Playbook, s *StageScore) { JudgeStage(s, pb.MinAnswers, pb.WeakBelow) }

// JudgeStage sets strength, enough and weak from counts made elsewhere
// (the org roll-up counts in SQL), by the same rule as Score.
func JudgeStage(s *StageScore, minAnswers int, weakBelow float64) {
	s.Strength, s.Enough, s.Weak = nil, false, false
	n := s.Answers()
	if n == 0 {
		return
	}
	v := float64(s.Yes) / float64(n)
	s.Strength = &v
	s.Enough = n >= max(minAnswers, 1)
	s.Weak = s.Enough && v < weakBelow
}

// Summarize scores a rep over the days up to and including now (days <= 0
// means DefaultWindowDays), with the trend against the same length of time
// before.
func Summarize(pb *Playbook, rep string, facts []Fact, now time.Time, days int) Summary {
	if days <= 0 {
		days = DefaultWindowDays
	}
	before, from, to := SummaryWindows(now, days)
	return summarize(pb, rep, days, Score(pb, facts, from, to), Score(pb, facts, before, from), facts, from, to)
}

// SummaryWindows are the bounds Summarize scores: [from, to) is the window
// (to is just after now, so an answer saved this instant counts) and
// [before, from) the window before it, for the trend.
func SummaryWindows(now time.Time, days int) (before, from, to time.Time) {
	if days <= 0 {
		days = DefaultWindowDays
	}
	window := time.Duration(days) * 24 * time.Hour
	from = now.Add(-window)
	return from.Add(-window), from, now.Add(time.Nanosecond)
}

// SummarizeCounts is Summarize from counts the store took over the two
// windows of SummaryWindows; sessionFacts need hold only the answers of the
// rep's last LastSessionsShown sessions in the window (nil leaves each
// skill's LastSessions empty).
func SummarizeCounts(pb *Playbook, rep string, now time.Time, days int, cur, before []Count, sessionFacts []Fact) Summary {
	if days <= 0 {
		days = DefaultWindowDays
	}
	_, from, to := SummaryWindows(now, days)
	return summarize(pb, rep, days, ScoreCounts(pb, cur), ScoreCounts(pb, before), sessionFacts, from, to)
}

func summarize(pb *Playbook, rep string, days int, sum, before Summary, facts []Fact, from, to time.Time) Summary {
	sum.Rep = rep
	sum.WindowDays = days
	sum.Trend = make([]StageTrend, len(sum.Stages))
	for i, s := range sum.Stages {
		sum.Trend[i] = StageTrend{Stage: s.Key, Before: before.Stages[i].Strength, Now: s.Strength}
	}
	for i := range sum.Skills {
		sum.Skills[i].Trend = Trend{Before: before.Skills[i].Strength, Now: sum.Skills[i].Strength}
	}
	lastSessions(pb, &sum, facts, from, to)
	return sum
}

// TeamMatrix is the reps × stages heat map. Its JSON is the contract of
// `dealcoach summary --team --format json`.
type TeamMatrix struct {
	WindowDays int `json:"window_days"`
	// Reps are in name order.
	Reps []Summary `json:"reps"`
	// Overall scores the whole team per stage, in playbook order then every;
	// it doubles as the column headers.
	Overall []StageScore `json:"overall"`
}

// MarshalJSON prints an empty team as [] rather than null.
func (m TeamMatrix) MarshalJSON() ([]byte, error) {
	type plain TeamMatrix
	p := plain(m)
	p.Reps = nonNil(p.Reps)
	p.Overall = nonNil(p.Overall)
	return json.Marshal(p)
}

// Team builds the heat map from per-rep summaries made with pb.
func Team(pb *Playbook, windowDays int, reps []Summary) TeamMatrix {
	m := TeamMatrix{WindowDays: windowDays, Reps: append([]Summary{}, reps...)}
	sort.SliceStable(m.Reps, func(i, j int) bool {
		a, b := strings.ToLower(m.Reps[i].Rep), strings.ToLower(m.Reps[j].Rep)
		if a != b {
			return a < b
		}
		return m.Reps[i].Rep < m.Reps[j].Rep
	})
	for _, g := range pb.Groups() {
		total := StageScore{Key: g.Key, Name: g.Name}
		for _, r := range m.Reps {
			if s, ok := r.Stage(g.Key); ok {
				total.Yes += s.Yes
				total.No += s.No
				total.Unsure += s.Unsure
				total.NA += s.NA
			}
		}
		judge(pb, &total)
		m.Overall = append(m.Overall, total)
	}
	return m
}

// Cell is rep i's score in a stage; the zero score (no answers) when the
// rep's summary lacks the stage.
func (m TeamMatrix) Cell(rep int, stage string) StageScore {
	s, ok := m.Reps[rep].Stage(stage)
	if !ok {
		s = StageScore{Key: stage}
	}
	return s
}
