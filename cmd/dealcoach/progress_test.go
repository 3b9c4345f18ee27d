package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The progress line redraws at most every progressEvery, says each phase in
// its words, and is cleared when the import ends. The clock is the test's.
func TestProgressLine(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	tick := func(d time.Duration) { clock = clock.Add(d) }
	p := &progress{w: &out, on: true, now: func() time.Time { return clock }}

	read := &countingReader{r: strings.NewReader(strings.Repeat("x", 1000))}
	buf := make([]byte, 410)
	read.Read(buf)
	if got := importingLine("/exports/deals.csv", 22<<20, read)(6000); got != "importing deals.csv: 6,000 rows · 0% of 22 MB" {
		t.Errorf("importingLine: %q", got)
	}
	p.start(checkingLine("/exports/deals.csv", 22<<20, read))
	for range 5 {
		p.add(1000) // no time has passed: nothing drawn
	}
	if out.Len() != 0 {
		t.Fatalf("drawn before %v had passed: %q", progressEvery, out.String())
	}
	read.n = 9 << 20
	tick(progressEvery)
	p.add(1000)
	want := "\r\x1b[Kchecking deals.csv: 6,000 rows · 40% of 22 MB"
	if out.String() != want {
		t.Fatalf("got %q, want %q", out.String(), want)
	}
	tick(progressEvery / 2)
	for range 100 {
		p.add(1)
	}
	if out.String() != want {
		t.Fatalf("redrawn within %v: %q", progressEvery, out.String())
	}

	out.Reset()
	p.start(writingLine(312_000))
	if out.String() != "\r\x1b[K" {
		t.Fatalf("a new phase did not clear the line: %q", out.String())
	}
	out.Reset()
	tick(progressEvery)
	p.add(120_000)
	tick(progressEvery)
	p.add(1)
	want = "\r\x1b[Kwriting: 120,000 of 312,000 deals\r\x1b[Kwriting: 120,001 of 312,000 deals"
	if out.String() != want {
		t.Fatalf("got %q, want %q", out.String(), want)
	}

	out.Reset()
	p.done()
	p.done()
	if out.String() != "\r\x1b[K" {
		t.Errorf("done: %q, want the line cleared once", out.String())
	}

	// A phase too short to draw leaves nothing to clear; a file of
	// unknown size (a named pipe) gets rows only.
	out.Reset()
	p.start(checkingLine("pipe", 0, read))
	p.add(3)
	p.done()
	if out.Len() != 0 {
		t.Errorf("a quick phase wrote %q", out.String())
	}
	if got := checkingLine("pipe", 0, read)(3); got != "checking pipe: 3 rows" {
		t.Errorf("unknown size: %q", got)
	}
}

// Piped or redirected stderr, a file too, is no terminal: no progress.
func TestProgressOnlyOnTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if newProgress(f).on || newProgress(&bytes.Buffer{}).on {
		t.Error("progress drawn where stderr is not a terminal")
	}
}

// A large import with stderr not a terminal prints its counts and no
// progress: stderr has nothing but the warnings.
func TestImportLargeNoProgressWhenPiped(t *testing.T) {
	var csv strings.Builder
	csv.WriteString("Opportunity Owner,Account Name,Opportunity Name,Stage,Amount,Opportunity ID\n")
	const n = 20_000
	for i := range n {
		fmt.Fprintf(&csv, "Rep %d,Account %d,Deal %d,Prospecting,\"$%d.00\",X%d\n", i%7, i, i, i, i)
	}
	file := writeCSV(t, "big.csv", csv.String())
	r := dealcoach(t, nil, "import", "--db", filepath.Join(t.TempDir(), "coach.db"), file)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "20000 new, ") {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if rest := onlyWarnings(r.stderr); rest != "" || strings.ContainsAny(r.stderr, "\r\x1b") {
		t.Errorf("stderr has more than warnings: %q", r.stderr)
	}
}

func TestFileSize(t *testing.T) {
	for n, want := range map[int64]string{
		512: "512 bytes", 640 << 10: "640 KB", 1536 << 10: "1.5 MB", 22 << 20: "22 MB", 3 << 30: "3.0 GB",
	} {
		if got := fileSize(n); got != want {
			t.Errorf("fileSize(%d) = %q, want %q", n, got, want)
		}
	}
}

// In a terminal, the built binary's progress lines (if the import lasted
// long enough to draw any) are cleared before the counts print, which then
// stand on a clean line of their own.
func TestImportProgressInTerminal(t *testing.T) {
	bin := buildBinary(t)
	var csv strings.Builder
	csv.WriteString("Opportunity Owner,Account Name,Opportunity Name,Stage,Amount,Currency,Opportunity ID\n")
	const n = 30_000
	for i := range n {
		fmt.Fprintf(&csv, "Rep %d,Account %d,Deal %d,Prospecting,%d.00,USD,X%d\n", i%7, i, i, i, i)
	}
	file := writeCSV(t, "big.csv", csv.String())
	db := filepath.Join(t.TempDir(), "coach.db")
	tm := startTerminal(t, bin, []string{"HOME=" + t.TempDir()}, "import", "--db", db, file)
	if code := tm.wait(); code != 0 {
		t.Fatalf("exit %d:\n%q", code, tail(tm.raw(), 500))
	}
	tm.waitFor("30000 new")
	raw := tm.raw()
	before, _, _ := strings.Cut(raw, "30000 new")
	// The terminal queries the program makes at start (background colour,
	// cursor position) are not progress.
	before = strings.NewReplacer("\x1b]11;?\x1b\\", "", "\x1b[6n", "").Replace(before)
	if i := strings.LastIndex(before, "\x1b[K"); i >= 0 && before[i+len("\x1b[K"):] != "" {
		t.Errorf("the counts do not start a clean line: %q", tail(before, 200))
	}
	if before != "" && !strings.HasSuffix(before, "\r\x1b[K") {
		t.Errorf("progress left on screen before the counts: %q", tail(before, 200))
	}
	for _, l := range strings.Split(before, "\r\x1b[K") {
		if l != "" && !strings.HasPrefix(l, "importing big.csv: ") {
			t.Errorf("unexpected progress text %q", l)
		}
	}
	// A new database takes one pass (importOnce), with one line.
	t.Logf("progress drawn %d times", strings.Count(before, "importing "))
}
