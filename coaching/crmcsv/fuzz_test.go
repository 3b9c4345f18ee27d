package crmcsv

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"dealcoach/coaching"
)

// FuzzParse checks that Parse never panics, that its errors are one line,
// and that no row vanishes: every record after the header either becomes a
// Row at its line, or is blank, or belongs to a trailing footer — and a
// record that would make a valid deal is never taken for footer.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := Parse(bytes.NewReader(data))
		if err != nil {
			var le *LineError
			var fe *FormatError
			if errors.As(err, &fe) {
				if !strings.Contains(fe.Problem, "--date-order") {
					t.Fatalf("format error without the flag that settles it: %v", err)
				}
			} else if !errors.As(err, &le) || le.Line < 1 {
				t.Fatalf("error %T %v is not a *LineError with a line", err, err)
			}
			if strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("error is not one line: %q", err)
			}
			return
		}

		// Read the same input again with encoding/csv alone, lone CRs made
		// line ends and the separator Parse picked.
		text := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		text = bytes.Clone(text)
		for i, b := range text {
			if b == '\r' && (i+1 == len(text) || text[i+1] != '\n') {
				text[i] = '\n'
			}
		}
		cr := csv.NewReader(bytes.NewReader(text))
		cr.Comma = separator(firstLine(bufio.NewReaderSize(bytes.NewReader(text), 64<<10)))
		cr.FieldsPerRecord = -1
		head, err := cr.Read()
		if err != nil {
			t.Fatalf("Parse accepted a file whose header encoding/csv cannot read: %v", err)
		}
		h, err := readHeader(head, 1)
		if err != nil {
			t.Fatalf("Parse accepted a header readHeader refuses: %v", err)
		}
		at := map[int]Row{}
		last := 0
		for _, r := range rows {
			if r.Line <= last {
				t.Fatalf("row lines out of order: %d after %d", r.Line, last)
			}
			last = r.Line
			at[r.Line] = r
			if r.Name == "" || r.Stage == "" || r.Name != strings.TrimSpace(r.Name) {
				t.Fatalf("line %d: bad row %+v", r.Line, r)
			}
		}
		matched := 0
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("Parse accepted a file encoding/csv cannot read: %v", err)
			}
			line, _ := cr.FieldPos(0)
			if r, ok := at[line]; ok {
				matched++
				if r.Name != strings.TrimSpace(rec[h.col[colName]]) {
					t.Fatalf("line %d: name %q, cell %q", line, r.Name, rec[h.col[colName]])
				}
				continue
			}
			if isBlank(rec) {
				continue
			}
			if line < last {
				t.Fatalf("line %d, before the last row (%d), was dropped: %q", line, last, rec)
			}
			dealLike := len(rec) == h.width &&
				strings.TrimSpace(rec[h.col[colName]]) != "" && strings.TrimSpace(rec[h.col[colStage]]) != ""
			if dealLike {
				t.Fatalf("line %d looks like a deal but was dropped as footer: %q", line, rec)
			}
		}
		if matched != len(rows) {
			t.Fatalf("%d rows, but only %d start where encoding/csv finds a record", len(rows), matched)
		}
		if _, err := Map(rows, coaching.DefaultPlaybook(), Options{Rep: "x"}); err != nil &&
			strings.ContainsAny(err.Error(), "\r\n") {
			t.Fatalf("Map error is not one line: %q", err)
		}
	})
}

// FuzzParseAmount checks that amounts never panic, that errors quote the
// value on one line, and that a read amount reads back the same from its
// plain form.
func FuzzParseAmount(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		cents, ok, err := ParseAmount(s)
		if err != nil {
			if ok || cents != 0 {
				t.Fatalf("ParseAmount(%q) = %d, %v with error %v", s, cents, ok, err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, `"`) || strings.ContainsAny(msg, "\r\n") {
				t.Fatalf("ParseAmount(%q): error %q", s, msg)
			}
			return
		}
		if !ok {
			if cents != 0 || strings.TrimSpace(s) != "" {
				t.Fatalf("ParseAmount(%q) = %d, not ok, without an error", s, cents)
			}
			return
		}
		if again, ok2, err := ParseAmount(plainCents(cents)); again != cents || !ok2 || err != nil {
			t.Fatalf("ParseAmount(%q) = %d, but %q reads back as %d, %v", s, cents, plainCents(cents), again, err)
		}
	})
}

// FuzzParseDate checks that dates never panic, that errors are one line,
// and that a read date reads back the same from its ISO form.
func FuzzParseDate(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, `"`) || strings.ContainsAny(msg, "\r\n") {
				t.Fatalf("ParseDate(%q): error %q", s, msg)
			}
			return
		}
		if d.IsZero() != (strings.TrimSpace(s) == "") {
			t.Fatalf("ParseDate(%q) = %v", s, d)
		}
		if again, err := ParseDate(d.String()); again != d || err != nil {
			t.Fatalf("ParseDate(%q) = %v, but %q reads back as %v, %v", s, d, d.String(), again, err)
		}
	})
}

// plainCents writes cents as "-1234.05".
func plainCents(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

// FuzzParseAmountDecimal checks amounts read with a known decimal mark:
// no panic, one-line errors that quote the value, a read amount reads back
// the same from its plain form with that mark, and a value whose own marks
// settle its decimal mark reads the same with and without being told.
func FuzzParseAmountDecimal(f *testing.F) {
	for _, s := range []string{"84.000,00 €", "€84.000,00", "1 234,50", "1\u00a0234,50", "1,234.50", "GBP 20,000",
		"£1,200", "1.234", "1,234", "12,34", "1.234,5", "(1.234,00)", "-€5,5", "1'234.50", "0,500", ",5", "1.234.567,891"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, comma bool) {
		dec := byte('.')
		if comma {
			dec = ','
		}
		cents, ok, err := ParseAmountDecimal(s, dec)
		if err != nil {
			if ok || cents != 0 {
				t.Fatalf("ParseAmountDecimal(%q, %q) = %d, %v with error %v", s, dec, cents, ok, err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, `"`) || strings.ContainsAny(msg, "\r\n") {
				t.Fatalf("ParseAmountDecimal(%q, %q): error %q", s, dec, msg)
			}
			return
		}
		if !ok {
			if cents != 0 || strings.TrimSpace(s) != "" {
				t.Fatalf("ParseAmountDecimal(%q, %q) = %d, not ok, without an error", s, dec, cents)
			}
			return
		}
		plain := plainCents(cents)
		if comma {
			plain = strings.Replace(plain, ".", ",", 1)
		}
		if again, ok2, err := ParseAmountDecimal(plain, dec); again != cents || !ok2 || err != nil {
			t.Fatalf("ParseAmountDecimal(%q, %q) = %d, but %q reads back as %d, %v", s, dec, cents, plain, again, err)
		}
		num, _, _, err := splitMoney(s)
		if err != nil {
			t.Fatalf("%q was read, but splitMoney refuses it: %v", s, err)
		}
		if k := kindOf(num); (k == numPoint && !comma) || (k == numComma && comma) {
			if alone, _, err := ParseAmount(s); alone != cents || err != nil {
				t.Fatalf("%q reads %d with %q but %d, %v alone", s, cents, dec, alone, err)
			}
		}
	})
}

// FuzzParseDateOrder checks dates read in each order: no panic, one-line
// errors that quote the value, a read date reads back from its ISO form,
// and a date that reads both ways reads day and month swapped.
func FuzzParseDateOrder(f *testing.F) {
	for _, s := range []string{"05/11/2026", "15.12.2026", "2026-12-15", "2026-12-15T10:00:00Z", "13/05/2026 09:00",
		"05/13/2026, 9:14 PM", "31-12-2026", "1/2/2027", "29/02/2028", "00/10/2026", "12/12/0999"} {
		for o := range 4 {
			f.Add(s, uint8(o))
		}
	}
	orders := []DateOrder{"", DMY, MDY, YMD}
	f.Fuzz(func(t *testing.T, s string, o uint8) {
		order := orders[int(o)%len(orders)]
		d, kind, err := parseDate(s, order)
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, `"`) || strings.ContainsAny(msg, "\r\n") {
				t.Fatalf("parseDate(%q, %q): error %q", s, order, msg)
			}
			return
		}
		if d.IsZero() != (strings.TrimSpace(s) == "") {
			t.Fatalf("parseDate(%q, %q) = %v", s, order, d)
		}
		if again, err := ParseDateOrder(d.String(), order); again != d || err != nil {
			t.Fatalf("parseDate(%q, %q) = %v, but %q reads back as %v, %v", s, order, d, d.String(), again, err)
		}
		if kind == dateEither {
			dm, err1 := ParseDateOrder(s, DMY)
			md, err2 := ParseDateOrder(s, MDY)
			if err1 != nil || err2 != nil || dm.Time().Year() != md.Time().Year() || int(dm.Time().Month()) != md.Time().Day() || dm.Time().Day() != int(md.Time().Month()) {
				t.Fatalf("%q reads either way, but as %v, %v (%v, %v)", s, dm, md, err1, err2)
			}
		}
	})
}
