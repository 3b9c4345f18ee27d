package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"dealcoach/coaching"
)

// OrgLog is where a snapshot stands in the change log of 0006: Token names
// the log's continuity, the log holds every change after Floor, and Seq is
// the last change the snapshot holds. Token is "" while logging is off.
type OrgLog struct {
	Token      string
	Floor, Seq int64
}

// StartOrgLog turns the change log on (a publish's first step) and says
// where it stands. Changes made before it are only in the rows, which a
// publish without a matching server record reads whole.
func (s *Store) StartOrgLog(ctx context.Context) (OrgLog, error) {
	var lg OrgLog
	err := s.db.QueryRowContext(ctx, `SELECT token, floor, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'org_changes'), 0)
FROM org_log`).Scan(&lg.Token, &lg.Floor, &lg.Seq)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := s.db.ExecContext(ctx, "INSERT OR IGNORE INTO org_log (id, token) VALUES (1, lower(hex(randomblob(16))))"); err != nil {
			return lg, s.fileErr(err)
		}
		return s.StartOrgLog(ctx)
	}
	return lg, err
}

// OrgPublished forgets the changes up to seq, which a server now holds.
// Another server behind seq then gets a whole publish.
func (s *Store) OrgPublished(ctx context.Context, seq int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.fileErr(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM org_changes WHERE seq <= ?", seq); err != nil {
		return s.fileErr(err)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE org_log SET floor = max(floor, ?)", seq); err != nil {
		return s.fileErr(err)
	}
	return s.fileErr(tx.Commit())
}

// OrgRowsSince is OrgRows for the rows logged after seq since: each
// changed key of a logged table comes with its row, or with vals nil when
// the row is gone. The playbook's tables come whole (a few dozen rows). A
// negative since reads every row. It returns where the snapshot stands.
func (s *Store) OrgRowsSince(ctx context.Context, withShared bool, since int64, fn func(t OrgTable, key, vals []any) error) (OrgLog, error) {
	var lg OrgLog
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return lg, err
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `SELECT coalesce((SELECT token FROM org_log), ''), coalesce((SELECT floor FROM org_log), 0),
  coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'org_changes'), 0)`).Scan(&lg.Token, &lg.Floor, &lg.Seq)
	if err != nil {
		return lg, err
	}
	pb, err := orgPlaybook(ctx, tx)
	if err != nil {
		return lg, err
	}
	shared := 0
	if withShared {
		shared = 1
	}
	for _, t := range OrgTables() {
		if t.rows != nil {
			for _, r := range t.rows(pb) {
				if err := fn(t, r[:len(t.Key)], r); err != nil {
					return lg, err
				}
			}
			continue
		}
		whole := func(t OrgTable, vals []any) error { return fn(t, vals[:len(t.Key)], vals) }
		if since < 0 {
			err = orgQuery(ctx, tx, t, t.query, []any{shared}, whole)
		} else {
			err = orgChanged(ctx, tx, t, shared, since, fn)
		}
		if err != nil {
			return lg, err
		}
	}
	return lg, nil
}

// orgChanged hands fn the logged keys of t after since, with their rows.
func orgChanged(ctx context.Context, tx *sql.Tx, t OrgTable, shared int, since int64, fn func(t OrgTable, key, vals []any) error) error {
	keys := "id"
	if len(t.Key) == 2 {
		keys = "id, item"
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+keys+" FROM org_changes WHERE seq > ? AND tbl = ?", since, t.Name)
	if err != nil {
		return err
	}
	changed, err := collect(rows, func(r scanner) ([]any, error) {
		var id int64
		var item string
		if len(t.Key) == 2 {
			err := r.Scan(&id, &item)
			return []any{id, item}, err
		}
		err := r.Scan(&id)
		return []any{id}, err
	})
	if err != nil || len(changed) == 0 {
		return err
	}
	found := map[string]bool{}
	q := "SELECT * FROM (" + t.query + ") WHERE (" + strings.Join(t.Key, ", ") +
		") IN (SELECT " + keys + " FROM org_changes WHERE seq > ? AND tbl = ?)"
	err = orgQuery(ctx, tx, t, q, []any{shared, since, t.Name}, func(t OrgTable, vals []any) error {
		found[orgKey(vals[:len(t.Key)])] = true
		return fn(t, vals[:len(t.Key)], vals)
	})
	if err != nil {
		return err
	}
	for _, k := range changed {
		if !found[orgKey(k)] {
			if err := fn(t, k, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

func orgKey(k []any) string {
	s := strconv.FormatInt(k[0].(int64), 10)
	if len(k) == 2 {
		s += "\x00" + k[1].(string)
	}
	return s
}

// orgPlaybook is the current playbook, decoded without TOML when it can be.
func orgPlaybook(ctx context.Context, tx *sql.Tx) (*coaching.Playbook, error) {
	var src string
	var decoded []byte
	if err := tx.QueryRowContext(ctx, "SELECT source, decoded FROM playbooks ORDER BY version DESC LIMIT 1").Scan(&src, &decoded); err != nil {
		return nil, notFound(err, "playbook")
	}
	if pb := decodePlaybook(decoded); pb != nil {
		return pb, nil
	}
	return coaching.ParsePlaybook("the current playbook", []byte(src))
}
