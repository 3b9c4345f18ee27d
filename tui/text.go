package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"dealcoach/coaching"
)

// trunc cuts s to w cells, with an ellipsis when cut.
func trunc(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, "…")
}

// repeat is strings.Repeat that gives "" for a count at or below 0:
// widths are the window less margins, and a tiny window makes them negative.
func repeat(s string, n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(s, n)
}

// padRight pads s with spaces to w cells, cutting it when longer.
func padRight(s string, w int) string {
	s = trunc(s, w)
	if n := lipgloss.Width(s); n < w {
		s += repeat(" ", w-n)
	}
	return s
}

// padLeft right-aligns s in w cells.
func padLeft(s string, w int) string {
	s = trunc(s, w)
	if n := lipgloss.Width(s); n < w {
		s = repeat(" ", w-n) + s
	}
	return s
}

func oneLine(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// parseDay reads a day as a manager types it: 2026-12-03, 12/3/2026, 12/3
// or Dec 3 (the next such day from now); "" is no date.
func parseDay(s string, now time.Time) (coaching.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return coaching.Date{}, nil
	}
	for _, layout := range []string{time.DateOnly, "1/2/2006", "Jan 2 2006", "Jan 2, 2006", "January 2 2006", "January 2, 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return coaching.DateOf(t), nil
		}
	}
	today := coaching.DateOf(now)
	for _, layout := range []string{"1/2", "Jan 2", "January 2"} {
		if t, err := time.Parse(layout, s); err == nil {
			day := coaching.NewDate(now.Year(), t.Month(), t.Day())
			if day.Before(today.AddDays(-30)) {
				day = coaching.NewDate(now.Year()+1, t.Month(), t.Day())
			}
			return day, nil
		}
	}
	return coaching.Date{}, fmt.Errorf("“%s” is not a day: write it like %s or %s", s, today.AddDays(7).String(), today.AddDays(7).Time().Format("1/2"))
}

// prefill is stored text opened in an editor. Bubbles' inputs drop C0 and
// C1 controls but show bidi controls raw, so the editor gets the text as the
// screens show it (coaching.Safe); left as shown, the stored text is kept
// as it came rather than replaced by its shown form.
type prefill struct{ stored, shown string }

func prefillLine(in *textinput.Model, s string) prefill {
	in.SetValue(coaching.SafeLine(s))
	return prefill{stored: s, shown: in.Value()}
}

func prefillText(ta *textarea.Model, s string) prefill {
	ta.SetValue(coaching.Safe(s))
	return prefill{stored: s, shown: ta.Value()}
}

// kept is what to store for the editor's value v.
func (p prefill) kept(v string) string {
	if v == p.shown {
		return p.stored
	}
	return v
}
