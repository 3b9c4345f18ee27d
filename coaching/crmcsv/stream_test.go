package crmcsv

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// settledRows reads a file in one pass with NextSettled, as an import does.
func settledRows(t *testing.T, csv string, f Format) ([]Row, Format, error) {
	t.Helper()
	rd, err := NewReaderFormat(strings.NewReader(csv), f)
	if err != nil {
		return nil, f, err
	}
	var rows []Row
	for {
		row, err := rd.NextSettled()
		if err == io.EOF {
			f, err := rd.Settle()
			return rows, f, err
		}
		if err != nil {
			return rows, f, err
		}
		rows = append(rows, row)
	}
}

// One pass reads every row as the two passes of ParseFormat do: values
// either format reads wait until a later row settles it, or the end does.
func TestNextSettledReadsAsTwoPasses(t *testing.T) {
	files := map[string]string{
		"day first, shown late":   "Name,Stage,Close Date,Amount\nA,Prospecting,05/11/2026,1.5\nB,Prospecting,03/04/2026,\nC,Prospecting,25/12/2026,\nD,Prospecting,01/02/2026,2\n",
		"month first, shown late": "Name,Stage,Close Date\nA,Prospecting,05/11/2026\nB,Prospecting,12/25/2026\nC,Prospecting,01/02/2026\n",
		"comma shown late":        "Name,Stage,Amount\nA,Prospecting,\"1,234\"\nB,Prospecting,\"2,5\"\nC,Prospecting,\"9,876\"\n",
		"never shown":             "Name,Stage,Amount,Close Date\nA,Prospecting,\"1,234\",2026-01-05\nB,Prospecting,7,2026-02-03\n",
		"nothing ambiguous":       "Name,Stage,Amount,Close Date\nA,Prospecting,$1.50,2026-01-05\nB,Prospecting,7,2026-02-03\n",
	}
	for name, csv := range files {
		t.Run(name, func(t *testing.T) {
			want, err := ParseFormat(strings.NewReader(csv), Format{})
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := settledRows(t, csv, Format{})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("one pass:\n%+v\ntwo passes:\n%+v", got, want)
			}
		})
	}
}

// A file whose dates contradict each other still fails in Settle, with the
// same words as two passes, once every row is read.
func TestNextSettledContradictionFailsAtSettle(t *testing.T) {
	csv := "Name,Stage,Close Date\nA,Prospecting,05/11/2026\nB,Prospecting,25/12/2026\nC,Prospecting,12/25/2026\n"
	_, want := ParseFormat(strings.NewReader(csv), Format{})
	rows, _, err := settledRows(t, csv, Format{})
	if err == nil || want == nil || err.Error() != want.Error() || len(rows) != 3 {
		t.Fatalf("one pass: %d rows, %v; two passes: %v", len(rows), err, want)
	}
}

// Rows that never settle are held only up to maxSettleHold: then the
// import reads the file twice.
func TestNextSettledGivesUp(t *testing.T) {
	var b strings.Builder
	b.WriteString("Name,Stage,Close Date\n")
	for i := range maxSettleHold + 1 {
		fmt.Fprintf(&b, "D%d,Prospecting,05/11/2026\n", i)
	}
	b.WriteString("Z,Prospecting,25/12/2026\n")
	rows, _, err := settledRows(t, b.String(), Format{})
	if !errors.Is(err, ErrUnsettled) || len(rows) != 0 {
		t.Fatalf("%d rows, %v; want ErrUnsettled", len(rows), err)
	}
	// The flags settle it from the first row.
	rows, f, err := settledRows(t, b.String(), Format{DateOrder: DMY})
	if err != nil || len(rows) != maxSettleHold+2 || f.DateOrder != DMY || rows[0].CloseDate.String() != "2026-11-05" {
		t.Fatalf("%d rows, %v, %v", len(rows), f, err)
	}
}

// The testdata exports read the same in one pass as in two.
func TestNextSettledTestdata(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/crm/*.csv")
	if len(files) == 0 {
		t.Skip("no testdata")
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		want, werr := ParseFormat(strings.NewReader(string(data)), Format{})
		got, _, gerr := settledRows(t, string(data), Format{})
		if (werr == nil) != (gerr == nil) || (werr != nil && werr.Error() != gerr.Error()) {
			t.Errorf("%s: one pass %v, two passes %v", file, gerr, werr)
			continue
		}
		if werr == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("%s: rows differ", file)
		}
	}
}
