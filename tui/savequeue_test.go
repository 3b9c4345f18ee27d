package tui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
	"dealcoach/store"
)

// TestAnswersSaveInOrder: Bubble Tea runs commands concurrently, so the
// saves of quick keys on one question may run in any order. The test
// presses them, keeps the commands they return, and runs those in reverse,
// the worst order: the store must still hold the last intent. On the first
// question, yes, then no, then no again (cleared); on the next, yes then
// no. Without the queue the yes would be written last, both times.
func TestAnswersSaveInOrder(t *testing.T) {
	for _, tc := range []struct {
		name  string
		start func(t *testing.T, st *store.Store) (*Model, *checklist, func() int64)
	}{
		{"walk", func(t *testing.T, st *store.Store) (*Model, *checklist, func() int64) {
			m, _ := startSession(t, st, 80, 24)
			w := topAs[*walk](t, m)
			return m, w.list, func() int64 { return w.review.ID }
		}},
		{"debrief", func(t *testing.T, st *store.Store) (*Model, *checklist, func() int64) {
			m, d := startDebrief(t, st, 80, 24)
			afterHalf(t, m) // the first two questions answered, the cursor on the third
			return m, d.list, func() int64 { return d.review }
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := openTestStore(t)
			seedCoaching(t, st)
			m, l, review := tc.start(t, st)
			pending := *m.c.pending
			first, second := l.selected().item.Key, ""
			var held []tea.Cmd
			press := func(names ...string) {
				t.Helper()
				for _, msg := range keys(names...) {
					_, cmd := m.Update(msg)
					held = append(held, cmd)
				}
			}
			press("y", "k", "n", "k", "n", "j")
			second = l.selected().item.Key
			press("y", "k", "n")
			if first == "" || second == "" || first == second {
				t.Fatalf("questions %q and %q", first, second)
			}
			for i := len(held) - 1; i >= 0; i-- {
				run(t, m, held[i])
			}
			if *m.c.pending != pending || !m.c.q.idle() {
				t.Errorf("pending = %d (want %d), queue %+v", *m.c.pending, pending, m.c.q)
			}
			got := map[string]coaching.Value{}
			as, err := st.Answers(context.Background(), review())
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range as {
				got[a.Item] = a.Value
			}
			if v, ok := got[first]; ok {
				t.Errorf("%s = %s, want it cleared", first, v)
			}
			if got[second] != coaching.No {
				t.Errorf("%s = %q, want no", second, got[second])
			}
		})
	}
}

// TestAnswerSavesOutliveTheWalk: saves still waiting when the manager moves
// on to the next deal are written all the same, and ctrl+c's count of
// pending saves comes back to nothing.
func TestAnswerSavesOutliveTheWalk(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, _ := startSession(t, st, 80, 24)
	w := topAs[*walk](t, m)
	pending := *m.c.pending
	var held []tea.Cmd
	for _, msg := range keys("y", "n") {
		_, cmd := m.Update(msg)
		held = append(held, cmd)
	}
	drive(t, m, keys("]")...)
	if next := topAs[*walk](t, m); next == w || next.index != 1 {
		t.Fatalf("] should open the second deal, walk at %d", next.index)
	}
	for i := len(held) - 1; i >= 0; i-- {
		run(t, m, held[i])
	}
	if *m.c.pending != pending || !m.c.q.idle() {
		t.Errorf("pending = %d (want %d), queue %+v", *m.c.pending, pending, m.c.q)
	}
	as, err := st.Answers(context.Background(), w.review.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]coaching.Value{}
	for _, a := range as {
		got[a.Item] = a.Value
	}
	items := w.stage.Items
	if len(got) != 2 || got[items[0].Key] != coaching.Yes || got[items[1].Key] != coaching.No {
		t.Errorf("answers of the first deal = %v", got)
	}
}

// TestStepFormWaitsForItsOwnSave: an answer's save landing while the next
// step is being saved does not close the form before the step is stored.
func TestStepFormWaitsForItsOwnSave(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, sid := startSession(t, st, 80, 24)
	_, answer := m.Update(keyMsg("y"))
	addStep(t, m)
	drive(t, m, typed("Send the signer map")...)
	_, submit := m.Update(keyMsg("enter"))
	run(t, m, answer)
	topAs[*form](t, m)
	run(t, m, submit)
	topAs[*walk](t, m)
	if v := m.View(); !strings.Contains(v, "Send the signer map") {
		t.Errorf("the walk does not list the step:\n%s", v)
	}
	if acts, err := st.Actions(context.Background(), sid); err != nil || len(acts) != 1 {
		t.Errorf("steps = %+v, %v", acts, err)
	}
}

// TestCommitmentMarksSaveInOrder: d, then back on the step and d again
// (which opens it again), run in reverse: the step must end open, as the
// screen shows it.
func TestCommitmentMarksSaveInOrder(t *testing.T) {
	st := openTestStore(t)
	s := seedCoaching(t, st)
	m := startPlan(t, st, 80, 24)
	drive(t, m, keys("enter")...)
	topAs[*commitments](t, m)
	var held []tea.Cmd
	drive(t, m, keys("j")...) // past the last focus, to the first step
	for _, msg := range keys("d", "k", "d") {
		_, cmd := m.Update(msg)
		held = append(held, cmd)
	}
	for i := len(held) - 1; i >= 0; i-- {
		run(t, m, held[i])
	}
	if !m.c.q.idle() {
		t.Errorf("queue left %+v", m.c.q)
	}
	acts, err := st.OpenActions(context.Background(), s.rep)
	if err != nil {
		t.Fatal(err)
	}
	open := false
	for _, a := range acts {
		open = open || strings.Contains(a.Text, "mutual action plan")
	}
	if !open {
		t.Errorf("the step marked done then opened again is not open: %+v", acts)
	}
}
