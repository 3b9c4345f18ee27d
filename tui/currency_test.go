package tui

import (
	"context"
	"strings"
	"testing"

	"dealcoach/coaching"
)

// TestNoSumAcrossCurrencies (issue 12): a rep with a USD 10,000 deal and a
// GBP 20,000 deal has two pipelines, never "$30,000", on home, the rep
// page and the plan; each deal is the largest in its own currency.
func TestNoSumAcrossCurrencies(t *testing.T) {
	st := openTestStore(t)
	ctx := context.Background()
	rep, err := st.CreateRep(ctx, "Dana Ruiz")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []coaching.Deal{
		{Name: "Dollar deal", Account: "Acme", Amount: 10000_00, Currency: "USD", Stage: "propose"},
		{Name: "Pound deal", Account: "Brit Ltd", Amount: 20000_00, Currency: "GBP", Stage: "propose"},
	} {
		d.RepID, d.Status = rep.ID, coaching.StatusOpen
		if _, err := st.CreateDeal(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	never := func(where, v string) {
		t.Helper()
		if strings.Contains(v, "30,000") {
			t.Errorf("%s adds dollars and pounds:\n%s", where, v)
		}
	}
	has := func(where, v string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(v, w) {
				t.Errorf("%s lacks %q:\n%s", where, w, v)
			}
		}
	}

	// Home at 80 columns: one currency and how many more.
	m := newTestModel(t, st, 80, 24)
	drive(t, m)
	v := m.View()
	never("home", v)
	has("home", v, "£20,000 +1")
	// Wide enough for both? The column stays narrow; the rep page has them.
	m = openRep(t, st, rep.ID, 100, 30)
	v = m.View()
	never("rep page", v)
	has("rep page", v, "2 open deals · £20,000 + $10,000 pipeline", "$10,000", "£20,000", "largest in USD", "largest in GBP")

	m = startPlan(t, st, 100, 30)
	v = m.View()
	never("plan", v)
	has("plan", v, "$10,000", "£20,000", "largest open deal in USD", "largest open deal in GBP")
}

func TestPipelineCell(t *testing.T) {
	var one, two, big coaching.Amounts
	one.Add("USD", 10000_00)
	two.Add("USD", 10000_00)
	two.Add("GBP", 20000_00)
	two.Add("USD", 5000_00)
	big.Add("USD", 1234567_00)
	big.Add("USD", 1_00)
	big.Add("EUR", 5_00)
	for _, tt := range []struct {
		a    coaching.Amounts
		want string
	}{
		{nil, "—"},
		{one, "$10,000"},
		{two, "$15,000 +1"},
		{big, "$1.2M +1"},
	} {
		if got := pipelineCell(tt.a, homePipeW); got != tt.want {
			t.Errorf("pipelineCell(%v) = %q, want %q", tt.a, got, tt.want)
		}
	}
}
