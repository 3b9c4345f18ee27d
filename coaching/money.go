package coaching

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FormatMoney shows an amount in cents the way a manager says it: whole
// units with thousands separators after the currency's English symbol
// ("$84,000", "£1,200", "CA$500"), or its code where it has none
// ("CHF 1,200"); "—" for no amount. An empty currency means dollars. Every
// currency is kept in hundredths (see CurrencyDigits), and whole units
// read the same whatever its minor units.
func FormatMoney(cents int64, currency string) string {
	if cents == 0 {
		return "—"
	}
	neg := cents < 0
	u := uint64(cents)
	if neg {
		u = -u // two's complement; also right for math.MinInt64
	}
	units := (u + 50) / 100 // round half up to whole units

	sym := currencySymbol(currency)
	if r, _ := utf8.DecodeLastRuneInString(sym); unicode.IsLetter(r) {
		sym += " "
	}
	s := sym + groupThousands(strconv.FormatUint(units, 10))
	if neg {
		s = "-" + s
	}
	return s
}

func groupThousands(digits string) string {
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FormatAmount writes cents as a plain number with thousands separators and
// cents only when there are any: "84,000", "84,000.50".
func FormatAmount(cents int64) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	s := groupThousands(strconv.FormatInt(cents/100, 10))
	if c := cents % 100; c != 0 {
		s += "." + strconv.FormatInt(100+c, 10)[1:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
