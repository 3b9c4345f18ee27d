package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"dealcoach/coaching"
)

// Recap gathers a session for its exported recap: the rep, the deals
// reviewed with their answers and gaps (by the playbook the session ran
// under), the next steps agreed, the earlier commitments it went through,
// the focus skill (its review is in the session) and, for a ride-along,
// the debrief.
func (s *Store) Recap(ctx context.Context, sessionID int64) (coaching.Recap, error) {
	sess, err := s.Session(ctx, sessionID)
	if err != nil {
		return coaching.Recap{}, err
	}
	rep, err := s.Rep(ctx, sess.RepID)
	if err != nil {
		return coaching.Recap{}, err
	}
	pb, err := s.PlaybookVersion(ctx, sess.PlaybookVersion)
	if err != nil {
		return coaching.Recap{}, err
	}
	r := coaching.Recap{Rep: rep.Name, Session: sess, FocusSkill: sess.FocusSkill}
	reviews, err := s.Reviews(ctx, sessionID)
	if err != nil {
		return coaching.Recap{}, err
	}
	for _, rv := range reviews {
		d, err := s.Deal(ctx, rv.DealID)
		if err != nil {
			return coaching.Recap{}, err
		}
		answers, err := s.Answers(ctx, rv.ID)
		if err != nil {
			return coaching.Recap{}, err
		}
		r.Deals = append(r.Deals, coaching.NewRecapDeal(pb, d, rv, answers))
	}
	if r.Actions, err = s.Actions(ctx, sessionID); err != nil {
		return coaching.Recap{}, err
	}
	if r.Commitments, err = s.Reviewed(ctx, sessionID); err != nil {
		return coaching.Recap{}, err
	}
	if sess.Kind == coaching.RideAlong {
		d, err := s.Debrief(ctx, sessionID)
		switch {
		case err == nil:
			r.Debrief = &d
		case !errors.Is(err, ErrNotFound):
			return coaching.Recap{}, err
		}
	}
	return r, nil
}

// PreviousReview is when the deal was last reviewed in another session
// than sessionID, zero if never: the "changed since" of the deal walk.
func (s *Store) PreviousReview(ctx context.Context, dealID, sessionID int64) (time.Time, error) {
	var at sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT max(created_at) FROM reviews WHERE deal_id = ? AND session_id <> ?`,
		dealID, sessionID).Scan(&at)
	if err != nil || !at.Valid {
		return time.Time{}, err
	}
	return fromUnix(at.Int64), nil
}
