package tui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bcursor "github.com/charmbracelet/bubbles/cursor"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"dealcoach/coaching"
	"dealcoach/store"
)

func init() {
	// The session clock and blinking cursors would make drive wait on
	// timers; their messages are dropped anyway.
	tickEvery = time.Millisecond
	cursorMode = bcursor.CursorStatic
}

// at is a time of the test's autumn, at 10:00 UTC.
func at(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, time.UTC) }

// coachSeed is what seedCoaching wrote.
type coachSeed struct {
	rep                                  int64
	acme, globex, umbrella, initech, hoo int64
	earlier                              int64 // the ended 1:1 of Nov 12
	mapStep, cfoStep                     int64 // its open next steps
}

// seedCoaching writes Dana Ruiz with five open deals in every stage, one
// ended 1:1 (Nov 12) that reviewed Acme and Globex and left two open next
// steps, and CRM snapshots showing Acme moving to Negotiate with its close
// date pushed.
func seedCoaching(t testing.TB, st *store.Store) coachSeed {
	t.Helper()
	var s coachSeed
	err := st.Load(context.Background(), func(l *store.Loader) error {
		must := func(id int64, err error) int64 {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		check := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		s.rep = must(l.Rep(coaching.Rep{Name: "Dana Ruiz"}))
		deal := func(name, account string, cents int64, stage string, closes coaching.Date, since time.Time, next string) int64 {
			return must(l.Deal(coaching.Deal{RepID: s.rep, Name: name, Account: account, Amount: cents, Stage: stage,
				Status: coaching.StatusOpen, CloseDate: closes, StageSince: since, CreatedAt: at(9, 1), NextStep: next}))
		}
		s.acme = deal("Acme renewal", "Acme Corp", 84_000_00, "negotiate", coaching.NewDate(2026, 12, 15), at(11, 20), "Legal review call on Dec 2")
		s.globex = deal("Globex expansion", "Globex", 120_000_00, "propose", coaching.NewDate(2026, 11, 20), at(10, 1), "Send the mutual action plan")
		s.umbrella = deal("Umbrella security", "Umbrella", 45_000_00, "validate", coaching.NewDate(2026, 12, 5), at(10, 20), "")
		s.initech = deal("Initech pilot", "Initech", 18_500_00, "qualify", coaching.NewDate(2027, 1, 30), at(11, 20), "Discovery call")
		s.hoo = deal("Hooli add-on", "Hooli", 9_500_00, "discover", coaching.NewDate(2027, 2, 10), at(11, 18), "")

		for _, sn := range []coaching.Snapshot{
			{DealID: s.acme, TakenAt: at(10, 1), Stage: "propose", Amount: 80_000_00, CloseDate: coaching.NewDate(2026, 12, 1)},
			{DealID: s.acme, TakenAt: at(11, 10), Stage: "propose", Amount: 84_000_00, CloseDate: coaching.NewDate(2026, 12, 1)},
			{DealID: s.acme, TakenAt: at(11, 20), Stage: "negotiate", Amount: 84_000_00, CloseDate: coaching.NewDate(2026, 12, 15)},
			{DealID: s.globex, TakenAt: at(10, 1), Stage: "propose", Amount: 110_000_00, CloseDate: coaching.NewDate(2026, 11, 10)},
			{DealID: s.globex, TakenAt: at(11, 15), Stage: "propose", Amount: 120_000_00, CloseDate: coaching.NewDate(2026, 11, 20)},
		} {
			sn.Status = coaching.StatusOpen
			check(l.Snapshot(sn))
		}

		s.earlier = must(l.Session(coaching.Session{RepID: s.rep, Kind: coaching.OneOnOne, StartedAt: at(11, 12),
			EndedAt: at(11, 12).Add(32 * time.Minute), TimeboxMinutes: 30, FocusSkill: "Multi-threading"}))
		review := func(dealID int64, stage string, answers map[string]coaching.Value, evidence map[string]string) {
			rid := must(l.Review(coaching.Review{SessionID: s.earlier, DealID: dealID, Stage: stage, CreatedAt: at(11, 12)}))
			for item, v := range answers {
				_, group, ok := coaching.DefaultPlaybook().Item(item)
				if !ok {
					t.Fatalf("no item %s", item)
				}
				check(l.Answer(coaching.Answer{ReviewID: rid, Stage: group, Item: item, Value: v, Evidence: evidence[item], AnsweredAt: at(11, 12)}))
			}
		}
		y, n, u := coaching.Yes, coaching.No, coaching.Unsure
		review(s.acme, "propose", map[string]coaching.Value{
			"met-economic-buyer": n, "business-case-reviewed": y, "mutual-action-plan": u, "budget-confirmed": y, "proposal-walked-live": y,
			"problem-in-own-words": y, "fits-icp": y, "compelling-event": n},
			map[string]string{"business-case-reviewed": "CFO's notes on the deck, Nov 10"})
		review(s.globex, "propose", map[string]coaching.Value{"met-economic-buyer": y, "budget-confirmed": n,
			"problem-in-own-words": y, "fits-icp": y, "compelling-event": n},
			map[string]string{"problem-in-own-words": "Their VP Ops, on the Nov 3 call"})
		s.mapStep = must(l.Action(coaching.Action{SessionID: s.earlier, DealID: s.globex, Text: "Send Globex the mutual action plan",
			Owner: coaching.OwnerRep, Due: coaching.NewDate(2026, 11, 19), CreatedAt: at(11, 12)}))
		s.cfoStep = must(l.Action(coaching.Action{SessionID: s.earlier, DealID: s.acme, Text: "Book a meeting with Acme's CFO",
			Owner: coaching.OwnerManager, Due: coaching.NewDate(2026, 11, 27), CreatedAt: at(11, 12)}))
		must(l.Action(coaching.Action{SessionID: s.earlier, Text: "Share the ROI template", Owner: coaching.OwnerRep,
			Status: coaching.ActionDone, ReviewedIn: s.earlier, CreatedAt: at(11, 12)}))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// addStep presses a and quiets the next-step form's cursors: a blinking
// cursor's tick would make drive wait half a second per key.
func addStep(t testing.TB, m *Model) {
	t.Helper()
	drive(t, m, keys("a")...)
	f := topAs[*form](t, m)
	for i := range f.fields {
		f.fields[i].input.Cursor.SetMode(bcursor.CursorStatic)
	}
}

// top returns the screen on top, as the type the test expects.
func topAs[T screen](t testing.TB, m *Model) T {
	t.Helper()
	s, ok := m.top().(T)
	if !ok {
		var want T
		t.Fatalf("top screen is %T, want %T\n%s", m.top(), want, m.View())
	}
	return s
}

// startPlan opens the plan from home with s.
func startPlan(t testing.TB, st *store.Store, w, h int) *Model {
	t.Helper()
	m := newTestModel(t, st, w, h)
	drive(t, m, keys("s")...)
	topAs[*plan](t, m)
	return m
}

// startSession plans a 1:1 of three deals (time box 20 minutes) and
// opens the first deal.
func startSession(t testing.TB, st *store.Store, w, h int) (*Model, int64) {
	t.Helper()
	m := startPlan(t, st, w, h)
	drive(t, m, keys("-", "-", "enter")...)
	c := topAs[*commitments](t, m)
	drive(t, m, keys("enter")...)
	topAs[*walk](t, m)
	return m, c.sid
}

func TestPlan(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m := startPlan(t, st, 80, 24)
	v := m.View()
	for _, want := range []string{"Plan the 1:1 with Dana Ruiz", "5 deals · ~30 of 30 min", "never reviewed", "close date passed 6 days ago"} {
		if !strings.Contains(v, want) {
			t.Errorf("plan lacks %q:\n%s", want, v)
		}
	}
	teatest.RequireEqualOutput(t, []byte(v))

	// A shorter time box suggests fewer deals; a toggle is the manager's.
	drive(t, m, keys("-", "-")...)
	if v := m.View(); !strings.Contains(v, "3 deals · ~18 of 20 min") {
		t.Errorf("20 minutes should suggest 3 deals:\n%s", v)
	}
	drive(t, m, keys("G", " ")...)
	if v := m.View(); !strings.Contains(v, "4 deals · ~24 of 20 min — over the time box") {
		t.Errorf("picking a fourth deal should say it is over:\n%s", v)
	}
	drive(t, m, keys("+", "+")...)
	if v := m.View(); !strings.Contains(v, "4 deals · ~24 of 30 min") {
		t.Errorf("the time box should keep the manager's picks:\n%s", v)
	}
}

func TestPlanNoDeals(t *testing.T) {
	st := openTestStore(t)
	if _, err := st.CreateRep(context.Background(), "Lee Park"); err != nil {
		t.Fatal(err)
	}
	m := startPlan(t, st, 80, 24)
	drive(t, m, keys("enter")...)
	topAs[*plan](t, m)
	if v := m.View(); !strings.Contains(v, "Lee Park has no open deals.") || strings.Contains(v, "enter start") {
		t.Errorf("empty plan:\n%s", v)
	}
}

func TestResumeUnfinished(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	ctx := context.Background()
	_, sid := startSession(t, st, 80, 24)
	// One answer on the first deal, then the app is closed.
	m := newTestModel(t, st, 80, 24)
	drive(t, m, keys("s")...)
	p := topAs[*plan](t, m)
	if p.resume == nil {
		t.Fatal("the unfinished 1:1 is not offered")
	}
	v := m.View()
	if !strings.Contains(v, "Resume the 1:1 from Nov 26 (0 of 3 deals done)") {
		t.Errorf("resume offer:\n%s", v)
	}
	teatest.RequireEqualOutput(t, []byte(v))

	rv, err := st.Reviews(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveAnswer(ctx, coaching.Answer{ReviewID: rv[0].ID, Stage: "every", Item: "close-date-held", Value: coaching.Yes}); err != nil {
		t.Fatal(err)
	}
	m = newTestModel(t, st, 80, 24)
	drive(t, m, keys("s", "enter")...)
	// A deal with one answer is not done: resume goes on there.
	w := topAs[*walk](t, m)
	if w.sid != sid || w.index != 0 {
		t.Errorf("resume opened session %d deal %d, want %d deal 0", w.sid, w.index, sid)
	}

	// Starting over ends a session with answers, and plans a new one.
	m = newTestModel(t, st, 80, 24)
	drive(t, m, keys("s", "j", "enter")...)
	p = topAs[*plan](t, m)
	if p.resume != nil {
		t.Fatalf("still offering to resume:\n%s", m.View())
	}
	sess, err := st.Session(ctx, sid)
	if err != nil || !sess.Ended() {
		t.Errorf("the old session should be ended: %+v %v", sess, err)
	}

	// Starting over on a session without answers discards it.
	drive(t, m, keys("enter")...)
	next := topAs[*commitments](t, m).sid
	m = newTestModel(t, st, 80, 24)
	drive(t, m, keys("s", "j", "enter")...)
	if _, err := st.Session(ctx, next); err == nil {
		t.Error("an unanswered session should be discarded on start over")
	}
}

func TestCommitments(t *testing.T) {
	st := openTestStore(t)
	s := seedCoaching(t, st)
	m := startPlan(t, st, 80, 24)
	drive(t, m, keys("enter")...)
	c := topAs[*commitments](t, m)
	// The last focus comes first: its evidence, then partly, which moves
	// on to the steps; each mark moves on to the next step: no j between.
	drive(t, m, keys("e")...)
	if !c.Typing() {
		t.Fatalf("e did not open the evidence:\n%s", m.View())
	}
	drive(t, m, typed("Brought the CTO into the Globex call")...)
	drive(t, m, keys("enter", "p", "d", "n")...)
	v := m.View()
	for _, want := range []string{"partly   Last focus: Multi-threading (set Nov 12) — practised?",
		"evidence: Brought the CTO into the Globex call",
		"done     Send Globex the mutual action plan", "not done Book a meeting with Acme's CFO", "3 of 3 gone through"} {
		if !strings.Contains(v, want) {
			t.Errorf("commitments lack %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "Share the ROI template") {
		t.Errorf("a step done earlier is listed:\n%s", v)
	}
	teatest.RequireEqualOutput(t, []byte(v))
	sess, err := st.Session(context.Background(), c.sid)
	if err != nil {
		t.Fatal(err)
	}
	if sess.FocusReviewed != "Multi-threading" || sess.FocusPractised != coaching.OutcomePartly || sess.FocusEvidence != "Brought the CTO into the Globex call" {
		t.Errorf("focus review stored = %q %q %q", sess.FocusReviewed, sess.FocusPractised, sess.FocusEvidence)
	}
	// Done closes a step; not done keeps it open, carried to the next 1:1.
	acts, err := st.OpenActions(context.Background(), s.rep)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 1 || acts[0].ID != s.cfoStep || acts[0].Status != coaching.ActionNotDone || acts[0].Carried != 1 || acts[0].ReviewedIn != c.sid {
		t.Errorf("after d, n: want only the CFO step open, not done, carried once in this 1:1: %+v", acts)
	}
	// The same key again takes the verdict back.
	drive(t, m, keys("n")...)
	acts, _ = st.OpenActions(context.Background(), s.rep)
	if len(acts) != 1 || acts[0].ID != s.cfoStep || acts[0].Status != coaching.ActionOpen || acts[0].Carried != 0 || acts[0].ReviewedIn != 0 {
		t.Errorf("n again should take the verdict back: %+v", acts)
	}
}

// With no open commitments the screen gives way to the first deal at once,
// telling the walk there were none, so the manager presses nothing for it.
func TestCommitmentsEmpty(t *testing.T) {
	st := openTestStore(t)
	ctx := context.Background()
	rep, _ := st.CreateRep(ctx, "Lee Park")
	if _, err := st.CreateDeal(ctx, coaching.Deal{RepID: rep.ID, Name: "Stark upgrade", Stage: "validate"}); err != nil {
		t.Fatal(err)
	}
	m := startPlan(t, st, 80, 24)
	drive(t, m, keys("enter")...)
	w := topAs[*walk](t, m)
	if w.deal.Name != "Stark upgrade" || w.index != 0 {
		t.Errorf("walk opened %q at %d", w.deal.Name, w.index)
	}
	// The screen asks for the walk with the word that nothing was open.
	c := newCommitments(m.c, w.sid)
	_, cmd := c.Update(commitmentsLoadedMsg{rep: rep})
	if cmd == nil {
		t.Fatal("no walk asked for")
	}
	if got, want := cmd(), (openWalkMsg{session: w.sid, index: 0, noCommitments: true}); got != want {
		t.Errorf("asked for %#v, want %#v", got, want)
	}
	// esc leaves the session: the skipped screen is not in the way back.
	drive(t, m, keys("esc")...)
	topAs[*home](t, m)
}

// walkScenario answers the first deal (Globex, in Propose) the way the
// goldens show it: answers, evidence, both notes, two next steps, and an
// earlier stage opened and answered.
func walkScenario(t testing.TB, m *Model) {
	t.Helper()
	drive(t, m, keys("y", "e")...)
	drive(t, m, typed("Procurement sent the MSA redlines")...)
	// Each answer, and each evidence saved, moves on to the next
	// question; k y clears the fifth.
	drive(t, m, keys("enter", "n", "u", "x", "y", "k", "y", "j", "y")...)
	drive(t, m, keys("s")...)
	drive(t, m, typed("Good call with legal.")...)
	drive(t, m, keys("enter")...)
	drive(t, m, typed("Ask for the signer by name.")...)
	drive(t, m, keys("esc", "p")...)
	drive(t, m, typed("Dana leans on discounts.")...)
	drive(t, m, keys("ctrl+s")...)
	addStep(t, m)
	drive(t, m, typed("Send the signer map")...)
	drive(t, m, keys("enter")...)
	addStep(t, m)
	drive(t, m, typed("Call their CFO with Dana")...)
	drive(t, m, keys("tab", "right", "tab", "backspace", "backspace")...)
	drive(t, m, typed("30")...)
	drive(t, m, keys("enter")...)
	// The first earlier stage (Qualify), opened, its third question
	// answered yes where it was no last time.
	drive(t, m, keys("G", "k", "k", "enter", "j", "j", "j", "y")...)
}

func TestWalk(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, _ := startSession(t, st, 80, 24)
	w := topAs[*walk](t, m)
	if w.deal.Name != "Globex expansion" {
		t.Fatalf("first deal is %s", w.deal.Name)
	}
	v := m.View()
	for _, want := range []string{"deal 1 of 3", "0 of 20 min", "Propose, 56 days in stage", "closes Nov 20 (6 days ago)",
		"Since the last review (Nov 12): Close date pushed (Nov 10 → Nov 20)"} {
		if !strings.Contains(v, want) {
			t.Errorf("walk header lacks %q:\n%s", want, v)
		}
	}
	walkScenario(t, m)
	v = m.View()
	for _, want := range []string{"▾ Qualify 3/5 yes", "yes      There is a compelling event with a date", "evidence: Their VP Ops"} {
		if !strings.Contains(v, want) {
			t.Errorf("walk lacks %q:\n%s", want, v)
		}
	}
	teatest.RequireEqualOutput(t, []byte(v))

	// The top of the list, with the answers and evidence.
	drive(t, m, keys("g")...)
	v = m.View()
	for _, want := range []string{"Propose checklist · 4 of 5 answered", "evidence: Procurement sent the MSA redlines", "unsure", "n.a."} {
		if !strings.Contains(v, want) {
			t.Errorf("walk top lacks %q:\n%s", want, v)
		}
	}
	t.Run("top", func(t *testing.T) { teatest.RequireEqualOutput(t, []byte(v)) })
}

func TestWalkWide(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, _ := startSession(t, st, 120, 40)
	walkScenario(t, m)
	v := m.View()
	for _, want := range []string{"Propose checklist", "Every deal · 1 of 3 answered", "• Send the signer map — rep · due Dec 3",
		"• Call their CFO with Dana — manager · due Dec 30", "Good call with legal. (+1 more line)", "Private — only you: (written, hidden · p to show)", "▾ Qualify"} {
		if !strings.Contains(v, want) {
			t.Errorf("wide walk lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "Dana leans on discounts") {
		t.Errorf("the private note is on screen:\n%s", v)
	}
	teatest.RequireEqualOutput(t, []byte(v))
}

func TestWalkEditors(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, _ := startSession(t, st, 80, 24)
	// Evidence needs an answer first.
	drive(t, m, keys("e")...)
	if v := m.View(); !strings.Contains(v, "Answer the question first") {
		t.Errorf("evidence without an answer:\n%s", v)
	}
	drive(t, m, keys("s")...)
	drive(t, m, typed("q y n")...)
	w := topAs[*walk](t, m)
	if !w.Typing() || !strings.Contains(m.View(), "Shared note — the rep may see this") {
		t.Errorf("shared note editor:\n%s", m.View())
	}
	if len(w.list.answers) != 0 {
		t.Errorf("keys typed in a note answered questions: %+v", w.list.answers)
	}
	t.Run("note", func(t *testing.T) { teatest.RequireEqualOutput(t, []byte(m.View())) })
	drive(t, m, keys("esc")...)
	if w.Typing() || w.review.SharedNote != "q y n" {
		t.Errorf("note not saved: %q", w.review.SharedNote)
	}
	// Help lists the walk's keys.
	drive(t, m, keys("?")...)
	v := m.View()
	for _, want := range []string{"unsure (counts as a gap) / n.a.", "]/tab", "next deal", "private note (only you)", "add next step", "ctrl+c quits from anywhere"} {
		if !strings.Contains(v, want) {
			t.Errorf("help lacks %q:\n%s", want, v)
		}
	}
	t.Run("help", func(t *testing.T) { teatest.RequireEqualOutput(t, []byte(v)) })
}

func TestWrapup(t *testing.T) {
	st := openTestStore(t)
	s := seedCoaching(t, st)
	m, sid := startSession(t, st, 80, 24)
	walkScenario(t, m)
	ctx := context.Background()
	// A third manager step makes the manager own more than half.
	if _, err := st.AddAction(ctx, coaching.Action{SessionID: sid, DealID: s.acme, Text: "Call Acme's legal team", Owner: coaching.OwnerManager}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddAction(ctx, coaching.Action{SessionID: sid, DealID: s.acme, Text: "Send the redlines back", Owner: coaching.OwnerManager}); err != nil {
		t.Fatal(err)
	}
	drive(t, m, keys("w")...)
	topAs[*wrapup](t, m)
	v := m.View()
	for _, want := range []string{"Wrap-up · 1:1 with Dana Ruiz", "You own 3 of 4 next steps — whose deal is this?",
		"Focus skill for Dana:", "Negotiate", "Last 90 days"} {
		if !strings.Contains(v, want) {
			t.Errorf("wrap-up lacks %q:\n%s", want, v)
		}
	}
	teatest.RequireEqualOutput(t, []byte(v))
}

// TestWholeSession runs a 1:1 by keys from home to the end and checks
// every row it wrote and the recap it exported.
func TestWholeSession(t *testing.T) {
	st := openTestStore(t)
	s := seedCoaching(t, st)
	ctx := context.Background()
	// No export folder given: recaps go to recaps/ beside the database.
	dir := filepath.Join(filepath.Dir(st.Path()), "recaps")

	m := newTestModel(t, st, 80, 24)
	drive(t, m, keys("s", "-", "-", "enter")...) // plan 3 deals in 20 minutes
	c := topAs[*commitments](t, m)
	sid := c.sid
	drive(t, m, keys("j", "d", "j", "x", "enter")...) // focus left unanswered; Globex plan done, CFO meeting dropped

	type deal struct {
		name, shared, private, step string
		manager                     bool
	}
	for i := range 3 {
		w := topAs[*walk](t, m)
		if w.index != i {
			t.Fatalf("deal %d: walk at %d", i, w.index)
		}
		name := w.deal.Name
		// Three answers, the first two with evidence.
		drive(t, m, keys("y", "e")...)
		drive(t, m, typed("evidence one for "+name)...)
		drive(t, m, keys("enter", "n", "e")...)
		drive(t, m, typed("evidence two for "+name)...)
		drive(t, m, keys("enter", "u")...)
		drive(t, m, keys("s")...)
		drive(t, m, typed("shared on "+name)...)
		drive(t, m, keys("esc", "p")...)
		drive(t, m, typed("private on "+name)...)
		drive(t, m, keys("ctrl+s")...)
		addStep(t, m)
		drive(t, m, typed("step for "+name)...)
		if i == 1 {
			drive(t, m, keys("tab", "right", "enter")...)
		} else {
			drive(t, m, keys("enter")...)
		}
		topAs[*walk](t, m)
		drive(t, m, keys("]")...)
	}
	wu := topAs[*wrapup](t, m)
	drive(t, m, keys("f")...)
	drive(t, m, tea.KeyMsg{Type: tea.KeyCtrlU})
	drive(t, m, typed("Ask for the economic buyer by name")...)
	drive(t, m, keys("enter", "w")...)
	if wu.exported == "" {
		t.Fatalf("no export:\n%s", m.View())
	}
	first := filepath.Join(dir, "dealcoach-dana-ruiz-2026-11-26.md")
	// The status line's text; an 80-column window clips it on screen.
	if m.status != "✓ Saved recap to "+first {
		t.Errorf("status %q, want the path %s", m.status, first)
	}
	// A second export of the same rep and day keeps the first file.
	drive(t, m, keys("w")...)
	second := filepath.Join(dir, "dealcoach-dana-ruiz-2026-11-26-2.md")
	if m.status != "✓ Saved recap to "+second {
		t.Errorf("status %q, want the path %s", m.status, second)
	}
	if wu.exported != second {
		t.Errorf("second export went to %s, want %s", wu.exported, second)
	}
	if a, b := readFile(t, first), readFile(t, second); a != b || a == "" {
		t.Errorf("the two recaps differ or are empty: %d and %d bytes", len(a), len(b))
	}
	if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("recap folder: %v, %v; want mode 0700", info, err)
	}
	drive(t, m, keys("enter")...)
	topAs[*home](t, m)

	// The session.
	sess, err := st.Session(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	if !sess.Ended() || sess.FocusSkill != "Ask for the economic buyer by name" || sess.TimeboxMinutes != 20 || sess.Kind != coaching.OneOnOne || sess.RepID != s.rep {
		t.Errorf("session = %+v", sess)
	}
	// Reviews, in walk order, with notes; answers with evidence.
	reviews, err := st.Reviews(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	if len(reviews) != 3 {
		t.Fatalf("%d reviews", len(reviews))
	}
	pb := coaching.DefaultPlaybook()
	names := map[int64]string{}
	for i, r := range reviews {
		d, err := st.Deal(ctx, r.DealID)
		if err != nil {
			t.Fatal(err)
		}
		names[d.ID] = d.Name
		if r.Position != i || r.Stage != d.Stage {
			t.Errorf("review %d = %+v of deal in %s", i, r, d.Stage)
		}
		if r.SharedNote != "shared on "+d.Name || r.PrivateNote != "private on "+d.Name {
			t.Errorf("review %d notes = %q / %q", i, r.SharedNote, r.PrivateNote)
		}
		answers, err := st.Answers(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		stage, _ := pb.Stage(d.Stage)
		want := map[string]coaching.Answer{
			stage.Items[0].Key: {Value: coaching.Yes, Evidence: "evidence one for " + d.Name},
			stage.Items[1].Key: {Value: coaching.No, Evidence: "evidence two for " + d.Name},
			stage.Items[2].Key: {Value: coaching.Unsure},
		}
		if len(answers) != len(want) {
			t.Errorf("%s: %d answers, want %d: %+v", d.Name, len(answers), len(want), answers)
		}
		for _, a := range answers {
			w, ok := want[a.Item]
			if !ok || a.Value != w.Value || a.Evidence != w.Evidence || a.Stage != d.Stage || !a.AnsweredAt.Equal(testNow) {
				t.Errorf("%s: answer %+v, want %+v", d.Name, a, w)
			}
		}
	}
	// Next steps: one per deal, the second deal's owned by the manager, due
	// a week out.
	acts, err := st.Actions(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 3 {
		t.Fatalf("%d next steps: %+v", len(acts), acts)
	}
	for i, a := range acts {
		owner := coaching.OwnerRep
		if i == 1 {
			owner = coaching.OwnerManager
		}
		if a.Text != "step for "+names[a.DealID] || a.DealID != reviews[i].DealID || a.Owner != owner ||
			a.Due.String() != "2026-12-03" || a.Status != coaching.ActionOpen || a.RepID != s.rep {
			t.Errorf("next step %d = %+v", i, a)
		}
	}
	// The commitments of the earlier 1:1, gone through in this one.
	earlier, err := st.Actions(ctx, s.earlier)
	if err != nil {
		t.Fatal(err)
	}
	status := map[int64]coaching.Action{}
	for _, a := range earlier {
		status[a.ID] = a
	}
	if a := status[s.mapStep]; a.Status != coaching.ActionDone || a.ReviewedIn != sid {
		t.Errorf("mutual action plan step = %+v", a)
	}
	if a := status[s.cfoStep]; a.Status != coaching.ActionDropped || a.ReviewedIn != sid {
		t.Errorf("CFO step = %+v", a)
	}

	// The exported recaps: shared notes, not private ones; 0600.
	for _, p := range []string{first, second} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v", p, info.Mode().Perm())
		}
	}
	md := readFile(t, first)
	for _, r := range reviews {
		n := names[r.DealID]
		for _, want := range []string{"### " + n, "> shared on " + n, "step for " + n, "evidence two for " + n} {
			if !strings.Contains(md, want) {
				t.Errorf("recap lacks %q:\n%s", want, md)
			}
		}
	}
	for _, want := range []string{"# 1:1 with Dana Ruiz — Nov 26, 2026", "owner: manager, due 2026-12-03", "Ask for the economic buyer by name", "Gaps found:"} {
		if !strings.Contains(md, want) {
			t.Errorf("recap lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "private on") {
		t.Errorf("recap leaks a private note:\n%s", md)
	}
}

// TestWalkProgram runs the session screens in a real Bubble Tea program.
func TestWalkProgram(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m := newTestModel(t, st, 80, 24)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	wait := func(s string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
			teatest.WithDuration(5*time.Second))
	}
	wait("Dana Ruiz")
	tm.Send(keyMsg("s"))
	wait("Plan the 1:1")
	tm.Send(keyMsg("enter"))
	wait("Commitments from earlier")
	tm.Send(keyMsg("enter"))
	wait("deal 1 of 5")
	tm.Send(keyMsg("n"))
	wait("Saved no")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	v := final.View()
	if !strings.Contains(v, "✓ Saved no: “The rep has met the economic buyer”") || !strings.Contains(v, "Propose checklist · 1 of 5 answered") {
		t.Errorf("final view:\n%s", v)
	}
	teatest.RequireEqualOutput(t, []byte(v))
}

// TestWalkQuickKeys: keys typed faster than a frame arrive as one message.
func TestWalkQuickKeys(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, _ := startSession(t, st, 80, 24)
	drive(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("ynje")})
	w := topAs[*walk](t, m)
	items := w.stage.Items
	if a := w.list.answers[items[0].Key]; a.Value != coaching.Yes {
		t.Errorf("first answer = %+v", a)
	}
	if a := w.list.answers[items[1].Key]; a.Value != coaching.No {
		t.Errorf("second answer = %+v", a)
	}
	if _, ok := w.list.answers[items[3].Key]; ok || w.list.msg == "" || w.Typing() {
		t.Errorf("evidence on an unanswered question should be refused: %+v %q", w.list.answers, w.list.msg)
	}
	// Keys after one that opens an editor are typed into it.
	drive(t, m, keys("k", "k")...)
	drive(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("eMSA")})
	if !w.Typing() || w.list.input.Value() != "MSA" {
		t.Errorf("evidence editor got %q (typing %v)", w.list.input.Value(), w.Typing())
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// The command line passes the recap folder; a relative one is made
// absolute so the status line names the file in full.
func TestRecapFolder(t *testing.T) {
	st := openTestStore(t)
	if got, want := recapFolder(Options{}, st), filepath.Join(filepath.Dir(st.Path()), "recaps"); got != want {
		t.Errorf("default %s, want %s", got, want)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := recapFolder(Options{ExportDir: "out"}, st), filepath.Join(wd, "out"); got != want {
		t.Errorf("relative %s, want %s", got, want)
	}
	abs := filepath.Join(t.TempDir(), "exports")
	if got := recapFolder(Options{ExportDir: abs}, st); got != abs {
		t.Errorf("given %s, got %s", abs, got)
	}
}
