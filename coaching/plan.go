package coaching

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// MinutesPerDeal is how long reviewing one deal takes in a session: the
// checklist, a note and a next step.
const MinutesPerDeal = 6

const (
	// closeSoonDays: a close date this near needs the deal looked at now.
	closeSoonDays = 14
	// staleReviewDays: a deal not reviewed for this long is due again.
	staleReviewDays = 30
	// maxLargeDeals caps how many of a rep's biggest deals are flagged.
	maxLargeDeals = 3
)

// DealHistory is what the planner knows about a deal beyond its CRM fields.
type DealHistory struct {
	// LastReviewed is zero when the deal was never reviewed.
	LastReviewed time.Time
	// ClosePushes counts close-date pushes over the deal's known history.
	ClosePushes int
	// Changes is what changed since the last review.
	Changes Changes
}

// HistoryOf builds a deal's history from its CRM snapshots (oldest first)
// and when it was last reviewed (zero if never), so that every screen
// flags a deal the same way.
func HistoryOf(pb *Playbook, snaps []Snapshot, lastReviewed, now time.Time) DealHistory {
	h := DealHistory{LastReviewed: lastReviewed}
	if len(snaps) > 0 {
		h.ClosePushes = DealChanges(pb, snaps, time.Time{}, now).ClosePushes
		h.Changes = DealChanges(pb, snaps, lastReviewed, now)
	}
	return h
}

// Suggestion is a deal proposed for a session, with why.
type Suggestion struct {
	Deal Deal
	// Reasons speak the manager's language: "close date passed 3 days ago".
	Reasons []string
	// Coaching ranks deals ahead of Score: what reviewing the deal coaches
	// (the rep's pick, the weak stage, the focus skill). Its reasons come
	// first.
	Coaching float64
	// Score is the deal's risk; with Coaching 0 means nothing calls for a
	// review.
	Score   float64
	Minutes int
	// Selected is set for the deals that fit the time box.
	Selected bool
}

// PlanSession picks the open deals most worth reviewing that fit within
// budgetMinutes and maxDeals, best first. A limit <= 0 means no limit of
// that kind. Deals with nothing calling for a review are never picked.
func PlanSession(pb *Playbook, deals []Deal, hist map[int64]DealHistory, now time.Time, budgetMinutes, maxDeals int) []Suggestion {
	all := PlanAll(pb, deals, hist, now, budgetMinutes, maxDeals)
	n := 0
	for n < len(all) && all[n].Selected {
		n++
	}
	return all[:n:n]
}

// PlanCoaching is what a 1:1's plan coaches ahead of deal risk (DESIGN
// §10): the rep's weak stage and focus skill, and the deal the rep asked to
// talk about (0: none).
type PlanCoaching struct {
	Targets Targets
	RepPick int64
	// RepPicks are the deals the rep picked in their prep, with why.
	RepPicks map[int64]string
}

// Weights of what a deal coaches: the rep's own pick outranks the weak
// stage and the focus together.
const (
	repPickWeight   = 4
	weakStageWeight = 2
	focusWeight     = 1
)

// PlanAll ranks every open deal by deal risk alone: PlanAllFor with nothing
// to coach.
func PlanAll(pb *Playbook, deals []Deal, hist map[int64]DealHistory, now time.Time, budgetMinutes, maxDeals int) []Suggestion {
	return PlanAllFor(pb, deals, hist, PlanCoaching{}, now, budgetMinutes, maxDeals)
}

// PlanAllFor ranks every open deal with its reasons, what it coaches first
// and its risk after, the ones that fit the time box first (marked
// Selected), then the rest by rank: the plan screen lets the manager toggle
// any of them.
func PlanAllFor(pb *Playbook, deals []Deal, hist map[int64]DealHistory, coach PlanCoaching, now time.Time, budgetMinutes, maxDeals int) []Suggestion {
	var open []Deal
	for _, d := range deals {
		if d.Status == StatusOpen || d.Status == "" {
			open = append(open, d)
		}
	}
	large, order, multi := largeRanks(open)
	out := make([]Suggestion, len(open))
	for i, d := range open {
		out[i] = suggest(pb, d, hist[d.ID], large[d.ID], now)
		if multi && large[d.ID] != 0 {
			inCurrency(&out[i], dealCurrency(d))
		}
		coachReasons(pb, &out[i], coach)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Coaching != b.Coaching {
			return a.Coaching > b.Coaching
		}
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		// The larger deal first, within a currency; across currencies
		// by place in each, never by comparing amounts.
		if oa, ob := order[a.Deal.ID], order[b.Deal.ID]; oa != ob {
			return oa < ob
		}
		return a.Deal.ID < b.Deal.ID
	})

	used, picked := 0, 0
	for i := range out {
		s := &out[i]
		if s.Coaching+s.Score <= 0 || (maxDeals > 0 && picked >= maxDeals) {
			break
		}
		if budgetMinutes > 0 && used+s.Minutes > budgetMinutes {
			continue
		}
		s.Selected = true
		used += s.Minutes
		picked++
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Selected && !out[j].Selected })
	return out
}

// coachReasons weighs what reviewing a deal coaches and puts its reasons
// ahead of the deal's risk.
func coachReasons(pb *Playbook, s *Suggestion, coach PlanCoaching) {
	var reasons []string
	t := coach.Targets
	if why, ok := coach.RepPicks[s.Deal.ID]; ok {
		s.Coaching += repPickWeight
		r := "the rep's pick"
		if why = strings.TrimSpace(why); why != "" {
			r += ": " + why
		}
		reasons = append(reasons, r)
	} else if coach.RepPick != 0 && s.Deal.ID == coach.RepPick {
		s.Coaching += repPickWeight
		reasons = append(reasons, "the rep's pick")
	}
	if t.HasWeak && t.Weak.Key != EveryKey && s.Deal.Stage == t.Weak.Key {
		s.Coaching += weakStageWeight
		reasons = append(reasons, fmt.Sprintf("in %s, your weakest stage", t.Weak.Name))
	}
	if t.TestsFocus(pb, s.Deal.Stage) {
		s.Coaching += focusWeight
		reasons = append(reasons, "tests the focus skill")
	}
	s.Reasons = append(reasons, s.Reasons...)
}

// largeRanks gives the rep's biggest open deals their rank (1 = largest)
// within their own currency: amounts in different currencies are never
// compared. In each currency only the top quarter, at most maxLargeDeals,
// is flagged: with four deals "large" means the largest one. multi says the
// rep has open deals in more than one currency, so the reason names it.
// order is every deal's place by amount within its currency (0 = largest),
// for the plan's tie-break.
func largeRanks(open []Deal) (ranks, order map[int64]int, multi bool) {
	byCur := map[string][]Deal{}
	for _, d := range open {
		c := dealCurrency(d)
		byCur[c] = append(byCur[c], d)
	}
	ranks, order = map[int64]int{}, make(map[int64]int, len(open))
	for _, deals := range byCur {
		sort.Slice(deals, func(i, j int) bool {
			if deals[i].Amount != deals[j].Amount {
				return deals[i].Amount > deals[j].Amount
			}
			return deals[i].ID < deals[j].ID
		})
		for i, d := range deals {
			order[d.ID] = i
		}
		n := min(maxLargeDeals, max(1, len(deals)/4))
		for i := 0; i < n && i < len(deals) && deals[i].Amount > 0; i++ {
			ranks[deals[i].ID] = i + 1
		}
	}
	return ranks, order, len(byCur) > 1
}

// dealCurrency is the deal's ISO code; the store takes none as USD.
func dealCurrency(d Deal) string {
	if c := strings.ToUpper(strings.TrimSpace(d.Currency)); c != "" {
		return c
	}
	return "USD"
}

// inCurrency says which currency a "largest open deal" reason is largest
// in, for a rep whose deals are in several.
func inCurrency(s *Suggestion, cur string) {
	for i, r := range s.Reasons {
		if strings.HasSuffix(r, "largest open deal") {
			s.Reasons[i] = r + " in " + cur
		}
	}
}

// suggest finds the reasons to review a deal and weighs them. The weights
// put a slipping close date and a stall ahead of size: a late deal is the
// one a manager can still help.
func suggest(pb *Playbook, d Deal, h DealHistory, largeRank int, now time.Time) Suggestion {
	s := Suggestion{Deal: d, Minutes: MinutesPerDeal}
	add := func(score float64, format string, args ...any) {
		s.Score += score
		s.Reasons = append(s.Reasons, fmt.Sprintf(format, args...))
	}

	if !d.CloseDate.IsZero() {
		days := d.CloseDate.DaysUntil(now)
		// The nearer the close date, the more it counts; past is the most.
		soon := 2 + float64(closeSoonDays-max(days, 0))/closeSoonDays
		switch {
		case days < 0:
			add(soon, "close date passed %s ago", plural(-days, "day"))
		case days == 0:
			add(soon, "closes today")
		case days == 1:
			add(soon, "closes tomorrow")
		case days <= closeSoonDays:
			add(soon, "closes in %d days", days)
		}
	}

	if st, ok := pb.Stage(d.Stage); ok && st.Key != EveryKey && st.ExpectedDays > 0 {
		days := d.DaysInStage(now)
		if d.StageSince.IsZero() {
			days = h.Changes.DaysInStage
		}
		if over := days - st.ExpectedDays; over > 0 {
			add(2+min(1, float64(over)/float64(st.ExpectedDays)),
				"stalled %d days in %s (expected %d)", days, st.Name, st.ExpectedDays)
		}
	}

	switch pushes := max(h.ClosePushes, h.Changes.ClosePushes); {
	case pushes == 1:
		add(1.5, "close date pushed once")
	case pushes > 1:
		add(1.5*float64(min(pushes, 3)), "close date pushed %d×", pushes)
	}

	if h.LastReviewed.IsZero() {
		add(2.5, "never reviewed")
	} else if days := int(now.Sub(h.LastReviewed).Hours() / 24); days >= staleReviewDays {
		add(1.5+min(1, float64(days-staleReviewDays)/60), "not reviewed in %d days", days)
	}

	switch largeRank {
	case 1:
		add(2, "largest open deal")
	case 2:
		add(1.5, "2nd largest open deal")
	case 3:
		add(1, "3rd largest open deal")
	}
	return s
}
