package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"dealcoach/coaching"
	"dealcoach/coaching/crmcsv"
)

// newBatch is how many new deals one INSERT writes. One statement per
// row spent most of a new import in database/sql and the VDBE's set-up;
// 64 rows of 13 values stay far below SQLite's 32,766 variables. The
// INSERT is OR FAIL, not the default ABORT: with foreign keys off (load)
// nothing can then make SQLite undo part of a statement, so it keeps no
// statement journal, which copied every page a batch touched.
const newBatch = 64

// pendingDeal is a new deal waiting for its batch, with the line that
// names it should the INSERT refuse it.
type pendingDeal struct {
	d    coaching.Deal
	line int
}

// rowErr says which line a refused write came from. A failing database
// (disk full, locked) is not the row's fault and keeps its own words.
func rowErr(line int, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff != sqlite3.SQLITE_CONSTRAINT {
		return err
	}
	return &crmcsv.LineError{Line: line, Problem: err.Error()}
}

// addNew queues a new deal; a full batch is written at once.
func (im *importer) addNew(d coaching.Deal, line int) error {
	if err := cleanDeal(&d); err != nil {
		return rowErr(line, err)
	}
	dealDefaults(&d, im.l.now)
	im.pending = append(im.pending, pendingDeal{d, line})
	if len(im.pending) == newBatch {
		return im.flushNew()
	}
	return nil
}

// flushNew writes the queued new deals, in batches of halving sizes so
// that at most a handful of statements are ever prepared. Any other write
// flushes first, so the database sees the file's order.
func (im *importer) flushNew() error {
	p := im.pending
	for len(p) > 0 {
		n := newBatch
		for n > len(p) {
			n /= 2
		}
		if err := im.insertDeals(p[:n]); err != nil {
			return err
		}
		p = p[n:]
	}
	im.pending = im.pending[:0]
	return nil
}

// insertBatchCols are a batch's columns: stage_since and updated_at are
// the import's time for every new deal (apply), written into the statement (a
// tenth of the time went to binding values; numbered parameters such as
// ?1 cost more, SQLite finding each one's name in a list).
const insertBatchCols = `INSERT OR FAIL INTO deals(rep_id, name, account, amount, currency, stage, status, close_date,
  next_step, crm_id, created_at, stage_since, updated_at) VALUES `

func (im *importer) insertDeals(p []pendingDeal) error {
	st, ok := im.inserts[len(p)]
	if !ok {
		var q strings.Builder
		q.WriteString(insertBatchCols)
		row := fmt.Sprintf("(?,?,?,?,?,?,?,?,?,?,?,%d,%d)", unix(im.now), unix(im.now))
		for i := range len(p) {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString(row)
		}
		var err error
		if st, err = im.l.tx.PrepareContext(im.l.ctx, q.String()); err != nil {
			return err
		}
		im.inserts[len(p)] = st // closed with the transaction
	}
	args := im.args[:0]
	for i := range p {
		d := &p[i].d
		args = append(args, d.RepID, d.Name, d.Account, d.Amount, d.Currency, d.Stage, string(d.Status),
			d.CloseDate.String(), d.NextStep, d.CRMID, unix(d.CreatedAt))
	}
	im.args = args
	// Not im.l.ctx: the driver watches a cancellable context with a
	// goroutine per statement. The import checks ctx at every row, and a
	// batch takes well under a millisecond.
	res, err := st.ExecContext(context.Background(), args...)
	if err == nil {
		im.lastID, err = res.LastInsertId()
		return err
	}
	var se *sqlite.Error
	if !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_CONSTRAINT {
		return err
	}
	// OR FAIL kept the rows before the refused one, each given the next
	// id: their count is its place. Inserting it alone words the error.
	// The import then fails, and its rollback undoes them.
	var k int
	if qerr := im.l.tx.QueryRowContext(im.l.ctx, "SELECT count(*) FROM deals WHERE id > ?", im.lastID).Scan(&k); qerr != nil || k >= len(p) {
		return err
	}
	if _, ierr := im.l.exec(insertDeal, insertDealArgs(p[k].d)...); ierr != nil {
		return rowErr(p[k].line, dealWriteErr(ierr, p[k].d))
	}
	return err
}

// snapshotNew gives every deal this import added its first snapshot in
// one statement: they are the deals above the largest id stored before.
func (im *importer) snapshotNew() error {
	if im.res.New == 0 {
		return nil
	}
	_, err := im.l.exec(`INSERT OR FAIL INTO snapshots(deal_id, taken_at, stage, status, amount, close_date)
SELECT id, ?, stage, status, amount, close_date FROM deals WHERE id > ?`, unix(im.now), im.maxID)
	return err
}

// maxStoredID reads the largest deal id before the import writes any.
func maxStoredID(l *Loader) (int64, error) {
	var id sql.NullInt64
	err := l.tx.QueryRowContext(l.ctx, "SELECT max(id) FROM deals").Scan(&id)
	return id.Int64, err
}

// rebuildMin is the fewest rows for which an import into a smaller table
// rebuilds the indexes of deals rather than growing them row by row.
const rebuildMin = 10_000

// rebuildCacheKiB is the page cache of such an import (PRAGMA cache_size):
// it appends pages, then sorts once per index, and SQLite sorts in up to
// cache_size of memory before spilling to a file. That sort buffer grows by
// doubling, and each doubling copies it into memory never touched before:
// with 4 MB, a third of a 100,000-row import's 8,800 page faults. With
// 512 KB: 4,300 faults, 1,050 against 1,135 ms (median of 12, paired), and
// a new million-row import in 9.2 s at 97 MB peak against 9.6 s at 113 MB
// (16 MB, importCacheKiB, had peaked at 171 MB).
const rebuildCacheKiB = -512

// dropIndexes drops the indexes of deals that nothing in the import
// reads, keeping the unique ones, which refuse a second deal with one CRM
// id. Growing an index by 100,000 rows in random order took longer than
// sorting them once with CREATE INDEX. The transaction holds the drop:
// a cancel, a failure or a dry run rolls it back.
func (im *importer) dropIndexes() error {
	ctx, tx := im.l.ctx, im.l.tx
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema
WHERE type = 'index' AND tbl_name = 'deals' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'`)
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var name, q string
		if err := rows.Scan(&name, &q); err != nil {
			rows.Close()
			return err
		}
		names, im.dropped = append(names, name), append(im.dropped, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+strings.ReplaceAll(name, `"`, `""`)+`"`); err != nil {
			return err
		}
	}
	if err := im.dropInsertTrigger(); err != nil {
		return err
	}
	// Appends and one sort each for the indexes: a smaller cache does, and
	// SQLite sorts in up to cache_size of memory.
	_, err = tx.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = %d", rebuildCacheKiB))
	return err
}

// restoreIndexes builds again, as the schema wrote them, the indexes
// dropIndexes dropped, and brings back the trigger it dropped.
func (im *importer) restoreIndexes() error {
	for _, q := range im.dropped {
		if _, err := im.l.tx.ExecContext(im.l.ctx, q); err != nil {
			return err
		}
	}
	return im.restoreInsertTrigger()
}

// insertTrigger logs each new deal for the org database's next publish
// (0006_org_changes.sql). Run once a row it took a twentieth of a large
// import's time even with nothing to log, so a bulk import drops it and
// logs the new deals in two statements, as it would have.
const insertTrigger = "org_deals_insert"

func (im *importer) dropInsertTrigger() error {
	ctx, tx := im.l.ctx, im.l.tx
	err := tx.QueryRowContext(ctx, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?", insertTrigger).Scan(&im.trigger)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "DROP TRIGGER "+insertTrigger)
	return err
}

// restoreInsertTrigger writes the org_changes rows the trigger would have
// written for the deals above maxID, in id order as it would have, and
// creates it again.
func (im *importer) restoreInsertTrigger() error {
	if im.trigger == "" {
		return nil
	}
	for _, q := range []string{
		`DELETE FROM org_changes WHERE tbl = 'deals' AND item = '' AND id > ? AND EXISTS (SELECT 1 FROM org_log)`,
		`INSERT INTO org_changes (tbl, id, item) SELECT 'deals', id, '' FROM deals WHERE id > ? AND EXISTS (SELECT 1 FROM org_log) ORDER BY id`,
	} {
		if _, err := im.l.tx.ExecContext(im.l.ctx, q, im.maxID); err != nil {
			return err
		}
	}
	_, err := im.l.tx.ExecContext(im.l.ctx, im.trigger)
	return err
}
