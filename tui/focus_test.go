package tui

import (
	"context"
	"strings"
	"testing"
)

// TestWrapupFocusSkill: the wrap-up opens with the focus in force (kept
// from Nov 12), suggests the skill weakest over 90 days with the numbers
// behind it, and c goes through the playbook's skills, suggestion first;
// what is shown is stored, and ending keeps it.
func TestWrapupFocusSkill(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, sid := startSession(t, st, 80, 24)
	walkScenario(t, m)
	drive(t, m, keys("w")...)
	w := topAs[*wrapup](t, m)
	v := m.View()
	for _, want := range []string{"Focus skill for Dana: Multi-threading · kept since Nov 12",
		"Suggested: Mutual action plans: 1 of 3 yes on its items in 90 days — weakest:",
		"A mutual action plan with dates exists (0 yes, 0 no, 2 unsure)"} {
		if !strings.Contains(v, want) {
			t.Errorf("wrap-up lacks %q:\n%s", want, v)
		}
	}
	if !w.hasSuggest || w.suggest.Skill.Key != "mutual-action-plans" {
		t.Errorf("suggested %+v", w.suggest)
	}
	ctx := context.Background()
	focusOf := func() string {
		t.Helper()
		sess, err := st.Session(ctx, sid)
		if err != nil {
			t.Fatal(err)
		}
		return sess.FocusSkill
	}
	// c: the suggestion first, then the playbook's skills in order.
	drive(t, m, keys("c")...)
	if v := m.View(); !strings.Contains(v, "Focus skill for Dana: Mutual action plans · suggested") {
		t.Errorf("c did not pick the suggestion:\n%s", v)
	}
	if got := focusOf(); got != "Mutual action plans" {
		t.Errorf("focus stored after c = %q", got)
	}
	drive(t, m, keys("c", "c")...)
	if got := focusOf(); got != "Multi-threading" {
		t.Errorf("focus stored after c c c = %q, want the playbook's second skill", got)
	}
	// f types one instead.
	drive(t, m, keys("f", "ctrl+u")...)
	drive(t, m, typed("Asking for the next meeting")...)
	drive(t, m, keys("enter", "enter")...)
	topAs[*home](t, m)
	if got := focusOf(); got != "Asking for the next meeting" {
		t.Errorf("focus stored after typing = %q", got)
	}
}

// TestWrapupKeepsFocus: a wrap-up left as it opened stores the focus in
// force, so it stays until the manager changes it.
func TestWrapupKeepsFocus(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, sid := startSession(t, st, 80, 24)
	drive(t, m, keys("w", "enter")...)
	topAs[*home](t, m)
	sess, err := st.Session(context.Background(), sid)
	if err != nil {
		t.Fatal(err)
	}
	if sess.FocusSkill != "Multi-threading" || !sess.Ended() {
		t.Errorf("session = %+v", sess)
	}
}
