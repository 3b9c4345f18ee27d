package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	sqlite3 "modernc.org/sqlite/lib"

	"dealcoach/coaching"
)

const snapshotCols = "sn.deal_id, sn.taken_at, sn.stage, sn.status, sn.amount, sn.close_date"

const insertSnapshot = "INSERT INTO snapshots(deal_id, taken_at, stage, status, amount, close_date) VALUES (?,?,?,?,?,?)"

func scanSnapshot(row scanner) (coaching.Snapshot, error) {
	var sn coaching.Snapshot
	var taken int64
	var status, closeDate string
	err := row.Scan(&sn.DealID, &taken, &sn.Stage, &status, &sn.Amount, &closeDate)
	sn.TakenAt, sn.Status, sn.CloseDate = fromUnix(taken), coaching.DealStatus(status), date(closeDate)
	return sn, err
}

func snapshotArgs(sn coaching.Snapshot, now time.Time) []any {
	if sn.TakenAt.IsZero() {
		sn.TakenAt = now
	}
	if sn.Status == "" {
		sn.Status = coaching.StatusOpen
	}
	return []any{sn.DealID, unix(sn.TakenAt), sn.Stage, string(sn.Status), sn.Amount, sn.CloseDate.String()}
}

func snapshotErr(err error, sn coaching.Snapshot) error {
	if isConstraint(err, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY) {
		return fmt.Errorf("snapshot of deal %d: %w", sn.DealID, ErrNotFound)
	}
	return err
}

// AddSnapshot records what a CRM import said about a deal (TakenAt now when
// zero).
func (s *Store) AddSnapshot(ctx context.Context, sn coaching.Snapshot) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, insertSnapshot, snapshotArgs(sn, s.now())...)
		return snapshotErr(err, sn)
	})
}

// Snapshots lists a deal's snapshots, oldest first.
func (s *Store) Snapshots(ctx context.Context, dealID int64) ([]coaching.Snapshot, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+snapshotCols+" FROM snapshots sn WHERE sn.deal_id = ? ORDER BY sn.taken_at, sn.rowid", dealID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanSnapshot)
}

// RepSnapshots maps each of the rep's deals to its snapshots, oldest first.
func (s *Store) RepSnapshots(ctx context.Context, repID int64) (map[int64][]coaching.Snapshot, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+snapshotCols+` FROM deals d JOIN snapshots sn ON sn.deal_id = d.id
WHERE d.rep_id = ? ORDER BY sn.deal_id, sn.taken_at, sn.rowid`, repID)
	if err != nil {
		return nil, err
	}
	list, err := collect(rows, scanSnapshot)
	if err != nil {
		return nil, err
	}
	m := map[int64][]coaching.Snapshot{}
	for _, sn := range list {
		m[sn.DealID] = append(m[sn.DealID], sn)
	}
	return m, nil
}
