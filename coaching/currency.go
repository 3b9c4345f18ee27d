package coaching

import (
	"fmt"
	"strings"
	"sync"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Currency codes, symbols and minor units come from golang.org/x/text/currency
// (CLDR data): a hand-written table would go stale and miss the codes CRMs
// send. Symbols are the English ones ("$" is USD, "CA$" Canadian dollars), so
// one symbol never stands for two currencies on screen.

// ValidCurrency reports whether code is an ISO 4217 currency code ("usd"
// counts; "XXX", no currency, does not).
func ValidCurrency(code string) bool {
	_, ok := unit(code)
	return ok
}

func unit(code string) (currency.Unit, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) != 3 {
		return currency.Unit{}, false
	}
	u, err := currency.ParseISO(code)
	return u, err == nil && u.String() != "XXX"
}

// CurrencyOf reads a currency from a code ("GBP", "gbp") or a symbol as
// CRMs write it ("£", "€", "US$", "CA$", "¥"). "$" means USD: exports from
// US-set CRMs write it, and other dollars have their own symbols (CA$, A$).
// A symbol several currencies share ("kr") is not a currency.
func CurrencyOf(symbolOrCode string) (iso string, ok bool) {
	s := strings.TrimSpace(symbolOrCode)
	if u, ok := unit(s); ok {
		return u.String(), true
	}
	iso, ok = symbolIndex()[s]
	return iso, ok
}

var (
	symbolsOnce sync.Once
	symbols     map[string]string // English symbol → ISO code, unambiguous ones only
	symbolByISO sync.Map          // ISO code → English symbol
)

func symbolIndex() map[string]string {
	symbolsOnce.Do(func() {
		en := message.NewPrinter(language.English)
		// unique keeps the symbols that name one currency only.
		unique := func(sym func(currency.Unit) string) map[string]string {
			m, shared := map[string]string{}, map[string]bool{}
			// Every currency legal tender somewhere, today or in the past.
			for it := currency.Query(currency.Historical); it.Next(); {
				u := it.Unit()
				s, iso := sym(u), u.String()
				if s == iso || shared[s] {
					continue
				}
				if other, ok := m[s]; ok && other != iso {
					delete(m, s)
					shared[s] = true
					continue
				}
				m[s] = iso
			}
			return m
		}
		// English symbols first ("$" USD, "CA$", "£"), then the
		// international ones ("US$", "JP¥"), then narrow ones only where
		// one currency has them ("₩", not "kr" or "$", which stay as the
		// English symbols set them).
		symbols = unique(func(u currency.Unit) string { return en.Sprint(currency.Symbol(u)) })
		for _, m := range []map[string]string{
			unique(func(u currency.Unit) string { return fmt.Sprint(currency.Symbol(u)) }),
			unique(func(u currency.Unit) string { return en.Sprint(currency.NarrowSymbol(u)) }),
		} {
			for s, iso := range m {
				if _, ok := symbols[s]; !ok {
					symbols[s] = iso
				}
			}
		}
	})
	return symbols
}

// currencySymbol is what FormatMoney puts before the amount: the English
// symbol, or the code itself when there is none (an unknown code included).
func currencySymbol(code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "" {
		code = "USD"
	}
	if s, ok := symbolByISO.Load(code); ok {
		return s.(string)
	}
	sym := code
	if u, ok := unit(code); ok {
		sym = message.NewPrinter(language.English).Sprint(currency.Symbol(u))
	}
	symbolByISO.Store(code, sym)
	return sym
}

// CurrencyDigits is the number of minor-unit digits of a currency: 2 for
// USD, 0 for JPY; 2 for a code the library does not know. The store keeps
// every amount in hundredths whatever the currency; FormatMoney shows whole
// units, so this matters only to readers that want to refuse "¥1,200.50".
func CurrencyDigits(code string) int {
	u, ok := unit(code)
	if !ok {
		return 2
	}
	scale, _ := currency.Standard.Rounding(u)
	return scale
}
