package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dealcoach/coaching"
	"dealcoach/coaching/crmcsv"
	"dealcoach/internal/fixtures"
)

// readDeals parses and maps a CSV file with the store's playbook, as the
// import command does.
func readDeals(t testing.TB, s *Store, path string, opt crmcsv.Options) []crmcsv.Deal {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := crmcsv.Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	pb, err := s.Playbook(ctx)
	if err != nil {
		t.Fatal(err)
	}
	deals, err := crmcsv.Map(rows, pb, opt)
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	return deals
}

// streamDeals is the import command's two passes over a CSV file: the
// first checks every row and finds the owners, the source it returns
// reads the file again as the import asks for deals. Nothing holds the
// whole file.
func streamDeals(tb testing.TB, s *Store, path string, opt crmcsv.Options) ImportSource {
	tb.Helper()
	rd, m := openExport(tb, s, path, opt)
	n := 0
	for {
		row, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatalf("%s: %v", filepath.Base(path), err)
		}
		if _, ok := m.Deal(row); ok {
			n++
		}
	}
	if err := m.Err(); err != nil {
		tb.Fatalf("%s: %v", filepath.Base(path), err)
	}
	owners := m.Owners()
	rd, m = openExport(tb, s, path, opt)
	return ImportSource{Owners: owners, Rows: n, Next: func() (crmcsv.Deal, error) {
		for {
			row, err := rd.Next()
			if err != nil {
				return crmcsv.Deal{}, err
			}
			if d, ok := m.Deal(row); ok {
				return d, nil
			}
		}
	}}
}

// openExport opens the export at path, closed when the test ends, with a
// mapper for the store's playbook.
func openExport(tb testing.TB, s *Store, path string, opt crmcsv.Options) (*crmcsv.Reader, *crmcsv.Mapper) {
	tb.Helper()
	pb, err := s.Playbook(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	rd, err := crmcsv.NewReader(f)
	if err != nil {
		tb.Fatalf("%s: %v", filepath.Base(path), err)
	}
	return rd, crmcsv.NewMapper(pb, opt)
}

// streamOnce is the file read in one pass, as `dealcoach import` reads it
// into a database without deals.
func streamOnce(tb testing.TB, s *Store, path string, opt crmcsv.Options) ImportSource {
	tb.Helper()
	rd, m := openExport(tb, s, path, opt)
	return ImportSource{OwnersAsRead: true, Next: func() (crmcsv.Deal, error) {
		for {
			row, err := rd.NextSettled()
			if err == io.EOF {
				if err = m.Err(); err == nil {
					_, err = rd.Settle()
				}
				if err == nil {
					return crmcsv.Deal{}, io.EOF
				}
			}
			if err != nil {
				return crmcsv.Deal{}, err
			}
			if d, ok := m.Deal(row); ok {
				return d, nil
			}
		}
	}}
}

func importFixture(t *testing.T, s *Store, name string, now time.Time) ImportResult {
	t.Helper()
	res, err := s.Import(ctx, readDeals(t, s, fixtures.Path(t, name), crmcsv.Options{}), ImportOptions{Now: now})
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	return res
}

func checkCounts(t *testing.T, res ImportResult, newDeals, updated, unchanged, newReps int) {
	t.Helper()
	if res.New != newDeals || res.Updated != updated || res.Unchanged != unchanged || res.NewReps != newReps {
		t.Errorf("%d new, %d updated, %d unchanged deals; %d new reps; want %d, %d, %d; %d",
			res.New, res.Updated, res.Unchanged, res.NewReps, newDeals, updated, unchanged, newReps)
	}
}

// dealsPerRep counts deals by rep name, and deals by status.
func dealsPerRep(t *testing.T, s *Store) (map[string]int, map[coaching.DealStatus]int) {
	t.Helper()
	perRep, perStatus := map[string]int{}, map[coaching.DealStatus]int{}
	for _, r := range must[[]coaching.Rep](t)(s.Reps(ctx)) {
		for _, d := range must[[]coaching.Deal](t)(s.Deals(ctx, r.ID, false)) {
			perRep[r.Name]++
			perStatus[d.Status]++
		}
	}
	return perRep, perStatus
}

func TestImportFixtures(t *testing.T) {
	for _, tc := range []struct {
		file              string
		newDeals, newReps int
		perRep            map[string]int
		won, lost, open   int
	}{
		{"salesforce-report.csv", 10, 3, map[string]int{"Dana Ruiz": 4, "Sam Okafor": 4, "Priya Raman": 2}, 1, 1, 8},
		{"hubspot-deals.csv", 6, 2, map[string]int{"Priya Raman": 2, "Lee Chen": 4}, 1, 0, 5},
		{"salesforce-dataloader.csv", 5, 1, map[string]int{"Dana Ruiz": 5}, 1, 0, 4},
	} {
		t.Run(tc.file, func(t *testing.T) {
			s := openTest(t)
			checkCounts(t, importFixture(t, s, tc.file, base), tc.newDeals, 0, 0, tc.newReps)
			perRep, perStatus := dealsPerRep(t, s)
			if fmt.Sprint(perRep) != fmt.Sprint(tc.perRep) {
				t.Errorf("deals per rep %v, want %v", perRep, tc.perRep)
			}
			if perStatus[coaching.StatusWon] != tc.won || perStatus[coaching.StatusLost] != tc.lost || perStatus[coaching.StatusOpen] != tc.open {
				t.Errorf("statuses %v, want %d won, %d lost, %d open", perStatus, tc.won, tc.lost, tc.open)
			}
			if n := count(t, s, "snapshots"); n != tc.newDeals {
				t.Errorf("%d snapshots, want one per new deal (%d)", n, tc.newDeals)
			}

			// The same file again changes nothing and writes nothing.
			checkCounts(t, importFixture(t, s, tc.file, base.Add(time.Hour)), 0, 0, tc.newDeals, 0)
			if n := count(t, s, "snapshots"); n != tc.newDeals {
				t.Errorf("%d snapshots after a second import, want %d", n, tc.newDeals)
			}
			var touched int
			ok(t, s.DB().QueryRow("SELECT count(*) FROM deals WHERE updated_at <> ?", base.Unix()).Scan(&touched))
			if touched != 0 {
				t.Errorf("%d deals re-stamped by an import that changed nothing", touched)
			}
		})
	}
}

func TestImportClosedDealStage(t *testing.T) {
	s := openTest(t)
	importFixture(t, s, "salesforce-report.csv", base)
	pb := must[*coaching.Playbook](t)(s.Playbook(ctx))
	last := pb.Stages[len(pb.Stages)-1].Key
	for _, name := range []string{"Litware - Seats expansion", "Trey - Research portal"} {
		d := findByName(t, s, name)
		if d.Stage != last || d.Status == coaching.StatusOpen {
			t.Errorf("%s: stage %q status %q; a deal first seen closed gets the last stage (%s)", name, d.Stage, d.Status, last)
		}
	}
}

func findByName(t *testing.T, s *Store, name string) coaching.Deal {
	t.Helper()
	var id int64
	if err := s.DB().QueryRow("SELECT id FROM deals WHERE name = ?", name).Scan(&id); err != nil {
		t.Fatalf("deal %q: %v", name, err)
	}
	return must[coaching.Deal](t)(s.Deal(ctx, id))
}

// TestImportNewerExport is the fixtures README's story: the Data Loader file
// is a later export of Dana Ruiz's deals.
func TestImportNewerExport(t *testing.T) {
	s := openTest(t)
	first, later := base, base.AddDate(0, 0, 9)
	importFixture(t, s, "salesforce-report.csv", first)
	checkCounts(t, importFixture(t, s, "salesforce-dataloader.csv", later), 1, 4, 0, 0)
	pb := must[*coaching.Playbook](t)(s.Playbook(ctx))

	changes := func(name string) (coaching.Deal, coaching.Changes) {
		t.Helper()
		d := findByName(t, s, name)
		snaps := must[[]coaching.Snapshot](t)(s.Snapshots(ctx, d.ID))
		return d, coaching.DealChanges(pb, snaps, first, later.AddDate(0, 0, 1))
	}

	d, c := changes("Northwind - Fleet telematics")
	if c.StageFrom != "propose" || c.StageTo != "negotiate" || c.Direction != 1 {
		t.Errorf("Northwind stage %s → %s (direction %d), want propose → negotiate, forward", c.StageFrom, c.StageTo, c.Direction)
	}
	if c.AmountFrom != 84_000_00 || c.AmountTo != 86_000_00 || c.ClosePushes != 1 {
		t.Errorf("Northwind amount %d → %d, %d close pushes; want 8400000 → 8600000, 1", c.AmountFrom, c.AmountTo, c.ClosePushes)
	}
	if !d.StageSince.Equal(later) || c.DaysInStage != 1 {
		t.Errorf("Northwind stage since %v (%d days in stage), want the later import %v", d.StageSince, c.DaysInStage, later)
	}

	d, c = changes("Blue Yonder - Crew scheduling")
	if c.ClosePushes != 1 || c.StageMoves != 0 || c.CloseTo.String() != "2027-03-15" {
		t.Errorf("Blue Yonder: %+v, want the close date pushed to 2027-03-15 and no stage move", c)
	}
	if !d.StageSince.Equal(first) {
		t.Errorf("Blue Yonder stage since %v, want the first import %v: the stage did not move", d.StageSince, first)
	}

	d, c = changes("Tailspin - Renewal 2027")
	if d.Status != coaching.StatusWon || d.Stage != "negotiate" || c.StatusTo != coaching.StatusWon || c.StatusFrom != coaching.StatusOpen {
		t.Errorf("Tailspin: %s in %s (%s → %s), want won, keeping the stage negotiate", d.Status, d.Stage, c.StatusFrom, c.StatusTo)
	}

	d, c = changes("Fabrikam - Warehouse pilot")
	if c.AmountFrom != 0 || c.AmountTo != 25_000_00 || c.StageFrom != "qualify" || c.StageTo != "qualify" || d.NextStep != "Site visit" {
		t.Errorf("Fabrikam: %+v, next step %q; want an amount set and the same stage, next step Site visit", c, d.NextStep)
	}

	d = findByName(t, s, "Coho Winery - POS rollout")
	if d.Stage != "qualify" || d.Amount != 0 || d.CRMID != "0065e00000XnNwAAB1" {
		t.Errorf("Coho Winery: %+v", d)
	}
	// Deals the later file does not name are left as they were.
	if n := count(t, s, "snapshots"); n != 10+5 {
		t.Errorf("%d snapshots, want 15: 10 first, one per new or updated deal later", n)
	}

	// And that later file once more is nothing new.
	checkCounts(t, importFixture(t, s, "salesforce-dataloader.csv", later.Add(time.Hour)), 0, 0, 5, 0)
}

func TestImportSharedRep(t *testing.T) {
	for _, order := range [][]string{{"hubspot-deals.csv", "salesforce-report.csv"}, {"salesforce-report.csv", "hubspot-deals.csv"}} {
		s := openTest(t)
		importFixture(t, s, order[0], base)
		res := importFixture(t, s, order[1], base.Add(time.Hour))
		if res.New != map[string]int{"hubspot-deals.csv": 6, "salesforce-report.csv": 10}[order[1]] {
			t.Errorf("%v: %+v", order, res)
		}
		perRep, _ := dealsPerRep(t, s)
		if perRep["Priya Raman"] != 4 || len(perRep) != 4 {
			t.Errorf("%v: deals per rep %v, want Priya Raman once with 4", order, perRep)
		}
	}
}

func TestImportRepNamesIgnoreCase(t *testing.T) {
	s := openTest(t)
	must[coaching.Rep](t)(s.CreateRep(ctx, "dana RUIZ"))
	res := importFixture(t, s, "salesforce-dataloader.csv", base)
	checkCounts(t, res, 5, 0, 0, 0)
	if n := count(t, s, "reps"); n != 1 {
		t.Errorf("%d reps, want the existing one", n)
	}
}

func TestImportDryRun(t *testing.T) {
	s := openTest(t)
	importFixture(t, s, "salesforce-report.csv", base)
	deals := readDeals(t, s, fixtures.Path(t, "salesforce-dataloader.csv"), crmcsv.Options{})
	res, err := s.Import(ctx, deals, ImportOptions{DryRun: true, Now: base.Add(time.Hour)})
	ok(t, err)
	checkCounts(t, res, 1, 4, 0, 0)
	if len(res.Changes) != 5 {
		t.Fatalf("%d changes, want 5", len(res.Changes))
	}
	nw := res.Changes[0]
	if nw.New || nw.Line != 2 || nw.Rep != "Dana Ruiz" || nw.Before.Stage != "propose" || nw.After.Stage != "negotiate" {
		t.Errorf("first change %+v", nw)
	}
	if last := res.Changes[4]; !last.New || last.After.Name != "Coho Winery - POS rollout" {
		t.Errorf("last change %+v, want the new Coho Winery deal", last)
	}
	if n := count(t, s, "snapshots"); n != 10 {
		t.Errorf("%d snapshots after a dry run, want 10", n)
	}
	if n := count(t, s, "deals"); n != 10 {
		t.Errorf("%d deals after a dry run, want 10", n)
	}
	if d := findByName(t, s, "Northwind - Fleet telematics"); d.Stage != "propose" {
		t.Errorf("dry run moved Northwind to %s", d.Stage)
	}
	// A dry run of new reps creates none.
	res, err = s.Import(ctx, readDeals(t, s, fixtures.Path(t, "hubspot-deals.csv"), crmcsv.Options{}), ImportOptions{DryRun: true})
	ok(t, err)
	if res.NewReps != 1 || count(t, s, "reps") != 3 {
		t.Errorf("dry run: %d new reps, %d stored; want 1 counted, 3 stored", res.NewReps, count(t, s, "reps"))
	}
}

// csvDeal builds mapped rows directly, for cases no fixture has.
func csvDeal(line int, owner, account, name, stage, crmID string, amount int64) crmcsv.Deal {
	return crmcsv.Deal{Row: crmcsv.Row{Line: line, Owner: owner, Account: account, Name: name, Stage: stage,
		CRMID: crmID, Amount: amount, HasAmount: amount != 0}, StageKey: stage, Status: coaching.StatusOpen}
}

func TestImportIsAllOrNothing(t *testing.T) {
	s := openTest(t)
	importFixture(t, s, "salesforce-report.csv", base)
	deals := []crmcsv.Deal{
		csvDeal(2, "New Rep", "Acme", "Acme - One", "qualify", "X1", 100),
		csvDeal(3, "Dana Ruiz", "Northwind Traders", "Northwind - Fleet telematics", "negotiate", "0065e00000NwFlAAA1", 9),
		csvDeal(4, "New Rep", "Acme", "Acme - Two", "qualify", "X1", 100), // same CRM id as line 2
	}
	_, err := s.Import(ctx, deals, ImportOptions{Now: base.Add(time.Hour)})
	var le *crmcsv.LineError
	if !errors.As(err, &le) || le.Line != 4 || !strings.Contains(le.Problem, "also on line 2") {
		t.Fatalf("err %v, want line 4: CRM id also on line 2", err)
	}
	if count(t, s, "reps") != 3 || count(t, s, "deals") != 10 || count(t, s, "snapshots") != 10 {
		t.Errorf("a failed import left %d reps, %d deals, %d snapshots; want 3, 10, 10",
			count(t, s, "reps"), count(t, s, "deals"), count(t, s, "snapshots"))
	}
	if d := findByName(t, s, "Northwind - Fleet telematics"); d.Stage != "propose" {
		t.Errorf("a failed import moved Northwind to %s", d.Stage)
	}
}

func TestImportDuplicateWithoutID(t *testing.T) {
	s := openTest(t)
	deals := []crmcsv.Deal{
		csvDeal(2, "Ann", "Acme", "Renewal", "qualify", "", 0),
		csvDeal(5, "ann", "ACME", "renewal", "discover", "", 0),
	}
	_, err := s.Import(ctx, deals, ImportOptions{})
	var le *crmcsv.LineError
	if !errors.As(err, &le) || le.Line != 5 || !strings.Contains(le.Problem, "also on line 2") {
		t.Fatalf("err %v, want line 5: also on line 2", err)
	}
}

func TestImportMatching(t *testing.T) {
	s := openTest(t)
	ann := must[coaching.Rep](t)(s.CreateRep(ctx, "Ann"))
	bob := must[coaching.Rep](t)(s.CreateRep(ctx, "Bob"))
	// Typed in by hand before any import: no CRM id, no snapshot.
	byHand := must[coaching.Deal](t)(s.CreateDeal(ctx, coaching.Deal{RepID: ann.ID, Name: "Renewal", Account: "Acme",
		Stage: "qualify", Amount: 500, UpdatedAt: base.Add(-time.Hour), CreatedAt: base.Add(-time.Hour)}))
	withID := must[coaching.Deal](t)(s.CreateDeal(ctx, coaching.Deal{RepID: ann.ID, Name: "Expansion", Account: "Globex",
		Stage: "discover", CRMID: "G1"}))
	ok(t, s.AddSnapshot(ctx, coaching.Snapshot{DealID: withID.ID, TakenAt: base.Add(-time.Hour), Stage: "discover"}))

	now := base.Add(time.Hour)
	res, err := s.Import(ctx, []crmcsv.Deal{
		// Matches the hand-typed deal by rep, account and name, and gives it its id.
		csvDeal(2, "ANN", "acme", "renewal", "qualify", "A1", 500),
		// The CRM moved Globex to Bob: matched by id, in another rep's deals.
		csvDeal(3, "Bob", "Globex", "Expansion", "discover", "G1", 0),
	}, ImportOptions{Now: now})
	ok(t, err)
	checkCounts(t, res, 0, 2, 0, 0)

	d := must[coaching.Deal](t)(s.Deal(ctx, byHand.ID))
	if d.CRMID != "A1" || d.Name != "renewal" || d.Account != "acme" {
		t.Errorf("hand-typed deal after import: %+v", d)
	}
	snaps := must[[]coaching.Snapshot](t)(s.Snapshots(ctx, byHand.ID))
	if len(snaps) != 2 || !snaps[0].TakenAt.Equal(base.Add(-time.Hour)) || !snaps[1].TakenAt.Equal(now) {
		t.Errorf("snapshots %+v, want the state before the import kept, then the import's", snaps)
	}
	if d := must[coaching.Deal](t)(s.Deal(ctx, withID.ID)); d.RepID != bob.ID {
		t.Errorf("Globex deal belongs to rep %d, want Bob (%d)", d.RepID, bob.ID)
	}
	if n := len(must[[]coaching.Snapshot](t)(s.Snapshots(ctx, withID.ID))); n != 2 {
		t.Errorf("Globex deal has %d snapshots, want 2: it had one already", n)
	}

	// A row whose CRM id is new but whose name matches a deal that has
	// another id is another deal.
	res, err = s.Import(ctx, []crmcsv.Deal{csvDeal(2, "Ann", "acme", "renewal", "qualify", "A2", 500)}, ImportOptions{Now: now})
	ok(t, err)
	checkCounts(t, res, 1, 0, 0, 0)
}

func TestImportErrorsNameTheLine(t *testing.T) {
	s := openTest(t)
	_, err := s.Import(ctx, []crmcsv.Deal{
		csvDeal(2, "Ann", "Acme", "Fine", "qualify", "", 0),
		csvDeal(7, "Ann", "Acme", "", "qualify", "", 0),
	}, ImportOptions{})
	var le *crmcsv.LineError
	if !errors.As(err, &le) || le.Line != 7 {
		t.Fatalf("err %v, want a problem on line 7", err)
	}
	if count(t, s, "reps") != 0 || count(t, s, "deals") != 0 {
		t.Error("a failed import wrote rows")
	}
}

// writeBigExport writes fixtures.WriteExport's export of n deals to path.
func writeBigExport(tb testing.TB, path string, n, closeYear int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	if err := fixtures.WriteExport(f, n, closeYear); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// heapPeak samples the live heap every few milliseconds until stopped:
// MemStats has no high-water mark, and runtime/metrics reads without
// stopping the world.
type heapPeak struct {
	peak atomic.Uint64
	stop chan struct{}
	wg   sync.WaitGroup
}

func watchHeap() *heapPeak {
	h := &heapPeak{stop: make(chan struct{})}
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > h.peak.Load() {
				h.peak.Store(v)
			}
			select {
			case <-h.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return h
}

func (h *heapPeak) Stop() uint64 {
	close(h.stop)
	h.wg.Wait()
	return h.peak.Load()
}

// peakRSS is the process's resident high-water mark (Linux), 0 if unknown.
func peakRSS() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// BenchmarkImport100k is DESIGN §9's import budget (≤ 5 s, ≤ 150 MB): each
// iteration streams a 100,000-row export into a fresh database in one
// pass, as `dealcoach import` does. It reports the peak live heap; the
// process's peak RSS includes the benchmark's own overhead. Set
// DEALCOACH_BENCH_ROWS=1000000 to see that the peak does not grow with
// the file (the issue asks ≤ 150 MB at any size).
func BenchmarkImport100k(b *testing.B) {
	n := benchRows()
	csvPath := filepath.Join(b.TempDir(), "big.csv")
	writeBigExport(b, csvPath, n, 2027)
	var peak uint64
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s, err := Open(ctx, filepath.Join(b.TempDir(), "import.db"))
		if err != nil {
			b.Fatal(err)
		}
		h := watchHeap()
		res, err := s.ImportFrom(ctx, streamOnce(b, s, csvPath, crmcsv.Options{}), ImportOptions{})
		peak = max(peak, h.Stop())
		if err != nil {
			b.Fatal(err)
		}
		if res.New != n || res.NewReps != 200 {
			b.Fatalf("%+v, want %d new deals and 200 new reps", res, n)
		}
		s.Close()
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(peakRSS())/(1<<20), "process-peak-RSS-MB")
}

// BenchmarkReimport100k imports the same 100,000 rows into a database that
// has them: every deal is loaded, compared and left alone.
func BenchmarkReimport100k(b *testing.B) {
	n := benchRows()
	dir := b.TempDir()
	csvPath := filepath.Join(dir, "big.csv")
	writeBigExport(b, csvPath, n, 2027)
	s, err := Open(ctx, filepath.Join(dir, "import.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.ImportFrom(ctx, streamDeals(b, s, csvPath, crmcsv.Options{}), ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	var peak uint64
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		h := watchHeap()
		res, err := s.ImportFrom(ctx, streamDeals(b, s, csvPath, crmcsv.Options{}), ImportOptions{})
		peak = max(peak, h.Stop())
		if err != nil {
			b.Fatal(err)
		}
		if res.Unchanged != n {
			b.Fatalf("%+v, want %d unchanged", res, n)
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkImportUpdate100k imports a later export in which every one of
// 100,000 stored deals changed (its close date was pushed): the import that
// writes the most.
func BenchmarkImportUpdate100k(b *testing.B) {
	const n = 100_000
	dir := b.TempDir()
	first, later := filepath.Join(dir, "first.csv"), filepath.Join(dir, "later.csv")
	writeBigExport(b, first, n, 2027)
	writeBigExport(b, later, n, 2028)
	var peak uint64
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s, err := Open(ctx, filepath.Join(b.TempDir(), "import.db"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.ImportFrom(ctx, streamDeals(b, s, first, crmcsv.Options{}), ImportOptions{}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		h := watchHeap()
		res, err := s.ImportFrom(ctx, streamDeals(b, s, later, crmcsv.Options{}), ImportOptions{})
		peak = max(peak, h.Stop())
		if err != nil {
			b.Fatal(err)
		}
		if res.Updated != n {
			b.Fatalf("%+v, want %d updated", res, n)
		}
		s.Close()
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// A cancelled context in the middle of the writing pass rolls back
// everything the import wrote before it.
func TestImportFromCancelled(t *testing.T) {
	s := openTest(t)
	importFixture(t, s, "salesforce-report.csv", base)
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	const n = 5000
	i := 0
	src := ImportSource{Owners: []crmcsv.Owner{{Name: "Dana Ruiz", Line: 2}, {Name: "New Rep", Line: 3}}, Next: func() (crmcsv.Deal, error) {
		if i == n {
			return crmcsv.Deal{}, io.EOF
		}
		i++
		if i == n/2 {
			cancel() // half the deals are written in the transaction by now
		}
		owner := []string{"Dana Ruiz", "New Rep"}[i%2]
		return csvDeal(i+1, owner, "Acme", fmt.Sprintf("Deal %d", i), "qualify", fmt.Sprintf("C%d", i), 100), nil
	}}
	_, err := s.ImportFrom(cctx, src, ImportOptions{Now: base.Add(time.Hour)})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if i >= n {
		t.Errorf("the import read all %d deals after the cancel", i)
	}
	if count(t, s, "reps") != 3 || count(t, s, "deals") != 10 || count(t, s, "snapshots") != 10 {
		t.Errorf("a cancelled import left %d reps, %d deals, %d snapshots; want 3, 10, 10",
			count(t, s, "reps"), count(t, s, "deals"), count(t, s, "snapshots"))
	}
}

func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("DEALCOACH_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// sliceSource streams deals without naming their owners first, as an
// import in one pass does.
func sliceSource(deals []crmcsv.Deal) ImportSource {
	i := 0
	return ImportSource{OwnersAsRead: true, Next: func() (crmcsv.Deal, error) {
		if i == len(deals) {
			return crmcsv.Deal{}, io.EOF
		}
		i++
		return deals[i-1], nil
	}}
}

// Into a database without deals, owners are found or created as their rows
// come, and the indexes dropped for an import of unknown size are back. A
// database with deals refuses, reading no row.
func TestImportOwnersAsRead(t *testing.T) {
	s := openTest(t)
	before := dealIndexes(t, s)
	var deals []crmcsv.Deal
	for i := range 10 {
		deals = append(deals, csvDeal(i+2, fmt.Sprintf("Rep %d", i%3), "Acme", fmt.Sprintf("Deal %d", i), "qualify", "", 100))
	}
	res, err := s.ImportFrom(ctx, sliceSource(deals), ImportOptions{Now: base})
	if err != nil || res.New != len(deals) || res.NewReps != 3 {
		t.Fatalf("%+v, %v", res, err)
	}
	if after := dealIndexes(t, s); !slices.Equal(after, before) {
		t.Errorf("indexes of deals after the import: %q, want %q back", after, before)
	}
	if count(t, s, "reps") != 3 || count(t, s, "snapshots") != len(deals) {
		t.Errorf("%d reps, %d snapshots", count(t, s, "reps"), count(t, s, "snapshots"))
	}
	read := false
	_, err = s.ImportFrom(ctx, ImportSource{OwnersAsRead: true, Next: func() (crmcsv.Deal, error) {
		read = true
		return crmcsv.Deal{}, io.EOF
	}}, ImportOptions{})
	if !errors.Is(err, ErrOwnersFirst) || read {
		t.Errorf("into a database with deals: %v, a row read: %v", err, read)
	}
}

// TestImportRollbackJournal: an import into a database without deals runs
// with the rollback journal, all or nothing as in WAL mode, and leaves the
// file in WAL mode with no journal beside it, whether it commits or fails.
func TestImportRollbackJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "coach.db")
	s := must[*Store](t)(Open(ctx, path))
	defer s.Close()
	var deals []crmcsv.Deal
	for i := range 300 {
		deals = append(deals, csvDeal(i+2, fmt.Sprintf("Rep %d", i%7), "Acme", fmt.Sprintf("Deal %d", i), "qualify", "", 100))
	}
	mode := func() string {
		var m string
		ok(t, s.db.QueryRow("PRAGMA journal_mode").Scan(&m))
		return m
	}
	// A problem at the 200th row: nothing of the first 199 stays.
	src := sliceSource(deals)
	n, next := 0, src.Next
	src.Next = func() (crmcsv.Deal, error) {
		if n++; n == 200 {
			return crmcsv.Deal{}, errors.New("row 200 is bad")
		}
		return next()
	}
	// Another connection would wait for the import to end: the journal
	// file beside the database tells the mode instead.
	journal := false
	inside := src.Next
	src.Next = func() (crmcsv.Deal, error) {
		if n == 150 {
			_, err := os.Stat(path + "-journal")
			journal = err == nil
		}
		return inside()
	}
	if _, err := s.ImportFrom(ctx, src, ImportOptions{Now: base}); err == nil || !strings.Contains(err.Error(), "row 200") {
		t.Fatalf("import: %v, want row 200's problem", err)
	}
	if !journal {
		t.Error("no rollback journal during the import")
	}
	if c := count(t, s, "deals") + count(t, s, "reps"); c != 0 {
		t.Errorf("%d deals and reps after a failed import", c)
	}
	if m := mode(); m != "wal" {
		t.Errorf("journal mode after a failed import: %q", m)
	}
	res, err := s.ImportFrom(ctx, sliceSource(deals), ImportOptions{Now: base})
	if err != nil || res.New != len(deals) {
		t.Fatalf("%+v, %v", res, err)
	}
	if m := mode(); m != "wal" {
		t.Errorf("journal mode after the import: %q", m)
	}
	if _, err := os.Stat(path + "-journal"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a journal is left beside the file: %v", err)
	}
}

// TestImportLogsForTheOrg: a bulk import, which drops the insert trigger
// of the org change log, logs the new deals as the trigger logs them in an
// import of a few rows, and brings the trigger back.
func TestImportLogsForTheOrg(t *testing.T) {
	var deals []crmcsv.Deal
	var owners []crmcsv.Owner
	for i := range 40 {
		deals = append(deals, csvDeal(i+2, fmt.Sprintf("Rep %d", i%4), "Acme", fmt.Sprintf("Deal %d", i), "qualify", "", 100))
		if i < 4 {
			owners = append(owners, crmcsv.Owner{Name: fmt.Sprintf("Rep %d", i), Line: i + 2})
		}
	}
	changes := func(bulk bool) (log []string, schema string) {
		s := openTest(t)
		must[OrgLog](t)(s.StartOrgLog(ctx))
		// A deal added and deleted by hand leaves its id's row behind, and
		// the import's first deal takes the id again.
		d := must[coaching.Deal](t)(s.CreateDeal(ctx, coaching.Deal{RepID: must[coaching.Rep](t)(s.CreateRep(ctx, "Rep 0")).ID, Name: "gone", Stage: "qualify"}))
		_, err := s.db.Exec("DELETE FROM deals WHERE id = ?", d.ID)
		ok(t, err)
		src := sliceSource(deals)
		if !bulk {
			src.OwnersAsRead, src.Owners, src.Rows = false, owners, len(deals)
		}
		res, err := s.ImportFrom(ctx, src, ImportOptions{Now: base})
		if err != nil || res.New != len(deals) {
			t.Fatalf("bulk %v: %+v, %v", bulk, res, err)
		}
		rows, err := s.db.Query("SELECT seq || ' ' || tbl || ' ' || id || ' ' || item FROM org_changes ORDER BY seq")
		ok(t, err)
		log, err = collect(rows, func(r scanner) (string, error) {
			var s string
			return s, r.Scan(&s)
		})
		ok(t, err)
		ok(t, s.db.QueryRow("SELECT group_concat(name || ' ' || sql, char(10)) FROM (SELECT name, sql FROM sqlite_schema WHERE tbl_name = 'deals' ORDER BY name)").Scan(&schema))
		return log, schema
	}
	bulkLog, bulkSchema := changes(true)
	rowLog, rowSchema := changes(false)
	if !slices.Equal(bulkLog, rowLog) {
		t.Errorf("org changes of a bulk import:\n%s\nof a row-by-row one:\n%s", strings.Join(bulkLog, "\n"), strings.Join(rowLog, "\n"))
	}
	// The deleted deal's row went: its id is the first new deal's.
	if n := strings.Count(strings.Join(bulkLog, "\n"), " deals "); n != len(deals) {
		t.Errorf("%d deals logged, want the %d imported", n, len(deals))
	}
	if bulkSchema != rowSchema || !strings.Contains(bulkSchema, insertTrigger) {
		t.Errorf("schema of deals after a bulk import:\n%s\nwant:\n%s", bulkSchema, rowSchema)
	}
}

// dealIndexes lists the indexes of deals, with their SQL.
func dealIndexes(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.db.Query("SELECT name || ' ' || coalesce(sql, '') FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'deals' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	list, err := collect(rows, func(r scanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	if err != nil || len(list) < 2 {
		t.Fatalf("indexes of deals: %q, %v", list, err)
	}
	return list
}
