package crmcsv

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"dealcoach/coaching"
)

// ParseAmount reads one money amount into cents, with no file around it to
// settle the decimal mark: both marks in one value settle it ("1.234,50"),
// so does a mark that cannot separate thousands ("12,5", "0.200"); a lone
// "," before three digits separates thousands ("84,000"), and a lone "."
// before three digits ("1.200") is refused as ambiguous. ok is false (and
// cents 0) for an empty cell. The error quotes the value.
func ParseAmount(s string) (cents int64, ok bool, err error) {
	cents, _, ok, err = parseMoney(s, 0)
	return cents, ok, err
}

// ParseAmountDecimal reads an amount whose decimal mark is known (dec is
// '.' or ','); the other mark, a space or an apostrophe separates
// thousands.
func ParseAmountDecimal(s string, dec byte) (cents int64, ok bool, err error) {
	cents, _, ok, err = parseMoney(s, dec)
	return cents, ok, err
}

// symbols are the currency signs an amount may carry, longest first, with
// the ISO code coaching.CurrencyOf (golang.org/x/text/currency) gives each.
// "$" and "¥" give no code on purpose: each names several currencies, so a
// currency column or --currency says which. Built on first use: CurrencyOf
// indexes every CLDR currency (7,000 allocations, 2 ms), which package
// init would charge to every command, summary and the app included.
var symbols = sync.OnceValue(func() []struct{ sign, code string } {
	var out []struct{ sign, code string }
	for _, sign := range []string{"US$", "CA$", "A$", "$", "€", "£", "¥", "₹"} {
		code, _ := coaching.CurrencyOf(sign)
		if sign == "$" || sign == "¥" {
			code = ""
		}
		out = append(out, struct{ sign, code string }{sign, code})
	}
	return out
})

// numKind is what one amount says about the file's decimal mark.
type numKind int

const (
	numPlain     numKind = iota // no mark: "1200"
	numPoint                    // "." is the decimal mark: "1,234.50", "12.5"
	numComma                    // "," is the decimal mark: "1.234,50", "12,5"
	numAmbPoint                 // "1.234": a decimal point or a thousands dot
	numAmbComma                 // "1,234": a decimal comma or a thousands comma
	numNotNumber                // not a number at all (parseMoney says why)
)

// splitMoney removes the sign and currency from an amount: what is left is
// the number, with its marks.
func splitMoney(raw string) (num, currency string, neg bool, err error) {
	s := strings.TrimSpace(raw)
	if strings.IndexByte(s, 0xc2) >= 0 || strings.IndexByte(s, 0xe2) >= 0 {
		s = strings.TrimSpace(nbsp.Replace(s))
	}
	bad := errNotNumber{raw}
	signed := false
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
		return "", "", false, bad
	}
	hadFront := len(s) != front
	sign() // "$-5", "USD -5"
	if !hadFront {
		if s, currency = cutCurrency(s, false); currency == "?" { // "1.200 €"
			return "", "", false, bad
		}
	}
	if s == "" {
		return "", "", false, bad
	}
	return s, currency, neg, nil
}

// nbsp turns the no-break spaces some locales put between thousands into
// plain spaces.
var nbsp = strings.NewReplacer("\u00a0", " ", "\u202f", " ")

type errNotNumber struct{ raw string }

func (e errNotNumber) Error() string { return fmt.Sprintf("%q is not a number", e.raw) }

// kindOf tells what a number's marks say about the decimal mark.
func kindOf(num string) numKind {
	nd, nc := strings.Count(num, "."), strings.Count(num, ",")
	switch {
	case nd > 0 && nc > 0:
		if strings.LastIndexByte(num, '.') > strings.LastIndexByte(num, ',') {
			return numPoint
		}
		return numComma
	case nd > 1:
		return numComma // "1.234.567": dots between thousands
	case nc > 1:
		return numPoint
	case nd == 1, nc == 1:
		mark, amb, plain := byte('.'), numAmbPoint, numPoint
		if nc == 1 {
			mark, amb, plain = ',', numAmbComma, numComma
		}
		i := strings.IndexByte(num, mark)
		if len(num)-i-1 == 3 && thousandsLead(num[:i]) {
			return amb
		}
		return plain
	}
	return numPlain
}

// thousandsLead reports whether s could be the part of a number before a
// thousands mark: a group of one to three digits, not starting with 0,
// then groups of three after spaces or apostrophes.
func thousandsLead(s string) bool {
	groups := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\'' })
	if len(groups) == 0 || len(groups[0]) > 3 || groups[0][0] == '0' {
		return false
	}
	for i, g := range groups {
		if !allDigits(g) || (i > 0 && len(g) != 3) {
			return false
		}
	}
	return true
}

// parseMoney reads an amount into cents with the decimal mark dec ('.' or
// ','), or with 0 settles the mark from the value alone as ParseAmount
// says. It also returns the currency code written with the amount ("USD
// 1,234.50", "1.200 €"), or "" when none was.
func parseMoney(raw string, dec byte) (cents int64, currency string, ok bool, err error) {
	if strings.TrimSpace(raw) == "" {
		return 0, "", false, nil
	}
	s, currency, neg, err := splitMoney(raw)
	if err != nil {
		return 0, "", false, err
	}
	if dec == 0 {
		switch kindOf(s) {
		case numComma:
			dec = ','
		case numAmbPoint:
			// "1.200" is 1.20 to an American and 1200 to a German.
			i := strings.IndexByte(s, '.')
			intPart, frac := strings.ReplaceAll(s[:i], " ", ""), s[i+1:]
			if allDigits(intPart) && allDigits(frac) {
				return 0, "", false, fmt.Errorf("%q is ambiguous: write %s or %s.%s",
					raw, orZero(intPart+frac), orZero(intPart), frac[:2])
			}
			dec = '.' // not a number at all: number says why
		default:
			dec = '.'
		}
	}
	v, err := number(s, dec)
	if err != nil {
		return 0, "", false, fmt.Errorf("%q %s", raw, err)
	}
	cents = int64(v)
	if neg {
		cents = -cents
	}
	return cents, currency, true, nil
}

// number reads a number without sign or currency into cents: digits with
// at most one decimal mark dec, and thousands marks (the other of "." and
// ",", a space or an apostrophe) between groups of three before it.
func number(s string, dec byte) (uint64, error) {
	th := byte(',')
	if dec == ',' {
		th = '.'
	}
	intPart, frac, _ := strings.Cut(s, string(dec))
	if intPart == "" && frac == "" {
		return 0, fmt.Errorf("is not a number")
	}
	v, big, okDigits := digitsValue(intPart, th)
	if !okDigits || !allDigits(frac) {
		if strings.IndexByte(frac, dec) >= 0 || strings.IndexByte(frac, th) >= 0 {
			return 0, fmt.Errorf("is not a number with %q as the decimal mark (--decimal)", string(dec))
		}
		return 0, fmt.Errorf("is not a number")
	}
	if big {
		return 0, fmt.Errorf("is too large")
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
		return 0, fmt.Errorf("is too large")
	}
	return v, nil
}

// cutCurrency removes a currency sign or three-letter code from the front
// (or the back) of s. The code is "?" when letters are there but are not a
// currency, so "abc" fails instead of reading as nothing.
func cutCurrency(s string, front bool) (rest, code string) {
	for _, sym := range symbols() {
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
		if n != 3 || !coaching.ValidCurrency(s[:3]) {
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
	if n != 3 || !coaching.ValidCurrency(s[len(s)-3:]) {
		return s, "?"
	}
	return strings.TrimSpace(s[:len(s)-3]), strings.ToUpper(s[len(s)-3:])
}

// CurrencyCode reads a currency cell: an ISO code ("gbp") or a sign that
// names one currency ("€"). "" for an empty cell; ok is false for anything
// else.
func CurrencyCode(cell string) (code string, ok bool) {
	s := strings.TrimSpace(cell)
	if s == "" {
		return "", true
	}
	for _, sym := range symbols() {
		if s == sym.sign {
			return sym.code, sym.code != ""
		}
	}
	if len(s) == 3 && coaching.ValidCurrency(s) {
		return strings.ToUpper(s), true
	}
	return "", false
}

// digitsValue reads the digits of an integer part, skipping thousands
// marks (th, a space or an apostrophe), which must sit between groups of
// three digits ("1,234,567"). It stops caring about the value once it is
// too large for cents; big reports whether that happened.
func digitsValue(s string, th byte) (v uint64, big, ok bool) {
	group := -1 // digits since the last mark; -1 before the first mark
	lead := 0   // digits before the first mark
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
		case c == th || c == ' ' || c == '\'':
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
