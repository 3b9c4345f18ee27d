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
	for i, cell := range rec {
		m, ok := headerIndex[headerKey(cell)]
		if !ok {
			continue
		}
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

// Parse reads a whole CRM export. It stops at the first bad row and
// returns a *LineError naming its line; a file that is fine but holds no
// deals gives no rows and no error.
func Parse(r io.Reader) ([]Row, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(3); bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	} else if bytes.HasPrefix(b, []byte("\xff\xfe")) || bytes.HasPrefix(b, []byte("\xfe\xff")) {
		return nil, &LineError{1, "the file is UTF-16 text; export or save it as CSV UTF-8"}
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // rows of the wrong width get our error, with the line
	// Fields are new strings each time; only the slice is reused, and held
	// records are copied.
	cr.ReuseRecord = true

	rec, err := cr.Read()
	if err == io.EOF {
		return nil, &LineError{1, "the file is empty: no header row"}
	}
	if err != nil {
		return nil, csvError(err)
	}
	line, _ := cr.FieldPos(0)
	h, err := readHeader(rec, line)
	if err != nil {
		return nil, err
	}
	p := parser{header: h, seen: map[string]string{}}
	next := line + 1 + newlines(rec) // where the next record starts unless blank lines follow

	// Records after a blank line are held back: if nothing but footer
	// follows they are the Salesforce report footer and are dropped; if a
	// real row follows, the blank line was just a blank line and they are
	// read as rows (and fail loudly).
	var held []heldRecord
	afterBlank := false
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if err := p.addAll(held); err != nil {
				return nil, err
			}
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if line > next { // encoding/csv skips empty lines; the gap shows them
			afterBlank = true
		}
		next = line + 1 + newlines(rec)
		if isBlank(rec) {
			afterBlank = true
			continue
		}
		if afterBlank {
			if kind := h.footerKind(rec); kind != notFooter {
				held = append(held, heldRecord{line, kind, append([]string(nil), rec...)})
				continue
			}
			afterBlank = false
			if err := p.addAll(held); err != nil {
				return nil, err
			}
			held = held[:0]
		}
		if err := p.add(rec, line); err != nil {
			return nil, err
		}
	}
	for _, hr := range held {
		if hr.kind == footerMarker {
			return p.rows, nil // a footer: Copyright, Generated By, Total…
		}
	}
	// Lone text lines after a blank line but no footer marker: not a
	// footer we know, so read them as rows and let them fail.
	if err := p.addAll(held); err != nil {
		return nil, err
	}
	return p.rows, nil
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

// parser turns records into rows.
type parser struct {
	header
	rows []Row
	seen map[string]string // see intern
}

func (p *parser) addAll(held []heldRecord) error {
	for _, hr := range held {
		if err := p.add(hr.rec, hr.line); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) add(rec []string, line int) error {
	fail := func(format string, args ...any) error {
		return &LineError{line, fmt.Sprintf(format, args...)}
	}
	if len(rec) != p.width {
		return fail("%d cells, but the header has %d", len(rec), p.width)
	}
	cell := func(c int) string {
		if i := p.col[c]; i >= 0 {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	row := Row{
		Line:     line,
		Owner:    p.intern(cell(colOwner)),
		Stage:    p.intern(cell(colStage)),
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
	// The cells are slices of one string per record, which holds every
	// column; copying the four kept per deal into one new string lets the
	// rest go, and saves a third of a large import's memory.
	var b strings.Builder
	b.Grow(len(row.Account) + len(row.Name) + len(row.NextStep) + len(row.CRMID))
	for _, s := range [...]string{row.Account, row.Name, row.NextStep, row.CRMID} {
		b.WriteString(s)
	}
	packed, at := b.String(), 0
	for _, s := range [...]*string{&row.Account, &row.Name, &row.NextStep, &row.CRMID} {
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
	row.Currency = p.intern(row.Currency)
	if row.CloseDate, err = ParseDate(cell(colClose)); err != nil {
		return fail("close date %v", err)
	}
	if row.Created, err = ParseDate(cell(colCreated)); err != nil {
		return fail("created date %v", err)
	}
	if len(p.rows) == cap(p.rows) {
		// Double, rather than append's gentler growth for big slices: fewer
		// copies of a 100,000-row slice, and less garbage at the peak.
		p.rows = slices.Grow(p.rows, max(len(p.rows), 1024))
	}
	p.rows = append(p.rows, row)
	return nil
}

// intern returns the one copy of s the parser keeps: owners, stages and
// currencies repeat on every row.
func (p *parser) intern(s string) string {
	if v, ok := p.seen[s]; ok {
		return v
	}
	s = strings.Clone(s)
	p.seen[s] = s
	return s
}

// csvError turns a syntax error of encoding/csv into a LineError in the
// manager's words, at the line where the bad record starts.
func csvError(err error) error {
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
