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

const dealCols = "id, rep_id, name, account, amount, currency, stage, status, close_date, next_step, crm_id, stage_since, created_at, updated_at"

func scanDeal(row scanner) (coaching.Deal, error) {
	var d coaching.Deal
	var status, closeDate string
	var since, created, updated int64
	err := row.Scan(&d.ID, &d.RepID, &d.Name, &d.Account, &d.Amount, &d.Currency, &d.Stage, &status,
		&closeDate, &d.NextStep, &d.CRMID, &since, &created, &updated)
	d.Status, d.CloseDate = coaching.DealStatus(status), date(closeDate)
	d.StageSince, d.CreatedAt, d.UpdatedAt = fromUnix(since), fromUnix(created), fromUnix(updated)
	return d, err
}

// cleanDeal fills defaults and refuses a deal the schema would reject, with
// words for the manager rather than a constraint name.
func cleanDeal(d *coaching.Deal) error {
	d.Name = strings.TrimSpace(d.Name)
	d.Account = strings.TrimSpace(d.Account)
	d.CRMID = strings.TrimSpace(d.CRMID)
	if d.Name == "" {
		return errors.New("a deal needs a name")
	}
	if d.RepID == 0 {
		return fmt.Errorf("deal %q has no rep", d.Name)
	}
	if d.Stage == "" {
		return fmt.Errorf("deal %q has no stage", d.Name)
	}
	if d.Status == "" {
		d.Status = coaching.StatusOpen
	}
	switch d.Status {
	case coaching.StatusOpen, coaching.StatusWon, coaching.StatusLost:
	default:
		return fmt.Errorf("deal %q: unknown status %q", d.Name, d.Status)
	}
	if d.Currency == "" {
		d.Currency = "USD"
	}
	return nil
}

func dealWriteErr(err error, d coaching.Deal) error {
	switch {
	case isConstraint(err, sqlite3.SQLITE_CONSTRAINT_UNIQUE):
		return fmt.Errorf("another deal already has CRM id %s", d.CRMID)
	case isConstraint(err, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY):
		return fmt.Errorf("deal %q: rep %d: %w", d.Name, d.RepID, ErrNotFound)
	}
	return err
}

const insertDeal = "INSERT INTO deals(rep_id, name, account, amount, currency, stage, status, close_date, next_step, crm_id, stage_since, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"

// updateDealSQL moves stage_since only when the stage changes: inside SET,
// "stage" is still the old value.
const updateDealSQL = `UPDATE deals SET rep_id = ?1, name = ?2, account = ?3, amount = ?4, currency = ?5,
  stage_since = CASE WHEN stage <> ?6 THEN ?12 ELSE stage_since END,
  stage = ?6, status = ?7, close_date = ?8, next_step = ?9, crm_id = ?10, updated_at = ?11
WHERE id = ?13`

// dealDefaults stamps the times a new deal has not been given.
func dealDefaults(d *coaching.Deal, now time.Time) {
	now = time.Unix(now.Unix(), 0)
	if d.CreatedAt.IsZero() {
		d.CreatedAt = now
	}
	if d.UpdatedAt.IsZero() {
		d.UpdatedAt = now
	}
	if d.StageSince.IsZero() {
		d.StageSince = d.CreatedAt
	}
}

func insertDealArgs(d coaching.Deal) []any {
	return []any{d.RepID, d.Name, d.Account, d.Amount, d.Currency, d.Stage, string(d.Status), d.CloseDate.String(),
		d.NextStep, d.CRMID, unix(d.StageSince), unix(d.CreatedAt), unix(d.UpdatedAt)}
}

func updateDealArgs(d coaching.Deal, now, stageSince time.Time) []any {
	return []any{d.RepID, d.Name, d.Account, d.Amount, d.Currency, d.Stage, string(d.Status), d.CloseDate.String(),
		d.NextStep, d.CRMID, unix(now), unix(stageSince), d.ID}
}

// CreateDeal adds a deal. Missing times are now; status defaults to open
// and currency to USD.
func (s *Store) CreateDeal(ctx context.Context, d coaching.Deal) (coaching.Deal, error) {
	if err := cleanDeal(&d); err != nil {
		return coaching.Deal{}, err
	}
	dealDefaults(&d, s.now())
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, insertDeal, insertDealArgs(d)...)
		if err != nil {
			return dealWriteErr(err, d)
		}
		d.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return coaching.Deal{}, err
	}
	return d, nil
}

// UpdateDeal saves a deal's fields. A change of stage restarts the days in
// stage.
func (s *Store) UpdateDeal(ctx context.Context, d coaching.Deal) error {
	if err := cleanDeal(&d); err != nil {
		return err
	}
	now := s.now()
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, updateDealSQL, updateDealArgs(d, now, now)...)
		if err != nil {
			return dealWriteErr(err, d)
		}
		return mustAffect(res, fmt.Sprintf("deal %d", d.ID))
	})
}

// Deal returns one deal, or ErrNotFound.
func (s *Store) Deal(ctx context.Context, id int64) (coaching.Deal, error) {
	d, err := scanDeal(s.db.QueryRowContext(ctx, "SELECT "+dealCols+" FROM deals WHERE id = ?", id))
	return d, notFound(err, fmt.Sprintf("deal %d", id))
}

// FindDeal finds the deal an import row means: by CRM id when there is
// one, else by rep, account and name (ignoring case). ErrNotFound if none.
func (s *Store) FindDeal(ctx context.Context, crmID string, repID int64, account, name string) (coaching.Deal, error) {
	return findDeal(ctx, s.db, crmID, repID, account, name)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func findDeal(ctx context.Context, q querier, crmID string, repID int64, account, name string) (coaching.Deal, error) {
	var row *sql.Row
	if crmID = strings.TrimSpace(crmID); crmID != "" {
		row = q.QueryRowContext(ctx, "SELECT "+dealCols+" FROM deals WHERE crm_id = ?", crmID)
	} else {
		row = q.QueryRowContext(ctx, "SELECT "+dealCols+` FROM deals
WHERE rep_id = ? AND account = ? COLLATE NOCASE AND name = ? COLLATE NOCASE ORDER BY id LIMIT 1`,
			repID, strings.TrimSpace(account), strings.TrimSpace(name))
	}
	d, err := scanDeal(row)
	return d, notFound(err, fmt.Sprintf("deal %q", name))
}

// dealsSQL finds the rep's deals through deals_rep; sorting a hundred rows
// needs no index.
func dealsSQL(openOnly bool) string {
	q := "SELECT " + dealCols + " FROM deals WHERE rep_id = ?"
	if openOnly {
		q += " AND status = 'open'"
	}
	return q + " ORDER BY status <> 'open', close_date = '', close_date, name COLLATE NOCASE, id"
}

// Deals lists a rep's deals: open ones first, then by close date (deals
// without one last), then by name.
func (s *Store) Deals(ctx context.Context, repID int64, openOnly bool) ([]coaching.Deal, error) {
	rows, err := s.db.QueryContext(ctx, dealsSQL(openOnly), repID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanDeal)
}

const lastReviewedSQL = `
SELECT r.deal_id, max(r.created_at) FROM deals d JOIN reviews r ON r.deal_id = d.id
WHERE d.rep_id = ? GROUP BY r.deal_id`

// LastReviewed maps each of the rep's deals that was ever reviewed, in any
// kind of session, to its latest review time.
func (s *Store) LastReviewed(ctx context.Context, repID int64) (map[int64]time.Time, error) {
	rows, err := s.db.QueryContext(ctx, lastReviewedSQL, repID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[int64]time.Time{}
	for rows.Next() {
		var id, at int64
		if err := rows.Scan(&id, &at); err != nil {
			return nil, err
		}
		m[id] = fromUnix(at)
	}
	return m, rows.Err()
}
