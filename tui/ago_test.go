package tui

import (
	"testing"
	"time"
)

// TestAgoCountsCalendarDays: at 02:00 on Nov 30, a 1:1 of Nov 26 at 23:00
// is 4 days ago, as the calendar says beside it, not the 3 of 75 hours.
func TestAgoCountsCalendarDays(t *testing.T) {
	now := time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 11, 26, 23, 0, 0, 0, time.UTC), "Nov 26 · 4d ago"},
		{time.Date(2026, 11, 29, 23, 30, 0, 0, time.UTC), "Nov 29 · 1d ago"},
		{time.Date(2026, 11, 30, 0, 10, 0, 0, time.UTC), "Nov 30 · today"},
		{time.Date(2026, 8, 1, 12, 0, 0, 0, time.UTC), "Aug 1 · 4mo ago"},
		// Written in another zone: the day is the manager's.
		{time.Date(2026, 11, 29, 20, 0, 0, 0, time.FixedZone("PST", -8*3600)), "Nov 30 · today"},
	} {
		if got := ago(now, c.t); got != c.want {
			t.Errorf("ago(%v) = %q, want %q", c.t, got, c.want)
		}
	}
}
