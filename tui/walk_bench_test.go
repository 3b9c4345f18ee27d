package tui

import (
	"context"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dealcoach/coaching"
	"dealcoach/coaching/demo"
	"dealcoach/store"
)

// BenchmarkWalkKeypress measures one keypress on the deal walk at 120×40,
// Update and View of the whole app as the program runs them: moving
// through a late-stage deal with every earlier stage open, and answering
// (and clearing) a question. The sample rep has 60 deals and 40 sessions
// of history. The answer's save command is built but not run: saving is
// off the UI path.
func BenchmarkWalkKeypress(b *testing.B) {
	st := openTestStore(b)
	pb := coaching.DefaultPlaybook()
	err := st.Load(context.Background(), func(l *store.Loader) error {
		return demo.Generate(demo.Config{Reps: 1, DealsPerRep: 60, SessionsPerRep: 40, Now: testNow}, pb, l)
	})
	if err != nil {
		b.Fatal(err)
	}
	m, _ := startSession(b, st, 120, 40)
	w := topAs[*walk](b, m)
	for i := 0; i < 5 && pb.StageIndex(w.stage.Key) < 3; i++ {
		drive(b, m, keys("]")...)
		w = topAs[*walk](b, m)
	}
	for _, s := range pb.Stages {
		w.list.expanded[s.Key] = true
	}
	w.list.rebuild()
	if len(w.list.rows) < 30 {
		b.Fatalf("only %d rows on %s (%s)", len(w.list.rows), w.deal.Name, w.stage.Key)
	}
	presses := []tea.Msg{keyMsg("j"), keyMsg("j"), keyMsg("y"), keyMsg("k"), keyMsg("pgdown"), keyMsg("y"), keyMsg("pgup"), keyMsg("n")}
	run := func(b *testing.B) {
		w.list.redraw()
		m.View()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			m.Update(presses[i%len(presses)])
			_ = m.View()
		}
	}
	b.Run("plain", run)
	// In colour every styled part carries escape codes.
	b.Run("truecolor", func(b *testing.B) {
		lipgloss.SetColorProfile(termenv.TrueColor)
		defer lipgloss.SetColorProfile(termenv.Ascii)
		run(b)
	})
}
