package orgstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// statements records what orgstore sends, for EXPLAIN.
type statements struct {
	mu   sync.Mutex
	list []statement
}

type statement struct {
	sql  string
	args []any
}

func (s *statements) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	s.mu.Lock()
	s.list = append(s.list, statement{d.SQL, d.Args})
	s.mu.Unlock()
	return ctx
}

func (s *statements) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// record sends orgstore's statements to a new recorder until the test ends.
func record(t testing.TB) *statements {
	s := &statements{}
	testTracer = s
	t.Cleanup(func() { testTracer = nil })
	return s
}

// take returns the statements so far and starts a new list.
func (s *statements) take() []statement {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.list
	s.list = nil
	return out
}

// plan is one node of EXPLAIN (FORMAT JSON).
type plan struct {
	Node     string `json:"Node Type"`
	Relation string `json:"Relation Name"`
	Schema   string `json:"Schema"`
	Index    string `json:"Index Name"`
	Plans    []plan `json:"Plans"`
}

func (p plan) walk(fn func(plan)) {
	fn(p)
	for _, c := range p.Plans {
		c.walk(fn)
	}
}

// explain replays the recorded statements as role on conn, in one
// transaction that it rolls back: temp tables are made as the publish
// makes them, every other statement is only EXPLAINed. It returns each
// planned statement with its scans.
func explain(t testing.TB, url string, stmts []statement, analyze bool) map[string][]plan {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	out := map[string][]plan{}
	for _, s := range stmts {
		q := strings.TrimSpace(s.sql)
		verb := strings.ToUpper(strings.Fields(q)[0])
		switch {
		case strings.HasPrefix(q, "CREATE TEMP") || strings.HasPrefix(q, "SET LOCAL"):
			if _, err := tx.Exec(ctx, q, s.args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			continue
		case verb != "SELECT" && verb != "INSERT" && verb != "UPDATE" && verb != "DELETE" && verb != "WITH":
			continue
		}
		opts := "FORMAT JSON"
		if analyze {
			opts += ", ANALYZE"
		}
		var raw []byte
		if err := tx.QueryRow(ctx, "EXPLAIN ("+opts+") "+q, s.args...).Scan(&raw); err != nil {
			t.Fatalf("EXPLAIN %s: %v", q, err)
		}
		var top []struct {
			Plan plan    `json:"Plan"`
			Time float64 `json:"Execution Time"`
		}
		if err := json.Unmarshal(raw, &top); err != nil {
			t.Fatal(err)
		}
		if analyze {
			t.Logf("%8.1f ms  %s", top[0].Time, oneLine(q))
			if top[0].Time > 30 {
				rows, _ := tx.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+q, s.args...)
				for rows.Next() {
					var l string
					rows.Scan(&l)
					t.Log(l)
				}
				rows.Close()
			}
		}
		out[q] = append(out[q], top[0].Plan)
	}
	return out
}

func oneLine(q string) string {
	q = strings.Join(strings.Fields(q), " ")
	if len(q) > 140 {
		q = q[:140] + "…"
	}
	return q
}

// bigTables grow with the months of coaching (every 1:1 adds rows); the
// others grow only with the organisation (playbooks, reps, one row per
// manager and table), and reading all of them is what a director's
// roll-up does.
var bigTables = map[string]bool{"deals": true, "sessions": true, "reviews": true, "answers": true, "actions": true}

func seqScans(plans map[string][]plan) []string {
	var bad []string
	for q, ps := range plans {
		for _, p := range ps {
			p.walk(func(n plan) {
				if n.Node == "Seq Scan" && bigTables[n.Relation] {
					bad = append(bad, fmt.Sprintf("Seq Scan on %s in: %s", n.Relation, oneLine(q)))
				}
			})
		}
	}
	return bad
}

// TestEveryQueryUsesAnIndex EXPLAINs every statement of an incremental
// publish (new rows, edits, deletes), a full resend (--with-shared-notes)
// and the roll-up as a director and as a manager, on 5 managers' 3 years,
// and fails on a Seq Scan of a table that grows with the months.
func TestEveryQueryUsesAnIndex(t *testing.T) {
	o := newScaleOrg(t, 5, scaleWeeks)
	ctx := context.Background()
	oneOneOnOne(t, o.st, scaleNow.Add(time.Hour))
	publish(t, o.alice, o.st, PublishOptions{})
	// A cleared answer is a row deleted there.
	reps, err := o.st.Reps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sessions, err := o.st.Sessions(ctx, reps[0].ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	reviews, err := o.st.Reviews(ctx, sessions[0].Session.ID)
	if err != nil {
		t.Fatal(err)
	}
	answers, err := o.st.Answers(ctx, reviews[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.st.ClearAnswer(ctx, reviews[0].ID, answers[0].Item); err != nil {
		t.Fatal(err)
	}
	oneOneOnOne(t, o.st, scaleNow.Add(2*time.Hour))
	rec := record(t)
	if p, err := Publish(ctx, o.alice, o.st, PublishOptions{}); err != nil || p["sessions"] != 1 || p["answers"] < 2 {
		t.Fatalf("publish: %v %v", p, err)
	}
	if _, err := Rollup(ctx, o.alice, Window{Now: scaleNow, Days: 90}); err != nil {
		t.Fatal(err)
	}
	manager := rec.take()
	if _, err := Publish(ctx, o.alice, o.st, PublishOptions{WithShared: true}); err != nil {
		t.Fatal(err)
	}
	shared := rec.take()
	if _, err := Rollup(ctx, o.director, Window{Now: scaleNow, Days: 90}); err != nil {
		t.Fatal(err)
	}
	director := rec.take()

	// EXPLAIN sees the data as it is now; the statements are the ones sent.
	var bad []string
	bad = append(bad, seqScans(explain(t, o.alice, manager, false))...)
	bad = append(bad, seqScans(explain(t, o.alice, shared, false))...)
	bad = append(bad, seqScans(explain(t, o.director, director, false))...)
	for _, b := range bad {
		t.Error(b)
	}
	if len(manager) < 10 || len(director) < 5 {
		t.Fatalf("recorded %d and %d statements", len(manager), len(director))
	}
}
