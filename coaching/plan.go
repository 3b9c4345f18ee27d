package coaching

import (
	"fmt"
	"sort"
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
	// Score ranks deals; 0 means nothing calls for a review.
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

// PlanAll ranks every open deal with its reasons, the ones PlanSession would
// pick first (marked Selected), then the rest by rank: the plan screen lets
// the manager toggle any of them.
func PlanAll(pb *Playbook, deals []Deal, hist map[int64]DealHistory, now time.Time, budgetMinutes, maxDeals int) []Suggestion {
	var open []Deal
	for _, d := range deals {
		if d.Status == StatusOpen || d.Status == "" {
			open = append(open, d)
		}
	}
	large := largeRanks(open)
	out := make([]Suggestion, len(open))
	for i, d := range open {
		out[i] = suggest(pb, d, hist[d.ID], large[d.ID], now)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.Deal.Amount != b.Deal.Amount {
			return a.Deal.Amount > b.Deal.Amount
		}
		return a.Deal.ID < b.Deal.ID
	})

	used, picked := 0, 0
	for i := range out {
		s := &out[i]
		if s.Score <= 0 || (maxDeals > 0 && picked >= maxDeals) {
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

// largeRanks gives the rep's biggest open deals their rank (1 = largest).
// Only the top quarter, at most maxLargeDeals, is flagged: with four deals
// "large" means the largest one. Amounts are compared as they stand,
// whatever their currency.
func largeRanks(open []Deal) map[int64]int {
	byAmount := append([]Deal(nil), open...)
	sort.Slice(byAmount, func(i, j int) bool {
		if byAmount[i].Amount != byAmount[j].Amount {
			return byAmount[i].Amount > byAmount[j].Amount
		}
		return byAmount[i].ID < byAmount[j].ID
	})
	n := min(maxLargeDeals, max(1, len(open)/4))
	ranks := make(map[int64]int, n)
	for i := 0; i < n && i < len(byAmount) && byAmount[i].Amount > 0; i++ {
		ranks[byAmount[i].ID] = i + 1
	}
	return ranks
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
