package coaching

import "testing"

func TestValidCurrency(t *testing.T) {
	for code, want := range map[string]bool{
		"USD": true, "gbp": true, " EUR ": true, "JPY": true, "CHF": true,
		"XXX": false, "ZZZ": false, "": false, "US": false, "USDD": false, "$": false,
	} {
		if got := ValidCurrency(code); got != want {
			t.Errorf("ValidCurrency(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestCurrencyOf(t *testing.T) {
	for in, want := range map[string]string{
		"$": "USD", "US$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR",
		"CA$": "CAD", "A$": "AUD", "GBP": "GBP", "gbp": "GBP", " € ": "EUR", "CHF": "CHF",
	} {
		if got, ok := CurrencyOf(in); !ok || got != want {
			t.Errorf("CurrencyOf(%q) = %q, %v, want %q", in, got, ok, want)
		}
	}
	// "kr" is Swedish, Norwegian and Danish: not one currency.
	for _, in := range []string{"kr", "", "XXX", "ZZZ", "dollars", "#"} {
		if got, ok := CurrencyOf(in); ok {
			t.Errorf("CurrencyOf(%q) = %q, want not a currency", in, got)
		}
	}
}

func TestCurrencyDigits(t *testing.T) {
	for code, want := range map[string]int{"USD": 2, "JPY": 0, "GBP": 2, "KWD": 3, "ZZZ": 2} {
		if got := CurrencyDigits(code); got != want {
			t.Errorf("CurrencyDigits(%q) = %d, want %d", code, got, want)
		}
	}
}
