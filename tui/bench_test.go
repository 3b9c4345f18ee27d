package tui

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dealcoach/internal/benchdata"
	"dealcoach/store"
)

// The benchmarks of DESIGN §9 that go through the app, on data set L (and
// on 2L, twice the reps and twice the history, with DEALCOACH_BENCH_2L=1):
//
//	go test ./tui/ -run '^$' -bench 'Home|RepOverview' -benchmem
//
// They draw in colour, as a manager's terminal does; escape codes are part
// of the work.
func inColour(b *testing.B) {
	lipgloss.SetColorProfile(termenv.TrueColor)
	b.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
}

func benchNow() time.Time { return benchdata.Now }

// BenchmarkOpenAndFirstHomeFrame is what the manager waits for after typing
// dealcoach: open (and check the schema of) the file, build the app, run
// the home screen's load command and draw the list at 120×40. The weakest
// stage column fills afterwards (BenchmarkHomeWeakestColumn).
func BenchmarkOpenAndFirstHomeFrame(b *testing.B) {
	benchdata.Run(b, func(b *testing.B, s benchdata.Set) {
		inColour(b)
		path := benchdata.Path(b, s)
		ctx := context.Background()
		want := fmt.Sprintf("%d reps", s.Reps)
		b.ReportAllocs()
		for b.Loop() {
			st, err := store.Open(ctx, path)
			if err != nil {
				b.Fatal(err)
			}
			m, err := New(ctx, st, Options{Now: benchNow})
			if err != nil {
				b.Fatal(err)
			}
			m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
			m.Update(m.Init()())
			if v := m.View(); !strings.Contains(v, want) {
				b.Fatalf("first frame without the reps:\n%s", v)
			}
			b.StopTimer()
			st.Close()
			b.StartTimer()
		}
	})
}

// BenchmarkHomeWeakestColumn is the home screen's second load: the weakest
// stage over 90 days of the reps in view and the page below, drawn into the
// list.
func BenchmarkHomeWeakestColumn(b *testing.B) {
	benchdata.Run(b, func(b *testing.B, s benchdata.Set) {
		inColour(b)
		st := benchdata.Open(b, s)
		m := newTestModel(b, st, 120, 40)
		m.Update(m.Init()())
		h := topAs[*home](b, m)
		b.ReportAllocs()
		for b.Loop() {
			h.asked, h.scored, h.weakest = nil, nil, nil
			load := h.loadWeakest()
			if load == nil {
				b.Fatal("no command for the weakest stages")
			}
			m.Update(load())
			_ = m.View()
		}
		if len(h.weakest) == 0 {
			b.Fatal("no weakest stage for any rep")
		}
	})
}

// BenchmarkRepOverviewLoad is the rep's page load command: deals with their
// flags, 90-day stage strength, history and open commitments.
func BenchmarkRepOverviewLoad(b *testing.B) {
	benchdata.Run(b, func(b *testing.B, s benchdata.Set) {
		st := benchdata.Open(b, s)
		ctx := context.Background()
		pb, err := st.Playbook(ctx)
		if err != nil {
			b.Fatal(err)
		}
		rows, err := st.RepRows(ctx)
		if err != nil {
			b.Fatal(err)
		}
		rep := rows[len(rows)/2].Rep.ID
		b.ReportAllocs()
		for b.Loop() {
			d, err := loadRepData(ctx, st, pb, rep, benchNow())
			if err != nil || len(d.deals) == 0 || len(d.sessions) == 0 {
				b.Fatal(len(d.deals), len(d.sessions), err)
			}
		}
	})
}

// BenchmarkHomeKeypress is one j (or k on the way back up) on the home
// list at 120×40, Update and View of the whole app, weakest column filled.
func BenchmarkHomeKeypress(b *testing.B) {
	benchdata.Run(b, func(b *testing.B, s benchdata.Set) {
		inColour(b)
		st := benchdata.Open(b, s)
		m, err := New(context.Background(), st, Options{Now: benchNow})
		if err != nil {
			b.Fatal(err)
		}
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		drive(b, m)
		h := topAs[*home](b, m)
		if len(h.weakest) == 0 || h.list.len() != s.Reps {
			b.Fatalf("home not loaded: %d reps shown", h.list.len())
		}
		down, up := keyMsg("j"), keyMsg("k")
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			msg := down
			if (i/(s.Reps-1))%2 == 1 {
				msg = up
			}
			m.Update(msg)
			_ = m.View()
			i++
		}
	})
}

// BenchmarkTeamViewLoad is the team view's load: every rep's 90-day stage
// strength and the team's. Besides B/op it reports live-MB, the heap still
// in use after a collection with the loaded rows held, as the screen holds
// them (issue 13: the team view within 40 MB on 2L).
func BenchmarkTeamViewLoad(b *testing.B) {
	benchdata.Run(b, func(b *testing.B, s benchdata.Set) {
		st := benchdata.Open(b, s)
		ctx := context.Background()
		pb, err := st.Playbook(ctx)
		if err != nil {
			b.Fatal(err)
		}
		var msg teamLoadedMsg
		b.ReportAllocs()
		for b.Loop() {
			if msg, err = loadTeam(ctx, st, pb, benchNow()); err != nil || len(msg.rows) != s.Reps {
				b.Fatal(len(msg.rows), err)
			}
		}
		b.StopTimer()
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "live-MB")
		runtime.KeepAlive(msg)
	})
}
