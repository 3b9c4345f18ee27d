package crmcsv

import (
	"errors"
	"io"
	"slices"
)

// ErrUnsettled is NextSettled giving up: more than maxSettleHold rows
// waited for the file's values to settle how to read them. The file is
// then read in two passes, as Settle's doc says.
var ErrUnsettled = errors.New("the rows read so far do not settle the file's date order or decimal mark")

// maxSettleHold bounds the rows NextSettled holds, and so its memory.
const maxSettleHold = 4096

type settleRow struct {
	row       Row
	rec       []string // nil unless the row guessed and is read again
	date, dec bool     // what it guessed
}

// NextSettled is Next for an import in one pass. It returns each row read
// as the whole file will settle it (Settle), unless Settle then fails: a
// value either format reads ("05/11/2026", "1,234") is read by what the
// rows before it settle. A row with such a value before anything settles
// it is held, with the rows after it, and read again once something does
// (or, at the end, by Settle). Held rows are kept as their records, at most
// maxSettleHold of them: past that it returns ErrUnsettled. Settle and
// Warnings still say what they do after Next; call them at io.EOF.
func (rd *Reader) NextSettled() (Row, error) {
	st := rd.parser.st
	for {
		if len(rd.ready) > 0 {
			row := rd.ready[0]
			rd.ready = rd.ready[1:]
			return row, nil
		}
		row, err := rd.Next()
		if err == io.EOF && len(rd.hold) > 0 {
			if f, serr := rd.Settle(); serr == nil {
				st.tent = f
			} else {
				// The import fails with Settle's error; the rows still go
				// to the caller, which checks them all first.
				st.tent = Format{DateOrder: MDY, Decimal: '.'}
			}
			if err := rd.release(); err != nil {
				return Row{}, err
			}
			continue
		}
		if err != nil {
			return Row{}, err
		}
		st.settle()
		if len(rd.hold) == 0 && !st.guessDate && !st.guessDec {
			return row, nil
		}
		if len(rd.hold) == maxSettleHold {
			return Row{}, ErrUnsettled
		}
		h := settleRow{row: row, date: st.guessDate, dec: st.guessDec}
		if h.date || h.dec {
			h.rec = slices.Clone(rd.rec)
		}
		rd.hold = append(rd.hold, h)
		if err := rd.release(); err != nil {
			return Row{}, err
		}
	}
}

// settle sets what the values read so far settle for good: an order or a
// mark the file has shown, and not its opposite (Settle fails on both).
func (st *scan) settle() {
	if st.tent.DateOrder == "" {
		switch {
		case st.f.DateOrder != "":
			st.tent.DateOrder = st.f.DateOrder
		case st.dmy.line > 0 && st.mdy.line == 0:
			st.tent.DateOrder = DMY
		case st.mdy.line > 0 && st.dmy.line == 0:
			st.tent.DateOrder = MDY
		}
	}
	if st.tent.Decimal == 0 {
		switch {
		case st.f.Decimal != 0:
			st.tent.Decimal = st.f.Decimal
		case st.point.line > 0 && st.comma.line == 0:
			st.tent.Decimal = '.'
		case st.comma.line > 0 && st.point.line == 0:
			st.tent.Decimal = ','
		}
	}
}

// release reads the held rows again, once what they guessed is settled,
// and makes them ready.
func (rd *Reader) release() error {
	st := rd.parser.st
	for _, h := range rd.hold {
		if (h.date && st.tent.DateOrder == "") || (h.dec && st.tent.Decimal == 0) {
			return nil
		}
	}
	for _, h := range rd.hold {
		row := h.row
		if h.rec != nil {
			var err error
			if row, err = rd.parser.row(h.rec, h.row.Line); err != nil {
				rd.err = err
				return err
			}
		}
		rd.ready = append(rd.ready, row)
	}
	rd.hold = rd.hold[:0]
	return nil
}
