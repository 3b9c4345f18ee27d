package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/teatest"

	"dealcoach/coaching"
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

// TestTwoOneOnOnesInARow is issue 11's done-when, by keys: the first 1:1
// sets a focus and marks a commitment not done; the second opens with that
// focus's "practised?" and the carried commitment. (The second plan's
// weak-stage reason is asserted with the plan's work, not here.)
func TestTwoOneOnOnesInARow(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	ctx := context.Background()
	m := newTestModel(t, st, 80, 24)

	// First: the last focus (Multi-threading) not practised, the Globex
	// plan not done, the CFO meeting done; the focus becomes the skill
	// suggested, and the 1:1 ends.
	drive(t, m, keys("s", "enter")...)
	first := topAs[*commitments](t, m)
	drive(t, m, keys("n", "n", "d", "enter")...)
	topAs[*walk](t, m)
	drive(t, m, keys("w")...)
	topAs[*wrapup](t, m)
	drive(t, m, keys("c", "enter")...)
	topAs[*home](t, m)
	sess, err := st.Session(ctx, first.sid)
	if err != nil {
		t.Fatal(err)
	}
	if !sess.Ended() || sess.FocusSkill != "Reaching the economic buyer" || sess.FocusReviewed != "Multi-threading" || sess.FocusPractised != coaching.OutcomeNo {
		t.Fatalf("first 1:1 = %+v", sess)
	}

	// Second: its plan coaches (a deal in the rep's weakest stage), and it
	// opens with that focus and the carried step.
	drive(t, m, keys("s")...)
	topAs[*plan](t, m)
	if v := m.View(); !strings.Contains(v, "your weakest stage") {
		t.Errorf("the second 1:1's plan has no deal with a weak-stage reason:\n%s", v)
	}
	drive(t, m, keys("enter")...)
	second := topAs[*commitments](t, m)
	if second.sid == first.sid {
		t.Fatal("the second 1:1 is the first one")
	}
	v := m.View()
	for _, want := range []string{"Last focus: Reaching the economic buyer (set Nov 26) — practised?",
		"open     Send Globex the mutual action plan", "carried 1× · owner: rep"} {
		if !strings.Contains(v, want) {
			t.Errorf("the second 1:1 lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "Book a meeting with Acme's CFO") {
		t.Errorf("a step done in the first 1:1 came back:\n%s", v)
	}
	if !second.onFocus() {
		t.Errorf("the cursor is not on the focus")
	}
	drive(t, m, keys("y")...)
	got, err := st.Session(ctx, second.sid)
	if err != nil {
		t.Fatal(err)
	}
	if got.FocusReviewed != "Reaching the economic buyer" || got.FocusPractised != coaching.OutcomeYes {
		t.Errorf("second 1:1's focus review = %q %q", got.FocusReviewed, got.FocusPractised)
	}
}

// TestFocusWithoutCommitments: with neither a focus to review nor a step
// open, the screen still gives way to the first deal; with a focus and no
// step, it stays for the "practised?".
func TestFocusWithoutCommitments(t *testing.T) {
	st := openTestStore(t)
	ctx := context.Background()
	rep, _ := st.CreateRep(ctx, "Lee Park")
	if _, err := st.CreateDeal(ctx, coaching.Deal{RepID: rep.ID, Name: "Stark upgrade", Stage: "validate"}); err != nil {
		t.Fatal(err)
	}
	prev, err := st.StartSession(ctx, rep.ID, coaching.OneOnOne, 30)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetFocusSkill(ctx, prev.ID, "Quantifying pain"); err != nil {
		t.Fatal(err)
	}
	if err := st.EndSession(ctx, prev.ID); err != nil {
		t.Fatal(err)
	}
	m := startPlan(t, st, 80, 24)
	drive(t, m, keys("enter")...)
	c := topAs[*commitments](t, m)
	v := m.View()
	for _, want := range []string{"Last focus: Quantifying pain (set Nov 26) — practised?", "No open commitments from earlier sessions"} {
		if !strings.Contains(v, want) {
			t.Errorf("commitments lack %q:\n%s", want, v)
		}
	}
	drive(t, m, keys("p", "enter")...)
	w := topAs[*walk](t, m)
	if !w.noCommitments {
		t.Errorf("the walk was not told there were no commitments")
	}
	sess, err := st.Session(ctx, c.sid)
	if err != nil {
		t.Fatal(err)
	}
	if sess.FocusReviewed != "Quantifying pain" || sess.FocusPractised != coaching.OutcomePartly {
		t.Errorf("focus review = %q %q", sess.FocusReviewed, sess.FocusPractised)
	}
}

// TestFocusReviewTakeBack: the same key again takes the answer back, and
// esc in the evidence editor leaves it as it was.
func TestFocusReviewTakeBack(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m := startPlan(t, st, 80, 24)
	drive(t, m, keys("enter")...)
	c := topAs[*commitments](t, m)
	drive(t, m, keys("y", "k", "y", "e")...)
	drive(t, m, typed("not kept")...)
	drive(t, m, keys("esc")...)
	if c.Typing() || c.fr.practised != "" || c.fr.evidence != "" {
		t.Errorf("after y k y e … esc: %+v typing %v", c.fr, c.Typing())
	}
	topAs[*commitments](t, m) // esc closed the editor, not the screen
	sess, err := st.Session(context.Background(), c.sid)
	if err != nil {
		t.Fatal(err)
	}
	if sess.FocusReviewed != "" || sess.FocusPractised != "" || sess.FocusEvidence != "" {
		t.Errorf("a taken-back review is stored: %q %q %q", sess.FocusReviewed, sess.FocusPractised, sess.FocusEvidence)
	}
}

// TestPastSessionAndFocusHistory: a 1:1 driven by keys (focus review,
// answers, notes, steps, a new focus) shows on the rep's page as a focus
// history line with its outcome, and its History row opens it read-only
// with the private note hidden until p; esc goes back to the page.
func TestPastSessionAndFocusHistory(t *testing.T) {
	st := openTestStore(t)
	s := seedCoaching(t, st)
	m := startPlan(t, st, 80, 24)
	drive(t, m, keys("-", "-", "enter", "e")...)
	drive(t, m, typed("Brought the CTO into the Globex call")...)
	drive(t, m, keys("enter", "p", "d", "enter")...)
	walkScenario(t, m)
	drive(t, m, keys("w", "c", "enter")...)
	topAs[*home](t, m)

	drive(t, m, openRepMsg{s.rep})
	drive(t, m, keys("tab", "tab", "tab", "tab")...)
	v := m.View()
	for _, want := range []string{"[ Focus 2 ]", "Mutual action plans          Nov 26  current · not asked yet",
		"Multi-threading              Nov 12  Nov 26: partly · Brought the CTO into"} {
		if !strings.Contains(v, want) {
			t.Errorf("focus history lacks %q:\n%s", want, v)
		}
	}
	drive(t, m, keys("shift+tab")...)
	v = m.View()
	for _, want := range []string{"[ Skills 8 ]", "Mutual action plans ◆ focus"} {
		if !strings.Contains(v, want) {
			t.Errorf("skills lack %q:\n%s", want, v)
		}
	}

	// History, newest first: today's 1:1.
	drive(t, m, keys("shift+tab", "shift+tab", "enter")...)
	p := topAs[*pastSession](t, m)
	v = m.View()
	for _, want := range []string{"1:1 with Dana Ruiz · Nov 26, 2026 · 3 deals · read-only",
		"Last focus: Multi-threading — practised? partly", "evidence: Brought the CTO into the Globex call",
		"Focus set: Mutual action plans", "done     Send Globex the mutual action plan",
		"Globex expansion · Propose", "yes    The rep has met the economic buyer", "Procurement sent the MSA redlines"} {
		if !strings.Contains(v, want) {
			t.Errorf("past session lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "Dana leans on discounts") {
		t.Errorf("the private note shows before p:\n%s", v)
	}
	teatest.RequireEqualOutput(t, []byte(v))
	drive(t, m, keys("G")...)
	if v := m.View(); !strings.Contains(v, "Send the signer map") || !strings.Contains(v, "Good call with legal.") ||
		!strings.Contains(v, "A private note is hidden · p shows it") || strings.Contains(v, "Dana leans") || p.top == 0 {
		t.Errorf("G does not scroll to the notes and next steps:\n%s", v)
	}
	drive(t, m, keys("p")...)
	if v := m.View(); !strings.Contains(v, "Private note (yours only)") || !strings.Contains(v, "Dana leans on discounts.") {
		t.Errorf("p does not show the private note:\n%s", v)
	}
	drive(t, m, keys("esc")...)
	r := topAs[*repScreen](t, m)
	if r.tab != tabHistory {
		t.Errorf("esc went back to tab %d", r.tab)
	}
}
