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

// ErrOtherSession is returned when a next step is edited or deleted outside
// the 1:1 that agreed it: once a session is over, what was agreed is a
// record (its recap may have been shared), and later 1:1s only mark it
// done, not done or dropped.
var ErrOtherSession = errors.New("a next step can only be changed in the session that agreed it")

// UpdateAction saves a next step's text, owner, due date and deal. It must
// be a step agreed in session inSession, else ErrOtherSession.
func (s *Store) UpdateAction(ctx context.Context, a coaching.Action, inSession int64) error {
	if err := cleanAction(&a); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE actions SET text = ?, owner = ?, due = ?, deal_id = ? WHERE id = ? AND session_id = ?",
			a.Text, string(a.Owner), a.Due.String(), nullID(a.DealID), a.ID, inSession)
		if err != nil {
			return actionErr(err, a)
		}
		return ownStep(ctx, tx, res, a.ID)
	})
}

// DeleteAction removes a next step entered by mistake. It must be a step
// agreed in session inSession, else ErrOtherSession.
func (s *Store) DeleteAction(ctx context.Context, id, inSession int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM actions WHERE id = ? AND session_id = ?", id, inSession)
		if err != nil {
			return err
		}
		return ownStep(ctx, tx, res, id)
	})
}

// ownStep tells why an update or delete limited to one session's steps
// touched nothing: no such step, or another session's.
func ownStep(ctx context.Context, tx *sql.Tx, res sql.Result, id int64) error {
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	var one int
	err := tx.QueryRowContext(ctx, "SELECT 1 FROM actions WHERE id = ?", id).Scan(&one)
	if err != nil {
		return notFound(err, fmt.Sprintf("next step %d", id))
	}
	return ErrOtherSession
}

// SetActionStatus records session inSession's verdict on a next step agreed
// earlier: done, not done, dropped, or open to take the verdict back. Not
// done keeps the step open for the next 1:1; only done and dropped close
// it. Each session has one verdict per step, so marking it again (n, d, n)
// replaces that verdict and carried counts the session once. The step's
// status, reviewed_in and carried then follow from its verdicts (the newest
// one; how many said not done). With inSession 0 (no session) the status
// is set as given and no verdict is kept.
func (s *Store) SetActionStatus(ctx context.Context, id int64, st coaching.ActionStatus, inSession int64) error {
	if err := checkStatus(st); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if inSession == 0 {
			res, err := tx.ExecContext(ctx, "UPDATE actions SET status = ?, reviewed_in = NULL WHERE id = ?", string(st), id)
			if err != nil {
				return err
			}
			return mustAffect(res, fmt.Sprintf("next step %d", id))
		}
		var one int
		if err := tx.QueryRowContext(ctx, "SELECT 1 FROM actions WHERE id = ?", id).Scan(&one); err != nil {
			return notFound(err, fmt.Sprintf("next step %d", id))
		}
		var err error
		if st == coaching.ActionOpen {
			_, err = tx.ExecContext(ctx, "DELETE FROM action_reviews WHERE action_id = ? AND session_id = ?", id, inSession)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO action_reviews(action_id, session_id, status) VALUES (?, ?, ?)
ON CONFLICT (action_id, session_id) DO UPDATE SET status = excluded.status`, id, inSession, string(st))
		}
		if isConstraint(err, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY) {
			return fmt.Errorf("session %d: %w", inSession, ErrNotFound)
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, followVerdicts, id)
		return err
	})
}

// followVerdicts sets a step's status, reviewed_in and carried from its
// verdicts: the newest session's, 'open' when there is none.
const followVerdicts = `
WITH last AS (SELECT v.session_id, v.status FROM action_reviews v JOIN sessions s ON s.id = v.session_id
              WHERE v.action_id = ?1 ORDER BY s.started_at DESC, s.id DESC LIMIT 1)
UPDATE actions SET
  status = coalesce((SELECT status FROM last), 'open'),
  reviewed_in = (SELECT session_id FROM last),
  carried = (SELECT count(*) FROM action_reviews v WHERE v.action_id = ?1 AND v.status = 'not_done')
WHERE id = ?1`

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

// OpenActions lists a rep's open next steps (open, or not done and so
// carried), soonest due first (undated last). Status is the newest verdict
// and Carried how many 1:1s said not done.
func (s *Store) OpenActions(ctx context.Context, repID int64) ([]coaching.Action, error) {
	return s.actions(ctx, "WHERE a.rep_id = ? AND a.status IN ('open', 'not_done') ORDER BY a.due = '', a.due, a.created_at, a.id", repID)
}

// Commitments lists what to go through at the start of session sessionID:
// next steps from the rep's earlier sessions that are still open (never
// gone through, or not done and carried), and those this session has
// already given a verdict (so they stay on the list while the manager
// ticks them off). Each comes as this session sees it: Status is this
// session's verdict (ActionOpen until given), ReviewedIn this session once
// given, else the session of the newest earlier verdict, and Carried the
// number of earlier 1:1s that said not done ("carried 2×") — it does not
// move while the manager marks it here. Two indexed branches: actions_rep
// for the open ones, action_reviews_session for the ones marked here.
func (s *Store) Commitments(ctx context.Context, repID, sessionID int64) ([]coaching.Action, error) {
	rows, err := s.db.QueryContext(ctx, commitmentsSQL, repID, sessionID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanAction)
}

// verdictCols are actionCols as session cur sees them; v is cur's verdict
// (NULL when none).
const verdictCols = `a.id, a.session_id, a.rep_id, a.deal_id, a.text, a.owner, a.due, coalesce(v.status, 'open'), a.created_at,
  CASE WHEN v.status IS NOT NULL THEN v.session_id
       ELSE (SELECT p.session_id FROM action_reviews p JOIN sessions ps ON ps.id = p.session_id
             WHERE p.action_id = a.id AND (ps.started_at, ps.id) < (cur.started_at, cur.id)
             ORDER BY ps.started_at DESC, ps.id DESC LIMIT 1) END,
  (SELECT count(*) FROM action_reviews p JOIN sessions ps ON ps.id = p.session_id
   WHERE p.action_id = a.id AND p.status = 'not_done' AND (ps.started_at, ps.id) < (cur.started_at, cur.id))`

const commitmentsSQL = `
WITH cur AS (SELECT id, started_at FROM sessions WHERE id = ?2)
SELECT ` + verdictCols + `
FROM cur, actions a JOIN sessions s ON s.id = a.session_id
LEFT JOIN action_reviews v ON v.action_id = a.id AND v.session_id = cur.id
WHERE a.rep_id = ?1 AND a.status IN ('open', 'not_done') AND a.session_id <> cur.id
  AND (s.started_at, s.id) < (cur.started_at, cur.id)
UNION
SELECT ` + verdictCols + `
FROM cur, action_reviews v JOIN actions a ON a.id = v.action_id
WHERE v.session_id = cur.id AND a.rep_id = ?1 AND a.session_id <> cur.id
ORDER BY 9, 1`

// Reviewed lists the verdicts given in session sessionID on commitments
// from earlier 1:1s — the recap's "since last time" — in the order they
// were agreed. Status is this session's verdict, ReviewedIn sessionID and
// Carried the number of 1:1s up to and including this one that said not
// done (so a step not done here for the first time is "carried 1×").
func (s *Store) Reviewed(ctx context.Context, sessionID int64) ([]coaching.Action, error) {
	rows, err := s.db.QueryContext(ctx, reviewedSQL, sessionID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanAction)
}

const reviewedSQL = `
WITH cur AS (SELECT id, started_at FROM sessions WHERE id = ?1)
SELECT a.id, a.session_id, a.rep_id, a.deal_id, a.text, a.owner, a.due, v.status, a.created_at, v.session_id,
  (SELECT count(*) FROM action_reviews p JOIN sessions ps ON ps.id = p.session_id
   WHERE p.action_id = a.id AND p.status = 'not_done' AND (ps.started_at, ps.id) <= (cur.started_at, cur.id))
FROM cur, action_reviews v JOIN actions a ON a.id = v.action_id
WHERE v.session_id = cur.id
ORDER BY a.created_at, a.id`
