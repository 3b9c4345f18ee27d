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

// SessionRow is one line of a rep's history.
type SessionRow struct {
	Session coaching.Session
	// Deals reviewed and checklist answers given in the session.
	Deals   int
	Answers int
	// For a ride-along: the call's outcome, the deal, the manager's role.
	Outcome     coaching.Outcome
	DealName    string
	ManagerRole coaching.ManagerRole
}

const sessionCols = "s.id, s.rep_id, s.kind, s.playbook_version, s.started_at, s.ended_at, s.timebox_minutes, s.focus_skill, s.notes, " +
	"s.focus_reviewed, s.focus_practised, s.focus_evidence"

const insertSession = `INSERT INTO sessions(rep_id, kind, playbook_version, started_at, ended_at, timebox_minutes, focus_skill, notes,
  focus_reviewed, focus_practised, focus_evidence)
VALUES (?, ?, coalesce(nullif(?, 0), (SELECT max(version) FROM playbooks)), ?, ?, ?, ?, ?, ?, ?, ?)`

// defaultTimebox is the length of a one-on-one when none is given.
const defaultTimebox = 30

func scanSession(row scanner) (coaching.Session, error) { return scanSessionAnd(row) }

// scanSessionAnd scans sessionCols, then extra destinations after them.
func scanSessionAnd(row scanner, extra ...any) (coaching.Session, error) {
	var x coaching.Session
	var kind, practised string
	var started int64
	var ended sql.NullInt64
	dest := append([]any{&x.ID, &x.RepID, &kind, &x.PlaybookVersion, &started, &ended, &x.TimeboxMinutes, &x.FocusSkill, &x.Notes,
		&x.FocusReviewed, &practised, &x.FocusEvidence}, extra...)
	err := row.Scan(dest...)
	x.Kind, x.StartedAt, x.EndedAt = coaching.SessionKind(kind), fromUnix(started), fromUnix(ended.Int64)
	x.FocusPractised = coaching.Outcome(practised)
	return x, err
}

func checkKind(k coaching.SessionKind) error {
	if k != coaching.OneOnOne && k != coaching.RideAlong {
		return fmt.Errorf("unknown kind of session %q", k)
	}
	return nil
}

// sessionArgs fills defaults and gives the arguments of insertSession; a
// zero PlaybookVersion means the current playbook.
func sessionArgs(x *coaching.Session, now time.Time) ([]any, error) {
	if err := checkKind(x.Kind); err != nil {
		return nil, err
	}
	if x.StartedAt.IsZero() {
		x.StartedAt = time.Unix(now.Unix(), 0)
	}
	if x.TimeboxMinutes <= 0 {
		x.TimeboxMinutes = defaultTimebox
	}
	return []any{x.RepID, string(x.Kind), x.PlaybookVersion, unix(x.StartedAt), nullUnix(x.EndedAt),
		x.TimeboxMinutes, x.FocusSkill, x.Notes, x.FocusReviewed, string(x.FocusPractised), x.FocusEvidence}, nil
}

func sessionErr(err error, repID int64) error {
	if isConstraint(err, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY) {
		return fmt.Errorf("session of rep %d: rep or playbook version %w", repID, ErrNotFound)
	}
	return err
}

// StartSession begins a session with a rep under the current playbook.
func (s *Store) StartSession(ctx context.Context, repID int64, kind coaching.SessionKind, timeboxMinutes int) (coaching.Session, error) {
	x := coaching.Session{RepID: repID, Kind: kind, TimeboxMinutes: timeboxMinutes}
	args, err := sessionArgs(&x, s.now())
	if err != nil {
		return coaching.Session{}, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, insertSession, args...)
		if err != nil {
			return sessionErr(err, repID)
		}
		if x.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "SELECT playbook_version FROM sessions WHERE id = ?", x.ID).Scan(&x.PlaybookVersion)
	})
	if err != nil {
		return coaching.Session{}, err
	}
	return x, nil
}

// Session returns one session, or ErrNotFound.
func (s *Store) Session(ctx context.Context, id int64) (coaching.Session, error) {
	x, err := scanSession(s.db.QueryRowContext(ctx, "SELECT "+sessionCols+" FROM sessions s WHERE s.id = ?", id))
	return x, notFound(err, fmt.Sprintf("session %d", id))
}

// sessionRows selects SessionRows; the counts are index probes made only for
// the rows returned.
const sessionRows = "SELECT " + sessionCols + `,
  (SELECT count(*) FROM reviews r WHERE r.session_id = s.id),
  (SELECT count(*) FROM reviews r JOIN answers a ON a.review_id = r.id WHERE r.session_id = s.id),
  coalesce(db.outcome, ''), coalesce(d.name, ''), coalesce(db.manager_role, '')
FROM sessions s LEFT JOIN debriefs db ON db.session_id = s.id LEFT JOIN deals d ON d.id = db.deal_id `

func scanSessionRow(row scanner) (SessionRow, error) {
	var x SessionRow
	var outcome, role string
	var err error
	x.Session, err = scanSessionAnd(row, &x.Deals, &x.Answers, &outcome, &x.DealName, &role)
	x.Outcome, x.ManagerRole = coaching.Outcome(outcome), coaching.ManagerRole(role)
	return x, err
}

// Sessions lists a rep's sessions, newest first; limit <= 0 means all.
func (s *Store) Sessions(ctx context.Context, repID int64, limit int) ([]SessionRow, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.db.QueryContext(ctx, sessionRows+"WHERE s.rep_id = ? ORDER BY s.started_at DESC, s.id DESC LIMIT ?", repID, limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanSessionRow)
}

// UnfinishedSession returns the rep's newest unfinished session of a kind,
// or ErrNotFound.
func (s *Store) UnfinishedSession(ctx context.Context, repID int64, kind coaching.SessionKind) (coaching.Session, error) {
	x, err := scanSession(s.db.QueryRowContext(ctx, "SELECT "+sessionCols+` FROM sessions s
WHERE s.rep_id = ? AND s.kind = ? AND s.ended_at IS NULL ORDER BY s.started_at DESC, s.id DESC LIMIT 1`, repID, string(kind)))
	return x, notFound(err, fmt.Sprintf("unfinished %s of rep %d", kind, repID))
}

// UnfinishedDebriefs lists unfinished ride-alongs of every rep, newest first.
func (s *Store) UnfinishedDebriefs(ctx context.Context) ([]SessionRow, error) {
	rows, err := s.db.QueryContext(ctx, sessionRows+"WHERE s.kind = 'ride_along' AND s.ended_at IS NULL ORDER BY s.started_at DESC, s.id DESC")
	if err != nil {
		return nil, err
	}
	return collect(rows, scanSessionRow)
}

// EndSession wraps a session up; ending it again keeps the first end time.
func (s *Store) EndSession(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE sessions SET ended_at = coalesce(ended_at, ?) WHERE id = ?", s.now().Unix(), id)
		if err != nil {
			return err
		}
		return mustAffect(res, fmt.Sprintf("session %d", id))
	})
}

// SetFocusSkill records the one skill the rep works on until next time.
func (s *Store) SetFocusSkill(ctx context.Context, id int64, skill string) error {
	return s.setSessionText(ctx, id, "focus_skill", strings.TrimSpace(skill))
}

// SetSessionNotes saves the session's notes.
func (s *Store) SetSessionNotes(ctx context.Context, id int64, notes string) error {
	return s.setSessionText(ctx, id, "notes", notes)
}

// setSessionText sets one text column; col is always a constant.
func (s *Store) setSessionText(ctx context.Context, id int64, col, v string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE sessions SET "+col+" = ? WHERE id = ?", v, id)
		if err != nil {
			return err
		}
		return mustAffect(res, fmt.Sprintf("session %d", id))
	})
}

// ErrNotEmpty is returned when discarding a session that was wrapped up or
// holds answers or next steps.
var ErrNotEmpty = errors.New("only an unfinished session without answers or next steps can be discarded")

// DeleteSession discards an unfinished session that holds no answers and no
// next steps (its reviews and debrief go with it). Anything else is kept.
func (s *Store) DeleteSession(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var ended sql.NullInt64
		var answers, actions int
		err := tx.QueryRowContext(ctx, `SELECT s.ended_at,
  (SELECT count(*) FROM reviews r JOIN answers a ON a.review_id = r.id WHERE r.session_id = s.id),
  (SELECT count(*) FROM actions a WHERE a.session_id = s.id)
FROM sessions s WHERE s.id = ?`, id).Scan(&ended, &answers, &actions)
		if err != nil {
			return notFound(err, fmt.Sprintf("session %d", id))
		}
		if ended.Valid || answers > 0 || actions > 0 {
			return ErrNotEmpty
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM sessions WHERE id = ?", id)
		return err
	})
}
