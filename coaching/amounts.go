package coaching

import (
	"sort"
	"strconv"
	"strings"
)

// Amount is a sum of deals in one currency.
type Amount struct {
	Currency string // ISO code, upper case
	Cents    int64
	Deals    int // how many amounts were added
}

// Amounts sums money per currency and never across: a rep with USD 10,000
// and GBP 20,000 has "$10,000 + £20,000", not $30,000. The zero value is
// empty and ready. It stays in order: the currency with the most deals
// first, then by code. Ordering by size would compare money across
// currencies, the very thing Amounts exists to avoid.
type Amounts []Amount

// Add counts one deal of cents in cur; an empty cur means USD, as the store
// assumes.
func (a *Amounts) Add(cur string, cents int64) {
	a.add(Amount{Currency: cur, Cents: cents, Deals: 1})
}

// AddSum adds an already summed amount of deals, as a query returns it.
func (a *Amounts) AddSum(cur string, cents int64, deals int) {
	a.add(Amount{Currency: cur, Cents: cents, Deals: deals})
}

func (a *Amounts) add(x Amount) {
	x.Currency = strings.ToUpper(strings.TrimSpace(x.Currency))
	if x.Currency == "" {
		x.Currency = "USD"
	}
	for i := range *a {
		if (*a)[i].Currency == x.Currency {
			(*a)[i].Cents += x.Cents
			(*a)[i].Deals += x.Deals
			a.sort()
			return
		}
	}
	*a = append(*a, x)
	a.sort()
}

func (a Amounts) sort() {
	sort.SliceStable(a, func(i, j int) bool {
		if a[i].Deals != a[j].Deals {
			return a[i].Deals > a[j].Deals
		}
		return a[i].Currency < a[j].Currency
	})
}

// shown is the sums worth a figure: a currency whose deals have no amount
// adds nothing to read.
func (a Amounts) shown() []Amount {
	var out []Amount
	for _, x := range a {
		if x.Cents != 0 {
			out = append(out, x)
		}
	}
	return out
}

// IsZero reports whether there is no amount to show.
func (a Amounts) IsZero() bool { return len(a.shown()) == 0 }

// String is every currency's sum, "$10,000 + £20,000", or "—" for none.
func (a Amounts) String() string {
	s := a.shown()
	if len(s) == 0 {
		return FormatMoney(0, "")
	}
	parts := make([]string, len(s))
	for i, x := range s {
		parts[i] = FormatMoney(x.Cents, x.Currency)
	}
	return strings.Join(parts, " + ")
}

// Short is the first currency's sum and how many others there are,
// "$10,000 +1", for a column too narrow for String.
func (a Amounts) Short() string {
	s := a.shown()
	switch len(s) {
	case 0:
		return FormatMoney(0, "")
	case 1:
		return FormatMoney(s[0].Cents, s[0].Currency)
	}
	return FormatMoney(s[0].Cents, s[0].Currency) + " +" + strconv.Itoa(len(s)-1)
}
