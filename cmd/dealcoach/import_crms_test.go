package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"dealcoach/coaching"
	"dealcoach/internal/fixtures"
)

// dealLine is what a test checks of a stored deal, on one line.
func dealLine(d coaching.Deal) string {
	return fmt.Sprintf("%s %s %d %s %s %s", d.Status, d.Stage, d.Amount, d.Currency, d.CloseDate, d.Account)
}

// TestImportCRMExports imports each sample export of another CRM or locale
// into an empty database with no options (or the one the file needs) and
// checks the counts, the warnings, and a few deals as stored.
func TestImportCRMExports(t *testing.T) {
	for _, tc := range []struct {
		file     string
		args     []string
		counts   string
		warnings []string
		deals    map[string]string // name → dealLine
	}{
		{file: "pipedrive-deals.csv", counts: "7 new, 0 updated, 0 unchanged deals; 2 new reps\n",
			deals: map[string]string{
				"Acme Robotics renewal": "open qualify 4800000 EUR 2026-12-20 Acme Robotics",
				"Globex pilot":          "open discover 1250050 USD 2027-01-15 Globex",
				"Initech rollout":       "open validate 3000000 GBP 2027-02-01 Initech",
				"Umbrella expansion":    "open propose 9000000 EUR 2026-12-31 Umbrella Corp",
				"Hooli licences":        "open negotiate 2200000 USD 2026-12-15 Hooli",
				"Vandelay import":       "won negotiate 1500000 EUR 2026-11-20 Vandelay Industries",
				"Soylent trial":         "lost propose 800000 USD 2026-11-10 Soylent",
			}},
		{file: "dynamics-opportunities.csv", counts: "7 new, 0 updated, 0 unchanged deals; 2 new reps\n",
			warnings: []string{"no currency column: amounts taken as USD"},
			deals: map[string]string{
				"Contoso fleet tracking": "open qualify 1000000 USD 2026-12-15 Contoso Ltd",
				"Fabrikam upgrade":       "open discover 2000000 GBP 2027-01-31 Fabrikam Inc",
				"Litware pilot":          "open propose 550000 USD 2027-02-14 Litware",
				"Adventure Works bikes":  "open negotiate 7500000 USD 2026-12-01 Adventure Works",
				"Northwind telematics":   "won negotiate 1200000 USD 2026-11-20 Northwind Traders",
				"Tailspin drones":        "lost propose 300000 USD 2026-11-05 Tailspin Toys",
				"Wingtip kiosks":         "lost discover 900000 USD 2026-10-30 Wingtip Toys",
			}},
		{file: "zoho-deals.csv", counts: "9 new, 0 updated, 0 unchanged deals; 2 new reps\n",
			warnings: []string{"no currency column: amounts taken as USD"},
			deals: map[string]string{
				"Acme CRM seats":     "open qualify 2500000 USD 2026-12-18 Acme Robotics",
				"Umbrella labs":      "open validate 4100000 USD 2027-01-05 Umbrella Corp",
				"Vandelay logistics": "open negotiate 3300000 USD 2026-12-12 Vandelay Industries",
				"Pied Piper storage": "won negotiate 1800000 USD 2026-11-15 Pied Piper",
				"Massive Dynamic":    "lost negotiate 5200000 USD 2026-10-20 Massive Dynamic",
			}},
		{file: "salesforce-report-en-gb.csv", counts: "5 new, 0 updated, 0 unchanged deals; 2 new reps\n",
			deals: map[string]string{
				"Thames Water - Field app": "open propose 2000000 GBP 2026-11-05 Thames Water",
				"Boston Dynamics - Pilot":  "open discover 1000000 USD 2027-02-28 Boston Dynamics",
				"Tesco - Stores rollout":   "open negotiate 8450050 GBP 2026-12-12 Tesco",
				"Siemens - Plant sensors":  "open qualify 1500000 EUR 2027-03-01 Siemens",
				"BT Group - Renewal":       "won negotiate 4000000 GBP 2026-10-30 BT Group",
			}},
		{file: "salesforce-report-de.csv", counts: "4 new, 0 updated, 0 unchanged deals; 2 new reps\n",
			deals: map[string]string{
				"Bosch - Werkzeugflotte": "open propose 8400000 EUR 2026-12-15 Bosch",
				"BASF - Laborsoftware":   "open discover 125050 EUR 2027-02-01 BASF",
				"Siemens - Sensorik":     "open discover 1200000 EUR 2027-01-31 Siemens",
				"Lufthansa - Crew-App":   "open negotiate 23000000 EUR 2026-12-20 Lufthansa",
			}},
		{file: "hubspot-deals-currency.csv", counts: "4 new, 0 updated, 0 unchanged deals; 2 new reps\n",
			deals: map[string]string{
				"Acme EU expansion": "open negotiate 1000000 USD 2026-12-20 Acme Robotics",
				"Acme UK expansion": "open validate 2000000 GBP 2027-01-15 Acme Robotics",
				"Globex onboarding": "open qualify 1250075 EUR 2027-02-01 Globex",
				"Initech support":   "won negotiate 500000 USD 2026-11-01 Initech",
			}},
		{file: "salesforce-report-dmy-ambiguous.csv", args: []string{"--date-order", "dmy"},
			counts: "3 new, 0 updated, 0 unchanged deals; 2 new reps\n",
			deals: map[string]string{
				"Thames Water - Field app": "open propose 2000000 GBP 2026-11-05 Thames Water",
				"Tesco - Stores rollout":   "open negotiate 8450000 GBP 2026-12-03 Tesco",
				"BT Group - Renewal":       "open qualify 4000000 GBP 2027-02-01 BT Group",
			}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "coach.db")
			path := fixtures.Path(t, tc.file)
			r := dealcoach(t, nil, append([]string{"import", "--db", db, path}, tc.args...)...)
			if r.code != 0 || r.stdout != tc.counts {
				t.Fatalf("exit %d, stdout %q, stderr %q; want %q", r.code, r.stdout, r.stderr, tc.counts)
			}
			var want string
			for _, w := range tc.warnings {
				want += "dealcoach: warning: " + path + ": " + w + "\n"
			}
			if r.stderr != want {
				t.Errorf("stderr %q, want %q", r.stderr, want)
			}
			got := storedDeals(t, db)
			for name, w := range tc.deals {
				d, ok := got[name]
				if !ok {
					t.Errorf("deal %q not stored", name)
					continue
				}
				if dealLine(d) != w {
					t.Errorf("%s: %q, want %q", name, dealLine(d), w)
				}
			}
		})
	}
}

// TestImportAmbiguousDatesRefused: a file whose every date reads both ways
// writes nothing, dry run or not, and says which flag settles it; then
// --date-order dmy imports it (TestImportCRMExports checks the dates).
func TestImportAmbiguousDatesRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "coach.db")
	path := fixtures.Path(t, "salesforce-report-dmy-ambiguous.csv")
	want := "dealcoach: " + path + ": dates like 05/11/2026 could be day-first or month-first; add --date-order dmy or --date-order mdy\n"
	for _, args := range [][]string{{"import", "--db", db, path}, {"import", "--db", db, "--dry-run", path}} {
		r := dealcoach(t, nil, args...)
		if r.code != 1 || r.stderr != want || r.stdout != "" {
			t.Fatalf("%v: exit %d, stdout %q, stderr %q; want %q", args, r.code, r.stdout, r.stderr, want)
		}
	}
	if got := repDeals(t, db); len(got) != 0 {
		t.Fatalf("a refused import wrote reps: %v", got)
	}
	r := dealcoach(t, nil, "import", "--db", db, "--date-order", "mdy", path)
	if r.code != 0 || storedDeals(t, db)["Thames Water - Field app"].CloseDate.String() != "2026-05-11" {
		t.Fatalf("--date-order mdy: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestImportValueErrors(t *testing.T) {
	for _, tc := range []struct{ name, csv, want string }{
		{"both date orders", "Name,Stage,Owner,Close Date\nA,Prospecting,Jo,26/11/2026\nB,Prospecting,Jo,11/26/2026\n",
			"dates like 26/11/2026 (line 2) are day-first but 11/26/2026 (line 3) is month-first; add --date-order dmy or --date-order mdy"},
		{"ambiguous amounts", "Name,Stage,Owner,Amount\nA,Prospecting,Jo,\"1,234\"\nB,Prospecting,Jo,1.234\n",
			`3: amount "1.234" could be thousands or decimals, as "1,234" (line 2) could; add --decimal , or --decimal .`},
		{"currency disagrees", "Name,Stage,Owner,Amount,Currency\nA,Prospecting,Jo,\"GBP 20,000\",USD\n",
			`2: amount "GBP 20,000" is in GBP, but the currency column says USD`},
		{"unknown columns", "Nombre,Etapa,Propietario\nA,Prospecting,Jo\n",
			`1: no deal name column (looked for "Opportunity Name", "Name", "Deal Name", "Title", "Topic"; the file has "Nombre", "Etapa", "Propietario"); name it with --column "HEADER=name"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "coach.db")
			path := writeCSV(t, "x.csv", tc.csv)
			r := dealcoach(t, nil, "import", "--db", db, path)
			sep := ": "
			if tc.want[0] >= '0' && tc.want[0] <= '9' {
				sep = ":"
			}
			if want := "dealcoach: " + path + sep + tc.want + "\n"; r.code != 1 || r.stderr != want {
				t.Fatalf("exit %d, stderr %q; want %q", r.code, r.stderr, want)
			}
		})
	}
}

// TestImportFlags: --decimal settles "1,234" and "1.234", --currency is
// the currency of amounts without one (and silences the warning),
// --column reads headers in another language.
func TestImportFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "coach.db")
	path := writeCSV(t, "es.csv", "Nombre,Etapa,Propietario,Importe,Cierre\n"+
		"Acme,Prospecting,Jo,\"1,234\",15/12/2026\nGlobex,Prospecting,Jo,1.234,\n")
	r := dealcoach(t, nil, "import", "--db", db, path, "--decimal", ",", "--currency", "eur",
		"--column", "Nombre=name", "--column", "Etapa=stage", "--column", "Propietario=owner",
		"--column", "Importe=amount", "--column", "Cierre=close_date")
	want := "dealcoach: warning: " + path + ": no account column: deals imported without an account\n"
	if r.code != 0 || r.stderr != want {
		t.Fatalf("exit %d, stderr %q; want %q", r.code, r.stderr, want)
	}
	got := storedDeals(t, db)
	if a, g := dealLine(got["Acme"]), dealLine(got["Globex"]); a != "open qualify 123 EUR 2026-12-15 " || g != "open qualify 123400 EUR  " {
		t.Fatalf("Acme %q, Globex %q", a, g)
	}
	for _, args := range [][]string{{"--date-order", "ydm"}, {"--decimal", ";"}, {"--currency", "euros"}, {"--column", "Nombre=title"}, {"--column", "Nombre"}} {
		r := dealcoach(t, nil, append([]string{"import", "--db", db, path}, args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, args[0]) {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
}

// TestImportDryRunJSON: the JSON dry run has the shape, the date
// order the file settled, the warnings, and each deal as it would be
// stored; it writes nothing.
func TestImportDryRunJSON(t *testing.T) {
	db := filepath.Join(t.TempDir(), "coach.db")
	path := fixtures.Path(t, "dynamics-opportunities.csv")
	r := dealcoach(t, nil, "import", "--db", db, "--dry-run", "--format", "json", path)
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	var got struct {
		File      string
		DryRun    bool `json:"dry_run"`
		New       int
		NewReps   int    `json:"new_reps"`
		DateOrder string `json:"date_order"`
		Warnings  []string
		Deals     []map[string]any
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if got.File != path || !got.DryRun || got.New != 7 || got.NewReps != 2 || got.DateOrder != "mdy" || len(got.Deals) != 7 ||
		len(got.Warnings) != 1 || got.Warnings[0] != "no currency column: amounts taken as USD" {
		t.Fatalf("%+v", got)
	}
	want := map[string]any{"line": 3.0, "crm_id": "3f2a9c1e-0002-4e7b-9d2a-1a2b3c4d5e02", "name": "Fabrikam upgrade",
		"account": "Fabrikam Inc", "rep": "Kim Lee", "stage": "discover", "status": "open", "amount_cents": 2000000.0,
		"currency": "GBP", "close_date": "2027-01-31", "change": "new"}
	if fmt.Sprint(got.Deals[1]) != fmt.Sprint(want) {
		t.Fatalf("deal %v\nwant %v", got.Deals[1], want)
	}
	if len(repDeals(t, db)) != 0 {
		t.Fatal("a dry run wrote reps")
	}

	// The real import prints the same shape, and writes.
	for i, wantNew := range []int{7, 0} {
		r = dealcoach(t, nil, "import", "--db", db, "--format", "json", path)
		if r.code != 0 || r.stderr == "" {
			t.Fatalf("import %d: exit %d, stderr %q", i, r.code, r.stderr)
		}
		var real struct {
			DryRun    *bool `json:"dry_run"`
			New       int
			Unchanged int
			Deals     []map[string]any
		}
		if err := json.Unmarshal([]byte(r.stdout), &real); err != nil {
			t.Fatalf("import %d: %v: %s", i, err, r.stdout)
		}
		if real.DryRun == nil || *real.DryRun || real.New != wantNew || len(real.Deals) != wantNew || real.Deals == nil ||
			real.Unchanged != 7-wantNew {
			t.Fatalf("import %d: %s", i, r.stdout)
		}
		if i == 0 && fmt.Sprint(real.Deals[1]) != fmt.Sprint(want) {
			t.Fatalf("imported deal %v\nwant %v", real.Deals[1], want)
		}
	}
	if n := len(repDeals(t, db)); n != 2 {
		t.Fatalf("the JSON import wrote %d reps, want 2", n)
	}
}
