package store

import (
	"fmt"
	"strings"
	"testing"
)

// TestQueryPlans keeps the hot queries on their indexes (DESIGN §9): each
// must mention the indexes listed and never scan a big table whole.
func TestQueryPlans(t *testing.T) {
	s := openTest(t)
	for _, c := range []struct {
		name  string
		sql   string
		args  []any
		want  []string
		avoid []string
	}{
		{"Facts", factsSQL, []any{1, 0, 1}, []string{"SEARCH a USING COVERING INDEX answers_rep (rep_id=? AND answered_at>? AND answered_at<?)", "SEARCH r USING INTEGER PRIMARY KEY (rowid=?)"}, []string{"TEMP B-TREE"}},
		{"TeamFacts", teamFactsSQL, []any{0, 1}, []string{"SCAN p", "SEARCH a USING COVERING INDEX answers_rep (rep_id=? AND answered_at>? AND answered_at<?)", "SEARCH r USING INTEGER PRIMARY KEY (rowid=?)"}, nil},
		// The counts: a range scan with a filter on next_at, no window sort.
		{"SummaryCounts", repCountsSQL, []any{1, 2, 0, 3}, []string{"SEARCH a USING COVERING INDEX answers_rep (rep_id=? AND answered_at>? AND answered_at<?)"}, []string{"CO-ROUTINE", "MATERIALIZE"}},
		{"TeamSummaryCounts", fmt.Sprintf(teamCountsSQL, ""), []any{nil, 2, 0, 3}, []string{"SCAN p", "SEARCH a USING COVERING INDEX answers_rep (rep_id=? AND answered_at>? AND answered_at<?)"}, []string{"CO-ROUTINE", "MATERIALIZE"}},
		{"SessionFacts", sessionFactsSQL, []any{1}, []string{"SEARCH r USING INDEX sqlite_autoindex_reviews_1 (session_id=?)", "SEARCH a USING PRIMARY KEY (review_id=?)"}, nil},
		{"RepRows", repRowsSQL, nil, []string{"USING COVERING INDEX deals_rep (rep_id=? AND status=?)", "USING COVERING INDEX sessions_kind (rep_id=? AND kind=?)", "INDEX sessions_unfinished (rep_id=? AND kind=?)"}, []string{"TEMP B-TREE"}},
		// Deals and LastReviewed need rep_id only.
		{"Deals", dealsSQL(false), []any{1}, []string{"SEARCH deals USING INDEX deals_rep (rep_id=?)"}, nil},
		{"Deals open", dealsSQL(true), []any{1}, []string{"SEARCH deals USING INDEX deals_rep (rep_id=? AND status=?)"}, nil},
		{"LastReviewed", lastReviewedSQL, []any{1}, []string{"SEARCH d USING COVERING INDEX deals_rep (rep_id=?)", "SEARCH r USING COVERING INDEX reviews_deal (deal_id=?)"}, nil},
		{"PriorAnswers", priorAnswersSQL, []any{1, 0}, []string{"SEARCH r USING COVERING INDEX reviews_deal (deal_id=?)", "SEARCH a USING PRIMARY KEY (review_id=?)"}, nil},
		{"Commitments", commitmentsSQL, []any{1, 2}, []string{"SEARCH a USING INDEX actions_rep (rep_id=? AND status=?)", "SEARCH v USING INDEX action_reviews_session (session_id=?)", "SEARCH p USING PRIMARY KEY (action_id=?)"}, nil},
		{"Reviewed", reviewedSQL, []any{1}, []string{"SEARCH v USING INDEX action_reviews_session (session_id=?)", "SEARCH p USING PRIMARY KEY (action_id=?)"}, nil},
		{"FollowVerdicts", followVerdicts, []any{1}, []string{"SEARCH v USING PRIMARY KEY (action_id=?)"}, nil},
		{"LastFocus", focusSQL, []any{1, 100, 2}, []string{"SEARCH s USING INDEX sessions_kind (rep_id=? AND kind=?)"}, []string{"TEMP B-TREE"}},
		{"FocusHistory", focusHistorySQL, []any{1}, []string{"SEARCH s USING INDEX sessions_kind (rep_id=? AND kind=?)"}, []string{"TEMP B-TREE"}},
		{"Sessions", sessionRows + "WHERE s.rep_id = ? ORDER BY s.started_at DESC, s.id DESC LIMIT ?", []any{1, 20}, []string{"SEARCH s USING INDEX sessions_rep (rep_id=?)"}, nil},
		{"UnfinishedDebriefs", sessionRows + "WHERE s.kind = 'ride_along' AND s.ended_at IS NULL ORDER BY s.started_at DESC, s.id DESC", nil, []string{"sessions_unfinished"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			plan := explain(t, s, c.sql, c.args...)
			for _, w := range c.want {
				if !strings.Contains(plan, w) {
					t.Errorf("plan lacks %q:\n%s", w, plan)
				}
			}
			for _, line := range strings.Split(plan, "\n") {
				for _, big := range []string{"answers", "deals", "sessions", "reviews", "actions", "a", "d", "r", "s", "x", "sn"} {
					if strings.TrimSpace(line) == "SCAN "+big {
						t.Errorf("full scan of %s:\n%s", big, plan)
					}
				}
				for _, a := range c.avoid {
					if strings.Contains(line, a) {
						t.Errorf("plan has %q:\n%s", a, plan)
					}
				}
			}
			if testing.Verbose() {
				t.Logf("\n%s", plan)
			}
		})
	}
}

func explain(t *testing.T, s *Store, q string, args ...any) string {
	t.Helper()
	rows, err := s.DB().Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		b.WriteString(detail + "\n")
	}
	return b.String()
}
