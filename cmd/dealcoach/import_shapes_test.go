package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"dealcoach/internal/fixtures"
)

// European Excel's ";" and tab files, and old Mac Excel's lone CRs, import
// as the report they were saved from: the same deals, so the original then
// finds every one unchanged.
func TestImportSeparatorsAndLineEnds(t *testing.T) {
	for _, name := range []string{"salesforce-report-semicolon.csv", "salesforce-report-tab.tsv", "salesforce-report-mac.csv"} {
		t.Run(name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "coach.db")
			if out := importOK(t, db, fixtures.Path(t, name)); out != "10 new, 0 updated, 0 unchanged deals; 3 new reps\n" {
				t.Errorf("import: %q", out)
			}
			if out := importOK(t, db, fixtures.Path(t, "salesforce-report.csv")); out != "0 new, 0 updated, 10 unchanged deals; 0 new reps\n" {
				t.Errorf("the original after it: %q", out)
			}
		})
	}
}

func TestImportShapeErrors(t *testing.T) {
	long := strings.Repeat("x", 501)
	for _, tc := range []struct{ name, csv, want string }{
		{"two Stage columns", "Opportunity Name,Stage,Owner,Stage\nAcme pilot,Prospecting,Jo Park,Prospecting\n",
			`:1: two columns named "Stage"; remove one`},
		{"lone CR, bad row on line 5", "Opportunity Name,Stage,Owner,Next Step,Amount\rA,Prospecting,Jo Park,,1\r" +
			"B,Prospecting,Jo Park,\"call\rback\",2\rC,Prospecting,Jo Park,,x\r", `:5: amount "x" is not a number`},
		{"semicolon, bad row on line 3", "Opportunity Name;Stage;Owner;Amount\nA;Prospecting;Jo Park;1\nB;Prospecting;Jo Park;zz\n",
			`:3: amount "zz" is not a number`},
		{"deal name of 501 characters", "Opportunity Name,Stage,Owner\nA,Prospecting,Jo Park\n" + long + ",Prospecting,Jo Park\n",
			":3: deal name longer than 500 characters"},
		{"account name of 501 characters", "Opportunity Name,Stage,Owner,Account Name\nA,Prospecting,Jo Park," + long + "\n",
			":2: account name longer than 500 characters"},
		{"owner name of 501 characters", "Opportunity Name,Stage,Owner\nA,Prospecting," + long + "\n",
			":2: owner name longer than 500 characters"},
		{"a 10 MB cell", "Opportunity Name,Stage,Owner,Notes\nA,Prospecting,Jo Park,\"" + strings.Repeat("x", 10<<20) + "\"\n",
			":2: row longer than 1 MB; is this a CRM export saved as CSV?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "coach.db")
			importOK(t, db, fixtures.Path(t, "salesforce-report.csv"))
			file := writeCSV(t, "export.csv", tc.csv)
			r := failsUnchanged(t, db, file+tc.want, file)
			if r.stderr != "dealcoach: "+file+tc.want+"\n" {
				t.Errorf("stderr %q, want exactly %q", r.stderr, file+tc.want)
			}
		})
	}
}

// A cancelled import says so in the manager's words, whatever step it
// was at.
func TestImportCancelledBeforeStart(t *testing.T) {
	db := filepath.Join(t.TempDir(), "coach.db")
	importOK(t, db, fixtures.Path(t, "salesforce-report.csv"))
	before := dbBytes(t, db)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	c := &cli{ctx: ctx, stdout: &out, stderr: &errOut, env: func(string) string { return "" }}
	code := c.execute([]string{"import", "--db", db, fixtures.Path(t, "salesforce-dataloader.csv")})
	if code != exitFail || errOut.String() != "dealcoach: import cancelled; nothing was written\n" || out.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
	if dbBytes(t, db) != before {
		t.Error("a cancelled import changed the database file")
	}
}
