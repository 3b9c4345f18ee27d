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
	// Currency is the ISO code written with the amount ("USD 1,234.50",
	// "€…"), or "" when the amount names none.
	Currency string

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
	numCols
)

// colNames holds, per column, what error messages call it and the header
// names that mean it, most specific first: when a file has two of them
// ("Opportunity Name" and "Name"), the earlier one in this list wins.
var colNames = [numCols]struct {
	what  string
	names []string
}{
	colName:    {"deal name", []string{"Opportunity Name", "Name", "Deal Name"}},
	colAccount: {"account", []string{"Account Name", "Account.Name", "Associated Company"}},
	colOwner:   {"owner", []string{"Opportunity Owner", "Owner.Name", "Deal owner", "Owner"}},
	colStage:   {"stage", []string{"Stage", "StageName", "Deal Stage"}},
	colAmount:  {"amount", []string{"Amount", "Total Amount"}},
	colClose:   {"close date", []string{"Close Date", "CloseDate"}},
	colNext:    {"next step", []string{"Next Step", "Opportunity Next Steps"}},
	colID:      {"CRM id", []string{"Opportunity ID", "Id", "Record ID"}},
	colCreated: {"created date", []string{"Created Date", "Create Date"}},
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
}

func readHeader(rec []string, line int) (header, error) {
	h := header{width: len(rec)}
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
			return h, &LineError{line, fmt.Sprintf("no %s column (looked for %s)", colNames[c].what, strings.Join(quoted, ", "))}
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

// Parse reads a whole CRM export. It stops at the first bad row and
// returns a *LineError naming its line; a file that is fine but holds no
// deals gives no rows and no error.
func Parse(r io.Reader) ([]Row, error) {
	rd, err := NewReader(r)
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
}

// maxHeld is more footer lines than any CRM writes: a longer run of
// footer-like lines is read as rows, which fail.
const maxHeld = 20

// NewReader reads the header of a CRM export: the file's encoding, its
// separator (",", ";" or tab) and where the known columns are.
func NewReader(r io.Reader) (*Reader, error) {
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
	h, err := readHeader(rec, line)
	if err != nil {
		return nil, err
	}
	return &Reader{cr: cr, lim: lim, parser: h, next: line + 1 + newlines(rec)}, nil
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
	var err error
	if row.Amount, row.Currency, row.HasAmount, err = parseMoney(cell(colAmount)); err != nil {
		return fail("amount %v", err)
	}
	if row.CloseDate, err = ParseDate(cell(colClose)); err != nil {
		return fail("close date %v", err)
	}
	if row.Created, err = ParseDate(cell(colCreated)); err != nil {
		return fail("created date %v", err)
	}
	return row, nil
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
