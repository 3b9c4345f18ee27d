//go:build unix

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"dealcoach/internal/fixtures"
)

// Ctrl-C in the middle of an import stops it and says so, and the database
// is as it was. The file is a named pipe the test writes: half the export,
// then the context is cancelled, then the rest. A pipe holds 64 KB, so the
// import has read most of that half by then. (The store's tests cancel in
// the middle of the writing transaction.)
func TestImportCancelWritesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "coach.db")
	importOK(t, db, fixtures.Path(t, "salesforce-report.csv"))
	before := dbBytes(t, db)

	var export bytes.Buffer
	export.WriteString("Opportunity Owner,Account Name,Opportunity Name,Stage,Amount,Opportunity ID\n")
	const n = 20_000
	half := 0
	for i := range n {
		if i == n/2 {
			half = export.Len()
		}
		fmt.Fprintf(&export, "Rep %d,Account %d,Deal %d,Prospecting,\"$%d.00\",X%d\n", i%7, i, i, i, i)
	}
	pipe := filepath.Join(t.TempDir(), "export.csv")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		// Write errors are expected once the import has stopped reading.
		f, err := os.OpenFile(pipe, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		f.Write(export.Bytes()[:half])
		cancel()
		f.Write(export.Bytes()[half:])
		f.Close()
	}()

	var out, errOut bytes.Buffer
	c := &cli{ctx: ctx, stdout: &out, stderr: &errOut, env: func(string) string { return "" }}
	code := c.execute([]string{"import", "--db", db, pipe})
	<-done
	if code != exitFail || errOut.String() != "dealcoach: import cancelled; nothing was written\n" || out.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
	if dbBytes(t, db) != before {
		t.Error("a cancelled import changed the database file")
	}
	if got := repDeals(t, db); len(got) != 3 {
		t.Errorf("reps after a cancelled import: %v", got)
	}
}
