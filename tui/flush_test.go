package tui

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	bcursor "github.com/charmbracelet/bubbles/cursor"
	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
	"dealcoach/store"
)

// sessionOf is the session of the 1:1 or ride-along on the stack.
func sessionOf(t *testing.T, m *Model) int64 {
	t.Helper()
	for _, s := range m.stack {
		switch s := s.(type) {
		case *walk:
			return s.sid
		case *wrapup:
			return s.sid
		case *debrief:
			return s.sid
		}
	}
	t.Fatal("no session on the stack")
	return 0
}

// TestCtrlCKeepsTyping types into each kind of field, presses ctrl+c, lets
// the saves land and finds the text in the database opened anew; and the
// app quits.
func TestCtrlCKeepsTyping(t *testing.T) {
	ctx := context.Background()
	inWalk := func(msgs ...tea.Msg) func(t *testing.T, st *store.Store) *Model {
		return func(t *testing.T, st *store.Store) *Model {
			m, _ := startSession(t, st, 80, 24)
			drive(t, m, msgs...)
			return m
		}
	}
	stepForm := func(msgs ...tea.Msg) func(t *testing.T, st *store.Store) *Model {
		return func(t *testing.T, st *store.Store) *Model {
			m, _ := startSession(t, st, 80, 24)
			addStep(t, m)
			drive(t, m, msgs...)
			return m
		}
	}
	review := func(t *testing.T, st *store.Store, sid int64) coaching.Review {
		rs, err := st.Reviews(ctx, sid)
		if err != nil || len(rs) == 0 {
			t.Fatalf("reviews of the 1:1: %v, %v", rs, err)
		}
		return rs[0]
	}
	step := func(t *testing.T, st *store.Store, sid int64) string {
		acts, err := st.Actions(ctx, sid)
		if err != nil || len(acts) != 1 {
			t.Fatalf("next steps of the 1:1: %+v, %v", acts, err)
		}
		return acts[0].Text + " · due " + acts[0].Due.String()
	}
	for _, tc := range []struct {
		name   string
		open   func(t *testing.T, st *store.Store) *Model
		stored func(t *testing.T, st *store.Store, sid int64) string
		want   string
	}{
		{"shared note", inWalk(append(keys("s"), typed("Legal is slow")...)...),
			func(t *testing.T, st *store.Store, sid int64) string { return review(t, st, sid).SharedNote },
			"Legal is slow"},
		{"private note", inWalk(append(keys("p"), typed("Dana discounts early")...)...),
			func(t *testing.T, st *store.Store, sid int64) string { return review(t, st, sid).PrivateNote },
			"Dana discounts early"},
		{"evidence", inWalk(append(keys("y", "e"), typed("Their CFO, Nov 20")...)...),
			func(t *testing.T, st *store.Store, sid int64) string {
				as, _ := st.Answers(ctx, review(t, st, sid).ID)
				for _, a := range as {
					if a.Evidence != "" {
						return a.Evidence
					}
				}
				return ""
			}, "Their CFO, Nov 20"},
		{"next step", stepForm(typed("Send the MSA")...), step, "Send the MSA · due 2026-12-03"},
		// A due day that is not one stays in the step's text, as typed.
		{"next step, bad day", stepForm(append(append(typed("Send the MSA"), keys("tab", "tab", "ctrl+u")...), typed("Dec 45")...)...),
			step, "Send the MSA (due “Dec 45”) · due "},
		{"focus skill", inWalk(append(keys("w", "f", "ctrl+u"), typed("Asking for the signer")...)...),
			func(t *testing.T, st *store.Store, sid int64) string {
				s, _ := st.Session(ctx, sid)
				return s.FocusSkill
			}, "Asking for the signer"},
		{"debrief field", func(t *testing.T, st *store.Store) *Model {
			m := newTestModel(t, st, 80, 24)
			drive(t, m, keys("r", "enter")...)
			topAs[*debrief](t, m).input.Cursor.SetMode(bcursor.CursorStatic)
			drive(t, m, typed("Get the pilot scope agreed")...)
			return m
		}, func(t *testing.T, st *store.Store, sid int64) string {
			d, _ := st.Debrief(ctx, sid)
			return d.Objective
		}, "Get the pilot scope agreed"},
		// A customer next date that is not a day stays, as typed, in the
		// customer's next step.
		{"debrief date", func(t *testing.T, st *store.Store) *Model {
			m := newTestModel(t, st, 80, 24)
			drive(t, m, keys("r", "enter")...)
			drive(t, m, ctrlN)
			d := topAs[*debrief](t, m)
			d.input.Cursor.SetMode(bcursor.CursorStatic)
			for i, r := range d.list.rows {
				if r.isOwn(dbText) && r.field() == dfNextDate {
					d.list.setPos(i)
				}
			}
			drive(t, m, keys("enter", "ctrl+u")...)
			drive(t, m, typed("after the board meets")...)
			return m
		}, func(t *testing.T, st *store.Store, sid int64) string {
			d, _ := st.Debrief(ctx, sid)
			return d.CustomerNextStep + " · " + d.CustomerNextDate.String()
		}, "(date: “after the board meets”) · "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "dealcoach.db")
			st, err := store.Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			st.SetClock(func() time.Time { return testNow })
			seedCoaching(t, st)
			m := tc.open(t, st)
			if !m.top().Typing() {
				t.Fatalf("%T is not being typed into:\n%s", m.top(), m.View())
			}
			sid := sessionOf(t, m)
			_, cmd := m.Update(keyMsg("ctrl+c"))
			if !runQuits(t, m, cmd) || m.pending != 0 {
				t.Fatalf("ctrl+c did not quit (pending %d):\n%s", m.pending, m.View())
			}
			st.Close()

			st, err = store.Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if got := tc.stored(t, st, sid); got != tc.want {
				t.Errorf("kept %q, want %q", got, tc.want)
			}
		})
	}
}
