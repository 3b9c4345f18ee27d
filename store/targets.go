package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"dealcoach/coaching"
)

// Targets is what the plan of a rep's next 1:1 coaches: the weakest stage
// over the days up to now (days <= 0: coaching.DefaultWindowDays) and the
// focus a 1:1 starting after session beforeSession reviews (0: after every
// session, as when the plan runs before its session exists).
func (s *Store) Targets(ctx context.Context, pb *coaching.Playbook, repID, beforeSession int64, now time.Time, days int) (coaching.Targets, error) {
	if days <= 0 {
		days = coaching.DefaultWindowDays
	}
	facts, err := s.Facts(ctx, repID, now.AddDate(0, 0, -days), now.Add(time.Second))
	if err != nil {
		return coaching.Targets{}, err
	}
	focus, _, _, err := s.LastFocus(ctx, repID, beforeSession)
	if err != nil {
		return coaching.Targets{}, err
	}
	return coaching.NewTargets(pb, coaching.Summarize(pb, "", facts, now, days), focus), nil
}

// SetRepPick marks the deal of a review as the one the rep asked to talk
// about, or unmarks it.
func (s *Store) SetRepPick(ctx context.Context, reviewID int64, pick bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE reviews SET rep_pick = ? WHERE id = ?", pick, reviewID)
		if err != nil {
			return err
		}
		return mustAffect(res, fmt.Sprintf("review %d", reviewID))
	})
}
