package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"time"

	"dealcoach/coaching"
)

// upsertAnswer copies the rep and deal from the review and its session
// (see answers in 0001_init.sql). The WHERE before ON CONFLICT is required
// by SQLite's grammar for an upsert from a SELECT.
const upsertAnswer = `INSERT INTO answers(review_id, rep_id, deal_id, stage, item, value, evidence, answered_at, source)
SELECT r.id, s.rep_id, r.deal_id, ?2, ?3, ?4, ?5, ?6, ?7 FROM reviews r JOIN sessions s ON s.id = r.session_id WHERE r.id = ?1
ON CONFLICT (review_id, item) DO UPDATE SET
  stage = excluded.stage, value = excluded.value, evidence = excluded.evidence, answered_at = excluded.answered_at,
  source = excluded.source`

// answerArgs checks an answer and gives the arguments of upsertAnswer.
func answerArgs(a coaching.Answer, now time.Time) ([]any, error) {
	if !a.Value.Valid() {
		return nil, fmt.Errorf("answer to %q: %q is not yes, no, unsure or na", a.Item, a.Value)
	}
	if a.Item == "" || a.Stage == "" {
		return nil, fmt.Errorf("answer %q has no checklist item or stage", a.Value)
	}
	if a.Source != "" && a.Source != coaching.SourceCRM {
		return nil, fmt.Errorf("answer to %q: unknown source %q", a.Item, a.Source)
	}
	if a.AnsweredAt.IsZero() {
		a.AnsweredAt = now
	}
	return []any{a.ReviewID, a.Stage, a.Item, string(a.Value), a.Evidence, unix(a.AnsweredAt), a.Source}, nil
}

// SaveAnswer records (or replaces) the answer to one checklist item in a
// review.
func (s *Store) SaveAnswer(ctx context.Context, a coaching.Answer) error {
	args, err := answerArgs(a, s.now())
	if err != nil {
		return err
	}
	st, err := s.upsertAnswerStmt(ctx)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.StmtContext(ctx, st).ExecContext(ctx, args...)
		if err != nil {
			return err
		}
		return mustAffect(res, fmt.Sprintf("review %d", a.ReviewID))
	})
}

// upsertAnswerStmt prepares upsertAnswer on first use; database/sql keeps
// it prepared on each connection of the pool that runs it.
func (s *Store) upsertAnswerStmt(ctx context.Context) (*sql.Stmt, error) {
	s.saveAnswer.Lock()
	defer s.saveAnswer.Unlock()
	if s.saveAnswer.stmt == nil {
		st, err := s.db.PrepareContext(ctx, upsertAnswer)
		if err != nil {
			return nil, s.fileErr(err)
		}
		s.saveAnswer.stmt = st
	}
	return s.saveAnswer.stmt, nil
}

// ClearAnswer removes the answer to an item, as if it was never asked.
func (s *Store) ClearAnswer(ctx context.Context, reviewID int64, item string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM answers WHERE review_id = ? AND item = ?", reviewID, item)
		return err
	})
}

func scanAnswer(row scanner) (coaching.Answer, error) {
	var a coaching.Answer
	var value string
	var at int64
	err := row.Scan(&a.ReviewID, &a.Stage, &a.Item, &value, &a.Evidence, &at, &a.Source)
	a.Value, a.AnsweredAt = coaching.Value(value), fromUnix(at)
	return a, err
}

// Answers lists a review's answers in the order they were given.
func (s *Store) Answers(ctx context.Context, reviewID int64) ([]coaching.Answer, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT review_id, stage, item, value, evidence, answered_at, source
FROM answers WHERE review_id = ? ORDER BY answered_at, item`, reviewID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanAnswer)
}

// priorAnswersSQL reaches a deal's reviews through reviews_deal and their
// answers through the primary key.
const priorAnswersSQL = `
SELECT review_id, stage, item, value, evidence, answered_at, source FROM (
  SELECT a.review_id, a.stage, a.item, a.value, a.evidence, a.answered_at, a.source,
    row_number() OVER (PARTITION BY a.item ORDER BY a.answered_at DESC, r.created_at DESC, r.id DESC) AS n
  FROM reviews r JOIN answers a ON a.review_id = r.id WHERE r.deal_id = ? AND r.id <> ?)
WHERE n = 1`

// LatestAnswers maps each checklist item ever answered for a deal to its
// latest answer, across all the deal's reviews.
func (s *Store) LatestAnswers(ctx context.Context, dealID int64) (map[string]coaching.Answer, error) {
	return s.PriorAnswers(ctx, dealID, 0) // no review has id 0
}

// PriorAnswers maps each checklist item answered for the deal in another
// review than reviewID to its latest such answer: what the deal walk shows
// for earlier stages, and still shows when this review's answer is cleared.
func (s *Store) PriorAnswers(ctx context.Context, dealID, reviewID int64) (map[string]coaching.Answer, error) {
	rows, err := s.db.QueryContext(ctx, priorAnswersSQL, dealID, reviewID)
	if err != nil {
		return nil, err
	}
	list, err := collect(rows, scanAnswer)
	if err != nil {
		return nil, err
	}
	m := make(map[string]coaching.Answer, len(list))
	for _, a := range list {
		m[a.Item] = a
	}
	return m, nil
}

// factCols are a coaching.Fact from answers a and its review r. The
// session is the one column answers_rep lacks: one lookup of r by its
// primary key per answer, for a skill's last sessions.
const factCols = "a.deal_id, a.stage, a.item, a.value, a.answered_at, r.session_id"

// factColsNoSession is factCols for a query that needs no session: the
// covering index answers_rep alone answers it.
const factColsNoSession = "a.deal_id, a.stage, a.item, a.value, a.answered_at, 0"

// factsFrom joins each answer to its review; CROSS JOIN keeps answers as
// the outer loop, read from answers_rep.
const factsFrom = " answers a CROSS JOIN reviews r ON r.id = a.review_id"

func scanFact(row scanner) (coaching.Fact, error) {
	var f coaching.Fact
	var value string
	var at int64
	err := row.Scan(&f.DealID, &f.Stage, &f.Item, &value, &at, &f.SessionID)
	f.Value, f.AnsweredAt = coaching.Value(value), fromUnix(at)
	return f, err
}

// window turns [from, to) into unix seconds; a zero to means no end.
func window(from, to time.Time) (int64, int64) {
	end := int64(math.MaxInt64)
	if !to.IsZero() {
		end = to.Unix()
	}
	return unix(from), end
}

const factsSQL = "SELECT " + factCols + " FROM" + factsFrom + `
WHERE a.rep_id = ? AND a.answered_at >= ? AND a.answered_at < ? ORDER BY a.answered_at`

// Facts lists the answers given in the rep's sessions with answered_at in
// [from, to) (a zero to means no end), oldest first: one range scan of the
// covering index answers_rep.
func (s *Store) Facts(ctx context.Context, repID int64, from, to time.Time) ([]coaching.Fact, error) {
	lo, hi := window(from, to)
	rows, err := s.db.QueryContext(ctx, factsSQL, repID, lo, hi)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanFact)
}

const sessionFactsSQL = "SELECT " + factCols + ` FROM reviews r JOIN answers a ON a.review_id = r.id
WHERE r.session_id = ? ORDER BY a.answered_at, r.position, a.item`

// SessionFacts lists the answers given in one session.
func (s *Store) SessionFacts(ctx context.Context, sessionID int64) ([]coaching.Fact, error) {
	rows, err := s.db.QueryContext(ctx, sessionFactsSQL, sessionID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanFact)
}

const teamFactsSQL = "SELECT p.id, " + factCols + " FROM reps p CROSS JOIN" + factsFrom + `
WHERE a.rep_id = p.id AND a.answered_at >= ? AND a.answered_at < ? ORDER BY p.id, a.answered_at`

// TeamFacts is Facts for every rep, keyed by rep id. CROSS JOIN keeps reps
// as the outer loop, so each rep is one range scan of answers_rep rather
// than a scan of every answer.
func (s *Store) TeamFacts(ctx context.Context, from, to time.Time) (map[int64][]coaching.Fact, error) {
	lo, hi := window(from, to)
	rows, err := s.db.QueryContext(ctx, teamFactsSQL, lo, hi)
	if err != nil {
		return nil, err
	}
	return factsByRep(rows)
}

// RepsFacts is Facts for a few reps, keyed by rep id: the home screen asks
// it for the reps in view, so its cost follows the window, not the team.
// Each id is one range scan of answers_rep.
func (s *Store) RepsFacts(ctx context.Context, repIDs []int64, from, to time.Time) (map[int64][]coaching.Fact, error) {
	if len(repIDs) == 0 {
		return map[int64][]coaching.Fact{}, nil
	}
	lo, hi := window(from, to)
	args := []any{lo, hi}
	marks := make([]string, len(repIDs))
	for i, id := range repIDs {
		marks[i] = "?"
		args = append(args, id)
	}
	// Home scores stages only: no session per answer, so no join.
	rows, err := s.db.QueryContext(ctx, "SELECT a.rep_id, "+factColsNoSession+` FROM answers a
WHERE a.answered_at >= ? AND a.answered_at < ? AND a.rep_id IN (`+strings.Join(marks, ",")+`) ORDER BY a.rep_id, a.answered_at`, args...)
	if err != nil {
		return nil, err
	}
	return factsByRep(rows)
}

// factsByRep collects rows of a rep id followed by factCols.
func factsByRep(rows *sql.Rows) (map[int64][]coaching.Fact, error) {
	defer rows.Close()
	m := map[int64][]coaching.Fact{}
	for rows.Next() {
		var rep int64
		var f coaching.Fact
		var value string
		var at int64
		if err := rows.Scan(&rep, &f.DealID, &f.Stage, &f.Item, &value, &at, &f.SessionID); err != nil {
			return nil, err
		}
		f.Value, f.AnsweredAt = coaching.Value(value), fromUnix(at)
		m[rep] = append(m[rep], f)
	}
	return m, rows.Err()
}
