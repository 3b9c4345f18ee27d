package crmcsv

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"dealcoach/coaching"
)

// Row is one deal as the CRM export gives it, values trimmed.
type Row struct {
	// Line is the 1-based line where the record starts (the header is line
	// 1 when the file starts with it); newlines inside quoted cells count.
	Line int

	Owner, Account, Name, Stage, NextStep, CRMID string

	// Amount is in cents; 0 when the cell is empty, which HasAmount tells
	// apart from a real 0.
	Amount    int64
	HasAmount bool
	// Currency is the ISO code of the row's currency column, or written
	// with the amount ("USD 1,234.50", "€…"), or Format.Currency; "" when
	// none of them names one.
	Currency string
	// Status is the CRM's status cell (Pipedrive "Won", Dynamics "Status
	// Reason"), "" without one; the Mapper reads it.
	Status string

	CloseDate, Created coaching.Date
}

// The columns Parse knows, in the order of colNames.
const (
	colName = iota
	colAccount
	colOwner
	colStage
	colAmount
	colClose
	colNext
	colID
	colCreated
	colCurrency
	colStatus
	numCols
)

// colNames holds, per column, what error messages call it, the field
// name --column uses, and the header names that mean it in the CRMs we
// know, most specific first: when a file has two of them ("Opportunity
// Name" and "Name"), the earlier one in this list wins. Headers are matched
// ignoring case, spaces and underscores, and Pipedrive's "Deal - " prefix.
var colNames = [numCols]struct {
	what, field string
	names       []string
}{
	colName: {"deal name", "name", []string{"Opportunity Name", "Name", "Deal Name",
		"Title",   // Pipedrive "Deal - Title"
		"Topic"}}, // Dynamics 365
	colAccount: {"account", "account", []string{"Account Name", "Account.Name", "Associated Company",
		"Associated Company (Primary)", // HubSpot
		"Organization",                 // Pipedrive "Deal - Organization"
		"Potential Customer"}},         // Dynamics 365
	colOwner: {"owner", "owner", []string{"Opportunity Owner", "Owner.Name", "Deal owner", "Owner"}},
	colStage: {"stage", "stage", []string{"Stage", "StageName", "Deal Stage",
		"Pipeline Phase"}}, // Dynamics 365
	colAmount: {"amount", "amount", []string{"Amount", "Total Amount",
		"Value",          // Pipedrive "Deal - Value"
		"Est. Revenue"}}, // Dynamics 365
	colClose: {"close date", "close_date", []string{"Close Date", "CloseDate",
		"Expected close date", // Pipedrive
		"Est. Close Date",     // Dynamics 365
		"Closing Date"}},      // Zoho
	colNext: {"next step", "next_step", []string{"Next Step", "Opportunity Next Steps"}},
	colID: {"CRM id", "id", []string{"Opportunity ID", "Id", "Record ID",
		"(Do Not Modify) Opportunity"}}, // Dynamics 365
	colCreated: {"created date", "created", []string{"Created Date", "Create Date",
		"Deal created", // Pipedrive
		"Created On"}}, // Dynamics 365
	colCurrency: {"currency", "currency", []string{"Amount Currency", "Currency ISO Code", "CurrencyIsoCode",
		"Currency", "Transaction Currency"}},
	colStatus: {"status", "status", []string{"Status", // Pipedrive: Won, Lost, Open
		"Status Reason"}}, // Dynamics 365: Won; Lost, Canceled, Out-Sold; others open
}

// headerIndex maps a normalized header name to its column and its rank
// among that column's names.
var headerIndex = func() map[string][2]int {
	m := map[string][2]int{}
	for c, cn := range colNames {
		for rank, n := range cn.names {
			m[headerKey(n)] = [2]int{c, rank}
		}
	}
	return m
}()

// headerKey normalizes a header: lower case, no spaces or underscores, no
// "Object: " prefix — except that "Account: Name" and "Owner: Full Name"
// keep their object, or they would read as the deal's name.
func headerKey(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	h = strings.TrimPrefix(h, "deal - ")
	if obj, field, ok := strings.Cut(h, ":"); ok {
		obj, field = squash.Replace(obj), squash.Replace(field)
		if field == "name" || field == "fullname" {
			switch obj {
			case "account":
				return "account.name"
			case "owner", "opportunityowner", "dealowner":
				return "owner.name"
			}
		}
		return field
	}
	return squash.Replace(h)
}

var squash = strings.NewReplacer(" ", "", "_", "", "\t", "")

// header is where each known column sits in a file, -1 when absent.
type header struct {
	col   [numCols]int
	width int // number of cells every row must have
	st    *scan
}

// Fields lists the field names --column takes.
func Fields() []string {
	out := make([]string, 0, numCols)
	for _, cn := range colNames {
		if cn.field != "status" {
			out = append(out, cn.field)
		}
	}
	return out
}

// ParseColumns reads --column flags, "Header=field", into what
// Format.Columns holds.
func ParseColumns(flags []string) (map[string]string, error) {
	m := map[string]string{}
	for _, f := range flags {
		i := strings.LastIndexByte(f, '=')
		if i < 0 || strings.TrimSpace(f[:i]) == "" {
			return nil, fmt.Errorf(`--column %q: want "Header=field" (fields: %s)`, f, strings.Join(Fields(), ", "))
		}
		field := strings.ToLower(strings.TrimSpace(f[i+1:]))
		if fieldCol(field) < 0 {
			return nil, fmt.Errorf("--column %q: no field %q (fields: %s)", f, field, strings.Join(Fields(), ", "))
		}
		m[strings.TrimSpace(f[:i])] = field
	}
	return m, nil
}

func fieldCol(field string) int {
	for c, cn := range colNames {
		if cn.field == field && field != "status" {
			return c
		}
	}
	return -1
}

func readHeader(rec []string, line int) (header, error) {
	return readHeaderCols(rec, line, nil)
}

// readHeaderCols is readHeader with --column's extra headers, which win
// over the names colNames knows.
func readHeaderCols(rec []string, line int, extra map[string]string) (header, error) {
	h := header{width: len(rec)}
	byKey := map[string]int{}
	for hd, field := range extra {
		byKey[headerKey(hd)] = fieldCol(field)
	}
	var rank [numCols]int
	for c := range h.col {
		h.col[c] = -1
	}
	// The cell that claimed each known header key: two cells that read as
	// the same column ("Stage" and "stage") leave no way to tell which one
	// the manager meant.
	claimed := map[string]string{}
	for i, cell := range rec {
		key := headerKey(cell)
		m, ok := headerIndex[key]
		if c, flagged := byKey[key]; flagged {
			m, ok = [2]int{c, -1}, true
		}
		if !ok {
			continue // unknown columns may repeat: they are not read
		}
		if first, dup := claimed[key]; dup {
			return h, &LineError{line, fmt.Sprintf("two columns named %q; remove one", strings.TrimSpace(first))}
		}
		claimed[key] = cell
		c, r := m[0], m[1]
		if h.col[c] < 0 || r < rank[c] {
			h.col[c], rank[c] = i, r
		}
	}
	for _, c := range []int{colName, colStage} {
		if h.col[c] < 0 {
			quoted := make([]string, len(colNames[c].names))
			for i, n := range colNames[c].names {
				quoted[i] = fmt.Sprintf("%q", n)
			}
			seen := make([]string, 0, len(rec))
			for _, cell := range rec {
				if len(seen) == 30 {
					seen = append(seen, "…")
					break
				}
				seen = append(seen, fmt.Sprintf("%q", strings.TrimSpace(cell)))
			}
			return h, &LineError{line, fmt.Sprintf("no %s column (looked for %s; the file has %s); name it with --column \"HEADER=%s\"",
				colNames[c].what, strings.Join(quoted, ", "), strings.Join(seen, ", "), colNames[c].field)}
		}
	}
	return h, nil
}

// Limits on what one row may hold. A name is a line on a screen; text
// longer than this is a broken export (or a pasted document), not a name.
const (
	MaxNameLen     = 500     // deal, account and owner names, in characters
	MaxNextStepLen = 2000    // the next step, in characters
	MaxRowBytes    = 1 << 20 // one record as read; bounds memory on any file
)

// Parse reads a whole CRM export, in two passes as an import does: the
// first settles the date order and decimal mark from all of the file's
// values (Reader.Settle), the second reads the rows with them. It stops at
// the first bad row and returns a *LineError naming its line, or a
// *FormatError when the file cannot tell its date order or decimal mark; a
// file that is fine but holds no deals gives no rows and no error.
func Parse(r io.Reader) ([]Row, error) {
	return ParseFormat(r, Format{})
}

// ParseFormat is Parse with the import's flags.
func ParseFormat(r io.Reader, f Format) ([]Row, error) {
	// A file or a bytes.Reader is read twice; anything else is held.
	rs, ok := r.(io.ReadSeeker)
	if !ok {
		data, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		rs = bytes.NewReader(data)
	}
	start, err := rs.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, err
	}
	first, err := NewReaderFormat(rs, f)
	if err != nil {
		return nil, err
	}
	for {
		if _, err := first.Next(); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
	}
	if f, err = first.Settle(); err != nil {
		return nil, err
	}
	if _, err := rs.Seek(start, io.SeekStart); err != nil {
		return nil, err
	}
	rd, err := NewReaderFormat(rs, f)
	if err != nil {
		return nil, err
	}
	// Held rows share their owners, stages and currencies.
	seen := map[string]string{}
	intern := func(s string) string {
		if v, ok := seen[s]; ok {
			return v
		}
		s = strings.Clone(s)
		seen[s] = s
		return s
	}
	var rows []Row
	for {
		row, err := rd.Next()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		row.Owner, row.Stage, row.Currency = intern(row.Owner), intern(row.Stage), intern(row.Currency)
		if len(rows) == cap(rows) {
			// Double, rather than append's gentler growth for big slices: fewer
			// copies of a 100,000-row slice, and less garbage at the peak.
			rows = slices.Grow(rows, max(len(rows), 1024))
		}
		rows = append(rows, row)
	}
}

// Reader reads a CRM export one row at a time, holding no more than a row
// (and a report footer's few lines) in memory, so a file of any size can
// be imported.
type Reader struct {
	cr     *csv.Reader
	lim    *rowLimit
	parser header
	next   int // where the next record starts unless blank lines follow
	// Records after a blank line are held back: if nothing but footer
	// follows they are the Salesforce report footer and are dropped; if a
	// real row follows, the blank line was just a blank line and they are
	// read as rows (and fail loudly).
	held       []heldRecord
	afterBlank bool
	err        error // sticky: io.EOF or the error that stopped the file
	// rec is the record of the row just read, for NextSettled to hold.
	rec []string
	// NextSettled's rows: held until the file settles their guesses,
	// then ready in file order.
	hold  []settleRow
	ready []Row
}

// Format is how a file writes its values: what the import's flags say,
// or what the file's own values settle (Reader.Settle).
type Format struct {
	// DateOrder of slashed dates; "" settles it from the file.
	DateOrder DateOrder
	// Decimal is the decimal mark of amounts, '.' or ','; 0 settles it
	// from the file.
	Decimal byte
	// Currency is the ISO code of rows that name none (--currency); ""
	// leaves them to the store, which takes USD for a new deal.
	Currency string
	// Columns maps headers the importer does not know to fields
	// (--column "Header=field"), as ParseColumns reads them.
	Columns map[string]string
}

// FormatError is a file whose values cannot settle its format: its dates
// or amounts read two ways. It has no line of its own; the command
// prefixes the file name.
type FormatError struct{ Problem string }

func (e *FormatError) Error() string { return e.Problem }

// scan is what a Reader learns from the values as it reads: the first
// line of each kind of evidence on the date order and decimal mark, and
// what the file leaves to assumptions. It is a few lines per file, at any
// size.
type scan struct {
	f Format

	dmy, mdy, either  evidence // dates: day first, month first, either
	point, comma      evidence // amounts: a decimal point, a decimal comma
	ambPoint, ambComm evidence // "1.234", "1,234"
	noCurrency        bool     // an amount without a currency, and no column or --currency

	// A single pass (NextSettled) reads a value that either format reads
	// with tent, the format the values read so far settle for good (or the
	// flags say); without it, the row is a guess: guessDate, guessDec.
	tent                Format
	guessDate, guessDec bool
}

type evidence struct {
	line int // 0 when none seen
	val  string
}

func (e *evidence) note(line int, val string) {
	if e.line == 0 {
		e.line, e.val = line, strings.Clone(val)
	}
}

// maxHeld is more footer lines than any CRM writes: a longer run of
// footer-like lines is read as rows, which fail.
const maxHeld = 20

// NewReader reads the header of a CRM export: the file's encoding, its
// separator (",", ";" or tab) and where the known columns are.
func NewReader(r io.Reader) (*Reader, error) {
	return NewReaderFormat(r, Format{})
}

// NewReaderFormat is NewReader with the import's flags. Where f leaves the
// date order or decimal mark unset, rows read month first and by each
// amount's own marks until the file settles them: such a first pass only
// checks; Settle then gives the Format for a second pass.
func NewReaderFormat(r io.Reader, f Format) (*Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(3); bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	} else if bytes.HasPrefix(b, []byte("\xff\xfe")) || bytes.HasPrefix(b, []byte("\xfe\xff")) {
		return nil, &LineError{1, "the file is UTF-16 text; export or save it as CSV UTF-8"}
	}
	lim := &rowLimit{r: &crReader{br: br}}
	cr := csv.NewReader(lim)
	cr.Comma = separator(firstLine(br))
	cr.FieldsPerRecord = -1 // rows of the wrong width get our error, with the line
	// Fields are new strings each time; only the slice is reused, and held
	// records are copied.
	cr.ReuseRecord = true

	rec, err := cr.Read()
	if err == io.EOF {
		return nil, &LineError{1, "the file is empty: no header row"}
	}
	if err != nil {
		return nil, csvError(err, 1)
	}
	line, _ := cr.FieldPos(0)
	h, err := readHeaderCols(rec, line, f.Columns)
	if err != nil {
		return nil, err
	}
	h.st = &scan{f: f}
	return &Reader{cr: cr, lim: lim, parser: h, next: line + 1 + newlines(rec)}, nil
}

// Settle gives the format the file's values settle, once every row is
// read: the flags' choices, else the date order any date with a field
// above 12 shows (or YMD when no date is slashed), and the decimal mark
// any unambiguous amount shows ("." when none does). When the file's
// values disagree, or every slashed date reads both ways, or amounts like
// "1,234" and "1.234" both appear, it returns an error saying which flag
// settles it.
func (rd *Reader) Settle() (Format, error) {
	st := rd.parser.st
	f := st.f
	if f.DateOrder == "" {
		switch {
		case st.dmy.line > 0 && st.mdy.line > 0:
			return f, &FormatError{fmt.Sprintf("dates like %s (line %d) are day-first but %s (line %d) is month-first; add --date-order dmy or --date-order mdy",
				st.dmy.val, st.dmy.line, st.mdy.val, st.mdy.line)}
		case st.dmy.line > 0:
			f.DateOrder = DMY
		case st.mdy.line > 0:
			f.DateOrder = MDY
		case st.either.line > 0:
			return f, &FormatError{fmt.Sprintf("dates like %s could be day-first or month-first; add --date-order dmy or --date-order mdy", st.either.val)}
		default:
			f.DateOrder = YMD
		}
	}
	if f.Decimal == 0 {
		switch {
		case st.point.line > 0 && st.comma.line > 0:
			a, b := st.point, st.comma
			if a.line > b.line {
				a, b = b, a
			}
			return f, &LineError{b.line, fmt.Sprintf("amount %q has a different decimal mark from %q (line %d); add --decimal , or --decimal .", b.val, a.val, a.line)}
		case st.point.line > 0:
			f.Decimal = '.'
		case st.comma.line > 0:
			f.Decimal = ','
		case st.ambPoint.line > 0 && st.ambComm.line > 0:
			a, b := st.ambPoint, st.ambComm
			if a.line > b.line {
				a, b = b, a
			}
			return f, &LineError{b.line, fmt.Sprintf("amount %q could be thousands or decimals, as %q (line %d) could; add --decimal , or --decimal .", b.val, a.val, a.line)}
		case st.ambPoint.line > 0:
			f.Decimal = ',' // "1.234" alone: dots between thousands
		default:
			f.Decimal = '.'
		}
	}
	return f, nil
}

// Warnings says what the import assumed for values the file does not
// give, a line each, once every row is read.
func (rd *Reader) Warnings() []string {
	var w []string
	if rd.parser.st.noCurrency {
		w = append(w, "no currency column: amounts taken as USD")
	}
	if rd.parser.col[colAccount] < 0 {
		w = append(w, "no account column: deals imported without an account")
	}
	return w
}

// firstLine is the first non-empty line of the file as far as the buffer
// holds it, for guessing the separator.
func firstLine(br *bufio.Reader) []byte {
	b, _ := br.Peek(br.Size())
	b = bytes.TrimLeft(b, "\r\n")
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		b = b[:i]
	}
	return b
}

// Next returns the next row, or io.EOF after the last. After an error it
// returns the same error again.
func (rd *Reader) Next() (Row, error) {
	if rd.err != nil {
		return Row{}, rd.err
	}
	row, err := rd.read()
	if err != nil {
		rd.err = err
	}
	return row, err
}

func (rd *Reader) read() (Row, error) {
	h := rd.parser
	for {
		rd.lim.n = 0
		rec, err := rd.cr.Read()
		if err == io.EOF {
			for _, hr := range rd.held {
				if hr.kind == footerMarker {
					return Row{}, io.EOF // a footer: Copyright, Generated By, Total…
				}
			}
			// Lone text lines after a blank line but no footer marker: not
			// a footer we know, so read them as rows and let them fail.
			if err := rd.failHeld(); err != nil {
				return Row{}, err
			}
			return Row{}, io.EOF
		}
		if err != nil {
			if err := rd.failHeld(); err != nil {
				return Row{}, err
			}
			return Row{}, csvError(err, rd.next)
		}
		line, _ := rd.cr.FieldPos(0)
		if line > rd.next { // encoding/csv skips empty lines; the gap shows them
			rd.afterBlank = true
		}
		rd.next = line + 1 + newlines(rec)
		if isBlank(rec) {
			rd.afterBlank = true
			continue
		}
		if rd.afterBlank {
			if kind := h.footerKind(rec); kind != notFooter && len(rd.held) < maxHeld {
				rd.held = append(rd.held, heldRecord{line, kind, slices.Clone(rec)})
				continue
			}
			rd.afterBlank = false
			if err := rd.failHeld(); err != nil {
				return Row{}, err
			}
		}
		rd.rec = rec
		return h.row(rec, line)
	}
}

// failHeld reads the held records as rows. None of them can make a deal
// (footerKind makes sure), so the first one's error is returned.
func (rd *Reader) failHeld() error {
	for _, hr := range rd.held {
		if _, err := rd.parser.row(hr.rec, hr.line); err != nil {
			return err
		}
	}
	rd.held = rd.held[:0]
	return nil
}

type heldRecord struct {
	line int
	kind footerKind
	rec  []string
}

type footerKind int

const (
	notFooter    footerKind = iota
	footerMarker            // "Total", "Copyright …", "Generated By: …"
	footerText              // a lone cell, such as the org name
)

// footerKind tells whether a record after a blank line may belong to a
// report footer. Nothing that could be a deal qualifies: a record with the
// full width must start with "Total" and lack a name or a stage.
func (h header) footerKind(rec []string) footerKind {
	first := ""
	for _, c := range rec {
		if first = strings.TrimSpace(c); first != "" {
			break
		}
	}
	if len(rec) < h.width && isFooterMarker(first) {
		return footerMarker
	}
	if len(rec) == 1 {
		return footerText
	}
	if len(rec) == h.width && isTotal(first) &&
		(strings.TrimSpace(rec[h.col[colName]]) == "" || strings.TrimSpace(rec[h.col[colStage]]) == "") {
		return footerMarker
	}
	return notFooter
}

func isFooterMarker(s string) bool {
	l := strings.ToLower(s)
	return isTotal(s) || strings.HasPrefix(l, "copyright") || strings.HasPrefix(l, "©") ||
		strings.HasPrefix(l, "confidential information") || strings.HasPrefix(l, "generated by")
}

// isTotal matches "Total", "Totals (10 records)", "Grand Total", "Subtotal".
func isTotal(s string) bool {
	l := strings.ToLower(s)
	for _, p := range []string{"grand total", "subtotal", "total"} {
		if rest, ok := strings.CutPrefix(l, p); ok {
			return rest == "" || !isLetter(rest[0]) || rest[0] == 's'
		}
	}
	return false
}

func isBlank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func newlines(rec []string) int {
	n := 0
	for _, c := range rec {
		n += strings.Count(c, "\n")
	}
	return n
}

func (h header) row(rec []string, line int) (Row, error) {
	fail := func(format string, args ...any) (Row, error) {
		return Row{}, &LineError{line, fmt.Sprintf(format, args...)}
	}
	if len(rec) != h.width {
		return fail("%d cells, but the header has %d", len(rec), h.width)
	}
	cell := func(c int) string {
		if i := h.col[c]; i >= 0 {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	row := Row{
		Line:     line,
		Owner:    cell(colOwner),
		Stage:    cell(colStage),
		Account:  cell(colAccount),
		Name:     cell(colName),
		NextStep: cell(colNext),
		CRMID:    cell(colID),
	}
	for _, s := range [...]string{row.Owner, row.Account, row.Name, row.Stage, row.NextStep, row.CRMID} {
		if !utf8.ValidString(s) {
			return fail("%q is not UTF-8 text; export or save the file as CSV UTF-8", s)
		}
	}
	for _, c := range [...]struct {
		what string
		s    string
		max  int
	}{{"deal name", row.Name, MaxNameLen}, {"account name", row.Account, MaxNameLen},
		{"owner name", row.Owner, MaxNameLen}, {"stage name", row.Stage, MaxNameLen},
		{"CRM id", row.CRMID, MaxNameLen}, {"next step", row.NextStep, MaxNextStepLen}} {
		if len(c.s) > c.max && utf8.RuneCountInString(c.s) > c.max {
			return fail("%s longer than %d characters", c.what, c.max)
		}
	}
	// The cells are slices of one string per record, which holds every
	// column; copying the ones kept per deal into one new string lets the
	// rest go, and saves a third of a large import's memory.
	var b strings.Builder
	b.Grow(len(row.Owner) + len(row.Stage) + len(row.Account) + len(row.Name) + len(row.NextStep) + len(row.CRMID))
	kept := [...]*string{&row.Owner, &row.Stage, &row.Account, &row.Name, &row.NextStep, &row.CRMID}
	for _, s := range kept {
		b.WriteString(*s)
	}
	packed, at := b.String(), 0
	for _, s := range kept {
		*s, at = packed[at:at+len(*s)], at+len(*s)
	}
	if row.Name == "" {
		return fail("no deal name")
	}
	if row.Stage == "" {
		return fail("deal %q has no stage", row.Name)
	}
	row.Status = cell(colStatus)
	if err := h.values(&row, cell(colAmount), cell(colCurrency), cell(colClose), cell(colCreated)); err != nil {
		return fail("%v", err)
	}
	return row, nil
}

// values reads a row's amount, currency and dates with the file's format,
// noting what they say of it while it is not settled.
func (h header) values(row *Row, amount, currency, closeDate, created string) error {
	st := h.st
	st.guessDate, st.guessDec = false, false
	dec := st.f.Decimal
	if dec == 0 && amount != "" {
		num, _, _, err := splitMoney(amount)
		if err != nil {
			return fmt.Errorf("amount %v", err)
		}
		k := kindOf(num)
		switch k {
		case numPoint:
			st.point.note(row.Line, amount)
			dec = '.'
		case numComma:
			st.comma.note(row.Line, amount)
			dec = ','
		case numAmbPoint:
			st.ambPoint.note(row.Line, amount)
			dec = ','
		case numAmbComma:
			st.ambComm.note(row.Line, amount)
			dec = '.'
		default:
			dec = '.'
		}
		if k == numAmbPoint || k == numAmbComma {
			if st.tent.Decimal != 0 {
				dec = st.tent.Decimal
			} else {
				st.guessDec = true
			}
		}
	}
	var err error
	var code string
	if row.Amount, code, row.HasAmount, err = parseMoney(amount, dec); err != nil {
		return fmt.Errorf("amount %v", err)
	}
	col, ok := CurrencyCode(currency)
	if !ok {
		return fmt.Errorf("currency %q is not a currency code such as USD, EUR or GBP", currency)
	}
	switch {
	case col != "" && code != "" && col != code:
		return fmt.Errorf("amount %q is in %s, but the currency column says %s", amount, code, col)
	case col != "":
		row.Currency = col
	case code != "":
		row.Currency = code
	default:
		row.Currency = st.f.Currency
		if row.HasAmount && st.f.Currency == "" && h.col[colCurrency] < 0 {
			st.noCurrency = true
		}
	}
	// A method per date, not a loop over pointers into row: those made
	// every row escape to the heap.
	if row.CloseDate, err = st.date(row.Line, "close date", closeDate); err != nil {
		return err
	}
	row.Created, err = st.date(row.Line, "created date", created)
	return err
}

// date reads one date of a row, noting what it says of the date order
// while the file has not settled it.
func (st *scan) date(line int, what, raw string) (coaching.Date, error) {
	d, kind, err := parseDate(raw, st.f.DateOrder)
	if err != nil {
		return d, fmt.Errorf("%s %v", what, err)
	}
	if st.f.DateOrder == "" && kind == dateEither {
		if st.tent.DateOrder == "" {
			st.guessDate = true
		} else if d, _, err = parseDate(raw, st.tent.DateOrder); err != nil {
			return d, fmt.Errorf("%s %v", what, err) // either order reads it: never
		}
	}
	if st.f.DateOrder == "" && kind != dateNone {
		day := raw
		if i := strings.IndexAny(day, " T,"); i >= 0 {
			day = day[:i]
		}
		switch kind {
		case dateDMY:
			st.dmy.note(line, day)
		case dateMDY:
			st.mdy.note(line, day)
		case dateEither:
			st.either.note(line, day)
		}
	}
	return d, nil
}

// crReader turns lone CR line ends (old Mac Excel) into LF, which
// encoding/csv reads as line ends; CRLF is left alone. A lone CR inside a
// quoted cell becomes a newline too, which is what it meant.
type crReader struct {
	br *bufio.Reader
}

func (c *crReader) Read(p []byte) (int, error) {
	n, err := c.br.Read(p)
	for i := bytes.IndexByte(p[:n], '\r'); i >= 0; {
		if i+1 < n {
			if p[i+1] != '\n' {
				p[i] = '\n'
			}
		} else if b, perr := c.br.Peek(1); perr != nil || b[0] != '\n' {
			p[i] = '\n'
		}
		j := bytes.IndexByte(p[i+1:n], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return n, err
}

// rowLimit fails a read once more than MaxRowBytes have been read since
// the Reader last reset n, at the start of a record: encoding/csv holds a
// whole record in memory, and one 200 MB cell would hold 200 MB.
type rowLimit struct {
	r io.Reader
	n int
}

var errRowTooLong = errors.New("row too long")

func (l *rowLimit) Read(p []byte) (int, error) {
	if l.n > MaxRowBytes {
		return 0, errRowTooLong
	}
	n, err := l.r.Read(p)
	l.n += n
	return n, err
}

// csvError turns a syntax error of encoding/csv into a LineError in the
// manager's words, at the line where the bad record starts.
func csvError(err error, line int) error {
	if errors.Is(err, errRowTooLong) {
		return &LineError{line, fmt.Sprintf("row longer than %d MB; is this a CRM export saved as CSV?", MaxRowBytes>>20)}
	}
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return err // a read error of the underlying reader
	}
	var what string
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		what = `a " inside a cell that is not quoted`
	case errors.Is(pe.Err, csv.ErrQuote) && pe.Line > pe.StartLine:
		what = fmt.Sprintf("a quoted cell is not closed (read on to line %d)", pe.Line)
	case errors.Is(pe.Err, csv.ErrQuote):
		what = `a quoted cell is not closed, or has a stray " after its closing quote`
	default:
		what = pe.Err.Error()
	}
	return &LineError{pe.StartLine, what}
}

// splitHeader is the cells of a header line split by sep outside quotes,
// for guessing the separator; quotes are dropped.
func splitHeader(line []byte, sep byte) []string {
	var cells []string
	var cell []byte
	quoted := false
	for _, b := range line {
		switch {
		case b == '"':
			quoted = !quoted
		case b == sep && !quoted:
			cells = append(cells, string(cell))
			cell = cell[:0]
		default:
			cell = append(cell, b)
		}
	}
	return append(cells, string(cell))
}

// separator picks the cell separator from the header line: the one of ","
// ";" and tab that splits it into the most known column names. European
// Excel saves "CSV" with ";", and some exports use tabs; a tie (a file
// with one known column, or none) keeps ",".
func separator(line []byte) rune {
	best, most := ',', 0
	for _, sep := range []byte{',', ';', '\t'} {
		n := 0
		for _, c := range splitHeader(line, sep) {
			if _, ok := headerIndex[headerKey(c)]; ok {
				n++
			}
		}
		if n > most {
			best, most = rune(sep), n
		}
	}
	return best
}
