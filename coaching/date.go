package coaching

import "time"

// Date is a calendar day without a time or zone, as CRMs give close dates.
// The zero Date means "no date".
type Date struct{ t time.Time }

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// NewDate builds a Date from its parts.
func NewDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseISODate reads "2006-01-02"; "" gives the zero Date.
func ParseISODate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, err
	}
	return Date{t}, nil
}

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d.t.IsZero() }

// String is the ISO form, "" for no date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// Time is midnight UTC of the day.
func (d Date) Time() time.Time { return d.t }

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is a later day than e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// DaysUntil counts days from the day of now to d; negative when d is past.
func (d Date) DaysUntil(now time.Time) int {
	return int(d.t.Sub(DateOf(now).t).Hours() / 24)
}

// AddDays returns the day n days later.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// Short is the day as a manager writes it: "Dec 15", with the year when it
// is not now's year ("Jan 5, 2027"), "—" for no date.
func (d Date) Short(now time.Time) string {
	if d.IsZero() {
		return "—"
	}
	if d.t.Year() == now.Year() {
		return d.t.Format("Jan 2")
	}
	return d.t.Format("Jan 2, 2006")
}
