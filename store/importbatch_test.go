package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"dealcoach/coaching"
	"dealcoach/coaching/crmcsv"
)

// manyDeals are n rows for a few reps, enough to take the path that
// rebuilds the indexes of deals (rebuildMin), with every kind of value.
func manyDeals(n int) []crmcsv.Deal {
	deals := make([]crmcsv.Deal, n)
	stages := []string{"discover", "qualify", "propose", "negotiate"}
	for i := range deals {
		crm := ""
		if i%3 != 0 {
			crm = fmt.Sprintf("C%d", i)
		}
		deals[i] = csvDeal(i+2, fmt.Sprintf("Rep %d", i%7), fmt.Sprintf("Account %d", i%97),
			fmt.Sprintf("Deal %d", i), stages[i%len(stages)], crm, int64(i%500)*100)
		deals[i].NextStep = fmt.Sprintf("call %d", i%11)
		if i%10 == 0 {
			deals[i].Status, deals[i].StageKey = coaching.StatusWon, ""
		}
	}
	return deals
}

// dump is what an import leaves: the deals, their snapshots and the schema
// of their indexes, one string each, in id order.
func dump(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		"SELECT type || ' ' || name || ' ' || sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name",
		"SELECT " + strings.ReplaceAll(dealCols, ", ", " || '|' || ") + " FROM deals ORDER BY id",
		"SELECT deal_id || '|' || taken_at || '|' || stage || '|' || status || '|' || amount || '|' || close_date FROM snapshots ORDER BY deal_id, taken_at, rowid",
		"PRAGMA integrity_check",
		"SELECT 'fk ' || \"table\" || ' ' || rowid FROM pragma_foreign_key_check",
	} {
		rows, err := s.DB().Query(q)
		ok(t, err)
		for rows.Next() {
			var v string
			ok(t, rows.Scan(&v))
			out = append(out, v)
		}
		ok(t, rows.Err())
		rows.Close()
	}
	return out
}

// source streams deals to ImportFrom, with or without the row count that
// lets a large import rebuild indexes; cancel, when set, runs after the
// row at that index.
func source(deals []crmcsv.Deal, rows int, cancelAt int, cancel func()) ImportSource {
	seen, owners := map[string]bool{}, []crmcsv.Owner{}
	for _, d := range deals {
		if !seen[d.Owner] {
			seen[d.Owner] = true
			owners = append(owners, crmcsv.Owner{Name: d.Owner, Line: d.Line})
		}
	}
	i := 0
	return ImportSource{Owners: owners, Rows: rows, Next: func() (crmcsv.Deal, error) {
		if i == len(deals) {
			return crmcsv.Deal{}, io.EOF
		}
		if i == cancelAt {
			cancel()
		}
		i++
		return deals[i-1], nil
	}}
}

// A large import that drops and rebuilds the indexes of deals, and writes
// new deals in batches, leaves the very database that row-by-row writing
// without the count leaves: same deals, snapshots and index definitions,
// integrity and foreign keys checked.
func TestImportLargeEqualsRowByRow(t *testing.T) {
	deals := manyDeals(rebuildMin + 37)
	now := base.Add(time.Hour)
	var dumps [2][]string
	for i, rows := range []int{len(deals), 0} {
		s := openTest(t)
		res, err := s.ImportFrom(ctx, source(deals, rows, -1, nil), ImportOptions{Now: now})
		ok(t, err)
		checkCounts(t, res, len(deals), 0, 0, 7)
		dumps[i] = dump(t, s)
	}
	if len(dumps[0]) != len(dumps[1]) {
		t.Fatalf("%d lines with the row count, %d without", len(dumps[0]), len(dumps[1]))
	}
	for i := range dumps[0] {
		if dumps[0][i] != dumps[1][i] {
			t.Fatalf("line %d: %q with the row count, %q without", i, dumps[0][i], dumps[1][i])
		}
	}
	if !strings.Contains(strings.Join(dumps[0], "\n"), "index deals_rep CREATE INDEX deals_rep") {
		t.Error("deals_rep is missing after the import rebuilt it")
	}
	if dumps[0][len(dumps[0])-1] != "ok" {
		t.Errorf("integrity or foreign keys: %q", dumps[0][len(dumps[0])-1])
	}
}

// A large import that is a dry run, cancelled or refused half way keeps
// the indexes it dropped and every row as it was.
func TestImportLargeRollsBack(t *testing.T) {
	s := openTest(t)
	small := manyDeals(50)
	_, err := s.Import(ctx, small, ImportOptions{Now: base})
	ok(t, err)
	before := dump(t, s)
	deals := manyDeals(rebuildMin + 10)

	res, err := s.ImportFrom(ctx, source(deals, len(deals), -1, nil), ImportOptions{Now: base.Add(time.Hour), DryRun: true})
	ok(t, err)
	checkCounts(t, res, len(deals)-50, 0, 50, 0)

	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	_, err = s.ImportFrom(cctx, source(deals, len(deals), len(deals)-5, cancel), ImportOptions{Now: base.Add(time.Hour)})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: err %v", err)
	}

	bad := append([]crmcsv.Deal{}, deals...)
	bad[len(bad)-3].Name = " "
	_, err = s.ImportFrom(ctx, source(bad, len(bad), -1, nil), ImportOptions{Now: base.Add(time.Hour)})
	var le *crmcsv.LineError
	if !errors.As(err, &le) || le.Line != bad[len(bad)-3].Line {
		t.Fatalf("err %v, want a problem on line %d", err, bad[len(bad)-3].Line)
	}

	after := dump(t, s)
	if strings.Join(before, "\n") != strings.Join(after, "\n") {
		t.Errorf("the database changed: %d lines before, %d after", len(before), len(after))
	}
}

// A batch SQLite refuses names the row it refused, not the batch's first:
// here a CRM id stored already, which matching normally catches first.
func TestImportBatchNamesRefusedRow(t *testing.T) {
	s := openTest(t)
	ann := must[coaching.Rep](t)(s.CreateRep(ctx, "Ann"))
	must[coaching.Deal](t)(s.CreateDeal(ctx, coaching.Deal{RepID: ann.ID, Name: "Stored", Stage: "qualify", CRMID: "X"}))
	err := s.load(ctx, loadOptions{}, func(l *Loader) error {
		im := &importer{l: l, inserts: map[int]*sql.Stmt{}}
		var err error
		if im.maxID, err = maxStoredID(l); err != nil {
			return err
		}
		im.lastID = im.maxID
		for i, crm := range []string{"A", "B", "X", "C", "D"} {
			d := coaching.Deal{RepID: ann.ID, Name: "Deal " + crm, Stage: "qualify", CRMID: crm, Status: coaching.StatusOpen}
			im.pending = append(im.pending, pendingDeal{d, 10 + i})
		}
		return im.flushNew()
	})
	var le *crmcsv.LineError
	if !errors.As(err, &le) || le.Line != 12 || !strings.Contains(le.Problem, "already has CRM id X") {
		t.Fatalf("err %v, want line 12: another deal already has CRM id X", err)
	}
	if n := count(t, s, "deals"); n != 1 {
		t.Errorf("%d deals after the refused batch, want the 1 stored", n)
	}
}
