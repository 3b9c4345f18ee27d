package crmcsv

import (
	"fmt"
	"strings"
	"time"

	"dealcoach/coaching"
)

// ParseDate reads a CRM date: "2026-11-26", "2026/11/26", "11/26/2026",
// "26.11.2026", each optionally followed by a time ("2026-12-20 00:00",
// "2026-10-16T14:03:22.000Z", "11/26/2026 9:14 AM"), which is dropped.
// "" gives the zero Date. The error quotes the value; the caller names the
// column.
func ParseDate(raw string) (coaching.Date, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return coaching.Date{}, nil
	}
	day, clock := s, ""
	if i := strings.IndexAny(s, " T,"); i >= 0 {
		day, clock = s[:i], s[i+1:]
	}
	if !isClock(clock) {
		return coaching.Date{}, notDate(raw, "")
	}
	var sep byte
	for i := 0; i < len(day); i++ {
		if c := day[i]; c == '-' || c == '/' || c == '.' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return coaching.Date{}, notDate(raw, "")
	}
	a, rest, _ := strings.Cut(day, string(sep))
	b, c, ok := strings.Cut(rest, string(sep))
	if !ok || strings.IndexByte(c, sep) >= 0 {
		return coaching.Date{}, notDate(raw, "")
	}
	var y, m, d string
	switch {
	case len(a) == 4: // 2026-11-26, 2026/11/26
		y, m, d = a, b, c
	case len(c) == 4 && sep == '/': // 11/26/2026: Salesforce (US) and HubSpot
		m, d, y = a, b, c
	case len(c) == 4 && sep == '.': // 26.11.2026: dots are day first everywhere
		d, m, y = a, b, c
	case len(c) == 2 && sep == '/':
		return coaching.Date{}, notDate(raw, "write the year with four digits")
	default: // 26-11-2026 could be either order
		return coaching.Date{}, notDate(raw, "")
	}
	yy, mm, dd := num(y, 4), num(m, 2), num(d, 2)
	// A year before 1000 is a typo, and 0001-01-01 would read as no date.
	if yy < 1000 || mm < 1 || dd < 1 {
		return coaching.Date{}, notDate(raw, "")
	}
	if mm > 12 && sep == '/' && m == a && dd <= 12 {
		return coaching.Date{}, notDate(raw, "it looks like day/month/year; dealcoach reads month/day/year")
	}
	if mm > 12 || dd > daysIn(time.Month(mm), yy) {
		return coaching.Date{}, notDate(raw, "no such day")
	}
	return coaching.NewDate(yy, time.Month(mm), dd), nil
}

func notDate(raw, why string) error {
	if why == "" {
		why = "use YYYY-MM-DD or MM/DD/YYYY"
	}
	return fmt.Errorf("%q is not a date (%s)", raw, why)
}

// num reads 1 to max ASCII digits; -1 when s is anything else.
func num(s string, max int) int {
	if len(s) == 0 || len(s) > max {
		return -1
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// isClock accepts what may follow the day: a time with seconds, fractions,
// AM/PM and a zone. It is checked loosely, but checked, so that a cell like
// "2026-11-26 or later" is refused rather than read as the 26th.
func isClock(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case strings.IndexByte(": .+-ZAPMapm", c) >= 0:
		default:
			return false
		}
	}
	return s == "" || digits > 0
}

func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
