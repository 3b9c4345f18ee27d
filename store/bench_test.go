package store_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dealcoach/coaching"
	"dealcoach/internal/benchdata"
	"dealcoach/store"
)

// The summaries as `dealcoach summary` makes them, on data set L: the
// store's part and the scoring, without the process start and the printing
// (scripts/bench.sh times the whole command).
//
//	go test ./store/ -run '^$' -bench Summary -benchmem

// BenchmarkSummaryRep is `summary --rep NAME`: find the rep, count the
// window and the one before (the trend), read the last sessions' answers
// and score them.
func BenchmarkSummaryRep(b *testing.B) {
	st := benchdata.Open(b, benchdata.L)
	ctx := context.Background()
	reps, err := st.Reps(ctx)
	if err != nil {
		b.Fatal(err)
	}
	name := reps[len(reps)/2].Name
	now, days := benchdata.Now, coaching.DefaultWindowDays
	b.ReportAllocs()
	for b.Loop() {
		r, err := st.RepByName(ctx, name)
		if err != nil {
			b.Fatal(err)
		}
		pb, err := st.Playbook(ctx)
		if err != nil {
			b.Fatal(err)
		}
		before, from, to := coaching.SummaryWindows(now, days)
		c, err := st.SummaryCounts(ctx, r.ID, before, from, to)
		if err != nil {
			b.Fatal(err)
		}
		last, err := st.LastSessionFacts(ctx, r.ID, from, to)
		if err != nil {
			b.Fatal(err)
		}
		if sum := coaching.SummarizeCounts(pb, r.Name, now, days, c.Now, c.Before, last); len(sum.Stages) == 0 || sum.Stages[0].Strength == nil {
			b.Fatalf("empty summary for %s", name)
		}
	}
}

// BenchmarkSummaryTeam is `summary --team`: every rep's summary and the
// heat map's overall row.
func BenchmarkSummaryTeam(b *testing.B) {
	st := benchdata.Open(b, benchdata.L)
	ctx := context.Background()
	now, days := benchdata.Now, coaching.DefaultWindowDays
	b.ReportAllocs()
	for b.Loop() {
		pb, err := st.Playbook(ctx)
		if err != nil {
			b.Fatal(err)
		}
		reps, err := st.Reps(ctx)
		if err != nil {
			b.Fatal(err)
		}
		// The text heat map: the window alone (summary.go's writeTeam).
		_, from, to := coaching.SummaryWindows(now, days)
		counts, err := st.TeamSummaryCounts(ctx, from, from, to)
		if err != nil {
			b.Fatal(err)
		}
		sums := make([]coaching.Summary, 0, len(reps))
		for _, r := range reps {
			var c []coaching.Count
			if counts[r.ID] != nil {
				c = counts[r.ID].Now
			}
			sums = append(sums, coaching.SummarizeCounts(pb, r.Name, now, days, c, nil, nil))
		}
		if m := coaching.Team(pb, days, sums); len(m.Reps) != benchdata.L.Reps {
			b.Fatalf("%d reps in the team summary", len(m.Reps))
		}
	}
}

// The store's hot reads on data set L, to tell a slow query from slow
// drawing when a screen's benchmark moves.

func BenchmarkRepRowsL(b *testing.B) {
	st := benchdata.Open(b, benchdata.L)
	ctx := context.Background()
	for b.Loop() {
		if rows, err := st.RepRows(ctx); err != nil || len(rows) != benchdata.L.Reps {
			b.Fatal(len(rows), err)
		}
	}
}

func BenchmarkFactsL(b *testing.B) {
	st := benchdata.Open(b, benchdata.L)
	ctx := context.Background()
	from, to := benchdata.Now.AddDate(0, 0, -coaching.DefaultWindowDays), benchdata.Now
	for b.Loop() {
		if facts, err := st.Facts(ctx, 100, from, to); err != nil || len(facts) == 0 {
			b.Fatal(len(facts), err)
		}
	}
}

func BenchmarkTeamFactsL(b *testing.B) {
	st := benchdata.Open(b, benchdata.L)
	ctx := context.Background()
	from, to := benchdata.Now.AddDate(0, 0, -coaching.DefaultWindowDays), benchdata.Now
	for b.Loop() {
		if m, err := st.TeamFacts(ctx, from, to); err != nil || len(m) != benchdata.L.Reps {
			b.Fatal(len(m), err)
		}
	}
}

// BenchmarkSaveAnswerL is BenchmarkSaveAnswer on a copy of data set L:
// re-answering items of a deal reviewed many times, so the triggers that
// keep answers.next_at work on full indexes and long pairs.
func BenchmarkSaveAnswerL(b *testing.B) { benchSaveAnswerL(b, false) }

// BenchmarkSaveAnswerLPublished is BenchmarkSaveAnswerL once the file has
// been published: each write also logs its rows for the next publish.
func BenchmarkSaveAnswerLPublished(b *testing.B) { benchSaveAnswerL(b, true) }

func benchSaveAnswerL(b *testing.B, published bool) {
	src, err := os.Open(benchdata.Path(b, benchdata.L))
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	path := filepath.Join(b.TempDir(), "L.db")
	dst, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		b.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if published {
		if _, err := st.StartOrgLog(ctx); err != nil {
			b.Fatal(err)
		}
	}
	// The review with the most answers among the deal with the most reviews.
	var review int64
	if err := st.DB().QueryRow(`SELECT r.id FROM reviews r WHERE r.deal_id = (
  SELECT deal_id FROM reviews GROUP BY deal_id ORDER BY count(*) DESC LIMIT 1) ORDER BY r.id DESC LIMIT 1`).Scan(&review); err != nil {
		b.Fatal(err)
	}
	answers, err := st.Answers(ctx, review)
	if err != nil || len(answers) == 0 {
		b.Fatal(len(answers), err)
	}
	values := []coaching.Value{coaching.Yes, coaching.No, coaching.Unsure, coaching.NA}
	at := benchdata.Now
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		a := answers[i%len(answers)]
		a.Value, a.AnsweredAt = values[i%len(values)], at.Add(time.Duration(i)*time.Second)
		if err := st.SaveAnswer(ctx, a); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
