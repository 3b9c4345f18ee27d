package tui

import (
	"fmt"
	"math"
	"time"

	"github.com/charmbracelet/lipgloss"

	"dealcoach/coaching"
)

// Small formatting helpers every screen shares: one of each, so the same
// figure reads the same everywhere.

// countNoun is "1 deal", "3 deals".
func countNoun(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// percent is a share from 0 to 1 as a whole percent. It rounds half up
// (62.5 % is 63 %), as a manager would, and as strengthBar fills its cells,
// so a bar and its number never disagree; fmt's %.0f rounds half to even.
func percent(v float64) int { return int(math.Round(v * 100)) }

// strengthBar draws a share from 0 to 1 in w cells, "███░░".
func strengthBar(st Styles, v float64, w int) string {
	full := min(w, max(0, int(math.Round(v*float64(w)))))
	return st.BarFull.Render(repeat("█", full)) + st.BarEmpty.Render(repeat("░", w-full))
}

// ago says how long ago t was, in calendar days where the manager is:
// "Nov 20 · 6d ago" on Nov 26, whatever the hour of either.
func ago(now, t time.Time) string {
	t = t.In(now.Location())
	days := -coaching.DateOf(t).DaysUntil(now)
	switch {
	case days <= 0:
		return t.Format("Jan 2") + " · today"
	case days < 60:
		return fmt.Sprintf("%s · %dd ago", t.Format("Jan 2"), days)
	default:
		return fmt.Sprintf("%s · %dmo ago", t.Format("Jan 2"), days/30)
	}
}

// listDay is a day in a list column: "Dec 15", or "Jan 5 '27" in another
// year; "—" for none.
func listDay(d coaching.Date, now time.Time) string {
	if d.IsZero() {
		return "—"
	}
	if d.Time().Year() == now.Year() {
		return d.Time().Format("Jan 2")
	}
	return d.Time().Format("Jan 2 '06")
}

// nameMaxW is the widest a table's name column grows: wider, the figures
// drift away from the names they belong to.
const nameMaxW = 48

// nameColumn is a name column's width: the longest name and a space, within
// the spare width and nameMaxW, and at least least.
func nameColumn(spare, longest, least int) int { return max(least, min(nameMaxW, longest+1, spare)) }

// longestName is the widest of n names, in cells.
func longestName(n int, name func(i int) string) int {
	w := 0
	for i := range n {
		w = max(w, lipgloss.Width(name(i)))
	}
	return w
}
