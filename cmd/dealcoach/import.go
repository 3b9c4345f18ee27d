package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dealcoach/coaching"
	"dealcoach/coaching/crmcsv"
	"dealcoach/store"
)

// importMemoryLimit is the Go heap's soft limit during an import. Without
// it, re-importing a million rows peaked at 174 MB; with it, 134 MB.
const importMemoryLimit = 96 << 20

// importOptions are import's flags.
type importOptions struct {
	rep                          string
	stageMap, columns            []string
	dryRun                       bool
	dateOrder, decimal, currency string
	format                       string
}

func (c *cli) importCmd() *cobra.Command {
	var o importOptions
	cmd := &cobra.Command{
		Use:   `import FILE.csv [--rep NAME] [--stage-map "CRM stage=key"]... [--dry-run] [--format text|json] [--date-order dmy|mdy|ymd] [--decimal ,|.] [--currency CODE] [--column "Header=field"]...`,
		Short: "Bring a CRM export (CSV) into the database, all or nothing",
		Example: `  dealcoach import deals.csv --dry-run
  dealcoach import deals.csv --format json > imported.json
  dealcoach import deals.csv --stage-map "Negotiation/Review=negotiate" --date-order dmy
  dealcoach import dana.csv --rep "Dana Ruiz" --currency EUR --decimal ,`,
		Args: positional(1, 1),
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return []cobra.Completion{"csv"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(_ *cobra.Command, args []string) error { return c.importCSV(args[0], o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.rep, "rep", "", "the rep who owns deals the file names no owner for")
	f.StringArrayVar(&o.stageMap, "stage-map", nil, `map a CRM stage to a playbook stage: "CRM stage=key" (repeatable)`)
	f.BoolVar(&o.dryRun, "dry-run", false, "show what would change and write nothing")
	f.StringVar(&o.dateOrder, "date-order", "", "the order of slashed dates: dmy, mdy or ymd (default: what the file's dates show)")
	f.StringVar(&o.decimal, "decimal", "", `the decimal mark of amounts: "," or "." (default: what the file's amounts show)`)
	f.StringVar(&o.currency, "currency", "", "the currency of amounts that name none, such as EUR (default USD)")
	f.StringVar(&o.format, "format", "text", "text, or json (counts, warnings and each new or updated deal) for a program to read")
	f.StringArrayVar(&o.columns, "column", nil, `read a column the importer does not know: "Header=field" (repeatable)`)
	c.completeReps(cmd)
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.RegisterFlagCompletionFunc("date-order", cobra.FixedCompletions([]string{"dmy", "mdy", "ymd"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// importCSV is `dealcoach import FILE.csv`: a CRM export into the
// database, all or nothing (DESIGN §7).
func (c *cli) importCSV(file string, o importOptions) error {
	valueFormat, err := importFormat(o.dateOrder, o.decimal, o.currency, o.columns)
	if err != nil {
		return err
	}
	jsonOut := false
	switch o.format {
	case "text":
	case "json":
		jsonOut = true
	default:
		return usageErrorf("import: --format %q: want text or json", o.format)
	}

	// The import streams the file, so its live data is small at any size;
	// but the collector's default headroom doubles the heap, and SQLite's
	// page cache comes on top. A soft limit makes the collector work
	// harder instead. GOMEMLIMIT, when set, wins.
	if c.env("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(importMemoryLimit))
	}

	// A missing file leaves the database untouched, not even created. (It
	// is not opened here: a named pipe would give its data to this open.)
	if _, err := os.Stat(file); err != nil {
		return pathErr(file, err)
	}

	path, err := c.dbPath(c.db)
	if err != nil {
		return err
	}
	_, statErr := os.Stat(path)
	created := errors.Is(statErr, fs.ErrNotExist)
	discard := func() {
		if created {
			// "Nothing written" includes the file Open just made for us.
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				os.Remove(p)
			}
		}
	}
	st, err := c.create(path)
	if err != nil {
		discard()
		return c.cancelled(err)
	}
	res, err := importFile(c, st, file, o.rep, o.stageMap, valueFormat, o.dryRun, jsonOut)
	st.Close()
	if res.changes != nil {
		defer res.changes.Close()
	}
	if err != nil {
		discard()
		return c.cancelled(err)
	}

	for _, w := range res.warnings {
		fmt.Fprintf(c.stderr, "dealcoach: warning: %s: %s\n", coaching.SafeLine(file), w)
	}
	counts := fmt.Sprintf("%d new, %d updated, %d unchanged deals; %d new %s",
		res.New, res.Updated, res.Unchanged, res.NewReps, plural(res.NewReps, "rep"))
	if !o.dryRun && !jsonOut {
		fmt.Fprintln(c.stdout, counts)
		return nil
	}
	if _, err := res.changes.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if jsonOut {
		return writeImportJSON(c.stdout, file, o.dryRun, res)
	}
	fmt.Fprintln(c.stdout, "Dry run — nothing written: "+counts)
	_, err = io.Copy(c.stdout, res.changes)
	return err
}

// importJSON is `import --format json`, of a dry run or of an import,
// without its deals, which stream from the temporary file after it.
type importJSON struct {
	File      string   `json:"file"`
	DryRun    bool     `json:"dry_run"`
	New       int      `json:"new"`
	Updated   int      `json:"updated"`
	Unchanged int      `json:"unchanged"`
	NewReps   int      `json:"new_reps"`
	DateOrder string   `json:"date_order"`
	Warnings  []string `json:"warnings"`
}

// importDealJSON is one new or updated deal of a JSON import.
type importDealJSON struct {
	Line        int    `json:"line"`
	CRMID       string `json:"crm_id"`
	Name        string `json:"name"`
	Account     string `json:"account"`
	Rep         string `json:"rep"`
	Stage       string `json:"stage"`
	Status      string `json:"status"`
	AmountCents int64  `json:"amount_cents"`
	Currency    string `json:"currency"`
	CloseDate   string `json:"close_date"`
	Change      string `json:"change"`
}

// writeImportJSON prints the counts and warnings, then the deals the
// import listed one per line in res.changes, as one JSON object.
func writeImportJSON(w io.Writer, file string, dryRun bool, res importResult) error {
	head, err := json.Marshal(importJSON{File: file, DryRun: dryRun, New: res.New, Updated: res.Updated, Unchanged: res.Unchanged,
		NewReps: res.NewReps, DateOrder: string(res.format.DateOrder), Warnings: append([]string{}, res.warnings...)})
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.Write(coaching.EscapeJSON(head[:len(head)-1]))
	bw.WriteString(`,"deals":[`)
	sc := bufio.NewScanner(res.changes)
	sc.Buffer(nil, 1<<20)
	for first := true; sc.Scan(); first = false {
		if !first {
			bw.WriteByte(',')
		}
		bw.WriteString("\n")
		bw.Write(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		return err
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}

// writeChangeJSON lists one change of a JSON import on a line.
func writeChangeJSON(w io.Writer, ch store.DealChange) error {
	a, change := ch.After, "updated"
	if ch.New {
		change = "new"
	}
	if a.Currency == "" {
		a.Currency = "USD" // what the store keeps for a new deal that names none
	}
	b, err := json.Marshal(importDealJSON{Line: ch.Line, CRMID: a.CRMID, Name: a.Name, Account: a.Account, Rep: ch.Rep,
		Stage: a.Stage, Status: string(a.Status), AmountCents: a.Amount, Currency: a.Currency,
		CloseDate: a.CloseDate.String(), Change: change})
	if err != nil {
		return err
	}
	_, err = w.Write(append(coaching.EscapeJSON(b), '\n'))
	return err
}

// importFormat reads the flags that say how the file writes its values.
func importFormat(order, decimal, currency string, columns []string) (crmcsv.Format, error) {
	var f crmcsv.Format
	switch o := crmcsv.DateOrder(strings.ToLower(order)); o {
	case "", crmcsv.DMY, crmcsv.MDY, crmcsv.YMD:
		f.DateOrder = o
	default:
		return f, usageErrorf("import: --date-order %q: want dmy, mdy or ymd", order)
	}
	switch decimal {
	case "":
	case ",", ".":
		f.Decimal = decimal[0]
	default:
		return f, usageErrorf(`import: --decimal %q: want "," or "."`, decimal)
	}
	if currency != "" {
		code, ok := crmcsv.CurrencyCode(currency)
		if !ok || code == "" {
			return f, usageErrorf("import: --currency %q: want a currency code such as USD, EUR or GBP", currency)
		}
		f.Currency = code
	}
	cols, err := crmcsv.ParseColumns(columns)
	if err != nil {
		return f, usageErrorf("import: %v", err)
	}
	f.Columns = cols
	return f, nil
}

// cancelled words the error of an import that ctrl-C stopped: whatever
// step it was at, the transaction (if any) was rolled back.
func (c *cli) cancelled(err error) error {
	if c.ctx.Err() != nil {
		return errors.New("import cancelled; nothing was written")
	}
	return err
}

// openExport opens the CSV file; its errors read "FILE: problem".
func openExport(file string) (*os.File, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, pathErr(file, err)
	}
	if info, err := f.Stat(); err == nil && info.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s: is a folder, not a CSV file", file)
	}
	return f, nil
}

// pathErr reads "FILE: problem".
func pathErr(file string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %v", file, pe.Err)
	}
	return err
}

// exportReader streams the deals of the CSV file: each row is read,
// checked and placed in the playbook as it is needed.
type exportReader struct {
	c    *cli
	f    *os.File
	read *countingReader // bytes read, for the progress line
	rd   *crmcsv.Reader
	m    *crmcsv.Mapper
	rows int
	// settled reads with NextSettled, for an import in one pass.
	settled bool
}

func openDeals(c *cli, file string, pb *coaching.Playbook, opt crmcsv.Options, format crmcsv.Format) (*exportReader, error) {
	f, err := openExport(file)
	if err != nil {
		return nil, err
	}
	read := &countingReader{r: f}
	rd, err := crmcsv.NewReaderFormat(read, format)
	if err != nil {
		f.Close()
		return nil, inFile(file, err)
	}
	return &exportReader{c: c, f: f, read: read, rd: rd, m: crmcsv.NewMapper(pb, opt)}, nil
}

// next returns the next deal, false for a row with a problem the mapper
// reports at the end, and io.EOF after the last row. Its errors are
// crmcsv's, without the file name.
func (e *exportReader) next() (crmcsv.Deal, bool, error) {
	// The context is checked now and then: ctrl-C stops a long read.
	if e.rows++; e.rows%1024 == 0 {
		if err := e.c.ctx.Err(); err != nil {
			return crmcsv.Deal{}, false, err
		}
	}
	next := e.rd.Next
	if e.settled {
		next = e.rd.NextSettled
	}
	row, err := next()
	if err != nil {
		return crmcsv.Deal{}, false, err
	}
	d, ok := e.m.Deal(row)
	return d, ok, nil
}

type importResult struct {
	store.ImportResult
	changes  *os.File // the deals a dry run or a JSON import changed, one a line
	warnings []string // what was assumed for values the file does not give
	format   crmcsv.Format
}

// errTwoPasses is importOnce handing the import over to two passes.
var errTwoPasses = errors.New("import in two passes")

// importFile imports the file in one pass when it can (importOnce), else
// in two, so that it is never all in memory and still all or nothing: the
// first reads every row and reports
// every problem (bad rows, unknown stages with the --stage-map flags that
// map them, missing owners) while the database is untouched; the second
// reads the file again and writes it in one transaction. The first pass
// also settles the file's date order and decimal mark from all its values,
// so the second never guesses one row at a time. A dry run's
// changes are in a temporary file, however many there are.
func importFile(c *cli, st *store.Store, file, rep string, stageFlags []string, format crmcsv.Format, dryRun, jsonOut bool) (res importResult, err error) {
	pb, err := st.Playbook(c.ctx)
	if err != nil {
		return res, err
	}
	stageMap, err := crmcsv.ParseStageMap(stageFlags, pb)
	if err != nil {
		return res, usageErrorf("import: %v", err)
	}
	opt := crmcsv.Options{Rep: rep, StageMap: stageMap}
	// A large export takes minutes; on a terminal, a line says how far.
	prog := newProgress(c.stderr)
	defer prog.done()
	res, err = importOnce(c, st, file, pb, opt, format, dryRun, jsonOut, prog)
	if !errors.Is(err, errTwoPasses) {
		return res, err
	}
	res = importResult{}

	check, err := openDeals(c, file, pb, opt, format)
	if err != nil {
		return res, err
	}
	defer check.f.Close()
	prog.start(checkingLine(file, fileSizeOf(check.f), check.read))
	deals := 0
	for {
		_, ok, err := check.next()
		if err == io.EOF {
			break
		} else if err != nil {
			return res, inFile(file, err)
		}
		if ok {
			deals++
		}
		prog.add(1)
	}
	if err := check.m.Err(); err != nil {
		return res, inFile(file, err)
	}
	if res.format, err = check.rd.Settle(); err != nil {
		return res, inFile(file, err)
	}
	res.warnings = check.rd.Warnings()
	check.f.Close()

	write, err := openDeals(c, file, pb, opt, res.format)
	if err != nil {
		return res, err
	}
	defer write.f.Close()
	prog.start(writingLine(deals))
	src := store.ImportSource{Owners: check.m.Owners(), Rows: deals, Next: func() (crmcsv.Deal, error) {
		for {
			d, ok, err := write.next()
			if ok {
				prog.add(1)
			}
			if err != nil || ok {
				return d, err
			}
			// The first pass found no problem; a row with one now means
			// the file changed in between.
			if err := write.m.Err(); err != nil {
				return d, err
			}
		}
	}}
	iopt, w, err := importOptionsFor(&res, pb, dryRun, jsonOut)
	if err != nil {
		return res, err
	}
	if res.ImportResult, err = st.ImportFrom(c.ctx, src, iopt); err != nil {
		return res, inFile(file, err)
	}
	if w != nil {
		return res, w.Flush()
	}
	return res, nil
}

// importOnce imports the file in one pass: each row is written as it is
// read, and every problem the first of two passes would report is found
// by the end, before the commit. It returns errTwoPasses, having written
// nothing, when one pass cannot do: the database has deals (their owners'
// deals are loaded before the first row), or the rows leave the file's
// date order or decimal mark open for long (crmcsv.ErrUnsettled), or the
// store refused a row, when two passes report what the first would find
// before the store's error. Only a regular file can be read again so; a
// named pipe takes two passes, as before.
func importOnce(c *cli, st *store.Store, file string, pb *coaching.Playbook, opt crmcsv.Options, format crmcsv.Format,
	dryRun, jsonOut bool, prog *progress) (res importResult, err error) {
	if info, err := os.Stat(file); err != nil || !info.Mode().IsRegular() {
		return res, errTwoPasses
	}
	var rd *exportReader
	defer func() {
		if rd != nil {
			rd.f.Close()
		}
	}()
	fromFile := false // the error is the file's, not the store's
	var openErr error // openDeals's, which names the file itself
	src := store.ImportSource{OwnersAsRead: true, Next: func() (crmcsv.Deal, error) {
		// Opened at the first row: the store refuses one pass (ErrOwnersFirst)
		// before it, and the file is then read from its start by two.
		if rd == nil {
			var err error
			if rd, err = openDeals(c, file, pb, opt, format); err != nil {
				openErr = err
				return crmcsv.Deal{}, err
			}
			rd.settled = true
			prog.start(importingLine(file, fileSizeOf(rd.f), rd.read))
		}
		for {
			d, ok, err := rd.next()
			if err == io.EOF {
				// The first of two passes would report these now.
				if err = rd.m.Err(); err == nil {
					res.format, err = rd.rd.Settle()
				}
				if err == nil {
					return d, io.EOF
				}
			}
			if err != nil {
				fromFile = true
				return d, err
			}
			prog.add(1)
			if ok {
				return d, nil
			}
		}
	}}
	iopt, w, err := importOptionsFor(&res, pb, dryRun, jsonOut)
	if err != nil {
		return res, err
	}
	res.ImportResult, err = st.ImportFrom(c.ctx, src, iopt)
	switch {
	case err == nil:
	case openErr != nil && c.ctx.Err() == nil:
		return res, openErr
	case c.ctx.Err() != nil, fromFile && !errors.Is(err, crmcsv.ErrUnsettled):
		return res, inFile(file, err)
	default:
		if res.changes != nil {
			res.changes.Close()
		}
		return importResult{}, errTwoPasses
	}
	if rd == nil { // the store read no rows: it failed first
		return res, errors.New("import: nothing read")
	}
	res.warnings = rd.rd.Warnings()
	if w != nil {
		return res, w.Flush()
	}
	return res, nil
}

// importOptionsFor sets up the store's options, with the temporary file
// where a dry run or a JSON import lists its changes.
func importOptionsFor(res *importResult, pb *coaching.Playbook, dryRun, jsonOut bool) (store.ImportOptions, *bufio.Writer, error) {
	iopt := store.ImportOptions{DryRun: dryRun, Now: time.Now()}
	if !dryRun && !jsonOut {
		return iopt, nil, nil
	}
	var err error
	if res.changes, err = os.CreateTemp("", "dealcoach-import-*"); err != nil {
		return iopt, nil, err
	}
	os.Remove(res.changes.Name()) // gone when closed
	w := bufio.NewWriter(res.changes)
	iopt.OnChange = func(ch store.DealChange) error { return writeChange(w, pb, ch) }
	if jsonOut {
		iopt.OnChange = func(ch store.DealChange) error { return writeChangeJSON(w, ch) }
	}
	return iopt, w, nil
}

// fileSizeOf is the size of a regular file, 0 for a pipe.
func fileSizeOf(f *os.File) int64 {
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
		return info.Size()
	}
	return 0
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

// writeChange lists one change of a dry run on a line.
func writeChange(w io.Writer, pb *coaching.Playbook, ch store.DealChange) error {
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
	_, err := fmt.Fprintf(w, "  line %d  %s  %s (%s): %s\n", ch.Line, verb,
		coaching.SafeLine(a.Name), coaching.SafeLine(ch.Rep), coaching.SafeLine(strings.Join(what, "; ")))
	return err
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
