package coaching

import (
	"math"
	"testing"
	"time"
)

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		cents    int64
		currency string
		want     string
	}{
		{0, "USD", "—"},
		{0, "EUR", "—"},
		{8400000, "USD", "$84,000"},
		{8400000, "", "$84,000"},
		{123450, "usd", "$1,235"},
		{123449, "USD", "$1,234"},
		{99900, "USD", "$999"},
		{100000000000, "USD", "$1,000,000,000"},
		{120000, "EUR", "€1,200"},
		{120000, " gbp ", "£1,200"},
		{120000, "CAD", "CA$1,200"},
		{120000, "CHF", "CHF 1,200"},
		{120000, "JPY", "¥1,200"},
		{120000, "ZZZ", "ZZZ 1,200"},
		{-250000, "USD", "-$2,500"},
		{-250000, "EUR", "-€2,500"},
		{40, "USD", "$0"},
		{math.MaxInt64, "USD", "$92,233,720,368,547,758"},
		{math.MinInt64, "USD", "-$92,233,720,368,547,758"},
	}
	for _, tt := range tests {
		if got := FormatMoney(tt.cents, tt.currency); got != tt.want {
			t.Errorf("FormatMoney(%d, %q) = %q, want %q", tt.cents, tt.currency, got, tt.want)
		}
	}
}

func TestDateShort(t *testing.T) {
	now := time.Date(2026, time.November, 3, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		d    Date
		want string
	}{
		{NewDate(2026, time.December, 15), "Dec 15"},
		{NewDate(2027, time.January, 5), "Jan 5, 2027"},
		{NewDate(2025, time.December, 31), "Dec 31, 2025"},
		{Date{}, "—"},
	}
	for _, tt := range tests {
		if got := tt.d.Short(now); got != tt.want {
			t.Errorf("%v.Short = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestFormatAmount(t *testing.T) {
	for cents, want := range map[int64]string{0: "0", 5: "0.05", 84_000_00: "84,000", 84_000_50: "84,000.50", -1_234_50: "-1,234.50", 123_456_789_00: "123,456,789"} {
		if got := FormatAmount(cents); got != want {
			t.Errorf("FormatAmount(%d) = %q, want %q", cents, got, want)
		}
	}
}
