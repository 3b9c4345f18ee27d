package crmcsv

import (
	"fmt"
	"strings"
	"time"

	"dealcoach/coaching"
)

// DateOrder is the order of a file's numeric dates: "dmy", "mdy" or
// "ymd". "" is not yet known.
type DateOrder string

const (
	DMY DateOrder = "dmy"
	MDY DateOrder = "mdy"
	YMD DateOrder = "ymd"
)

// dateKind is what one date says about the file's date order.
type dateKind int

const (
	dateNone   dateKind = iota // empty, ISO or dotted: says nothing
	dateDMY                    // "13/05/2026": the first field is above 12
	dateMDY                    // "05/13/2026": the second field is above 12
	dateEither                 // "05/11/2026": either order reads
)

// ParseDate reads a CRM date: "2026-11-26", "2026/11/26", "11/26/2026",
// "26.11.2026", each optionally followed by a time ("2026-12-20 00:00",
// "2026-10-16T14:03:22.000Z", "11/26/2026 9:14 AM"), which is dropped.
// Slashed dates are month first; ParseDateOrder takes the order. "" gives
// the zero Date. The error quotes the value; the caller names the column.
func ParseDate(raw string) (coaching.Date, error) {
	return ParseDateOrder(raw, MDY)
}

// ParseDateOrder is ParseDate for a file whose date order is known:
// "05/11/2026" is 5 November with DMY, 11 May with MDY, and an error with
// YMD. ISO and dotted dates read the same in every order.
func ParseDateOrder(raw string, order DateOrder) (coaching.Date, error) {
	d, _, err := parseDate(raw, order)
	return d, err
}

// parseDate reads a date in the given order; with order "" it reads a
// slashed or dashed date either way, month first when both fit, and says
// which order the date allows.
func parseDate(raw string, order DateOrder) (coaching.Date, dateKind, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return coaching.Date{}, dateNone, nil
	}
	fail := func(why string) (coaching.Date, dateKind, error) {
		return coaching.Date{}, dateNone, notDate(raw, why)
	}
	day, clock := s, ""
	if i := strings.IndexAny(s, " T,"); i >= 0 {
		day, clock = s[:i], s[i+1:]
	}
	if !isClock(clock) {
		return fail("")
	}
	var sep byte
	for i := 0; i < len(day); i++ {
		if c := day[i]; c == '-' || c == '/' || c == '.' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return fail("")
	}
	a, rest, _ := strings.Cut(day, string(sep))
	b, c, ok := strings.Cut(rest, string(sep))
	if !ok || strings.IndexByte(c, sep) >= 0 {
		return fail("")
	}
	var y, m, d string
	kind := dateNone
	switch {
	case len(a) == 4: // 2026-11-26, 2026/11/26
		y, m, d = a, b, c
	case len(c) == 4 && sep == '.': // 26.11.2026: dots are day first everywhere
		d, m, y = a, b, c
	case len(c) == 4: // 11/26/2026 or 26/11/2026: the file's order says
		y = c
		na, nb := num(a, 2), num(b, 2)
		switch {
		case na > 12 && nb > 12:
			return fail("no such day")
		case na > 12:
			kind = dateDMY
		case nb > 12:
			kind = dateMDY
		default:
			kind = dateEither
		}
		switch order {
		case DMY:
			d, m = a, b
		case MDY:
			m, d = a, b
		case YMD:
			return fail("not year-month-day, as --date-order ymd says")
		default: // settling: either order, as the date allows
			if kind == dateDMY {
				d, m = a, b
			} else {
				m, d = a, b
			}
		}
		if order == MDY && kind == dateDMY {
			return fail("it looks like day/month/year; the dates here are month/day/year: --date-order dmy reads it")
		}
		if order == DMY && kind == dateMDY {
			return fail("it looks like month/day/year; the dates here are day/month/year: --date-order mdy reads it")
		}
	case len(c) == 2 && sep == '/':
		return fail("write the year with four digits")
	default:
		return fail("")
	}
	yy, mm, dd := num(y, 4), num(m, 2), num(d, 2)
	// A year before 1000 is a typo, and 0001-01-01 would read as no date.
	if yy < 1000 || mm < 1 || dd < 1 {
		return fail("")
	}
	if mm > 12 || dd > daysIn(time.Month(mm), yy) {
		return fail("no such day")
	}
	return coaching.NewDate(yy, time.Month(mm), dd), kind, nil
}

func notDate(raw, why string) error {
	if why == "" {
		why = "use YYYY-MM-DD, MM/DD/YYYY or DD/MM/YYYY"
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
