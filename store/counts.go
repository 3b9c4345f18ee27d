package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"dealcoach/coaching"
)

// The summaries add up in SQL what coaching.Score adds up from facts: the
// latest answer per (deal, item) in a window (DESIGN §5), counted by stage,
// item and value. answers.next_at (0004_answer_windows.sql) makes "latest
// in [a, b)" a filter on one row: next_at IS NULL OR next_at >= b. One range
// scan of answers_rep covers both windows; a row tells which window it is in
// by answered_at >= from, and so which end b applies to it.
const inWindows = `a.answered_at >= ?3 AND a.answered_at < ?4
  AND (a.next_at IS NULL OR a.next_at >= CASE WHEN a.answered_at >= ?2 THEN ?4 ELSE ?2 END)`

// byValue counts a group's values in columns: a quarter of the rows of
// grouping by value too, each scanned once through database/sql.
const byValue = "sum(a.value = 'yes'), sum(a.value = 'no'), sum(a.value = 'unsure'), sum(a.value = 'na')"

var countValues = [4]coaching.Value{coaching.Yes, coaching.No, coaching.Unsure, coaching.NA}

const repCountsSQL = `SELECT a.answered_at >= ?2, a.stage, a.item, ` + byValue + `
FROM answers a WHERE a.rep_id = ?1 AND ` + inWindows + `
GROUP BY 1, 2, 3`

// teamCountsSQL is repCountsSQL for every rep; CROSS JOIN keeps reps the
// outer loop, so each rep is one range scan of answers_rep.
const teamCountsSQL = `SELECT p.id, a.answered_at >= ?2, a.stage, a.item, ` + byValue + `
FROM reps p CROSS JOIN answers a WHERE a.rep_id = p.id AND ` + inWindows + `%s
GROUP BY 1, 2, 3, 4`

// Counts are the counts of a rep's two windows.
type Counts struct {
	// Now is the window [from, to), Before the window [before, from).
	Now, Before []coaching.Count
}

// add appends a row of byValue counts for an item, one Count per value
// given.
func (c *Counts) add(now bool, stage, item string, n *[4]int) {
	dst := &c.Before
	if now {
		dst = &c.Now
	}
	for i, v := range countValues {
		if n[i] > 0 {
			*dst = append(*dst, coaching.Count{Stage: stage, Item: item, Value: v, N: n[i]})
		}
	}
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
		var stage, item string
		var n [4]int
		if err := rows.Scan(&now, &stage, &item, &n[0], &n[1], &n[2], &n[3]); err != nil {
			return Counts{}, err
		}
		c.add(now, stage, item, &n)
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
	args := []any{nil, ceilUnix(from), ceilUnix(before), ceilUnix(to)}
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
	intern := func(b []byte) string {
		if k, ok := keys[string(b)]; ok {
			return k
		}
		k := string(b)
		keys[k] = k
		return k
	}
	for rows.Next() {
		var rep int64
		var now bool
		var stage, item sql.RawBytes
		var n [4]int
		if err := rows.Scan(&rep, &now, &stage, &item, &n[0], &n[1], &n[2], &n[3]); err != nil {
			return nil, err
		}
		c := m[rep]
		if c == nil {
			c = &Counts{}
			m[rep] = c
		}
		c.add(now, intern(stage), intern(item), &n)
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
