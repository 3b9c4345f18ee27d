package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	sqlite3 "modernc.org/sqlite/lib"

	"dealcoach/coaching"
)

const actionCols = "a.id, a.session_id, a.rep_id, a.deal_id, a.text, a.owner, a.due, a.status, a.created_at, a.reviewed_in, a.carried"

// insertAction takes the rep from the session, so a next step always
// belongs to the rep it was agreed with; no row means no such session.
const insertAction = `INSERT INTO actions(session_id, rep_id, deal_id, text, owner, due, status, created_at, reviewed_in, carried)
SELECT s.id, s.rep_id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 FROM sessions s WHERE s.id = ?1`

func scanAction(row scanner) (coaching.Action, error) {
	var a coaching.Action
	var deal, reviewed sql.NullInt64
	var owner, due, status string
	var created int64
	err := row.Scan(&a.ID, &a.SessionID, &a.RepID, &deal, &a.Text, &owner, &due, &status, &created, &reviewed, &a.Carried)
	a.DealID, a.ReviewedIn = deal.Int64, reviewed.Int64
	a.Owner, a.Due, a.Status, a.CreatedAt = coaching.Owner(owner), date(due), coaching.ActionStatus(status), fromUnix(created)
	return a, err
}

func checkStatus(st coaching.ActionStatus) error {
	switch st {
	case coaching.ActionOpen, coaching.ActionDone, coaching.ActionNotDone, coaching.ActionDropped:
		return nil
	}
	return fmt.Errorf("unknown next-step status %q", st)
}

// cleanAction refuses a next step without words or without an owner: the
// app exists to make ownership explicit.
func cleanAction(a *coaching.Action) error {
	a.Text = strings.TrimSpace(a.Text)
	if a.Text == "" {
		return errors.New("a next step needs some text")
	}
	if a.Owner != coaching.OwnerRep && a.Owner != coaching.OwnerManager {
		return fmt.Errorf("next step %q needs an owner, rep or manager", a.Text)
	}
	return nil
}

func actionArgs(a *coaching.Action, now time.Time) ([]any, error) {
	if err := cleanAction(a); err != nil {
		return nil, err
	}
	if a.Status == "" {
		a.Status = coaching.ActionOpen
	}
	if err := checkStatus(a.Status); err != nil {
		return nil, err
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = time.Unix(now.Unix(), 0)
	}
	return []any{a.SessionID, nullID(a.DealID), a.Text, string(a.Owner), a.Due.String(), string(a.Status),
		unix(a.CreatedAt), nullID(a.ReviewedIn), a.Carried}, nil
}

func actionErr(err error, a coaching.Action) error {
	if isConstraint(err, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY) {
		return fmt.Errorf("next step %q: deal %d: %w", a.Text, a.DealID, ErrNotFound)
	}
	return err
}

// actionID is the id of a just-inserted action, ErrNotFound when
// insertAction found no session.
func actionID(a coaching.Action, res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, actionErr(err, a)
	}
	if err := mustAffect(res, fmt.Sprintf("session %d", a.SessionID)); err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// AddAction records a next step agreed in a session. It starts open.
func (s *Store) AddAction(ctx context.Context, a coaching.Action) (coaching.Action, error) {
	a.Status, a.ReviewedIn, a.CreatedAt = coaching.ActionOpen, 0, time.Time{}
	args, err := actionArgs(&a, s.now())
	if err != nil {
		return coaching.Action{}, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, insertAction, args...)
		if a.ID, err = actionID(a, res, err); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "SELECT rep_id FROM actions WHERE id = ?", a.ID).Scan(&a.RepID)
	})
	if err != nil {
		return coaching.Action{}, err
	}
	return a, nil
}

// UpdateAction saves a next step's text, owner, due date and deal.
func (s *Store) UpdateAction(ctx context.Context, a coaching.Action) error {
	if err := cleanAction(&a); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE actions SET text = ?, owner = ?, due = ?, deal_id = ? WHERE id = ?",
			a.Text, string(a.Owner), a.Due.String(), nullID(a.DealID), a.ID)
		if err != nil {
			return actionErr(err, a)
		}
		return mustAffect(res, fmt.Sprintf("next step %d", a.ID))
	})
}

// DeleteAction removes a next step entered by mistake.
func (s *Store) DeleteAction(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM actions WHERE id = ?", id)
		if err != nil {
			return err
		}
		return mustAffect(res, fmt.Sprintf("next step %d", id))
	})
}

// SetActionStatus marks a next step done, not done, dropped or open again,
// remembering the session in which that was decided (0 for none).
func (s *Store) SetActionStatus(ctx context.Context, id int64, st coaching.ActionStatus, inSession int64) error {
	if err := checkStatus(st); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE actions SET status = ?, reviewed_in = ? WHERE id = ?", string(st), nullID(inSession), id)
		if err != nil {
			if isConstraint(err, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY) {
				return fmt.Errorf("session %d: %w", inSession, ErrNotFound)
			}
			return err
		}
		return mustAffect(res, fmt.Sprintf("next step %d", id))
	})
}

func (s *Store) actions(ctx context.Context, where string, args ...any) ([]coaching.Action, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+actionCols+" FROM actions a "+where, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanAction)
}

// Actions lists the next steps agreed in a session, in the order agreed.
func (s *Store) Actions(ctx context.Context, sessionID int64) ([]coaching.Action, error) {
	return s.actions(ctx, "WHERE a.session_id = ? ORDER BY a.created_at, a.id", sessionID)
}

// OpenActions lists a rep's open next steps, soonest due first (undated
// last).
func (s *Store) OpenActions(ctx context.Context, repID int64) ([]coaching.Action, error) {
	return s.actions(ctx, "WHERE a.rep_id = ? AND a.status = 'open' ORDER BY a.due = '', a.due, a.created_at, a.id", repID)
}

// Commitments lists what to go through at the start of session sessionID:
// next steps from the rep's earlier sessions that are still open, or whose
// status was already set in this session (so they stay on the list while
// the manager ticks them off). Two indexed branches: actions_rep for the
// open ones, actions_reviewed for the ones set here.
func (s *Store) Commitments(ctx context.Context, repID, sessionID int64) ([]coaching.Action, error) {
	rows, err := s.db.QueryContext(ctx, commitmentsSQL, repID, sessionID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanAction)
}

const commitmentsSQL = `
WITH cur AS (SELECT started_at FROM sessions WHERE id = ?2)
SELECT ` + actionCols + ` FROM actions a JOIN sessions s ON s.id = a.session_id
WHERE a.rep_id = ?1 AND a.status = 'open' AND a.session_id <> ?2 AND s.started_at <= (SELECT started_at FROM cur)
UNION
SELECT ` + actionCols + ` FROM actions a
WHERE a.reviewed_in = ?2 AND a.rep_id = ?1 AND a.session_id <> ?2
ORDER BY created_at, id`
