package crmcsv

import (
	"os"
	"path/filepath"
	"testing"

	"dealcoach/coaching"
	"dealcoach/internal/fixtures"
)

func parseFile(t *testing.T, path string) []Row {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := Parse(f)
	if err != nil {
		t.Fatalf("Parse(%s): %v", filepath.Base(path), err)
	}
	return rows
}

func mapFile(t *testing.T, path string) []Deal {
	t.Helper()
	deals, err := Map(parseFile(t, path), coaching.DefaultPlaybook(), Options{})
	if err != nil {
		t.Fatalf("Map(%s): %v", filepath.Base(path), err)
	}
	return deals
}

type tally struct {
	owners          map[string]int
	won, lost, open int
}

func count(deals []Deal) tally {
	t := tally{owners: map[string]int{}}
	for _, d := range deals {
		t.owners[d.Owner]++
		switch d.Status {
		case coaching.StatusWon:
			t.won++
		case coaching.StatusLost:
			t.lost++
		case coaching.StatusOpen:
			t.open++
		}
	}
	return t
}

func byName(t *testing.T, deals []Deal, name string) Deal {
	t.Helper()
	for _, d := range deals {
		if d.Name == name {
			return d
		}
	}
	t.Fatalf("no deal %q", name)
	return Deal{}
}

func checkTally(t *testing.T, deals []Deal, n int, owners map[string]int, won, lost, open int) {
	t.Helper()
	if len(deals) != n {
		t.Errorf("got %d deals, want %d", len(deals), n)
	}
	got := count(deals)
	if len(got.owners) != len(owners) {
		t.Errorf("owners %v, want %v", got.owners, owners)
	}
	for o, want := range owners {
		if got.owners[o] != want {
			t.Errorf("owner %q has %d deals, want %d", o, got.owners[o], want)
		}
	}
	if got.won != won || got.lost != lost || got.open != open {
		t.Errorf("won/lost/open = %d/%d/%d, want %d/%d/%d", got.won, got.lost, got.open, won, lost, open)
	}
}

func TestFixtureSalesforceReport(t *testing.T) {
	deals := mapFile(t, fixtures.Path(t, "salesforce-report.csv"))
	checkTally(t, deals, 10, map[string]int{"Dana Ruiz": 4, "Sam Okafor": 4, "Priya Raman": 2}, 1, 1, 8)

	nw := byName(t, deals, "Northwind - Fleet telematics")
	want := Row{Line: 2, Owner: "Dana Ruiz", Account: "Northwind Traders", Name: "Northwind - Fleet telematics",
		Stage: "Proposal/Price Quote", NextStep: "Exec readout 12/02", CRMID: "0065e00000NwFlAAA1",
		Amount: 8_400_000, HasAmount: true,
		CloseDate: coaching.NewDate(2026, 12, 15), Created: coaching.NewDate(2026, 10, 16)}
	if nw.Row != want {
		t.Errorf("Northwind row\n got %+v\nwant %+v", nw.Row, want)
	}
	if nw.StageKey != "propose" || nw.Status != coaching.StatusOpen {
		t.Errorf("Northwind: stage %q status %q, want propose open", nw.StageKey, nw.Status)
	}
	if d := byName(t, deals, "Blue Yonder - Crew scheduling"); d.CloseDate != coaching.NewDate(2027, 2, 27) {
		t.Errorf("Blue Yonder close date %v, want 2027-02-27 (from 2/27/2027)", d.CloseDate)
	}
	if d := byName(t, deals, "Tailspin - Renewal 2027"); d.NextStep != `Legal redlines, "final" pass` {
		t.Errorf("Tailspin next step %q", d.NextStep)
	}
	fab := byName(t, deals, "Fabrikam - Warehouse pilot")
	if fab.HasAmount || fab.Amount != 0 || fab.Account != "Fabrikam, Inc." || fab.StageKey != "qualify" {
		t.Errorf("Fabrikam: %+v", fab)
	}
	contoso := byName(t, deals, "Contoso - Lab data platform")
	if contoso.NextStep != "Meet CIO; confirm budget\nsource with finance" || contoso.Line != 6 || contoso.Amount != 31_000_000 {
		t.Errorf("Contoso: line %d amount %d next step %q", contoso.Line, contoso.Amount, contoso.NextStep)
	}
	// The multi-line cell takes lines 6 and 7, so the rows after it start a line later.
	if d := byName(t, deals, "WWI - Customs module"); d.Line != 8 {
		t.Errorf("WWI is on line %d, want 8", d.Line)
	}
	if d := byName(t, deals, "Trey - Research portal"); d.Line != 12 || d.Status != coaching.StatusLost || d.StageKey != "" {
		t.Errorf("Trey: line %d status %q stage %q, want 12 lost \"\"", d.Line, d.Status, d.StageKey)
	}
	if d := byName(t, deals, "Litware - Seats expansion"); d.Status != coaching.StatusWon || d.StageKey != "" {
		t.Errorf("Litware: status %q stage %q", d.Status, d.StageKey)
	}
}

func TestFixtureHubSpot(t *testing.T) {
	deals := mapFile(t, fixtures.Path(t, "hubspot-deals.csv"))
	checkTally(t, deals, 6, map[string]int{"Priya Raman": 2, "Lee Chen": 4}, 1, 0, 5)

	wantStage := map[string]string{
		"Acme Robotics expansion": "propose", "Globex onboarding": "qualify", "Initech migration": "negotiate",
		"Umbrella analytics": "validate", "Hooli SSO": "", "Stark field service": "qualify",
	}
	for _, d := range deals {
		if d.StageKey != wantStage[d.Name] {
			t.Errorf("%s: stage %q, want %q", d.Name, d.StageKey, wantStage[d.Name])
		}
	}
	acme := byName(t, deals, "Acme Robotics expansion")
	if acme.CRMID != "15011223344" || acme.Account != "Acme Robotics" || acme.Amount != 4_800_000 ||
		acme.CloseDate != coaching.NewDate(2026, 12, 20) || acme.Created != coaching.NewDate(2026, 9, 2) || acme.Line != 2 {
		t.Errorf("Acme: %+v", acme)
	}
	if d := byName(t, deals, "Initech migration"); d.Amount != 7_700_050 {
		t.Errorf("Initech amount %d, want 7700050 (77000.5)", d.Amount)
	}
	if d := byName(t, deals, "Umbrella analytics"); d.HasAmount {
		t.Errorf("Umbrella has amount %d, want none", d.Amount)
	}
}

func TestFixtureDataLoader(t *testing.T) {
	deals := mapFile(t, fixtures.Path(t, "salesforce-dataloader.csv"))
	checkTally(t, deals, 5, map[string]int{"Dana Ruiz": 5}, 1, 0, 4)

	nw := byName(t, deals, "Northwind - Fleet telematics")
	if nw.StageKey != "negotiate" || nw.Amount != 8_600_000 || nw.CloseDate != coaching.NewDate(2026, 12, 19) ||
		nw.Created != coaching.NewDate(2026, 10, 16) || nw.Account != "Northwind Traders" || nw.CRMID != "0065e00000NwFlAAA1" {
		t.Errorf("Northwind: %+v", nw)
	}
	fab := byName(t, deals, "Fabrikam - Warehouse pilot")
	if fab.StageKey != "qualify" || fab.NextStep != "Site visit" || fab.Amount != 2_500_000 {
		t.Errorf("Fabrikam: %+v", fab)
	}
	if d := byName(t, deals, "Coho Winery - POS rollout"); d.HasAmount || d.Line != 6 {
		t.Errorf("Coho: %+v", d)
	}
}
