package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"dealcoach/coaching"
)

// SetFocusReview records the "practised?" of session sessionID: the focus
// it opened with (the last one set, see LastFocus), whether the rep
// practised it (yes, partly, no; "" while not answered) and what shows it.
func (s *Store) SetFocusReview(ctx context.Context, sessionID int64, focus string, practised coaching.Outcome, evidence string) error {
	if !coaching.ValidOutcome(practised) {
		return fmt.Errorf("practised is yes, partly or no, not %q", practised)
	}
	focus = strings.TrimSpace(focus)
	if focus == "" && (practised != "" || strings.TrimSpace(evidence) != "") {
		return fmt.Errorf("session %d: a focus review needs the focus it is about", sessionID)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE sessions SET focus_reviewed = ?, focus_practised = ?, focus_evidence = ? WHERE id = ?",
			focus, string(practised), strings.TrimSpace(evidence), sessionID)
		if err != nil {
			return err
		}
		return mustAffect(res, fmt.Sprintf("session %d", sessionID))
	})
}

// focusSQL lists a rep's 1:1s that set a focus, newest first; ?2 and ?3
// bound them to before a session (started_at, id), or not at all when ?2 is
// NULL. Ride-alongs are left out: their focus_skill is the call's "one
// thing to practise", not the focus the manager set for the coming weeks.
const focusSQL = "SELECT " + sessionCols + ` FROM sessions s
WHERE s.rep_id = ?1 AND s.kind = 'one_on_one' AND s.focus_skill <> ''
  AND (?2 IS NULL OR (s.started_at, s.id) < (?2, ?3))
ORDER BY s.started_at DESC, s.id DESC`

// LastFocus is the focus a 1:1 starting as session beforeSession reviews
// first: the newest focus set in the rep's earlier 1:1s. The focus stays
// until the manager changes it, so a 1:1 that set none keeps the one
// before, and setIn is the first 1:1 of the run that kept setting it
// ("set Nov 12"). beforeSession 0 means after every session. ok is false
// when no 1:1 has set a focus yet.
func (s *Store) LastFocus(ctx context.Context, repID, beforeSession int64) (focus string, setIn coaching.Session, ok bool, err error) {
	var bound, boundID any
	if beforeSession != 0 {
		cur, err := s.Session(ctx, beforeSession)
		if err != nil {
			return "", coaching.Session{}, false, err
		}
		bound, boundID = unix(cur.StartedAt), cur.ID
	}
	rows, err := s.db.QueryContext(ctx, focusSQL, repID, bound, boundID)
	if err != nil {
		return "", coaching.Session{}, false, err
	}
	defer rows.Close()
	for rows.Next() {
		x, err := scanSession(rows)
		if err != nil {
			return "", coaching.Session{}, false, err
		}
		if !ok {
			focus = x.FocusSkill // as last spelled
		} else if !sameFocus(x.FocusSkill, focus) {
			break
		}
		setIn, ok = x, true
	}
	return focus, setIn, ok, rows.Err()
}

func sameFocus(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

const focusHistorySQL = `SELECT s.id, s.started_at, s.focus_skill, s.focus_reviewed, s.focus_practised, s.focus_evidence
FROM sessions s
WHERE s.rep_id = ? AND s.kind = 'one_on_one' AND (s.focus_skill <> '' OR s.focus_reviewed <> '')
ORDER BY s.started_at, s.id`

// FocusHistory is the rep page's history of focuses with their outcomes,
// newest first: one line per "practised?" asked (answered or not), with
// the 1:1 that set that focus, then — first — the current focus if no 1:1
// has asked about it since it was set.
func (s *Store) FocusHistory(ctx context.Context, repID int64) ([]coaching.FocusReview, error) {
	rows, err := s.db.QueryContext(ctx, focusHistorySQL, repID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []coaching.FocusReview
	var cur coaching.FocusReview // the focus in force, as set
	asked := false               // whether a 1:1 asked about cur since
	for rows.Next() {
		var id, started int64
		var focus, reviewed, practised, evidence string
		if err := rows.Scan(&id, &started, &focus, &reviewed, &practised, &evidence); err != nil {
			return nil, err
		}
		if reviewed != "" {
			r := coaching.FocusReview{Focus: reviewed, ReviewedIn: id, ReviewedOn: fromUnix(started),
				Practised: coaching.Outcome(practised), Evidence: evidence}
			if sameFocus(reviewed, cur.Focus) {
				r.SetIn, r.SetOn, asked = cur.SetIn, cur.SetOn, true
			}
			out = append(out, r)
		}
		if focus != "" && !sameFocus(focus, cur.Focus) {
			cur, asked = coaching.FocusReview{Focus: focus, SetIn: id, SetOn: fromUnix(started)}, false
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if cur.Focus != "" && !asked {
		out = append(out, cur)
	}
	slices.Reverse(out)
	return out, nil
}
