package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"dealcoach/coaching"
	"dealcoach/coaching/crmcsv"
	"dealcoach/store"
)

// importMemoryLimit is the Go heap's soft limit during an import.
const importMemoryLimit = 96 << 20

// stageMapFlag collects repeated --stage-map flags.
type stageMapFlag []string

func (f *stageMapFlag) String() string     { return strings.Join(*f, ", ") }
func (f *stageMapFlag) Set(v string) error { *f = append(*f, v); return nil }

// importCSV is `dealcoach import FILE.csv`: a CRM export into the
// database, all or nothing (DESIGN §7).
func (c *cli) importCSV(args []string) error {
	flags, db := newFlags("import")
	rep := flags.String("rep", "", "the rep who owns deals the file names no owner for")
	var stageMap stageMapFlag
	flags.Var(&stageMap, "stage-map", `map a CRM stage to a playbook stage: "CRM stage=key" (repeatable)`)
	dryRun := flags.Bool("dry-run", false, "show what would change and write nothing")
	pos, err := parse(flags, args, 1, 1)
	if err != nil {
		return err
	}
	file := pos[0]

	// DESIGN §9 budgets 150 MB for a 100,000-row import. Its live data is
	// about 60 MB, but the collector's default headroom doubles that, and
	// SQLite's page cache comes on top; a soft limit makes the collector
	// work harder instead. GOMEMLIMIT, when set, wins.
	if c.env("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(importMemoryLimit))
	}

	// The file is read before the database is opened: a bad file leaves
	// the database untouched, not even created.
	rows, err := readExport(file)
	if err != nil {
		return err
	}

	path, err := c.dbPath(*db)
	if err != nil {
		return err
	}
	_, statErr := os.Stat(path)
	created := errors.Is(statErr, fs.ErrNotExist)
	st, err := c.create(path)
	if err != nil {
		return err
	}
	res, pb, err := importRows(c, st, file, rows, *rep, stageMap, *dryRun)
	st.Close()
	if err != nil {
		if created {
			// "Nothing written" includes the file Open just made for us.
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				os.Remove(p)
			}
		}
		return err
	}

	counts := fmt.Sprintf("%d new, %d updated, %d unchanged deals; %d new %s",
		res.New, res.Updated, res.Unchanged, res.NewReps, plural(res.NewReps, "rep"))
	if !*dryRun {
		fmt.Fprintln(c.stdout, counts)
		return nil
	}
	fmt.Fprintln(c.stdout, "Dry run — nothing written: "+counts)
	return writeChanges(c.stdout, pb, res.Changes)
}

// readExport opens and parses the CSV file; its errors read "FILE:LINE:
// problem" or "FILE: problem".
func readExport(file string) ([]crmcsv.Row, error) {
	f, err := os.Open(file)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s: %v", file, pe.Err)
		}
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, fmt.Errorf("%s: is a folder, not a CSV file", file)
	}
	rows, err := crmcsv.Parse(f)
	if err != nil {
		return nil, inFile(file, err)
	}
	return rows, nil
}

// importRows places the rows in the current playbook and writes them; it
// returns the playbook for the dry run's stage names.
func importRows(c *cli, st *store.Store, file string, rows []crmcsv.Row, rep string, stageFlags []string, dryRun bool) (store.ImportResult, *coaching.Playbook, error) {
	pb, err := st.Playbook(c.ctx)
	if err != nil {
		return store.ImportResult{}, nil, err
	}
	stageMap, err := crmcsv.ParseStageMap(stageFlags, pb)
	if err != nil {
		return store.ImportResult{}, nil, usageErrorf("import: %v", err)
	}
	deals, err := crmcsv.Map(rows, pb, crmcsv.Options{Rep: rep, StageMap: stageMap})
	if err != nil {
		return store.ImportResult{}, nil, inFile(file, err)
	}
	res, err := st.Import(c.ctx, deals, store.ImportOptions{DryRun: dryRun, Now: time.Now()})
	if err != nil {
		return store.ImportResult{}, nil, inFile(file, err)
	}
	return res, pb, nil
}

// inFile puts the file name before crmcsv's "LINE: problem", giving the
// "FILE:LINE: problem" of DESIGN §7.
func inFile(file string, err error) error {
	var many crmcsv.Errors
	if errors.As(err, &many) {
		parts := make([]string, len(many))
		for i, e := range many {
			parts[i] = file + ":" + e.Error()
		}
		return errors.New(strings.Join(parts, "; "))
	}
	var le *crmcsv.LineError
	if errors.As(err, &le) {
		return fmt.Errorf("%s:%s", file, le.Error())
	}
	return fmt.Errorf("%s: %w", file, err)
}

// writeChanges lists what a dry run would do, one deal a line.
func writeChanges(w io.Writer, pb *coaching.Playbook, changes []store.DealChange) error {
	for _, ch := range changes {
		a := ch.After
		var what []string
		if ch.New {
			what = append(what, statusOrStage(pb, a), orNone(money(a), "no amount"), "close "+orNone(a.CloseDate.String(), "not set"))
		} else {
			what = dealDiff(pb, ch.Before, a)
		}
		verb := "update"
		if ch.New {
			verb = "new   "
		}
		if _, err := fmt.Fprintf(w, "  line %d  %s  %s (%s): %s\n", ch.Line, verb,
			coaching.SafeLine(a.Name), coaching.SafeLine(ch.Rep), coaching.SafeLine(strings.Join(what, "; "))); err != nil {
			return err
		}
	}
	return nil
}

// dealDiff names the fields an update changes, in the words of the deal
// walk.
func dealDiff(pb *coaching.Playbook, b, a coaching.Deal) []string {
	var out []string
	diff := func(what, from, to string) {
		if from != to {
			out = append(out, fmt.Sprintf("%s %s → %s", what, orNone(from, "—"), orNone(to, "—")))
		}
	}
	if b.RepID != a.RepID {
		out = append(out, "new owner")
	}
	diff("name", b.Name, a.Name)
	diff("account", b.Account, a.Account)
	diff("stage", pb.StageName(b.Stage), pb.StageName(a.Stage))
	if b.Status != a.Status {
		switch a.Status {
		case coaching.StatusWon:
			out = append(out, "closed won")
		case coaching.StatusLost:
			out = append(out, "closed lost")
		default:
			out = append(out, "reopened")
		}
	}
	diff("amount", money(b), money(a))
	diff("close date", b.CloseDate.String(), a.CloseDate.String())
	switch {
	case b.NextStep == a.NextStep:
	case a.NextStep == "":
		out = append(out, "next step cleared")
	default:
		out = append(out, fmt.Sprintf("next step %q", oneLine(a.NextStep)))
	}
	diff("CRM id", b.CRMID, a.CRMID)
	if len(out) == 0 {
		out = append(out, "currency "+a.Currency)
	}
	return out
}

func statusOrStage(pb *coaching.Playbook, d coaching.Deal) string {
	switch d.Status {
	case coaching.StatusWon:
		return "closed won"
	case coaching.StatusLost:
		return "closed lost"
	}
	return pb.StageName(d.Stage)
}

func money(d coaching.Deal) string {
	if d.Amount == 0 {
		return ""
	}
	return coaching.FormatMoney(d.Amount, d.Currency)
}

func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return s
}
