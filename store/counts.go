package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"dealcoach/coaching"
)

// The summaries add up in SQL what coaching.Score adds up from facts: the
// latest answer per (deal, item) in a window (DESIGN §5), counted by stage,
// item and value. A table of each pair's latest answer would not do: the
// trend's window ends where the current one starts, and there the latest
// answer in the window is often not the pair's latest. One range scan of
// answers_rep covers both windows; a row tells which window it is in by
// answered_at >= from, so each window keeps its own latest answer.
//
// On equal times Score keeps the fact it read last, and Facts reads in the
// order of answers_rep: (answered_at, stage, value, deal_id, review_id). The
// ORDER BY below is that order, reversed.
const latestOrder = "ORDER BY a.answered_at DESC, a.stage DESC, a.value DESC, a.review_id DESC"

const repCountsSQL = `SELECT w, stage, item, value, count(*) FROM (
  SELECT a.answered_at >= ?2 AS w, a.stage, a.item, a.value,
    row_number() OVER (PARTITION BY a.answered_at >= ?2, a.deal_id, a.item ` + latestOrder + `) AS n
  FROM answers a WHERE a.rep_id = ?1 AND a.answered_at >= ?3 AND a.answered_at < ?4)
WHERE n = 1 GROUP BY w, stage, item, value`

// teamCountsSQL is repCountsSQL for every rep; CROSS JOIN keeps reps the
// outer loop, so each rep is one range scan of answers_rep.
const teamCountsSQL = `SELECT rep, w, stage, item, value, count(*) FROM (
  SELECT p.id AS rep, a.answered_at >= ?1 AS w, a.stage, a.item, a.value,
    row_number() OVER (PARTITION BY p.id, a.answered_at >= ?1, a.deal_id, a.item ` + latestOrder + `) AS n
  FROM reps p CROSS JOIN answers a WHERE a.rep_id = p.id AND a.answered_at >= ?2 AND a.answered_at < ?3%s)
WHERE n = 1 GROUP BY rep, w, stage, item, value`

// Counts are the counts of a rep's two windows.
type Counts struct {
	// Now is the window [from, to), Before the window [before, from).
	Now, Before []coaching.Count
}

// ceilUnix is the first whole second at or after t: answered_at is whole
// seconds, so answered_at >= t exactly when answered_at >= ceilUnix(t).
func ceilUnix(t time.Time) int64 {
	if t.Nanosecond() > 0 {
		return t.Unix() + 1
	}
	return t.Unix()
}

// SummaryCounts counts the rep's latest answer per (deal, item) in
// [from, to) and in [before, from), as coaching.SummaryWindows gives them.
func (s *Store) SummaryCounts(ctx context.Context, repID int64, before, from, to time.Time) (Counts, error) {
	rows, err := s.db.QueryContext(ctx, repCountsSQL, repID, ceilUnix(from), ceilUnix(before), ceilUnix(to))
	if err != nil {
		return Counts{}, err
	}
	defer rows.Close()
	var c Counts
	for rows.Next() {
		var now bool
		var n coaching.Count
		if err := rows.Scan(&now, &n.Stage, &n.Item, &n.Value, &n.N); err != nil {
			return Counts{}, err
		}
		if now {
			c.Now = append(c.Now, n)
		} else {
			c.Before = append(c.Before, n)
		}
	}
	return c, rows.Err()
}

// TeamSummaryCounts is SummaryCounts for every rep with an answer in the
// windows, keyed by rep id. Give before == from for the window alone.
func (s *Store) TeamSummaryCounts(ctx context.Context, before, from, to time.Time) (map[int64]*Counts, error) {
	return s.repsCounts(ctx, nil, before, from, to)
}

// RepsSummaryCounts is TeamSummaryCounts for a few reps: the home screen
// asks it for the reps in view, so its cost follows the view, not the team.
func (s *Store) RepsSummaryCounts(ctx context.Context, repIDs []int64, before, from, to time.Time) (map[int64]*Counts, error) {
	if len(repIDs) == 0 {
		return map[int64]*Counts{}, nil
	}
	return s.repsCounts(ctx, repIDs, before, from, to)
}

// repsCounts counts for the reps of ids, or every rep when ids is nil.
func (s *Store) repsCounts(ctx context.Context, ids []int64, before, from, to time.Time) (map[int64]*Counts, error) {
	args := []any{ceilUnix(from), ceilUnix(before), ceilUnix(to)}
	in := ""
	if ids != nil {
		marks := make([]string, len(ids))
		for i, id := range ids {
			marks[i] = "?"
			args = append(args, id)
		}
		in = " AND p.id IN (" + strings.Join(marks, ",") + ")"
	}
	rows, err := s.db.QueryContext(ctx, fmt.Sprintf(teamCountsSQL, in), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[int64]*Counts{}
	// Stage and item keys repeat across reps: one string each.
	keys := map[string]string{}
	intern := func(s string) string {
		if k, ok := keys[s]; ok {
			return k
		}
		keys[s] = s
		return s
	}
	for rows.Next() {
		var rep int64
		var now bool
		var n coaching.Count
		var value string
		if err := rows.Scan(&rep, &now, &n.Stage, &n.Item, &value, &n.N); err != nil {
			return nil, err
		}
		n.Stage, n.Item, n.Value = intern(n.Stage), intern(n.Item), coaching.Value(intern(value))
		c := m[rep]
		if c == nil {
			c = &Counts{}
			m[rep] = c
		}
		if now {
			c.Now = append(c.Now, n)
		} else {
			c.Before = append(c.Before, n)
		}
	}
	return m, rows.Err()
}

// sessionFactsInSQL are the facts in [from, to) of the rep's last n
// sessions with an answer there, by their first answer: what a skill's
// last sessions are drawn from (coaching's lastSessions), and no more.
const sessionFactsInSQL = "SELECT " + factCols + " FROM" + factsFrom + `
WHERE a.rep_id = ?1 AND a.answered_at >= ?2 AND a.answered_at < ?3 AND r.session_id IN (
  SELECT r.session_id FROM` + factsFrom + `
  WHERE a.rep_id = ?1 AND a.answered_at >= ?2 AND a.answered_at < ?3
  GROUP BY r.session_id ORDER BY min(a.answered_at) DESC, r.session_id DESC LIMIT ?4)
ORDER BY a.answered_at`

// LastSessionFacts lists the answers in [from, to) of the rep's last
// coaching.LastSessionsShown sessions answered there: SummarizeCounts'
// session facts.
func (s *Store) LastSessionFacts(ctx context.Context, repID int64, from, to time.Time) ([]coaching.Fact, error) {
	rows, err := s.db.QueryContext(ctx, sessionFactsInSQL, repID, ceilUnix(from), ceilUnix(to), coaching.LastSessionsShown)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanFact)
}
