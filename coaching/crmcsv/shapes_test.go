package crmcsv

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"dealcoach/internal/fixtures"
)

// The report saved with other separators and line ends reads as the
// original: the same rows at the same lines.
func TestSeparatorsAndLineEnds(t *testing.T) {
	want := parseFile(t, fixtures.Path(t, "salesforce-report.csv"))
	if len(want) != 10 {
		t.Fatalf("%d rows in the original, want 10", len(want))
	}
	for _, name := range []string{"salesforce-report-semicolon.csv", "salesforce-report-tab.tsv", "salesforce-report-mac.csv"} {
		t.Run(name, func(t *testing.T) {
			got := parseFile(t, fixtures.Path(t, name))
			if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
				t.Errorf("rows differ from salesforce-report.csv:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestShapeErrors(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) } // characters, not bytes
	tests := []struct{ name, csv, want string }{
		{"two Stage columns", "Name,Stage,Amount,Stage\nA,Prospecting,1,Prospecting\n", `1: two columns named "Stage"; remove one`},
		{"Stage and stage", "Name,Stage,stage\n", `1: two columns named "Stage"; remove one`},
		{"one column with and without its object", "Account: Name,Name,Stage,Account.Name\n", `1: two columns named "Account: Name"; remove one`},
		{"lone CR: line of a bad row", "Name,Stage,Next Step,Amount\rA,Prospecting,,1\rB,Prospecting,\"two\rlines\",2\rC,Prospecting,,x\r",
			`5: amount "x" is not a number`},
		{"lone CR: bare quote is still one", "Name,Stage\rA \"x\",Prospecting\r", `2: a " inside a cell that is not quoted`},
		{"semicolon: line of a bad row", "Name;Stage;Amount\nA;Prospecting;1\nB;Prospecting;zz\n", `3: amount "zz" is not a number`},
		{"tab: short row", "Name\tStage\tAmount\nA\tProspecting\n", `2: 2 cells, but the header has 3`},
		{"deal name of 501 characters", "Name,Stage\n" + long(500) + ",Prospecting\n" + long(501) + ",Prospecting\n",
			`3: deal name longer than 500 characters`},
		{"account name of 501 characters", "Name,Stage,Account Name\nA,Prospecting," + long(501) + "\n",
			`2: account name longer than 500 characters`},
		{"owner name of 501 characters", "Name,Stage,Owner\nA,Prospecting," + long(501) + "\n",
			`2: owner name longer than 500 characters`},
		{"next step of 2001 characters", "Name,Stage,Next Step\nA,Prospecting," + long(2000) + "\nB,Prospecting," + long(2001) + "\n",
			`3: next step longer than 2000 characters`},
		{"a 10 MB cell", "Name,Stage,Notes\nA,Prospecting,x\nB,Prospecting,\"" + strings.Repeat("x", 10<<20) + "\"\n",
			`3: row longer than 1 MB; is this a CRM export saved as CSV?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := Parse(strings.NewReader(tt.csv))
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("error %v (rows %d), want a *LineError", err, len(rows))
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %s\nwant %s", err, tt.want)
			}
		})
	}
}

func TestShapesAccepted(t *testing.T) {
	tests := []struct {
		name, csv string
		names     []string
		lines     []int
	}{
		// Unknown columns are not read: repeating one is harmless.
		{"two Notes columns", "Name,Notes,Stage,Notes\nA,x,Prospecting,y\n", []string{"A"}, []int{2}},
		// Two names for one column: the more specific wins, as before.
		{"Opportunity Name and Name", "Name,Opportunity Name,Stage\nwrong,A,Prospecting\n", []string{"A"}, []int{2}},
		{"lone CR", "Name,Stage\rA,Prospecting\r\rB,Prospecting\r", []string{"A", "B"}, []int{2, 4}},
		{"CR at the end of a buffer", "Name,Stage\r" + strings.Repeat("A,Prospecting\r\n", 5000) + "B,Prospecting\r", nil, nil},
		// A comma inside a semicolon file is part of a cell.
		{"semicolon with commas in cells", "Name;Stage;Amount\nAcme, Inc.;Prospecting;\"$1,200.00\"\n", []string{"Acme, Inc."}, []int{2}},
		{"tab with a quoted tab", "Name\tStage\n\"A\tB\"\tProspecting\n", []string{"A\tB"}, []int{2}},
		// Semicolons inside the cells of a comma file.
		{"comma with semicolons in cells", "Name,Stage,Next Step\nA,Prospecting,call; then mail\n", []string{"A"}, []int{2}},
		{"name of 500 characters", "Name,Stage\n" + strings.Repeat("é", 500) + ",Prospecting\n", []string{strings.Repeat("é", 500)}, []int{2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := Parse(strings.NewReader(tt.csv))
			if err != nil {
				t.Fatal(err)
			}
			if tt.names == nil { // the buffer case: count and last line only
				if len(rows) != 5001 || rows[5000].Line != 5002 {
					t.Fatalf("%d rows, last at line %d; want 5001, 5002", len(rows), rows[len(rows)-1].Line)
				}
				return
			}
			var names []string
			var lines []int
			for _, r := range rows {
				names, lines = append(names, r.Name), append(lines, r.Line)
			}
			if fmt.Sprint(names, lines) != fmt.Sprint(tt.names, tt.lines) {
				t.Errorf("rows %q at %v, want %q at %v", names, lines, tt.names, tt.lines)
			}
		})
	}
}
