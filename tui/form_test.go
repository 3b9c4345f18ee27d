package tui

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"dealcoach/coaching"
	"dealcoach/store"
)

// submitted is what a test form's submit was handed.
type submitted struct{ values map[string]string }

// testForm is a next-step-like form: a required text, a choice and a date
// pre-filled a week out (2026-12-03). submit returns a command that reports
// the values, so a test sees them only if the form really submitted.
func testForm(t *testing.T) *form {
	t.Helper()
	m := newTestModel(t, openTestStore(t), 80, 24)
	text := textField("text", "Next step", "", "What will be done.")
	text.required = "Write what the next step is."
	f := newForm(m.c, "Next step · Acme", "", []field{
		text,
		choiceField("owner", "Owner", []option{{"rep", "rep"}, {"you", "manager"}}, "rep", ""),
		dateField("due", "Due", coaching.DateOf(testNow).AddDays(7), ""),
	}, func(v map[string]string) tea.Cmd {
		return func() tea.Msg { return submitted{v} }
	})
	f.SetSize(80, 22)
	return f
}

// pressForm sends each message to the form and returns the last command.
func pressForm(f *form, msgs ...tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	for _, msg := range msgs {
		_, cmd = f.Update(msg)
	}
	return cmd
}

// valuesSent runs cmd and returns the values the form submitted, nil when
// it did not submit.
func valuesSent(cmd tea.Cmd) map[string]string {
	if cmd == nil {
		return nil
	}
	if s, ok := cmd().(submitted); ok {
		return s.values
	}
	return nil
}

func TestFormEnterSavesFromFirstField(t *testing.T) {
	f := testForm(t)
	got := valuesSent(pressForm(f, append(typed("Send the MSA"), keyMsg("enter"))...))
	want := map[string]string{"text": "Send the MSA", "owner": "rep", "due": "2026-12-03"}
	if len(got) != len(want) {
		t.Fatalf("submitted %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if !f.saving {
		t.Error("the form is not waiting for its save")
	}
}

func TestFormPrefillReplacedByFirstKey(t *testing.T) {
	f := testForm(t)
	pressForm(f, append(append(typed("Call"), keys("tab", "right", "tab")...), typed("12/3")...)...)
	if v := f.values()["due"]; v != "12/3" {
		t.Fatalf("due after typing 12/3 = %q, want 12/3 (not appended to the pre-fill)", v)
	}
	if !strings.Contains(f.View(), "Due            12/3") {
		t.Errorf("the due line does not show 12/3:\n%s", f.View())
	}
	got := valuesSent(pressForm(f, keyMsg("enter")))
	if got["due"] != "12/3" || got["owner"] != "manager" || got["text"] != "Call" {
		t.Errorf("submitted %v", got)
	}
}

// An editing key first edits the pre-fill in place; only a printable first
// key replaces it.
func TestFormPrefillEditedByEditingKeys(t *testing.T) {
	f := testForm(t)
	pressForm(f, append(keys("shift+tab", "backspace"), typed("5")...)...)
	if v := f.values()["due"]; v != "2026-12-05" {
		t.Errorf("backspace, 5 gave %q, want 2026-12-05", v)
	}
	f = testForm(t)
	pressForm(f, append(keys("up", "left", "left"), typed("1")...)...)
	if v := f.values()["due"]; v != "2026-12-103" {
		t.Errorf("←, ←, 1 gave %q, want 2026-12-103", v)
	}
	// Moving through a pre-filled field without editing keeps it whole, and
	// a later printable key still replaces it.
	f = testForm(t)
	pressForm(f, append(keys("up", "up", "down"), typed("Dec 4")...)...)
	if v := f.values()["due"]; v != "Dec 4" {
		t.Errorf("after moving through, Dec 4 gave %q", v)
	}
}

// lineAfter is the line under the one containing s in view.
func lineAfter(view, s string) string {
	lines := strings.Split(view, "\n")
	for i, l := range lines[:len(lines)-1] {
		if strings.Contains(l, s) {
			return lines[i+1]
		}
	}
	return ""
}

// refused presses enter and checks the form did not submit, moved the
// focus to field focus and shows msg under the line holding label.
func refused(t *testing.T, f *form, focus int, label, msg string) {
	t.Helper()
	if got := valuesSent(pressForm(f, keyMsg("enter"))); got != nil || f.saving {
		t.Fatalf("submitted %v with a bad field", got)
	}
	if f.focus != focus {
		t.Errorf("focus is on field %d, want %d", f.focus, focus)
	}
	if l := lineAfter(f.View(), label); !strings.Contains(l, msg) {
		t.Errorf("no %q under %q: %q\n%s", msg, label, l, f.View())
	}
}

func TestFormValidationAtTheField(t *testing.T) {
	f := testForm(t)
	pressForm(f, keys("tab", "tab")...)
	refused(t, f, 0, "Next step  ", "↳ Write what the next step is.")
	pressForm(f, typed("Call")...)
	if strings.Contains(f.View(), "Write what the next step is.") {
		t.Error("the message stayed after typing")
	}
	pressForm(f, append(keys("tab", "tab"), typed("Dec 45")...)...)
	pressForm(f, keys("shift+tab", "shift+tab")...)
	refused(t, f, 2, "Due  ", "↳ “Dec 45” is not a day")
}

func TestFormMovesAndCancels(t *testing.T) {
	f := testForm(t)
	for _, step := range []struct {
		key  string
		want int
	}{{"tab", 1}, {"tab", 2}, {"tab", 0}, {"shift+tab", 2}, {"up", 1}, {"down", 2}, {"down", 0}} {
		pressForm(f, keyMsg(step.key))
		if f.focus != step.want {
			t.Fatalf("after %s focus is %d, want %d", step.key, f.focus, step.want)
		}
	}
	// The choice: ←/→ and space cycle it, letters do nothing.
	pressForm(f, keys("tab", "right")...)
	if v := f.values()["owner"]; v != "manager" {
		t.Errorf("→ gave owner %q", v)
	}
	pressForm(f, append(keys("right", "space"), typed("q")...)...)
	if v := f.values()["owner"]; v != "manager" {
		t.Errorf("→, space, q gave owner %q, want manager", v)
	}
	pressForm(f, keyMsg("left"))
	if v := f.values()["owner"]; v != "rep" {
		t.Errorf("← gave owner %q", v)
	}
	cmd := pressForm(f, keyMsg("esc"))
	if cmd == nil {
		t.Fatal("esc did nothing")
	}
	if _, ok := cmd().(closeMsg); !ok {
		t.Error("esc did not close the form")
	}
}

// A save that fails keeps the form, with what was typed and why; one that
// lands closes it and hands its result to the screen below.
func TestFormSaveResult(t *testing.T) {
	f := testForm(t)
	pressForm(f, append(typed("Call"), keyMsg("enter"))...)
	pressForm(f, savedMsg{err: errors.New("disk full")})
	if f.saving || !strings.Contains(f.View(), "Not saved: disk full") || f.values()["text"] != "Call" {
		t.Fatalf("after a failed save:\n%s", f.View())
	}
	pressForm(f, keyMsg("enter"))
	cmd := pressForm(f, savedMsg{result: repAddedMsg{coaching.Rep{ID: 7}}})
	cmds, ok := cmdsOf(cmd())
	if !ok || len(cmds) != 2 {
		t.Fatalf("a landed save did not close and report")
	}
	if _, ok := cmds[0]().(closeMsg); !ok {
		t.Error("the form did not close first")
	}
	if r, ok := cmds[1]().(repAddedMsg); !ok || r.rep.ID != 7 {
		t.Error("the result did not follow")
	}
}

// The next step in a 1:1 takes two keys besides its text: a to open it,
// enter to save it, owned by the rep and due a week out.
func TestStepFormTwoKeys(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, sid := startSession(t, st, 80, 24)
	drive(t, m, keys("a")...)
	drive(t, m, typed("Send the signer map")...)
	drive(t, m, keys("enter")...)
	topAs[*walk](t, m)
	acts, err := st.Actions(context.Background(), sid)
	if err != nil || len(acts) != 1 {
		t.Fatalf("next steps: %+v, %v", acts, err)
	}
	if a := acts[0]; a.Text != "Send the signer map" || a.Owner != coaching.OwnerRep || a.Due.String() != "2026-12-03" {
		t.Errorf("saved %+v", a)
	}
}

// TestFormGoldens draws each form at 80×24 as a manager first sees it.
func TestFormGoldens(t *testing.T) {
	onRep := func(k string) func(t *testing.T, st *store.Store) *Model {
		return func(t *testing.T, st *store.Store) *Model {
			m := newTestModel(t, st, 80, 24)
			drive(t, m, keys("enter", k)...)
			return m
		}
	}
	for _, tc := range []struct {
		name string
		open func(t *testing.T, st *store.Store) *Model
	}{
		{"add rep", screenStates()["add rep"]},
		{"rename rep", onRep("R")},
		{"add deal", onRep("a")},
		{"edit deal", onRep("e")},
		{"next step", func(t *testing.T, st *store.Store) *Model {
			m, _ := startSession(t, st, 80, 24)
			drive(t, m, keys("a")...)
			return m
		}},
		{"next step without text", func(t *testing.T, st *store.Store) *Model {
			m, _ := startSession(t, st, 80, 24)
			drive(t, m, keys("a", "tab", "tab")...)
			drive(t, m, typed("Dec 45")...)
			drive(t, m, keys("enter")...)
			return m
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := openTestStore(t)
			seedCoaching(t, st)
			m := tc.open(t, st)
			topAs[*form](t, m)
			teatest.RequireEqualOutput(t, []byte(m.View()))
		})
	}
}
