package coaching

import (
	"fmt"
	"time"
)

// Changes is what the CRM says changed about a deal since a moment, usually
// its last review: the header of the deal walk.
type Changes struct {
	// StageMoves counts stage changes between snapshots.
	StageMoves int
	// StageFrom and StageTo are stage keys then and now; the names are for
	// display and fall back to the keys.
	StageFrom, StageTo         string
	StageFromName, StageToName string
	// Direction is +1 when the deal moved forward in the process, -1 back,
	// 0 when it is in the same stage or either stage is unknown.
	Direction            int
	StatusFrom, StatusTo DealStatus
	// ClosePushes counts snapshots whose close date was later than the one
	// before: the deal slipping.
	ClosePushes          int
	CloseFrom, CloseTo   Date
	AmountFrom, AmountTo int64
	// Currency of the amounts; DealChanges leaves it to the caller, who
	// knows the deal. Empty means dollars.
	Currency string
	// DaysInStage is how long the snapshots show the deal in its current
	// stage: at least that long, as the first snapshot may be late.
	DaysInStage int
}

// DealChanges compares the deal's state at since (its last snapshot taken at
// or before since, else its first) with its latest snapshot. Snapshots must
// be oldest first; a zero since means "over all known history".
func DealChanges(pb *Playbook, snaps []Snapshot, since, now time.Time) Changes {
	if len(snaps) == 0 {
		return Changes{}
	}
	base := 0
	for i, s := range snaps {
		if !s.TakenAt.After(since) {
			base = i
		}
	}
	then, last := snaps[base], snaps[len(snaps)-1]
	c := Changes{
		StageFrom: then.Stage, StageTo: last.Stage,
		StageFromName: then.Stage, StageToName: last.Stage,
		StatusFrom: then.Status, StatusTo: last.Status,
		CloseFrom: then.CloseDate, CloseTo: last.CloseDate,
		AmountFrom: then.Amount, AmountTo: last.Amount,
	}
	for i := base + 1; i < len(snaps); i++ {
		prev, cur := snaps[i-1], snaps[i]
		// A closed deal may have no stage; closing is a status change.
		if prev.Stage != "" && cur.Stage != "" && prev.Stage != cur.Stage {
			c.StageMoves++
		}
		if !prev.CloseDate.IsZero() && cur.CloseDate.After(prev.CloseDate) {
			c.ClosePushes++
		}
	}
	if pb != nil {
		c.StageFromName, c.StageToName = pb.StageName(then.Stage), pb.StageName(last.Stage)
		if f, t := pb.StageIndex(then.Stage), pb.StageIndex(last.Stage); f >= 0 && t >= 0 {
			c.Direction = sign(t - f)
		}
	}
	if last.Stage != "" && (last.Status == "" || last.Status == StatusOpen) {
		start := len(snaps) - 1
		for start > 0 && snaps[start-1].Stage == last.Stage {
			start--
		}
		c.DaysInStage = max(0, int(now.Sub(snaps[start].TakenAt).Hours()/24))
	}
	return c
}

func sign(n int) int {
	switch {
	case n > 0:
		return 1
	case n < 0:
		return -1
	}
	return 0
}

// Changed reports whether stage, status, close date or amount moved.
func (c Changes) Changed() bool {
	return c.StageMoves > 0 || c.StageFrom != c.StageTo || c.StatusFrom != c.StatusTo ||
		c.ClosePushes > 0 || c.CloseFrom != c.CloseTo || c.AmountFrom != c.AmountTo
}

// Lines says what changed in short manager-language lines, most telling
// first: "Stage Propose → Negotiate", "Close date pushed 2× (Dec 15 →
// Dec 19)", "Amount up $84,000 → $86,000", "14 days in Negotiate".
func (c Changes) Lines() []string {
	var out []string
	from, to := orKey(c.StageFromName, c.StageFrom), orKey(c.StageToName, c.StageTo)
	switch {
	case c.StageFrom != "" && c.StageTo != "" && c.StageFrom != c.StageTo:
		if c.Direction < 0 {
			out = append(out, fmt.Sprintf("Stage moved back %s → %s", from, to))
		} else {
			out = append(out, fmt.Sprintf("Stage %s → %s", from, to))
		}
	case c.StageMoves > 0 && c.StageFrom == c.StageTo:
		out = append(out, fmt.Sprintf("Stage moved %d× and is back in %s", c.StageMoves, to))
	}
	if c.StatusFrom != c.StatusTo && c.StatusFrom != "" {
		switch c.StatusTo {
		case StatusWon:
			out = append(out, "Closed won")
		case StatusLost:
			out = append(out, "Closed lost")
		case StatusOpen:
			out = append(out, "Reopened")
		}
	}
	if l := c.closeLine(); l != "" {
		out = append(out, l)
	}
	switch {
	case c.AmountFrom == c.AmountTo:
	case c.AmountFrom == 0:
		out = append(out, "Amount set to "+FormatMoney(c.AmountTo, c.Currency))
	case c.AmountTo == 0:
		out = append(out, "Amount removed (was "+FormatMoney(c.AmountFrom, c.Currency)+")")
	default:
		dir := "up"
		if c.AmountTo < c.AmountFrom {
			dir = "down"
		}
		out = append(out, fmt.Sprintf("Amount %s %s → %s", dir,
			FormatMoney(c.AmountFrom, c.Currency), FormatMoney(c.AmountTo, c.Currency)))
	}
	if c.DaysInStage > 0 && to != "" {
		out = append(out, fmt.Sprintf("%s in %s", plural(c.DaysInStage, "day"), to))
	}
	return out
}

func (c Changes) closeLine() string {
	a, b := dayPair(c.CloseFrom, c.CloseTo)
	switch {
	case c.ClosePushes > 1:
		return fmt.Sprintf("Close date pushed %d× (%s → %s)", c.ClosePushes, a, b)
	case c.ClosePushes == 1:
		return fmt.Sprintf("Close date pushed (%s → %s)", a, b)
	case c.CloseFrom == c.CloseTo:
		return ""
	case c.CloseFrom.IsZero():
		return "Close date set to " + b
	case c.CloseTo.IsZero():
		return "Close date removed (was " + a + ")"
	}
	return fmt.Sprintf("Close date pulled in (%s → %s)", a, b)
}

// dayPair formats two days for "from → to": without the year when both
// fall in the same year, which is nearly always.
func dayPair(a, b Date) (string, string) {
	layout := "Jan 2"
	if !a.IsZero() && !b.IsZero() && a.Time().Year() != b.Time().Year() {
		layout = "Jan 2, 2006"
	}
	f := func(d Date) string {
		if d.IsZero() {
			return "—"
		}
		return d.Time().Format(layout)
	}
	return f(a), f(b)
}

func orKey(name, key string) string {
	if name != "" {
		return name
	}
	return key
}

// plural is "1 day", "3 days".
func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// CloseMoved is the close date's move as evidence for "the close date has
// not moved": "pushed Oct 3 → Nov 30", "pulled in Dec 15 → Dec 1". ok is
// false when it held, or when either end has no date to compare.
func (c Changes) CloseMoved() (evidence string, ok bool) {
	if c.CloseFrom.IsZero() || c.CloseTo.IsZero() || c.CloseFrom == c.CloseTo && c.ClosePushes == 0 {
		return "", false
	}
	a, b := dayPair(c.CloseFrom, c.CloseTo)
	switch {
	case c.CloseTo.After(c.CloseFrom) && c.ClosePushes > 1:
		return fmt.Sprintf("pushed %d× %s → %s", c.ClosePushes, a, b), true
	case c.CloseTo.After(c.CloseFrom):
		return "pushed " + a + " → " + b, true
	case c.CloseFrom.After(c.CloseTo):
		return "pulled in " + a + " → " + b, true
	}
	return "pushed and back to " + b, true
}
