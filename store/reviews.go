package store

import (
	"context"
	"database/sql"
	"fmt"

	sqlite3 "modernc.org/sqlite/lib"

	"dealcoach/coaching"
)

const reviewCols = "id, session_id, deal_id, stage, shared_note, private_note, position, created_at, rep_pick"

const insertReview = "INSERT INTO reviews(session_id, deal_id, stage, shared_note, private_note, position, created_at, rep_pick) VALUES (?,?,?,?,?,?,?,?)"

func scanReview(row scanner) (coaching.Review, error) {
	var r coaching.Review
	var created int64
	err := row.Scan(&r.ID, &r.SessionID, &r.DealID, &r.Stage, &r.SharedNote, &r.PrivateNote, &r.Position, &created, &r.RepPick)
	r.CreatedAt = fromUnix(created)
	return r, err
}

func reviewErr(err error, sessionID, dealID int64) error {
	if isConstraint(err, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY) {
		return fmt.Errorf("review of deal %d in session %d: session or deal %w", dealID, sessionID, ErrNotFound)
	}
	return err
}

// AddReview starts reviewing a deal in a session. Walking back to a deal
// already reviewed in the session returns that review unchanged.
func (s *Store) AddReview(ctx context.Context, sessionID, dealID int64, stage string, position int) (coaching.Review, error) {
	var r coaching.Review
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, insertReview+" ON CONFLICT (session_id, deal_id) DO NOTHING",
			sessionID, dealID, stage, "", "", position, s.now().Unix(), false)
		if err != nil {
			return reviewErr(err, sessionID, dealID)
		}
		r, err = scanReview(tx.QueryRowContext(ctx, "SELECT "+reviewCols+" FROM reviews WHERE session_id = ? AND deal_id = ?", sessionID, dealID))
		return err
	})
	return r, err
}

// Reviews lists the deals reviewed in a session, in walk order.
func (s *Store) Reviews(ctx context.Context, sessionID int64) ([]coaching.Review, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+reviewCols+" FROM reviews WHERE session_id = ? ORDER BY position, id", sessionID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanReview)
}

// SetReviewNotes saves the shared note (the rep may see it) and the private
// note (the manager's only).
func (s *Store) SetReviewNotes(ctx context.Context, reviewID int64, shared, private string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE reviews SET shared_note = ?, private_note = ? WHERE id = ?", shared, private, reviewID)
		if err != nil {
			return err
		}
		return mustAffect(res, fmt.Sprintf("review %d", reviewID))
	})
}
