package crmcsv

import "testing"

// Currency codes and signs come from golang.org/x/text/currency (through
// coaching.CurrencyOf and ValidCurrency): a made-up code is not a currency,
// and "$" alone names no one currency.
func TestCurrencyFromTheLibrary(t *testing.T) {
	for _, tc := range []struct {
		cell, code string
		ok         bool
	}{
		{"gbp", "GBP", true}, {"€", "EUR", true}, {"£", "GBP", true}, {"CA$", "CAD", true},
		{"", "", true}, {"$", "", false}, {"ZZZ", "", false}, {"Euro", "", false},
	} {
		if code, ok := CurrencyCode(tc.cell); code != tc.code || ok != tc.ok {
			t.Errorf("CurrencyCode(%q) = %q, %v; want %q, %v", tc.cell, code, ok, tc.code, tc.ok)
		}
	}
	for _, tc := range []struct {
		in, code string
		cents    int64
	}{
		{"CA$1,200", "CAD", 120000}, {"GBP 20,000", "GBP", 2000000}, {"1.200,50 €", "EUR", 120050}, {"$1,200", "", 120000},
	} {
		cents, code, ok, err := parseMoney(tc.in, 0)
		if err != nil || !ok || cents != tc.cents || code != tc.code {
			t.Errorf("parseMoney(%q) = %d %q %v %v; want %d %q", tc.in, cents, code, ok, err, tc.cents, tc.code)
		}
	}
	if _, _, _, err := parseMoney("ZZZ 1,200", 0); err == nil {
		t.Error(`"ZZZ 1,200" read as an amount in a currency that does not exist`)
	}
}
