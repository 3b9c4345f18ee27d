package store

import (
	"context"
	"fmt"
)

// refillNextAt sets every answer's next_at from scratch, as the migration
// that added it does (0004_answer_windows.sql): one pass in pair order.
const refillNextAt = `UPDATE answers SET next_at = l.n FROM (
  SELECT review_id, item, lead(answered_at) OVER (
    PARTITION BY deal_id, item ORDER BY answered_at, stage, value, review_id) AS n
  FROM answers) AS l
WHERE answers.review_id = l.review_id AND answers.item = l.item AND answers.next_at IS NOT l.n`

// LoadMany is Load for loads that write answers by the hundred thousand,
// such as the sample team: the triggers that keep answers.next_at cost a
// pair lookup per answer (2.5× the demo's time), so within the load's
// transaction they are dropped, next_at is refilled in one statement at
// the end and the triggers are made again as they were.
// That includes the org change log's, so the load breaks the log's token.
func (s *Store) LoadMany(ctx context.Context, fn func(*Loader) error) error {
	return s.Load(ctx, func(l *Loader) error {
		rows, err := l.tx.QueryContext(ctx, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'answers'")
		if err != nil {
			return err
		}
		type trigger struct{ name, sql string }
		triggers, err := collect(rows, func(r scanner) (trigger, error) {
			var t trigger
			return t, r.Scan(&t.name, &t.sql)
		})
		if err != nil {
			return err
		}
		for _, t := range triggers {
			if _, err := l.tx.ExecContext(ctx, fmt.Sprintf("DROP TRIGGER %q", t.name)); err != nil {
				return err
			}
		}
		if err := fn(l); err != nil {
			return err
		}
		// The prepared statements were made without the triggers; close
		// them before the schema changes back.
		for q, st := range l.stmts {
			st.Close()
			delete(l.stmts, q)
		}
		if _, err := l.tx.ExecContext(ctx, refillNextAt); err != nil {
			return err
		}
		for _, t := range triggers {
			if _, err := l.tx.ExecContext(ctx, t.sql); err != nil {
				return err
			}
		}
		// The org change log (0006) missed these answers: a new token
		// sends the next publish down the whole, hash-compared path.
		_, err = l.tx.ExecContext(ctx, "UPDATE org_log SET token = lower(hex(randomblob(16)))")
		return err
	})
}
