package tui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"dealcoach/coaching"
	"dealcoach/store"
)

// ctrl keys the debrief uses; keys() would spell them out as letters.
var (
	ctrlN = tea.KeyMsg{Type: tea.KeyCtrlN}
	ctrlP = tea.KeyMsg{Type: tea.KeyCtrlP}
	ctrlS = tea.KeyMsg{Type: tea.KeyCtrlS}
)

// keyCounter drives the model and counts the keys pressed beyond the text
// typed, the measure of how quick a debrief is.
type keyCounter struct {
	t       *testing.T
	m       *Model
	pressed int
}

func (k *keyCounter) press(msgs ...tea.Msg) {
	k.t.Helper()
	k.pressed += len(msgs)
	drive(k.t, k.m, msgs...)
}

func (k *keyCounter) keys(names ...string) { k.t.Helper(); k.press(keys(names...)...) }

// write types text into the field on screen; the letters are not counted.
func (k *keyCounter) write(s string) {
	k.t.Helper()
	drive(k.t, k.m, typed(s)...)
}

// startDebrief opens the debrief of the first deal the pick offers (Dana
// Ruiz's Globex expansion: reviewed last, closing soonest).
func startDebrief(t *testing.T, st *store.Store, w, h int) (*Model, *debrief) {
	t.Helper()
	m := newTestModel(t, st, w, h)
	drive(t, m, keys("r")...)
	topAs[*debriefPick](t, m)
	drive(t, m, keys("enter")...)
	return m, topAs[*debrief](t, m)
}

func mustContain(t *testing.T, v string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(v, want) {
			t.Errorf("screen lacks %q:\n%s", want, v)
		}
	}
}

func TestDebriefPick(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m := newTestModel(t, st, 80, 24)
	drive(t, m, keys("r")...)
	p := topAs[*debriefPick](t, m)
	v := m.View()
	mustContain(t, v, "Ride-along with Dana Ruiz", "+ New deal…", "› Globex expansion", "Acme renewal · Acme Corp", "Jan 30, 2027", "never")
	// The deals reviewed last come first, then the others by close date.
	if i, j := strings.Index(v, "Acme renewal"), strings.Index(v, "Umbrella security"); i < 0 || j < i {
		t.Errorf("reviewed deals should come first:\n%s", v)
	}
	teatest.RequireEqualOutput(t, []byte(v))

	// esc on the new-deal form goes back to the list, not home.
	drive(t, m, keys("up", "enter")...)
	if !strings.Contains(m.View(), "New deal for the ride-along with Dana Ruiz") {
		t.Fatalf("enter on + New deal should ask its name:\n%s", m.View())
	}
	drive(t, m, keys("enter")...)
	mustContain(t, m.View(), "Type the deal's name first.")
	drive(t, m, keys("esc")...)
	if topAs[*debriefPick](t, m) != p {
		t.Error("esc should close the new-deal form, back to the same list")
	}
	drive(t, m, keys("esc")...)
	topAs[*home](t, m)
}

// TestDebriefNewDeal starts a ride-along on a deal typed on the spot: the
// form's save creates the deal and opens its debrief. Beside the letters it
// takes 7 keys (r; up to + New deal, enter; tab, right to the second stage,
// tab to the account; enter): as many as the picker's own fields took
// before it moved onto the form component.
func TestDebriefNewDeal(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m := newTestModel(t, st, 80, 24)
	k := &keyCounter{t: t, m: m}
	k.keys("r", "up", "enter")
	k.write("Initech pilot")
	k.keys("tab", "right", "tab")
	k.write("Initech")
	k.keys("enter")
	d := topAs[*debrief](t, m)
	if k.pressed != 7 {
		t.Errorf("%d keys to start a debrief on a new deal, want 7", k.pressed)
	}
	if d.deal.Name != "Initech pilot" || d.deal.Account != "Initech" || d.deal.Stage != coaching.DefaultPlaybook().Stages[1].Key {
		t.Errorf("the debrief is on %+v", d.deal)
	}
	deals, err := st.Deals(context.Background(), d.deal.RepID, true)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range deals {
		found = found || x.ID == d.deal.ID
	}
	if !found {
		t.Errorf("the new deal should be among the rep's open deals: %+v", deals)
	}
	mustContain(t, m.View(), "Ride-along · Dana Ruiz — Initech pilot")
	// esc leaves the debrief for home: the picker and form are gone.
	drive(t, m, keys("esc")...)
	topAs[*home](t, m)
}

// TestDebriefBeforeLead is the first half with the manager planning to lead
// uninvited: the screen says plainly what that is.
func TestDebriefBeforeLead(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, d := startDebrief(t, st, 80, 24)
	if d.half != halfBefore || d.row().field() != dfObjective {
		t.Fatalf("a new debrief should start before the call, on the objective:\n%s", m.View())
	}
	drive(t, m, typed("Agree the pilot scope with their VP Ops")...)
	drive(t, m, keys("enter")...)
	drive(t, m, typed("A signed pilot scope by Dec 5")...)
	drive(t, m, keys("enter")...)
	drive(t, m, typed("A date for the scoping workshop")...)
	drive(t, m, keys("enter")...)
	drive(t, m, typed("Priya, VP Ops (champion); Tom, IT (technical buyer)")...)
	drive(t, m, keys("enter", "left")...)
	v := m.View()
	mustContain(t, v, "[lead]", "⚠ You plan to lead without the rep asking — that is taking the deal over.")
	teatest.RequireEqualOutput(t, []byte(v))

	deb, err := st.Debrief(context.Background(), d.sid)
	if err != nil {
		t.Fatal(err)
	}
	if deb.ManagerRole != coaching.RoleLead || deb.Attendees != "Priya, VP Ops (champion); Tom, IT (technical buyer)" ||
		deb.Objective != "Agree the pilot scope with their VP Ops" {
		t.Errorf("each field should be saved as it is left: %+v", deb)
	}
	// Supporting is not taking over.
	drive(t, m, keys("right", "right")...)
	if v := m.View(); strings.Contains(v, "taking the deal over") || !strings.Contains(v, "[support]") {
		t.Errorf("support should not warn:\n%s", v)
	}
}

// afterHalf fills the before half (role: lead; the skill to observe left
// as the rep's focus) and moves after the call, answering the outcome, how
// the rep did on the skill and a few checklist questions.
func afterHalf(t *testing.T, m *Model) {
	t.Helper()
	drive(t, m, typed("Agree the pilot scope")...)
	drive(t, m, keys("enter")...)
	drive(t, m, typed("A signed pilot scope")...)
	drive(t, m, keys("enter")...)
	drive(t, m, typed("A date for the workshop")...)
	drive(t, m, keys("enter", "down", "left")...)
	drive(t, m, ctrlN)
	drive(t, m, keys("p", "y")...)
	drive(t, m, typed("Priya sends the scope to legal")...)
	drive(t, m, keys("enter")...)
	drive(t, m, typed("2026-12-03")...)
	drive(t, m, keys("enter")...)
	drive(t, m, typed("Dana let Priya talk about the pain")...)
	drive(t, m, keys("enter", "down", "down", "down")...)
	// The Propose checklist: the first two answered after the call.
	drive(t, m, keys("y", "n")...)
}

func TestDebriefAfter(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, _ := startDebrief(t, st, 80, 24)
	afterHalf(t, m)
	v := m.View()
	mustContain(t, v, "[ 2 After the call ]", "Got the commitment?        yes [partly] no",
		"Did the skill on the call? [yes] partly no · Multi-threading", "Dec 3 (2026-12-03)",
		"Propose checklist · 2 of 5 answered after this call", "no      The budget source is confirmed  (from Nov 12)",
		"You led without the rep asking")
	teatest.RequireEqualOutput(t, []byte(v))
}

func TestDebriefWide(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, _ := startDebrief(t, st, 120, 40)
	afterHalf(t, m)
	v := m.View()
	// Every row fits at 120×40: no scrolling.
	mustContain(t, v, "Any manager involvement was asked for by the rep  — you led unasked: a no", "✓ Finish the debrief")
	if strings.Contains(v, " lines") {
		t.Errorf("the after half should fit in 40 lines:\n%s", v)
	}
	teatest.RequireEqualOutput(t, []byte(v))
}

// TestDebriefWhole starts from home, types a new deal on the spot, fills
// both halves, answers its checklist, adds a next step and finishes; then
// checks what is stored, the rep's stage strength, the recap and that the
// next step comes up in the next 1:1.
func TestDebriefWhole(t *testing.T) {
	st := openTestStore(t)
	s := seedCoaching(t, st)
	ctx := context.Background()
	m := newTestModel(t, st, 80, 24)
	k := &keyCounter{t: t, m: m}

	k.keys("r", "up", "enter")
	k.write("Contoso – Lab data")
	k.keys("tab", "right", "right", "tab")
	k.write("Contoso")
	k.keys("enter")
	d := topAs[*debrief](t, m)
	mustContain(t, m.View(), "Ride-along · Dana Ruiz — Contoso – Lab data", "Validate", "✓ Saved new deal Contoso – Lab data (Validate), ride-along started")

	// Before the call.
	for _, text := range []string{"Get the pilot scope agreed", "Priya signs the pilot scope", "A date for the scoping workshop",
		"Priya, VP Ops (champion); Tom, IT (technical buyer)"} {
		k.write(text)
		k.keys("enter")
	}
	k.keys("right", "enter") // support
	k.write("Asking for the commitment")
	k.keys("enter", "enter") // → After the call
	if d.half != halfAfter {
		t.Fatalf("enter on → After the call should open the second half:\n%s", m.View())
	}

	// After the call: the commitment, then how the rep did on the skill.
	k.keys("p", "y")
	for _, text := range []string{"Priya sends the scope to legal", "12/3", "Dana let Priya describe the pain",
		"Ask for the commitment before the last five minutes", "IT has a veto nobody mentioned", "Asking for the commitment early"} {
		k.write(text)
		k.keys("enter")
	}
	// Validate checklist, then every deal.
	k.keys("y", "y", "n", "u", "y", "y", "n", "y")
	if r := d.row(); !r.isOwn(dbAddStep) {
		t.Fatalf("after the checklist the cursor should be on + Add a next step, is on %+v:\n%s", r, m.View())
	}
	k.keys("enter")
	topAs[*form](t, m)
	k.write("Send Contoso the mutual action plan")
	k.keys("enter") // enter saves from any field of the form
	topAs[*debrief](t, m)
	mustContain(t, m.View(), "• Send Contoso the mutual action plan — rep · due Dec 3")
	k.press(ctrlS)
	v := m.View()
	mustContain(t, v, "✓ Debrief finished", "partly — wanted: Priya signs the pilot scope", "Priya sends the scope to legal · Dec 3",
		"Practise (focus skill)   Asking for the commitment early", "8 answers after the call: 5 yes, 3 no or unsure",
		"Observed                 Asking for the commitment — did it: yes")
	if strings.Contains(v, "taking the deal over") {
		t.Errorf("supporting the rep is not taking over:\n%s", v)
	}
	// The recap, twice: beside the database, the second numbered.
	recaps := filepath.Join(filepath.Dir(st.Path()), "recaps")
	for _, name := range []string{"dealcoach-ride-along-dana-ruiz-2026-11-26.md", "dealcoach-ride-along-dana-ruiz-2026-11-26-2.md"} {
		drive(t, m, keys("w")...)
		path := filepath.Join(recaps, name)
		if d.exported != path || m.status != "✓ Saved recap to "+path {
			t.Errorf("exported %q, status %q; want %s", d.exported, m.status, path)
		}
		if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v; want mode 0600", name, info, err)
		}
	}
	k.keys("enter")
	topAs[*home](t, m)
	t.Logf("a whole debrief of a new deal took %d keys beyond the text", k.pressed)

	// The deal, created with its stage.
	deals, err := st.Deals(ctx, s.rep, true)
	if err != nil {
		t.Fatal(err)
	}
	var deal coaching.Deal
	for _, x := range deals {
		if x.Name == "Contoso – Lab data" {
			deal = x
		}
	}
	if deal.ID == 0 || deal.Stage != "validate" || deal.Account != "Contoso" || deal.Status != coaching.StatusOpen {
		t.Fatalf("new deal = %+v", deal)
	}
	// The session: a ride-along, ended, its focus skill the thing to practise.
	sess, err := st.Session(ctx, d.sid)
	if err != nil {
		t.Fatal(err)
	}
	if sess.Kind != coaching.RideAlong || !sess.Ended() || sess.FocusSkill != "Asking for the commitment early" || sess.RepID != s.rep {
		t.Errorf("session = %+v", sess)
	}
	deb, err := st.Debrief(ctx, d.sid)
	if err != nil {
		t.Fatal(err)
	}
	want := coaching.Debrief{SessionID: d.sid, DealID: deal.ID,
		Objective: "Get the pilot scope agreed", CommitmentWanted: "Priya signs the pilot scope", Fallback: "A date for the scoping workshop",
		Attendees: "Priya, VP Ops (champion); Tom, IT (technical buyer)", ManagerRole: coaching.RoleSupport, ObserveSkill: "Asking for the commitment",
		Outcome: coaching.OutcomePartly, ObserveOutcome: coaching.OutcomeYes, CustomerNextStep: "Priya sends the scope to legal", CustomerNextDate: coaching.NewDate(2026, 12, 3),
		WentWell: "Dana let Priya describe the pain", DoDifferently: "Ask for the commitment before the last five minutes",
		Surprised: "IT has a veto nobody mentioned", Practise: "Asking for the commitment early"}
	if deb != want {
		t.Errorf("debrief\n got %+v\nwant %+v", deb, want)
	}
	// The answers, in the session's review of the deal at its stage.
	reviews, err := st.Reviews(ctx, d.sid)
	if err != nil || len(reviews) != 1 || reviews[0].DealID != deal.ID || reviews[0].Stage != "validate" {
		t.Fatalf("reviews = %+v, %v", reviews, err)
	}
	answers, err := st.Answers(ctx, reviews[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]coaching.Value{}
	for _, a := range answers {
		got[a.Item] = a.Value
	}
	wantAnswers := map[string]coaching.Value{"criteria-favour-us": "yes", "champion-acted": "yes", "tech-and-users-engaged": "no",
		"competition-known": "unsure", "success-criteria-written": "yes", "next-step-dated-shared": "yes", "close-date-held": "no",
		"involvement-asked": "yes"}
	if len(got) != len(wantAnswers) {
		t.Errorf("answers = %v", got)
	}
	for item, v := range wantAnswers {
		if got[item] != v {
			t.Errorf("answer %s = %q, want %q", item, got[item], v)
		}
	}
	// They count in the rep's stage strength.
	facts, err := st.Facts(ctx, s.rep, testNow.AddDate(0, 0, -90), testNow.Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	sum := coaching.Summarize(coaching.DefaultPlaybook(), "Dana Ruiz", facts, testNow, 90)
	if v, ok := sum.Stage("validate"); !ok || v.Yes != 3 || v.No != 1 || v.Unsure != 1 || v.Strength == nil || *v.Strength != 0.6 {
		t.Errorf("validate strength = %+v", v)
	}
	// The next step: in the session, and in the next 1:1's commitments.
	steps, err := st.Actions(ctx, d.sid)
	if err != nil || len(steps) != 1 || steps[0].Owner != coaching.OwnerRep || steps[0].DealID != deal.ID {
		t.Fatalf("next steps = %+v, %v", steps, err)
	}
	next, err := st.StartSession(ctx, s.rep, coaching.OneOnOne, 30)
	if err != nil {
		t.Fatal(err)
	}
	comm, err := st.Commitments(ctx, s.rep, next.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range comm {
		found = found || a.ID == steps[0].ID
	}
	if !found {
		t.Errorf("the ride-along's next step is not in the next 1:1's commitments: %+v", comm)
	}
	// The recap for the rep says what the call was.
	rec, err := st.Recap(ctx, d.sid)
	if err != nil {
		t.Fatal(err)
	}
	md := rec.Markdown(coaching.DefaultPlaybook(), false)
	mustContain(t, md, "# Ride-along debrief with Dana Ruiz", "## The call", "- Deal: Contoso – Lab data",
		"- Objective: Get the pilot scope agreed", "- Got the commitment: partly", "- Observed: Asking for the commitment — did it: yes", "- Customer's next step: Priya sends the scope to legal (2026-12-03)",
		"- One thing to practise: Asking for the commitment early", "Send Contoso the mutual action plan")
	// And the rep's history lists it with its outcome.
	drive(t, m, keys("enter", "tab")...)
	topAs[*repScreen](t, m)
	mustContain(t, m.View(), "ride-along", "partly", "Contoso – Lab data")
}

// TestDebriefKeystrokes measures a whole debrief of an existing deal, as a
// new user would do it: two keys to start, then type and enter through.
func TestDebriefKeystrokes(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m := newTestModel(t, st, 80, 24)
	k := &keyCounter{t: t, m: m}
	k.keys("r", "enter")
	d := topAs[*debrief](t, m)
	for _, text := range []string{"Get the MAP agreed", "Globex signs off the MAP", "A date with their CFO", "Ann, CFO (economic buyer)"} {
		k.write(text)
		k.keys("enter")
	}
	k.keys("enter") // role: observe, as it was
	k.keys("enter") // the skill to observe: the rep's focus, as it came
	k.keys("enter")
	k.keys("y", "p") // got the commitment; did the skill: partly
	for _, text := range []string{"CFO review", "Dec 4", "Clear agenda", "Summarise the next step aloud", "Budget moved to Q1", "Confirming budget early"} {
		k.write(text)
		k.keys("enter")
	}
	k.keys("y", "y", "y", "n", "y", "y", "y", "y") // the Propose checklist and every deal
	k.keys("a")
	k.write("Send the MAP")
	k.keys("enter") // enter saves from any field of the form
	k.press(ctrlS)
	mustContain(t, m.View(), "✓ Debrief finished")
	k.keys("enter")
	topAs[*home](t, m)
	sess, err := st.Session(context.Background(), d.sid)
	if err != nil || !sess.Ended() {
		t.Fatalf("the debrief did not end: %+v %v", sess, err)
	}
	t.Logf("a whole debrief of an existing deal took %d keys beyond the text", k.pressed)
	// 28 before issue 11; one more answers how the rep did on the skill
	// observed (new content, one key like the commitment's outcome).
	if k.pressed != 29 {
		t.Errorf("a whole debrief took %d keys beyond the text, want 29 (the issue asks ≤ ~40)", k.pressed)
	}
	deb, err := st.Debrief(context.Background(), d.sid)
	if err != nil || deb.ObserveSkill != "Multi-threading" || deb.ObserveOutcome != coaching.OutcomePartly {
		t.Errorf("the skill observed should be the rep's focus, done partly: %+v %v", deb, err)
	}
}

// TestDebriefWaitsOnHome leaves a debrief after the first half; home lists
// it and d opens it again, after the call.
func TestDebriefWaitsOnHome(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, d := startDebrief(t, st, 80, 24)
	drive(t, m, typed("Get the MAP agreed")...)
	drive(t, m, keys("esc", "esc")...)
	topAs[*home](t, m)
	v := m.View()
	mustContain(t, v, "◐ Debrief with Dana Ruiz · Globex expansion: after the call to fill — press d")
	if n := strings.Count(v, "\n") + 1; n != 24 {
		t.Errorf("home is %d lines, want 24:\n%s", n, v)
	}
	teatest.RequireEqualOutput(t, []byte(v))

	drive(t, m, keys("d")...)
	again := topAs[*debrief](t, m)
	if again.sid != d.sid || again.half != halfAfter || !again.row().isOwn(dbOutcome) {
		t.Errorf("d should open the debrief after the call, on its outcome: %d %v\n%s", again.sid, again.half, m.View())
	}
	// Finishing without the outcome says what is missing.
	drive(t, m, ctrlS)
	mustContain(t, m.View(), "Say first whether you got the commitment")
	drive(t, m, keys("n")...)
	drive(t, m, ctrlS)
	mustContain(t, m.View(), "✓ Debrief finished")
	drive(t, m, keys("enter")...)
	if strings.Contains(m.View(), "◐ Debrief with") {
		t.Errorf("a finished debrief should leave home:\n%s", m.View())
	}
	// The pick offers an unfinished debrief of the rep first.
	_, d2 := startDebrief(t, st, 80, 24)
	m2 := newTestModel(t, st, 80, 24)
	drive(t, m2, keys("r")...)
	mustContain(t, m2.View(), "› ◐ Resume: Globex expansion — Nov 26, after the call to fill")
	drive(t, m2, keys("enter")...)
	if topAs[*debrief](t, m2).sid != d2.sid {
		t.Error("enter on the resume row should open that debrief")
	}
}

// TestDebriefLeadRecap: the recap says plainly that the manager took over.
func TestDebriefLeadRecap(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, _ := startDebrief(t, st, 80, 24)
	afterHalf(t, m)
	drive(t, m, ctrlS)
	mustContain(t, m.View(), "⚠ You led this call without the rep asking — that is taking the deal over.")
}

// TestDebriefSavesInOrder: a save asked for while one is in flight waits
// for it, counted as pending, so the last debrief written is the newest.
func TestDebriefSavesInOrder(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, d := startDebrief(t, st, 80, 24)
	pending := *m.c.pending
	d.deb.Objective = "first"
	first := d.saveDebrief("objective")
	d.deb.Objective = "second"
	if cmd := d.saveDebrief("objective"); cmd != nil {
		t.Fatal("a second save should wait for the first")
	}
	if *m.c.pending != pending+2 {
		t.Errorf("pending = %d, want %d: ctrl+c must wait for the queued save", *m.c.pending, pending+2)
	}
	// The first lands; the second is written after it.
	run(t, m, first)
	deb, err := st.Debrief(context.Background(), d.sid)
	if err != nil || deb.Objective != "second" {
		t.Errorf("stored objective = %q, %v", deb.Objective, err)
	}
	if *m.c.pending != pending || !m.c.q.idle() {
		t.Errorf("pending = %d (want %d), queue %+v", *m.c.pending, pending, m.c.q)
	}
}

func TestParseDay(t *testing.T) {
	for in, want := range map[string]string{
		"2026-12-03": "2026-12-03", "12/3/2026": "2026-12-03", "12/3": "2026-12-03", "Dec 3": "2026-12-03",
		"Jan 5": "2027-01-05", "Nov 20": "2026-11-20", "": "",
	} {
		got, err := parseDay(in, testNow)
		if err != nil || got.String() != want {
			t.Errorf("parseDay(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	if _, err := parseDay("next week", testNow); err == nil || !strings.Contains(err.Error(), "2026-12-03") {
		t.Errorf("a bad day should say how to write one: %v", err)
	}
}

// TestDebriefProgram runs a debrief in a real Bubble Tea program.
func TestDebriefProgram(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m := newTestModel(t, st, 80, 24)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Dana Ruiz")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("r")})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("which deal")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Before the call")) },
		teatest.WithDuration(5*time.Second))
	tm.Type("Agree the MAP")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Saved objective")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	v := final.View()
	mustContain(t, v, "Objective                  Agree the MAP", "› Commitment wanted")
	teatest.RequireEqualOutput(t, []byte(v))
}

// TestDebriefLeaveWhileSaving: esc while a save is in flight leaves once
// it has landed, so nothing typed is lost.
func TestDebriefLeaveWhileSaving(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, d := startDebrief(t, st, 80, 24)
	d.deb.Objective = "typed just before leaving"
	save := d.saveDebrief("objective")
	_, cmd := m.Update(keyMsg("esc"))
	if cmd != nil || m.top() != screen(d) || !d.leaving {
		t.Fatalf("esc should wait for the save in flight")
	}
	run(t, m, save)
	topAs[*home](t, m)
	deb, err := st.Debrief(context.Background(), d.sid)
	if err != nil || deb.Objective != "typed just before leaving" {
		t.Errorf("objective = %q, %v", deb.Objective, err)
	}
}

// TestHomeManyDebriefs: home keeps to 80×24 with many reps, an unfinished
// 1:1 and more unfinished debriefs than it lists.
func TestHomeManyDebriefs(t *testing.T) {
	st := openTestStore(t)
	err := st.Load(context.Background(), func(l *store.Loader) error {
		for i := 0; i < 30; i++ {
			rep, err := l.Rep(coaching.Rep{Name: "Rep " + string(rune('A'+i%26)) + string(rune('a'+i/26))})
			if err != nil {
				return err
			}
			deal, err := l.Deal(coaching.Deal{RepID: rep, Name: "Deal of rep " + string(rune('A'+i%26)), Stage: "qualify"})
			if err != nil {
				return err
			}
			if i >= 4 {
				continue
			}
			sid, err := l.Session(coaching.Session{RepID: rep, Kind: coaching.RideAlong, StartedAt: at(11, 20+i)})
			if err != nil {
				return err
			}
			if err := l.Debrief(coaching.Debrief{SessionID: sid, DealID: deal}); err != nil {
				return err
			}
			if i == 0 {
				if _, err := l.Session(coaching.Session{RepID: rep, Kind: coaching.OneOnOne, StartedAt: at(11, 20)}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, st, 80, 24)
	drive(t, m)
	v := m.View()
	mustContain(t, v, "◐ Debrief with Rep Da · Deal of rep D: after the call to fill — press d",
		"◐ Debrief with Rep Ca · Deal of rep C: after the call to fill",
		"◐ and 2 more unfinished debriefs", "◐ a 1:1 was left unfinished")
	if n := strings.Count(v, "\n") + 1; n != 24 {
		t.Errorf("home is %d lines, want 24:\n%s", n, v)
	}
	drive(t, m, keys("d")...)
	if d := topAs[*debrief](t, m); d.rep.Name != "Rep Da" {
		t.Errorf("d opened the debrief of %s, want the newest (Rep Da)", d.rep.Name)
	}
}

// At the narrowest window the form's intro and hints wrap, whole, rather
// than being cut at the edge.
func TestDebriefNewDealNarrow(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m := newTestModel(t, st, minWidth, minHeight)
	drive(t, m, keys("r", "up", "enter", "tab")...)
	v := m.View()
	flat := strings.Join(strings.Fields(v), " ")
	for _, want := range []string{"←/→ picks the stage the deal is in; its checklist is asked after the call",
		"it is added to Dana's deals, and its debrief starts."} {
		if !strings.Contains(flat, want) {
			t.Errorf("%q should be whole:\n%s", want, v)
		}
	}
}

// The debrief's help lists its keys whole and esc once: the debrief's own
// esc (leave) is the global back.
func TestDebriefFullHelp(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, _ := startDebrief(t, st, 80, 24)
	drive(t, m, keys("?")...)
	v := m.View()
	if n := strings.Count(v, "\n  esc "); n != 1 {
		t.Errorf("esc is listed %d times:\n%s", n, v)
	}
	if strings.Contains(v, "tab…") {
		t.Errorf("a key is cut:\n%s", v)
	}
}
