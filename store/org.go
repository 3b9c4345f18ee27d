package store

import (
	"context"
	"database/sql"

	"dealcoach/coaching"
)

// OrgTable is one table a manager publishes to the organisation's
// PostgreSQL database (issue 16). Rows are keyed by the local key; the
// server adds the manager. Only these columns ever leave the laptop: no
// deal names or next steps, no action text, no session notes, no private
// notes, no debrief text; shared notes and evidence only when asked.
type OrgTable struct {
	Name string
	Key  []string // the local key, first in every row
	Cols []string // then these
	// query reads the rows from SQLite; the ? is withShared (0 or 1).
	query string
	// rows makes the rows from the current playbook instead.
	rows func(pb *coaching.Playbook) [][]any
}

// Columns is Key then Cols: the order of every row's values.
func (t OrgTable) Columns() []string { return append(append([]string{}, t.Key...), t.Cols...) }

// OrgTables lists what a publish sends, in the order it sends it.
func OrgTables() []OrgTable {
	return []OrgTable{
		{Name: "playbook", Key: []string{"id"}, Cols: []string{"weak_below", "min_answers"},
			rows: func(pb *coaching.Playbook) [][]any {
				return [][]any{{int64(1), pb.WeakBelow, int64(pb.MinAnswers)}}
			}},
		{Name: "playbook_groups", Key: []string{"grp"}, Cols: []string{"name", "position"},
			rows: func(pb *coaching.Playbook) [][]any {
				var out [][]any
				for i, g := range pb.Groups() {
					out = append(out, []any{g.Key, g.Name, int64(i)})
				}
				return out
			}},
		{Name: "playbook_items", Key: []string{"item"}, Cols: []string{"grp"},
			rows: func(pb *coaching.Playbook) [][]any {
				var out [][]any
				for _, g := range pb.Groups() {
					for _, it := range g.Items {
						out = append(out, []any{it.Key, g.Key})
					}
				}
				return out
			}},
		{Name: "playbook_skills", Key: []string{"skill", "item"}, Cols: []string{"name"},
			rows: func(pb *coaching.Playbook) [][]any {
				var out [][]any
				for _, sk := range pb.Skills {
					for _, it := range sk.Items {
						out = append(out, []any{sk.Key, it, sk.Name})
					}
				}
				return out
			}},
		{Name: "reps", Key: []string{"id"}, Cols: []string{"name"},
			query: "SELECT id, name FROM reps WHERE ? IN (0, 1)"},
		{Name: "deals", Key: []string{"id"},
			Cols:  []string{"rep_id", "stage", "status", "amount", "currency", "close_date", "stage_since", "created_at", "updated_at"},
			query: "SELECT id, rep_id, stage, status, amount, currency, close_date, stage_since, created_at, updated_at FROM deals WHERE ? IN (0, 1)"},
		{Name: "sessions", Key: []string{"id"},
			Cols: []string{"rep_id", "kind", "started_at", "ended_at", "focus_skill", "focus_practised", "focus_evidence"},
			query: `SELECT id, rep_id, kind, started_at, ended_at, focus_skill, focus_practised,
  CASE WHEN ? THEN focus_evidence ELSE '' END FROM sessions`},
		{Name: "reviews", Key: []string{"id"}, Cols: []string{"session_id", "deal_id", "stage", "shared_note"},
			query: "SELECT id, session_id, deal_id, stage, CASE WHEN ? THEN shared_note ELSE '' END FROM reviews"},
		{Name: "answers", Key: []string{"review_id", "item"},
			Cols: []string{"rep_id", "deal_id", "stage", "value", "answered_at", "evidence", "next_at"},
			query: `SELECT review_id, item, rep_id, deal_id, stage, value, answered_at,
  CASE WHEN ? THEN evidence ELSE '' END, next_at FROM answers`},
		{Name: "actions", Key: []string{"id"},
			Cols:  []string{"session_id", "rep_id", "deal_id", "owner", "due", "status", "created_at"},
			query: "SELECT id, session_id, rep_id, deal_id, owner, due, status, created_at FROM actions WHERE ? IN (0, 1)"},
	}
}

// OrgRows reads every table's rows from one snapshot of the database and
// hands them to fn, one at a time, values in t.Columns() order: int64,
// float64, string or nil. withShared adds shared notes and evidence.
func (s *Store) OrgRows(ctx context.Context, withShared bool, fn func(t OrgTable, vals []any) error) error {
	_, err := s.OrgRowsSince(ctx, withShared, -1, func(t OrgTable, _, vals []any) error { return fn(t, vals) })
	return err
}

func orgQuery(ctx context.Context, tx *sql.Tx, t OrgTable, q string, args []any, fn func(OrgTable, []any) error) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	n := len(t.Key) + len(t.Cols)
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		out := make([]any, n)
		for i, v := range vals {
			switch x := v.(type) {
			case []byte:
				out[i] = string(x)
			case int:
				out[i] = int64(x)
			default:
				out[i] = x
			}
		}
		if err := fn(t, out); err != nil {
			return err
		}
	}
	return rows.Err()
}
