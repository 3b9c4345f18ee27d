package coaching

import (
	"strconv"
	"strings"
)

// FormatMoney shows an amount in cents the way a manager says it: whole
// units with thousands separators, "$84,000" for dollars, "EUR 1,200" for
// other currencies, "—" for no amount. An empty currency means dollars.
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

	s := groupThousands(strconv.FormatUint(units, 10))
	cur := strings.ToUpper(strings.TrimSpace(currency))
	if cur == "" || cur == "USD" {
		s = "$" + s
	} else {
		s = cur + " " + s
	}
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
