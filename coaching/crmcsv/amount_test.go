package crmcsv

import "testing"

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in       string
		cents    int64
		ok       bool
		currency string
		err      string
	}{
		{in: "", cents: 0, ok: false},
		{in: "   ", cents: 0, ok: false},
		{in: "$1,234.50", cents: 123450, ok: true},
		{in: "USD 1,234.50", cents: 123450, ok: true, currency: "USD"},
		{in: "usd1234.5", cents: 123450, ok: true, currency: "USD"},
		{in: "1234.5", cents: 123450, ok: true},
		{in: "84000.0", cents: 8400000, ok: true},
		{in: "77000.5", cents: 7700050, ok: true},
		{in: "0", cents: 0, ok: true},
		{in: "0.200", cents: 20, ok: true}, // no thousands reading of "0.200"
		{in: "12", cents: 1200, ok: true},
		{in: ".5", cents: 50, ok: true},
		{in: "5.", cents: 500, ok: true},
		{in: "1,234,567.891", cents: 123456789, ok: true}, // commas say the point is decimal; round
		{in: "1.2345", cents: 123, ok: true},
		{in: "1.2355", cents: 124, ok: true},
		{in: "-5", cents: -500, ok: true},
		{in: "+5", cents: 500, ok: true},
		{in: "(1,234.00)", cents: -123400, ok: true},
		{in: "-$5", cents: -500, ok: true},
		{in: "$-5", cents: -500, ok: true},
		{in: "($5)", cents: -500, ok: true},
		{in: "USD -1,000", cents: -100000, ok: true, currency: "USD"},
		{in: "$ 1,000", cents: 100000, ok: true},
		{in: "US$1,000", cents: 100000, ok: true, currency: "USD"},
		{in: "€1,200.00", cents: 120000, ok: true, currency: "EUR"},
		{in: "£99", cents: 9900, ok: true, currency: "GBP"},
		{in: "1200 EUR", cents: 120000, ok: true, currency: "EUR"},
		{in: "1200 €", cents: 120000, ok: true, currency: "EUR"},
		{in: "\u00a012\u00a0", cents: 1200, ok: true},
		{in: "92233720368547758.07", cents: 9223372036854775807, ok: true},

		{in: "€1.200", err: `"€1.200" is ambiguous: write 1200 or 1.20`},
		{in: "1.200 €", err: `"1.200 €" is ambiguous: write 1200 or 1.20`},
		{in: "12.345", err: `"12.345" is ambiguous: write 12345 or 12.34`},
		{in: "1.234,50", cents: 123450, ok: true}, // both marks: the last is the decimal one
		{in: "84.000,00 €", cents: 8400000, ok: true, currency: "EUR"},
		{in: "€84.000,00", cents: 8400000, ok: true, currency: "EUR"},
		{in: "1 234,50", cents: 123450, ok: true},
		{in: "1\u00a0234,50", cents: 123450, ok: true},
		{in: "GBP 20,000", cents: 2000000, ok: true, currency: "GBP"},
		{in: "1.234.567", cents: 123456700, ok: true}, // two dots: thousands
		{in: "12,5", cents: 1250, ok: true},           // a comma before one digit is decimal
		{in: ",123", cents: 12, ok: true},
		{in: "$12,x00", err: `"$12,x00" is not a number`},
		{in: "1,23,456", err: `"1,23,456" is not a number`},
		{in: "1.2.3", err: `"1.2.3" is not a number`},
		{in: "abc", err: `"abc" is not a number`},
		{in: "USD", err: `"USD" is not a number`},
		{in: "EURO 5", err: `"EURO 5" is not a number`},
		{in: "$5 EUR", err: `"$5 EUR" is not a number`},
		{in: "-", err: `"-" is not a number`},
		{in: "--5", err: `"--5" is not a number`},
		{in: "(-5)", err: `"(-5)" is not a number`},
		{in: ".", err: `"." is not a number`},
		{in: "1e5", err: `"1e5" is not a number`},
		{in: "1 000", cents: 100000, ok: true},
		{in: "1 00", err: `"1 00" is not a number`},
		{in: "92233720368547758.08", err: `"92233720368547758.08" is too large`},
		{in: "99999999999999999999999", err: `"99999999999999999999999" is too large`},
	}
	for _, tt := range tests {
		cents, currency, ok, err := parseMoney(tt.in, 0)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("parseMoney(%q): error %v, want %s", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || cents != tt.cents || ok != tt.ok || currency != tt.currency {
			t.Errorf("parseMoney(%q) = %d, %q, %v, %v; want %d, %q, %v", tt.in, cents, currency, ok, err, tt.cents, tt.currency, tt.ok)
		}
		// ParseAmount is the same reading without the currency.
		if c2, ok2, err2 := ParseAmount(tt.in); c2 != cents || ok2 != ok || err2 != nil {
			t.Errorf("ParseAmount(%q) = %d, %v, %v; parseMoney gave %d, %v", tt.in, c2, ok2, err2, cents, ok)
		}
	}
}
