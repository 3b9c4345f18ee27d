package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"dealcoach/coaching"
)

// Loader writes many rows in one transaction with prepared statements, for
// sample data and CRM imports. Nothing is written unless the whole load
// succeeds. Times a row leaves zero are the store's now. A Loader is not
// safe for concurrent use and is valid only inside the Load callback.
type Loader struct {
	ctx   context.Context
	tx    *sql.Tx
	now   time.Time
	stmts map[string]*sql.Stmt
}

// Load runs fn in one transaction and commits if it returns nil.
func (s *Store) Load(ctx context.Context, fn func(*Loader) error) error {
	return s.load(ctx, loadOptions{foreignKeys: true, tempInMemory: true}, fn)
}

// loadOptions set up the connection of a load.
type loadOptions struct {
	// foreignKeys off spares a statement that writes many rows its
	// statement journal: SQLite keeps one only to undo a statement that a
	// foreign key could fail at its end. A load without them must write
	// only keys it has checked.
	foreignKeys bool
	// tempInMemory keeps statement journals and sorts in memory. A sort
	// as large as a million-row CREATE INDEX must spill to a file.
	tempInMemory bool
	// rollbackJournal runs the load with SQLite's rollback journal rather
	// than the WAL, and goes back to the WAL after it. In WAL mode every
	// page a load writes is written twice, to the WAL and again at the
	// checkpoint; with the rollback journal, pages new to the file are
	// written once and the journal keeps only the few pages the load
	// changes. It is as atomic and durable (synchronous stays FULL), but
	// readers wait while the load holds the file, so it is only for a
	// database with nothing to read yet.
	rollbackJournal bool
}

// load is Load with opt.
func (s *Store) load(ctx context.Context, opt loadOptions, fn func(*Loader) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// Every upsert of an answer keeps a statement journal of the pages it
	// touches; on disk that journal cost a third of a large load's time in
	// pwrite calls. temp_store is read at BEGIN, so set it first, and set it
	// back before the connection returns to the pool.
	if opt.tempInMemory {
		if _, err := conn.ExecContext(ctx, "PRAGMA temp_store = MEMORY"); err != nil {
			return err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA temp_store = DEFAULT")
	}
	if !opt.foreignKeys {
		// Read at BEGIN too, and set back for the pool's next user.
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			return err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON")
	}

	if opt.rollbackJournal {
		// Another connection to the file keeps it in WAL mode: then the
		// pragma leaves the mode as it is, and the load runs in it.
		if _, err := conn.ExecContext(ctx, "PRAGMA journal_mode = DELETE"); err != nil {
			return s.fileErr(err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA journal_mode = WAL")
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return s.fileErr(err)
	}
	l := &Loader{ctx: ctx, tx: tx, now: time.Unix(s.now().Unix(), 0), stmts: map[string]*sql.Stmt{}}
	err = fn(l)
	for _, st := range l.stmts {
		st.Close()
	}
	if err != nil {
		tx.Rollback()
		return s.fileErr(err)
	}
	return s.fileErr(tx.Commit())
}

// exec runs q as a statement prepared once per load.
func (l *Loader) exec(q string, args ...any) (sql.Result, error) {
	st, ok := l.stmts[q]
	if !ok {
		var err error
		if st, err = l.tx.PrepareContext(l.ctx, q); err != nil {
			return nil, err
		}
		l.stmts[q] = st
	}
	return st.ExecContext(l.ctx, args...)
}

func inserted(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// Rep adds a rep.
func (l *Loader) Rep(r coaching.Rep) (int64, error) {
	name, err := repName(r.Name)
	if err != nil {
		return 0, err
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = l.now
	}
	res, err := l.exec("INSERT INTO reps(name, created_at) VALUES (?, ?)", name, unix(r.CreatedAt))
	if err != nil {
		return 0, duplicateRep(err, name)
	}
	return res.LastInsertId()
}

// RepByName finds a rep by name, ignoring case; ErrNotFound if none.
func (l *Loader) RepByName(name string) (coaching.Rep, error) {
	name = strings.TrimSpace(name)
	r, err := scanRep(l.tx.QueryRowContext(l.ctx, "SELECT "+repCols+" FROM reps WHERE name = ?", name))
	return r, notFound(err, fmt.Sprintf("rep %q", name))
}

// FindDeal is Store.FindDeal inside the load, so it sees deals the load
// has written.
func (l *Loader) FindDeal(crmID string, repID int64, account, name string) (coaching.Deal, error) {
	return findDeal(l.ctx, l.tx, crmID, repID, account, name)
}

// Deal adds a deal when d.ID is 0 and otherwise updates it; an update that
// changes the stage sets stage_since to d.StageSince, or now.
func (l *Loader) Deal(d coaching.Deal) (int64, error) {
	if err := cleanDeal(&d); err != nil {
		return 0, err
	}
	if d.ID == 0 {
		dealDefaults(&d, l.now)
		id, err := inserted(l.exec(insertDeal, insertDealArgs(d)...))
		return id, dealWriteErr(err, d)
	}
	since, updated := d.StageSince, d.UpdatedAt
	if since.IsZero() {
		since = l.now
	}
	if updated.IsZero() {
		updated = l.now
	}
	res, err := l.exec(updateDealSQL, updateDealArgs(d, updated, since)...)
	if err != nil {
		return 0, dealWriteErr(err, d)
	}
	return d.ID, mustAffect(res, fmt.Sprintf("deal %d", d.ID))
}

// Session adds a session; a zero PlaybookVersion means the current one.
func (l *Loader) Session(x coaching.Session) (int64, error) {
	args, err := sessionArgs(&x, l.now)
	if err != nil {
		return 0, err
	}
	id, err := inserted(l.exec(insertSession, args...))
	return id, sessionErr(err, x.RepID)
}

// Review adds a review.
func (l *Loader) Review(r coaching.Review) (int64, error) {
	if r.CreatedAt.IsZero() {
		r.CreatedAt = l.now
	}
	id, err := inserted(l.exec(insertReview, r.SessionID, r.DealID, r.Stage, r.SharedNote, r.PrivateNote, r.Position, unix(r.CreatedAt), r.RepPick))
	return id, reviewErr(err, r.SessionID, r.DealID)
}

// Answer adds (or replaces) an answer.
func (l *Loader) Answer(a coaching.Answer) error {
	args, err := answerArgs(a, l.now)
	if err != nil {
		return err
	}
	res, err := l.exec(upsertAnswer, args...)
	if err != nil {
		return err
	}
	return mustAffect(res, fmt.Sprintf("review %d", a.ReviewID))
}

// Action adds a next step as given (status, reviewed-in session and
// creation time included); the rep is the session's.
func (l *Loader) Action(a coaching.Action) (int64, error) {
	if a.ReviewedIn != 0 && a.Status == coaching.ActionNotDone && a.Carried == 0 {
		a.Carried = 1 // its verdict below says not done once
	}
	args, err := actionArgs(&a, l.now)
	if err != nil {
		return 0, err
	}
	res, err := l.exec(insertAction, args...)
	id, err := actionID(a, res, err)
	if err != nil || a.ReviewedIn == 0 || a.Status == coaching.ActionOpen {
		return id, err
	}
	// The verdict of the session that went through it, as SetActionStatus
	// keeps it, so that session's recap lists it.
	_, err = l.exec("INSERT INTO action_reviews(action_id, session_id, status) VALUES (?, ?, ?)", id, a.ReviewedIn, string(a.Status))
	return id, err
}

// Debrief adds or replaces a ride-along's debrief.
func (l *Loader) Debrief(d coaching.Debrief) error {
	args, err := debriefArgs(d)
	if err != nil {
		return err
	}
	_, err = l.exec(upsertDebrief, args...)
	return debriefErr(err, d)
}

// Snapshot records what an import said about a deal.
func (l *Loader) Snapshot(sn coaching.Snapshot) error {
	_, err := l.exec(insertSnapshot, snapshotArgs(sn, l.now)...)
	return snapshotErr(err, sn)
}
