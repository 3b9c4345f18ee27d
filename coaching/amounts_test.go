package coaching

import (
	"reflect"
	"testing"
)

func TestAmounts(t *testing.T) {
	var a Amounts
	if a.String() != "—" || a.Short() != "—" || !a.IsZero() {
		t.Errorf("empty = %q, %q", a.String(), a.Short())
	}
	a.Add("USD", 10000_00)
	if a.String() != "$10,000" || a.Short() != "$10,000" {
		t.Errorf("one currency = %q, %q", a.String(), a.Short())
	}
	a.Add(" gbp ", 15000_00)
	a.Add("GBP", 5000_00)
	a.Add("", 0) // no currency is USD; no amount still counts a deal
	// GBP and USD have two deals each: by code then.
	if got, want := a.String(), "£20,000 + $10,000"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	if got, want := a.Short(), "£20,000 +1"; got != want {
		t.Errorf("Short = %q, want %q", got, want)
	}
	a.Add("USD", 1)
	a.Add("EUR", 0) // a currency with no amount shows nothing
	if got, want := a.String(), "$10,000 + £20,000"; got != want {
		t.Errorf("most deals first: String = %q, want %q", got, want)
	}
	want := Amounts{{"USD", 10000_01, 3}, {"GBP", 20000_00, 2}, {"EUR", 0, 1}}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("amounts = %+v, want %+v", a, want)
	}
	var b Amounts
	b.AddSum("JPY", 500000_00, 4)
	b.AddSum("JPY", 100_00, 1)
	if got := b.String(); got != "¥500,100" || b[0].Deals != 5 {
		t.Errorf("AddSum = %q, %+v", got, b)
	}
}

// TestLargestWithinCurrency: a rep's deals in pounds and dollars are ranked
// each in its own currency. Compared as numbers, 90,000 yen-sized figures
// would win; compared within a currency, each currency has its largest.
func TestLargestWithinCurrency(t *testing.T) {
	pb := DefaultPlaybook()
	now := day(60)
	var deals []Deal
	for i, amt := range []int64{100, 90, 80, 70, 60, 50, 40, 30} {
		deals = append(deals, Deal{ID: int64(i + 1), Stage: "qualify", Status: StatusOpen, Amount: amt * 1000_00, Currency: "USD"})
	}
	// Four pound deals, all smaller in figures than every dollar deal.
	for i, amt := range []int64{20, 15, 10, 5} {
		deals = append(deals, Deal{ID: int64(i + 11), Stage: "qualify", Status: StatusOpen, Amount: amt * 1000_00, Currency: "GBP"})
	}
	hist := map[int64]DealHistory{}
	for _, d := range deals {
		hist[d.ID] = DealHistory{LastReviewed: now.AddDate(0, 0, -3)}
	}
	reasons := map[int64][]string{}
	for _, s := range PlanAll(pb, deals, hist, now, 0, 0) {
		reasons[s.Deal.ID] = s.Reasons
	}
	for id, want := range map[int64][]string{
		1:  {"largest open deal in USD"},
		2:  {"2nd largest open deal in USD"},
		3:  nil,
		11: {"largest open deal in GBP"},
		12: nil,
	} {
		if !reflect.DeepEqual(reasons[id], want) {
			t.Errorf("deal %d reasons = %q, want %q", id, reasons[id], want)
		}
	}
	// One currency: the reason does not name it.
	one := PlanAll(pb, deals[8:], hist, now, 0, 0)
	if got := one[0].Reasons; one[0].Deal.ID != 11 || !reflect.DeepEqual(got, []string{"largest open deal"}) {
		t.Errorf("pounds only: deal %d reasons %q", one[0].Deal.ID, got)
	}
}
