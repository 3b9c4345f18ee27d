package crmcsv

import (
	"fmt"
	"math"
	"strings"
)

// ParseAmount reads a money amount into cents. ok is false (and cents 0)
// for an empty cell: the CRM gave no amount. The accepted forms and the
// refusal of ambiguous ones are described in the package doc. The error
// quotes the value and says what is wrong; the caller names the column.
func ParseAmount(s string) (cents int64, ok bool, err error) {
	cents, _, ok, err = parseMoney(s)
	return cents, ok, err
}

// symbols maps currency signs to ISO codes. "$" and "¥" give no code on
// purpose: each names several currencies.
var symbols = []struct{ sign, code string }{
	{"US$", "USD"}, {"$", ""}, {"€", "EUR"}, {"£", "GBP"}, {"¥", ""},
}

// parseMoney is ParseAmount that also returns the currency code written
// with the amount ("USD 1,234.50", "1.200 €"), or "" when none was.
func parseMoney(raw string) (cents int64, currency string, ok bool, err error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return 0, "", false, nil
	}
	bad := func() (int64, string, bool, error) {
		return 0, "", false, fmt.Errorf("%q is not a number", raw)
	}
	neg, signed := false, false
	if len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')' { // accounting negative
		neg, signed = true, true
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	sign := func() {
		if !signed && s != "" && (s[0] == '-' || s[0] == '+') {
			neg, signed = s[0] == '-', true
			s = strings.TrimSpace(s[1:])
		}
	}
	sign() // "-$5"
	front := len(s)
	if s, currency = cutCurrency(s, true); currency == "?" {
		return bad()
	}
	hadFront := len(s) != front
	sign() // "$-5", "USD -5"
	if !hadFront {
		if s, currency = cutCurrency(s, false); currency == "?" { // "1.200 €"
			return bad()
		}
	}

	intPart, frac, hasPoint := strings.Cut(s, ".")
	if intPart == "" && frac == "" {
		return bad()
	}
	v, big, okDigits := digitsValue(intPart)
	if !okDigits || !allDigits(frac) {
		// "1.234,50", "12,5" and "1.234.567" are European notation: say
		// how to write them.
		if (strings.IndexByte(s, ',') >= 0 || strings.Count(s, ".") > 1) && allDigits(strings.NewReplacer(",", "", ".", "").Replace(s)) {
			return 0, "", false, fmt.Errorf(`%q is not a number (write decimals with ".", thousands with ",")`, raw)
		}
		return bad()
	}
	// Thousands commas would settle which "." this is; without them it is a guess.
	if hasPoint && len(frac) == 3 && strings.IndexByte(intPart, ',') < 0 && strings.Trim(intPart, "0") != "" {
		// "1.200" is 1.20 to an American and 1200 to a German.
		return 0, "", false, fmt.Errorf("%q is ambiguous: write %s or %s.%s",
			raw, orZero(intPart+frac), orZero(intPart), frac[:2])
	}
	if big {
		return 0, "", false, fmt.Errorf("%q is too large", raw)
	}
	v *= 100
	if len(frac) > 0 {
		v += uint64(frac[0]-'0') * 10
	}
	if len(frac) > 1 {
		v += uint64(frac[1] - '0')
	}
	if len(frac) > 2 && frac[2] >= '5' { // more precision than cents: round half up
		v++
	}
	if v > math.MaxInt64 {
		return 0, "", false, fmt.Errorf("%q is too large", raw)
	}
	cents = int64(v)
	if neg {
		cents = -cents
	}
	return cents, currency, true, nil
}

// cutCurrency removes a currency sign or three-letter code from the front
// (or the back) of s. The code is "?" when letters are there but are not a
// currency, so "abc" fails instead of reading as nothing.
func cutCurrency(s string, front bool) (rest, code string) {
	for _, sym := range symbols {
		if front && strings.HasPrefix(s, sym.sign) {
			return strings.TrimSpace(s[len(sym.sign):]), sym.code
		}
		if !front && strings.HasSuffix(s, sym.sign) {
			return strings.TrimSpace(s[:len(s)-len(sym.sign)]), sym.code
		}
	}
	n := 0 // letters at the end we look at
	if front {
		for n < len(s) && isLetter(s[n]) {
			n++
		}
		if n == 0 {
			return s, ""
		}
		if n != 3 {
			return s, "?"
		}
		return strings.TrimSpace(s[3:]), strings.ToUpper(s[:3])
	}
	for n < len(s) && isLetter(s[len(s)-1-n]) {
		n++
	}
	if n == 0 {
		return s, ""
	}
	if n != 3 {
		return s, "?"
	}
	return strings.TrimSpace(s[:len(s)-3]), strings.ToUpper(s[len(s)-3:])
}

// digitsValue reads the digits of an integer part, skipping thousands
// separators, which must sit between groups of three digits ("1,234,567");
// "1,5" is a decimal comma and is refused. It stops caring about the value
// once it is too large for cents; big reports whether that happened.
func digitsValue(s string) (v uint64, big, ok bool) {
	group := -1 // digits since the last comma; -1 before the first comma
	lead := 0   // digits before the first comma
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if group >= 0 {
				group++
			} else {
				lead++
			}
			if v = v*10 + uint64(c-'0'); v > math.MaxInt64/100 {
				big = true
				v = 0
			}
		case c == ',':
			if (group < 0 && (lead == 0 || lead > 3)) || (group >= 0 && group != 3) {
				return 0, false, false
			}
			group = 0
		default:
			return 0, false, false
		}
	}
	if group >= 0 && group != 3 {
		return 0, false, false
	}
	return v, big, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func orZero(s string) string {
	if s = strings.TrimLeft(s, "0"); s == "" {
		return "0"
	}
	return s
}
