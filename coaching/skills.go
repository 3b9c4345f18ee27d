package coaching

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// LastSessionsShown is how many sessions a skill's trend line covers.
const LastSessionsShown = 6

// SkillScore is how well a rep shows a skill (DESIGN §10). It is counted
// like a stage, from the same answers (Score): the latest answer per (deal,
// item) in the window to any of the skill's items; strength is
// yes/(yes+no+unsure), n.a. left out; enough and weak use the playbook's
// min_answers and weak_below.
type SkillScore struct {
	// StageScore holds the key, name, counts, strength, enough and weak;
	// its fields read as the skill's own (sk.Strength, sk.Yes, …).
	StageScore
	// Trend is the strength in the window before and in this one.
	Trend Trend `json:"trend"`
	// LastSessions is the skill's strength in each of Summary.SkillSessions,
	// oldest first: yes/(yes+no+unsure) of the answers to the skill's items
	// given in that session; nil where the session answered none of them
	// (or only n.a.). Set by Summarize.
	LastSessions []*float64 `json:"last_sessions"`
	// Items counts the answers to each of the skill's items in the window,
	// in the skill's order.
	Items []ItemScore `json:"items"`
}

// MarshalJSON prints empty lists as [] rather than null.
func (s SkillScore) MarshalJSON() ([]byte, error) {
	type plain struct {
		StageScore
		Trend        Trend       `json:"trend"`
		LastSessions []*float64  `json:"last_sessions"`
		Items        []ItemScore `json:"items"`
	}
	return json.Marshal(plain{s.StageScore, s.Trend, nonNil(s.LastSessions), nonNil(s.Items)})
}

// Skill returns the score of a skill key.
func (s Summary) Skill(key string) (SkillScore, bool) {
	for _, sk := range s.Skills {
		if sk.Key == key {
			return sk, true
		}
	}
	return SkillScore{}, false
}

// scoreSkill adds up the counts of the skill's items; item gives an item's
// counts in the window, false for an item the playbook does not have.
func scoreSkill(pb *Playbook, sk Skill, item func(string) (ItemScore, bool)) SkillScore {
	s := SkillScore{StageScore: StageScore{Key: sk.Key, Name: sk.Name}}
	for _, key := range sk.Items {
		it, ok := item(key)
		if !ok {
			continue
		}
		s.Items = append(s.Items, it)
		s.Yes += it.Yes
		s.No += it.No
		s.Unsure += it.Unsure
		s.NA += it.NA
	}
	judge(pb, &s.StageScore)
	return s
}

// lastSessions fills sum.SkillSessions and each skill's LastSessions from
// the facts answered in [from, to). The sessions are the rep's last
// LastSessionsShown sessions with an answer in the window (facts without a
// session are left out), in the order of their first answer; a session's
// skill strength is Score over that session's answers alone, so it counts
// each (deal, item) once, like the window's.
func lastSessions(pb *Playbook, sum *Summary, facts []Fact, from, to time.Time) {
	first := map[int64]time.Time{}
	for _, f := range facts {
		if f.SessionID == 0 || f.AnsweredAt.Before(from) || !f.AnsweredAt.Before(to) {
			continue
		}
		if t, ok := first[f.SessionID]; !ok || f.AnsweredAt.Before(t) {
			first[f.SessionID] = f.AnsweredAt
		}
	}
	ids := make([]int64, 0, len(first))
	for id := range first {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := first[ids[i]], first[ids[j]]
		if !a.Equal(b) {
			return a.Before(b)
		}
		return ids[i] < ids[j]
	})
	if len(ids) > LastSessionsShown {
		ids = ids[len(ids)-LastSessionsShown:]
	}
	sum.SkillSessions = ids
	bySession := make(map[int64][]Fact, len(ids))
	for _, id := range ids {
		bySession[id] = nil
	}
	for _, f := range facts {
		if fs, ok := bySession[f.SessionID]; ok {
			bySession[f.SessionID] = append(fs, f)
		}
	}
	for i := range sum.Skills {
		sum.Skills[i].LastSessions = make([]*float64, len(ids))
	}
	skillsOf := map[string][]int{}
	for i, sk := range pb.Skills {
		for _, it := range sk.Items {
			skillsOf[it] = append(skillsOf[it], i)
		}
	}
	for n, id := range ids {
		one := make([]StageScore, len(pb.Skills))
		for _, f := range latestAnswers(bySession[id], from, to) {
			for _, i := range skillsOf[f.Item] {
				countStage(&one[i], f.Value)
			}
		}
		for i := range sum.Skills {
			judge(pb, &one[i])
			sum.Skills[i].LastSessions[n] = one[i].Strength
		}
	}
}

// sparks are the eight heights of a sparkline, lowest first.
var sparks = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws strengths in [0, 1] as one cell each, ▁ for 0 up to █
// for 1, and · where a value is nil (nothing to judge in that session).
// The CLI and the rep page share it.
func Sparkline(vals []*float64) string {
	var b strings.Builder
	for _, v := range vals {
		if v == nil {
			b.WriteRune('·')
			continue
		}
		i := int(math.Round(min(max(*v, 0), 1) * float64(len(sparks)-1)))
		b.WriteRune(sparks[i])
	}
	return b.String()
}

// FocusSuggestion is the focus skill the wrap-up proposes, and why.
type FocusSuggestion struct {
	Skill Skill
	// Why says which items and numbers led to it, as plain text from the
	// playbook: make it safe at output (SafeLine, MarkdownLine).
	Why string
	// Items are the skill's items with answers, weakest (most no and
	// unsure) first.
	Items []ItemScore
}

// SuggestFocus picks the skill to work on from a rep's summary (the 90-day
// one, DESIGN §10): the lowest strength among skills with enough answers,
// on a tie the one with more no and unsure, then the earlier in the
// playbook. When no skill has enough answers, it is the skill most seen in
// the weakest stage's gaps (Summary.Weakest); false when there is no such
// stage or no skill has an item in it.
func SuggestFocus(pb *Playbook, sum Summary) (FocusSuggestion, bool) {
	var best *SkillScore
	for i := range sum.Skills {
		s := &sum.Skills[i]
		if !s.Enough || s.Strength == nil {
			continue
		}
		if best == nil || *s.Strength < *best.Strength ||
			(*s.Strength == *best.Strength && s.No+s.Unsure > best.No+best.Unsure) {
			best = s
		}
	}
	if best != nil {
		sk, ok := pb.Skill(best.Key)
		if !ok {
			return FocusSuggestion{}, false
		}
		items := weakestFirst(best.Items)
		why := fmt.Sprintf("%s: %d of %d yes on its items in %d days", sk.Name, best.Yes, best.Answers(), sum.WindowDays)
		if len(items) > 0 && items[0].Gaps() > 0 {
			why += " — weakest: " + items[0].Question + " (" + itemCounts(items[0]) + ")"
		}
		return FocusSuggestion{Skill: sk, Why: why, Items: items}, true
	}

	stage, ok := sum.Weakest()
	if !ok {
		return FocusSuggestion{}, false
	}
	inStage := map[string]bool{}
	for _, g := range pb.Groups() {
		if g.Key == stage.Key {
			for _, it := range g.Items {
				inStage[it.Key] = true
			}
		}
	}
	bestGaps := -1
	for i := range sum.Skills {
		s := &sum.Skills[i]
		gaps, seen := 0, false
		for _, it := range s.Items {
			if inStage[it.Key] {
				gaps += it.Gaps()
				seen = true
			}
		}
		if seen && gaps > bestGaps {
			best, bestGaps = s, gaps
		}
	}
	if best == nil {
		return FocusSuggestion{}, false
	}
	sk, ok := pb.Skill(best.Key)
	if !ok {
		return FocusSuggestion{}, false
	}
	var items []ItemScore
	for _, it := range weakestFirst(best.Items) {
		if inStage[it.Key] {
			items = append(items, it)
		}
	}
	why := fmt.Sprintf("%s: %s is the weakest stage (%d of %d yes in %d days); too few answers on the skill's items to judge it alone",
		sk.Name, stage.Name, stage.Yes, stage.Answers(), sum.WindowDays)
	if len(items) > 0 && items[0].Gaps() > 0 {
		why += " — weakest: " + items[0].Question + " (" + itemCounts(items[0]) + ")"
	}
	return FocusSuggestion{Skill: sk, Why: why, Items: items}, true
}

// weakestFirst lists the items with answers, most no and unsure first, in
// the skill's order on a tie.
func weakestFirst(items []ItemScore) []ItemScore {
	var out []ItemScore
	for _, it := range items {
		if it.Yes+it.No+it.Unsure > 0 {
			out = append(out, it)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Gaps() > out[j].Gaps() })
	return out
}

// itemCounts reads an item's answers as "1 yes, 3 no, 1 unsure", leaving out
// unsure when there is none.
func itemCounts(it ItemScore) string {
	s := fmt.Sprintf("%d yes, %d no", it.Yes, it.No)
	if it.Unsure > 0 {
		s += fmt.Sprintf(", %d unsure", it.Unsure)
	}
	return s
}
