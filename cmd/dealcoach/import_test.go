package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dealcoach/coaching"
	"dealcoach/internal/fixtures"
	"dealcoach/store"
)

// dbBytes fingerprints the database file and its WAL. Every command closes
// the database, which checkpoints the WAL into the file and removes it, so
// between commands the file alone holds everything.
func dbBytes(t *testing.T, path string) string {
	t.Helper()
	h := sha256.New()
	for _, p := range []string{path, path + "-wal"} {
		data, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			h.Write([]byte("missing " + filepath.Base(p)))
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func importOK(t *testing.T, db string, args ...string) string {
	t.Helper()
	r := dealcoach(t, nil, append([]string{"import", "--db", db}, args...)...)
	if r.code != 0 || onlyWarnings(r.stderr) != "" {
		t.Fatalf("import %v: exit %d, stderr %q", args, r.code, r.stderr)
	}
	return r.stdout
}

// onlyWarnings is stderr without the warnings an import prints about what
// it assumed (TestImportWarnings checks them): what is left is an error.
func onlyWarnings(stderr string) string {
	var rest []string
	for _, l := range strings.SplitAfter(stderr, "\n") {
		if l != "" && !strings.HasPrefix(l, "dealcoach: warning: ") {
			rest = append(rest, l)
		}
	}
	return strings.Join(rest, "")
}

func writeCSV(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// dealsByRep reads every rep's deals back from the database, a rep with
// none included; the import tests check what was stored through it.
func dealsByRep(t *testing.T, db string) map[string][]coaching.Deal {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	reps, err := st.Reps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]coaching.Deal{}
	for _, r := range reps {
		deals, err := st.Deals(ctx, r.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		out[r.Name] = deals
	}
	return out
}

// repDeals counts each rep's deals.
func repDeals(t *testing.T, db string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for rep, deals := range dealsByRep(t, db) {
		out[rep] = len(deals)
	}
	return out
}

// storedDeals reads every deal back from the database, by name.
func storedDeals(t *testing.T, db string) map[string]coaching.Deal {
	t.Helper()
	out := map[string]coaching.Deal{}
	for _, deals := range dealsByRep(t, db) {
		for _, d := range deals {
			out[d.Name] = d
		}
	}
	return out
}

func TestImportFixtures(t *testing.T) {
	for _, tc := range []struct{ file, first, again string }{
		{"salesforce-report.csv", "10 new, 0 updated, 0 unchanged deals; 3 new reps\n", "0 new, 0 updated, 10 unchanged deals; 0 new reps\n"},
		{"hubspot-deals.csv", "6 new, 0 updated, 0 unchanged deals; 2 new reps\n", "0 new, 0 updated, 6 unchanged deals; 0 new reps\n"},
		{"salesforce-dataloader.csv", "5 new, 0 updated, 0 unchanged deals; 1 new rep\n", "0 new, 0 updated, 5 unchanged deals; 0 new reps\n"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "coach.db")
			if out := importOK(t, db, fixtures.Path(t, tc.file)); out != tc.first {
				t.Errorf("first import: %q, want %q", out, tc.first)
			}
			before := dbBytes(t, db)
			if out := importOK(t, db, fixtures.Path(t, tc.file)); out != tc.again {
				t.Errorf("second import: %q, want %q", out, tc.again)
			}
			if dbBytes(t, db) != before {
				t.Error("importing the same file again changed the database file")
			}
		})
	}
}

func TestImportNewerExport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "coach.db")
	importOK(t, db, fixtures.Path(t, "salesforce-report.csv"))
	if out := importOK(t, db, fixtures.Path(t, "salesforce-dataloader.csv")); out != "1 new, 4 updated, 0 unchanged deals; 0 new reps\n" {
		t.Errorf("later export: %q", out)
	}
	if got := repDeals(t, db); got["Dana Ruiz"] != 5 || len(got) != 3 {
		t.Errorf("deals per rep %v, want Dana Ruiz with 5 of 3 reps", got)
	}
}

func TestImportSharedRep(t *testing.T) {
	db := filepath.Join(t.TempDir(), "coach.db")
	importOK(t, db, fixtures.Path(t, "hubspot-deals.csv"))
	if out := importOK(t, db, fixtures.Path(t, "salesforce-report.csv")); out != "10 new, 0 updated, 0 unchanged deals; 2 new reps\n" {
		t.Errorf("second file: %q", out)
	}
	if got := repDeals(t, db); got["Priya Raman"] != 4 || len(got) != 4 {
		t.Errorf("deals per rep %v, want Priya Raman once, with 4", got)
	}
}

// failsUnchanged runs an import that must fail with exit 1 and one error
// line holding want, and checks the database file did not change a byte.
func failsUnchanged(t *testing.T, db string, want string, args ...string) result {
	t.Helper()
	before := dbBytes(t, db)
	r := dealcoach(t, nil, append([]string{"import", "--db", db}, args...)...)
	if r.code != 1 {
		t.Errorf("import %v: exit %d, want 1 (stderr %q)", args, r.code, r.stderr)
	}
	oneErrorLine(t, r)
	if !strings.Contains(r.stderr, want) {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
	if r.stdout != "" {
		t.Errorf("a failed import printed %q", r.stdout)
	}
	if dbBytes(t, db) != before {
		t.Error("a failed import changed the database file")
	}
	return r
}

func TestImportBadAmountOnLine7(t *testing.T) {
	db := filepath.Join(t.TempDir(), "coach.db")
	importOK(t, db, fixtures.Path(t, "salesforce-report.csv"))
	// Line 3's next step runs onto line 4: the line is the file's, not the
	// record's number.
	bad := writeCSV(t, "bad.csv", "Opportunity Owner,Account Name,Opportunity Name,Stage,Amount,Next Step\n"+
		"Dana Ruiz,Acme,Acme - Pilot,Prospecting,\"$1,000.00\",\n"+
		"Dana Ruiz,Globex,Globex - Rollout,Prospecting,\"$2,000.00\",\"call\nback on Monday\"\n"+
		"Dana Ruiz,Initech,Initech - Seats,Prospecting,\"$3,000.00\",\n"+
		"Dana Ruiz,Hooli,Hooli - SSO,Prospecting,\"$4,000.00\",\n"+
		"Dana Ruiz,Stark,Stark - Field service,Prospecting,\"$12,x00\",\n"+
		"Dana Ruiz,Umbrella,Umbrella - Analytics,Prospecting,\"$5,000.00\",\n")
	failsUnchanged(t, db, bad+":7: ", bad)
}

func TestImportUnknownStages(t *testing.T) {
	db := filepath.Join(t.TempDir(), "coach.db")
	importOK(t, db, fixtures.Path(t, "salesforce-report.csv"))
	file := writeCSV(t, "stages.csv", "Deal Name,Deal Stage,Deal owner,Associated Company\n"+
		"Acme pilot,Appointment Scheduled,Lee Chen,Acme\n"+
		"Globex rollout,Discovery Call,Lee Chen,Globex\n"+
		"Hooli SSO,Demo,Lee Chen,Hooli\n"+
		"Stark service,discovery call,Lee Chen,Stark\n")
	r := failsUnchanged(t, db, file+":3: unknown stages", file)
	for _, want := range []string{`"Discovery Call" (line 3)`, `"Demo" (line 4)`, `--stage-map "Discovery Call=`, `--stage-map "Demo=`} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr %q lacks %q", r.stderr, want)
		}
	}
	out := importOK(t, db, file, "--stage-map", "Discovery Call=discover", "--stage-map", "Demo=validate")
	if out != "4 new, 0 updated, 0 unchanged deals; 1 new rep\n" {
		t.Errorf("with --stage-map: %q", out)
	}
}

func TestImportDuplicateRowsWriteNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "coach.db")
	importOK(t, db, fixtures.Path(t, "salesforce-report.csv"))
	// The first rows would be fine (a new rep, an update); the last one
	// repeats a CRM id, and takes the whole import down with it.
	file := writeCSV(t, "dup.csv", "Id,Name,Account.Name,Owner.Name,StageName,Amount,CloseDate\n"+
		"A1,Acme pilot,Acme,Jo Park,Prospecting,100,2027-01-31\n"+
		"0065e00000NwFlAAA1,Northwind - Fleet telematics,Northwind Traders,Dana Ruiz,Negotiation/Review,86000,2026-12-19\n"+
		"A1,Acme pilot,Acme,Jo Park,Prospecting,100,2027-01-31\n")
	failsUnchanged(t, db, file+":4: deal \"Acme pilot\": CRM id A1 is also on line 2", file)
	if got := repDeals(t, db); len(got) != 3 {
		t.Errorf("reps after a failed import: %v", got)
	}
}

func TestImportFailureCreatesNoDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "new.db")
	file := writeCSV(t, "stages.csv", "Deal Name,Deal Stage,Deal owner\nAcme pilot,Demo,Lee Chen\n")
	r := dealcoach(t, nil, "import", "--db", db, file)
	if r.code != 1 || !strings.Contains(r.stderr, file+":2: unknown stage") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s exists after a failed import into a new database", filepath.Base(p))
		}
	}
}

func TestImportMissingFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "coach.db")
	missing := filepath.Join(t.TempDir(), "nope.csv")
	r := dealcoach(t, nil, "import", "--db", db, missing)
	if r.code != 1 || r.stderr != "dealcoach: "+missing+": no such file or directory\n" {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("importing a missing file created the database")
	}
}

func TestImportBadStageMapIsUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "coach.db")
	r := dealcoach(t, nil, "import", "--db", db, fixtures.Path(t, "hubspot-deals.csv"), "--stage-map", "Demo=nowhere")
	if r.code != 2 || !strings.Contains(r.stderr, `no stage "nowhere"`) {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	oneErrorLine(t, r)
}

func TestImportOwnerFromRep(t *testing.T) {
	db := filepath.Join(t.TempDir(), "coach.db")
	file := writeCSV(t, "mine.csv", "Opportunity Name,Account Name,Stage,Amount\nAcme pilot,Acme,Qualification,$1200.00\n")
	failsUnchanged(t, db, "has no owner; name the rep with --rep NAME", file)
	if out := importOK(t, db, file, "--rep", "Jo Park"); out != "1 new, 0 updated, 0 unchanged deals; 1 new rep\n" {
		t.Errorf("with --rep: %q", out)
	}
}

func TestImportDryRun(t *testing.T) {
	db := filepath.Join(t.TempDir(), "coach.db")
	importOK(t, db, fixtures.Path(t, "salesforce-report.csv"))
	before := dbBytes(t, db)
	out := importOK(t, db, fixtures.Path(t, "salesforce-dataloader.csv"), "--dry-run")
	if dbBytes(t, db) != before {
		t.Error("--dry-run changed the database file")
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if lines[0] != "Dry run — nothing written: 1 new, 4 updated, 0 unchanged deals; 0 new reps" || len(lines) != 6 {
		t.Fatalf("dry run printed:\n%s", out)
	}
	for i, want := range []string{
		"line 2  update  Northwind - Fleet telematics (Dana Ruiz): stage Propose → Negotiate; amount $84,000 → $86,000; close date 2026-12-15 → 2026-12-19",
		"line 3  update  Blue Yonder - Crew scheduling (Dana Ruiz): close date 2027-02-27 → 2027-03-15",
		"line 4  update  Tailspin - Renewal 2027 (Dana Ruiz): closed won",
		"line 5  update  Fabrikam - Warehouse pilot (Dana Ruiz): amount — → $25,000; next step \"Site visit\"",
		"line 6  new     Coho Winery - POS rollout (Dana Ruiz): Qualify; no amount; close 2027-06-30",
	} {
		if !strings.Contains(lines[i+1], want) {
			t.Errorf("line %d: %q, want %q", i+1, lines[i+1], want)
		}
	}
	// And the real import still has all of it to do, and shows in the
	// fingerprint.
	if out := importOK(t, db, fixtures.Path(t, "salesforce-dataloader.csv")); !strings.HasPrefix(out, "1 new, 4 updated, 0 unchanged") {
		t.Errorf("import after the dry run: %q", out)
	}
	if dbBytes(t, db) == before {
		t.Error("the database fingerprint missed a real import")
	}
}

func TestImportSnapshotsShowChanges(t *testing.T) {
	db := filepath.Join(t.TempDir(), "coach.db")
	importOK(t, db, fixtures.Path(t, "salesforce-report.csv"))
	importOK(t, db, fixtures.Path(t, "salesforce-dataloader.csv"))
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dana, err := st.RepByName(ctx, "dana ruiz")
	if err != nil {
		t.Fatal(err)
	}
	snaps, err := st.RepSnapshots(ctx, dana.ID)
	if err != nil {
		t.Fatal(err)
	}
	deals, err := st.Deals(ctx, dana.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	pb := coaching.DefaultPlaybook()
	for _, d := range deals {
		if d.Name != "Northwind - Fleet telematics" {
			continue
		}
		c := coaching.DealChanges(pb, snaps[d.ID], d.CreatedAt, d.UpdatedAt)
		lines := strings.Join(c.Lines(), "; ")
		if !strings.Contains(lines, "Stage Propose → Negotiate") || !strings.Contains(lines, "Close date pushed") ||
			!strings.Contains(lines, "Amount up") {
			t.Errorf("Northwind changes: %s", lines)
		}
		return
	}
	t.Error("Northwind not found")
}

// A new database is imported in one pass; the problems still come in the
// order two passes find them: a bad row anywhere before the store's
// refusal of a row, and nothing is written (not even the database file).
func TestImportOnePassReportsAsTwoPasses(t *testing.T) {
	db := filepath.Join(t.TempDir(), "new.db")
	file := writeCSV(t, "dup.csv", "Id,Name,Account.Name,Owner.Name,StageName,Amount,CloseDate\n"+
		"A1,Acme pilot,Acme,Jo Park,Prospecting,100,2027-01-31\n"+
		"A1,Acme pilot,Acme,Jo Park,Prospecting,100,2027-01-31\n"+
		"A2,Globex,Globex,Jo Park,Prospecting,12x,2027-01-31\n")
	r := dealcoach(t, nil, "import", "--db", db, file)
	if r.code != 1 || r.stderr != "dealcoach: "+file+":4: amount \"12x\" is not a number\n" {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if _, err := os.Stat(db); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed import left %s: %v", db, err)
	}
	// Without the bad row, the store's refusal is the error.
	os.WriteFile(file, []byte("Id,Name,Account.Name,Owner.Name,StageName,Amount,CloseDate\n"+
		"A1,Acme pilot,Acme,Jo Park,Prospecting,100,2027-01-31\n"+
		"A1,Acme pilot,Acme,Jo Park,Prospecting,100,2027-01-31\n"), 0o600)
	r = dealcoach(t, nil, "import", "--db", db, file)
	if r.code != 1 || r.stderr != "dealcoach: "+file+":3: deal \"Acme pilot\": CRM id A1 is also on line 2\n" {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// One pass (a new database) and two (a database with a deal already) store
// the same deals, dates settled late included.
func TestImportOnePassStoresAsTwoPasses(t *testing.T) {
	file := writeCSV(t, "dmy.csv", "Opportunity Name,Account Name,Opportunity Owner,Stage,Amount,Close Date,Created Date\n"+
		"Acme pilot,Acme,Jo Park,Prospecting,\"1,234\",05/11/2026,01/02/2026\n"+
		"Globex,Globex,Jo Park,Prospecting,\"2,50\",03/04/2027,\n"+
		"Hooli,Hooli,Lee Chen,Prospecting,7,25/12/2026,\n")
	one := filepath.Join(t.TempDir(), "one.db")
	two := filepath.Join(t.TempDir(), "two.db")
	importOK(t, one, file)
	importOK(t, two, writeCSV(t, "other.csv", "Name,Stage,Owner\nOther deal,Prospecting,Sam Roe\n"))
	importOK(t, two, file)
	a, b := storedDeals(t, one), storedDeals(t, two)
	for name, d := range a {
		e := b[name]
		if d.Amount != e.Amount || d.CloseDate != e.CloseDate || d.Stage != e.Stage {
			t.Errorf("%s: one pass %+v, two passes %+v", name, d, e)
		}
	}
	// "2,50" settles the comma, after "1,234" and 05/11 were read.
	if d := a["Acme pilot"]; len(a) != 3 || d.Amount != 123 || d.CloseDate.String() != "2026-11-05" ||
		!d.CreatedAt.Equal(b["Acme pilot"].CreatedAt) || d.CreatedAt.Format("2006-01-02") != "2026-02-01" {
		t.Errorf("one pass stored %+v", a)
	}
}
