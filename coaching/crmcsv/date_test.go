package crmcsv

import (
	"testing"

	"dealcoach/coaching"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want coaching.Date
		err  string
	}{
		{in: "", want: coaching.Date{}},
		{in: "  ", want: coaching.Date{}},
		{in: "2026-11-26", want: coaching.NewDate(2026, 11, 26)},
		{in: "2026/11/26", want: coaching.NewDate(2026, 11, 26)},
		{in: "2026-1-5", want: coaching.NewDate(2026, 1, 5)},
		{in: "11/26/2026", want: coaching.NewDate(2026, 11, 26)},
		{in: "2/27/2027", want: coaching.NewDate(2027, 2, 27)},
		{in: "9/01/2026", want: coaching.NewDate(2026, 9, 1)},
		{in: "26.11.2026", want: coaching.NewDate(2026, 11, 26)},
		{in: "2026-12-20 00:00", want: coaching.NewDate(2026, 12, 20)},
		{in: "2026-10-16T14:03:22.000Z", want: coaching.NewDate(2026, 10, 16)},
		{in: "2026-10-16T23:30:00-08:00", want: coaching.NewDate(2026, 10, 16)}, // the day as written
		{in: "11/26/2026 9:14 AM", want: coaching.NewDate(2026, 11, 26)},
		{in: "11/26/2026, 9:14 pm", want: coaching.NewDate(2026, 11, 26)},
		{in: "2028-02-29", want: coaching.NewDate(2028, 2, 29)},

		{in: "2027-02-29", err: `"2027-02-29" is not a date (no such day)`},
		{in: "13/45/2026", err: `"13/45/2026" is not a date (no such day)`},
		{in: "26/11/2026", err: `"26/11/2026" is not a date (it looks like day/month/year; the dates here are month/day/year: --date-order dmy reads it)`},
		{in: "11/26/26", err: `"11/26/26" is not a date (write the year with four digits)`},
		{in: "26-11-2026", err: `"26-11-2026" is not a date (it looks like day/month/year; the dates here are month/day/year: --date-order dmy reads it)`},
		{in: "2026-11", err: `"2026-11" is not a date (use YYYY-MM-DD, MM/DD/YYYY or DD/MM/YYYY)`},
		{in: "2026-11-26-1", err: `"2026-11-26-1" is not a date (use YYYY-MM-DD, MM/DD/YYYY or DD/MM/YYYY)`},
		{in: "2026/11-26", err: `"2026/11-26" is not a date (use YYYY-MM-DD, MM/DD/YYYY or DD/MM/YYYY)`},
		{in: "2026-00-10", err: `"2026-00-10" is not a date (use YYYY-MM-DD, MM/DD/YYYY or DD/MM/YYYY)`},
		{in: "0000-01-01", err: `"0000-01-01" is not a date (use YYYY-MM-DD, MM/DD/YYYY or DD/MM/YYYY)`},
		{in: "2026-11-26 or later", err: `"2026-11-26 or later" is not a date (use YYYY-MM-DD, MM/DD/YYYY or DD/MM/YYYY)`},
		{in: "2026-11-26 AM", err: `"2026-11-26 AM" is not a date (use YYYY-MM-DD, MM/DD/YYYY or DD/MM/YYYY)`},
		{in: "Nov 26, 2026", err: `"Nov 26, 2026" is not a date (use YYYY-MM-DD, MM/DD/YYYY or DD/MM/YYYY)`},
		{in: "46000", err: `"46000" is not a date (use YYYY-MM-DD, MM/DD/YYYY or DD/MM/YYYY)`}, // an Excel serial day
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParseDate(%q): error %v, want %s", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}
