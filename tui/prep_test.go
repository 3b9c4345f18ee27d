package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"dealcoach/coaching"
	"dealcoach/internal/hostile"
)

// driveFill runs the rep's checklist like drive runs the app.
func driveFill(t *testing.T, m *PrepFill, msgs ...tea.Msg) {
	t.Helper()
	var exec func(cmd tea.Cmd)
	exec = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		msg := cmd()
		if msg == nil || isTimer(msg) {
			return
		}
		if _, quit := msg.(tea.QuitMsg); quit {
			return
		}
		if cmds, ok := cmdsOf(msg); ok {
			for _, c := range cmds {
				exec(c)
			}
			return
		}
		_, next := m.Update(msg)
		exec(next)
	}
	for _, msg := range msgs {
		_, cmd := m.Update(msg)
		exec(cmd)
	}
}

// TestPrepRoundTrip: the manager writes a prep, the rep answers it in the
// checklist (keys) and in the text (the help and the pick), the manager
// imports it, and the next 1:1 ranks the rep's pick first, shows the rep's
// answers in the walk, marks the gap and lists it in the wrap-up.
func TestPrepRoundTrip(t *testing.T) {
	ctx := context.Background()
	st := openTestStore(t)
	seed := seedCoaching(t, st)
	pb, err := st.Playbook(ctx)
	if err != nil {
		t.Fatal(err)
	}
	acme, _ := st.Deal(ctx, seed.acme)
	globex, _ := st.Deal(ctx, seed.globex)
	src := []byte(coaching.NewPrep(pb, "Dana Ruiz", []coaching.Deal{globex, acme}, "Multi-threading", coaching.DateOf(testNow), "feedbeef").Text())
	p, err := coaching.ParsePrep("dana.toml", src)
	if err != nil {
		t.Fatal(err)
	}

	// The rep answers in the checklist: the first two questions of Globex
	// (propose) yes, then on Acme the first one yes.
	var saved []byte
	fill := NewPrepFill(p, func(q *coaching.Prep) error { saved = coaching.FillPrep(src, q); return nil }, func() time.Time { return testNow })
	driveFill(t, fill, tea.WindowSizeMsg{Width: 100, Height: 30})
	// The first page asks where they want help; esc leaves it, ] goes on.
	driveFill(t, fill, keys("esc", "]", "y", "y")...)
	v := fill.View()
	for _, want := range []string{"Your prep · deal 1 of 2: Globex expansion", "Propose checklist · 2 of 5 answered", "The skill you are working on: Multi-threading"} {
		if !strings.Contains(v, want) {
			t.Errorf("the rep's checklist lacks %q:\n%s", want, v)
		}
	}
	for _, never := range []string{"last time", "from Nov", "note", "Next steps"} {
		if strings.Contains(v, never) {
			t.Errorf("the rep's checklist shows manager data (%q):\n%s", never, v)
		}
	}
	t.Run("rep checklist", func(t *testing.T) { teatest.RequireEqualOutput(t, []byte(v)) })
	driveFill(t, fill, keys("]", "y")...)
	filled, err := coaching.ParsePrep("dana.toml", saved)
	if err != nil {
		t.Fatalf("the filled file: %v\n%s", err, saved)
	}
	if filled.Answered() != 3 || filled.Deals[0].Items[0].Value != coaching.Yes || filled.Deals[1].Items[0].Value != coaching.Yes {
		t.Fatalf("the filled file holds %d answers: %+v", filled.Answered(), filled.Deals)
	}
	if !strings.Contains(string(saved), "# "+pb.Stages[3].Items[0].Question+"\n[deal.item.") {
		t.Error("filling dropped the questions' comments")
	}

	// The help and the pick, by hand.
	text := strings.Replace(string(saved), "[help]\nreply = \"\"", "[help]\nreply = \"getting to the CFO\"", 1)
	text = strings.Replace(text, "[[pick]]\ndeal = \"\"\nreply = \"\"", "[[pick]]\ndeal = \"umbrella security\"\nreply = \"security review stalls\"", 1)
	final, err := coaching.ParsePrep("dana.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportPrep(ctx, "dana.toml", final); err != nil {
		t.Fatal(err)
	}

	// The plan: the rep's pick first, with why.
	m := startPlan(t, st, 100, 30)
	pl := topAs[*plan](t, m)
	if pl.sugg[0].Deal.ID != seed.umbrella || !pl.picked[0] {
		t.Errorf("the rep's pick is not first and picked: %+v", pl.sugg[0])
	}
	if v := m.View(); !strings.Contains(v, "the rep's pick: security review stalls") {
		t.Errorf("the plan does not say the rep's pick:\n%s", v)
	}
	drive(t, m, keys("enter")...)
	topAs[*commitments](t, m)
	drive(t, m, keys("enter")...)
	w := topAs[*walk](t, m)
	if w.deal.ID != seed.umbrella {
		t.Errorf("the first deal is %q, want the rep's pick", w.deal.Name)
	}
	if v := m.View(); !strings.Contains(v, "Where the rep wants help: getting to the CFO") || !strings.Contains(v, "The rep's pick: security review stalls") {
		t.Errorf("the first deal does not say where the rep wants help:\n%s", v)
	}
	// On to Acme: the rep's answer beside the question; the manager's no
	// makes it a gap in view.
	for i := 0; i < 6 && topAs[*walk](t, m).deal.ID != seed.acme; i++ {
		drive(t, m, keys("]")...)
	}
	w = topAs[*walk](t, m)
	if w.deal.ID != seed.acme {
		t.Fatal("Acme is not in the 1:1")
	}
	first := pb.Stages[4].Items[0]
	if v := m.View(); !strings.Contains(v, "rep: yes") || strings.Contains(v, gapMark) {
		t.Errorf("the walk does not show the rep's yes, or shows a gap before the manager answered:\n%s", v)
	}
	w.list.setPos(1)
	if r := w.list.selected(); r.item.Key != first.Key {
		t.Fatalf("cursor on %q, want %q", r.item.Key, first.Key)
	}
	drive(t, m, keys("n")...)
	if v := m.View(); !strings.Contains(v, "rep: yes · "+gapMark) {
		t.Errorf("no gap mark after the manager's no:\n%s", v)
	}
	gapView := m.View()
	t.Run("walk gap", func(t *testing.T) { teatest.RequireEqualOutput(t, []byte(gapView)) })
	// The rep's answers are not the manager's: only the one no is saved.
	sess := w.sess.ID
	facts, _ := st.SessionFacts(ctx, sess)
	if len(facts) != 1 || facts[0].Value != coaching.No {
		t.Errorf("the session's answers are %+v, want the manager's one no", facts)
	}

	drive(t, m, keys("w")...)
	topAs[*wrapup](t, m)
	// Cut at the screen's width, the line starts with the deal and the rep.
	want := "Acme renewal: Dana sees “" + first.Question[:20]
	if v := m.View(); !strings.Contains(v, "Gaps in view") || !strings.Contains(v, want) {
		t.Errorf("the wrap-up lacks the gap %q:\n%s", want, v)
	}
}

// TestPrepStageMoved: the rep answered Acme as a Propose deal; it is in
// Negotiate by the 1:1. The walk shows the rep's every-deal answer, none
// of the Propose ones, and says once what the rep answered for.
func TestPrepStageMoved(t *testing.T) {
	ctx := context.Background()
	st := openTestStore(t)
	seed := seedCoaching(t, st)
	pb, err := st.Playbook(ctx)
	if err != nil {
		t.Fatal(err)
	}
	acme, _ := st.Deal(ctx, seed.acme)
	then := acme
	then.Stage = "propose"
	p := coaching.NewPrep(pb, "Dana Ruiz", []coaching.Deal{then}, "", coaching.DateOf(testNow), "0ddba11")
	propose, _ := pb.Stage("propose")
	for i := range p.Deals[0].Items {
		it := &p.Deals[0].Items[i]
		if it.Key == propose.Items[0].Key || it.Key == pb.Every.Items[0].Key {
			it.Value = coaching.Yes
		}
	}
	if _, err := st.ImportPrep(ctx, "dana.toml", p); err != nil {
		t.Fatal(err)
	}
	m := startPlan(t, st, 100, 40)
	drive(t, m, keys("enter", "enter")...)
	for i := 0; i < 6 && topAs[*walk](t, m).deal.ID != seed.acme; i++ {
		drive(t, m, keys("]")...)
	}
	if topAs[*walk](t, m).deal.ID != seed.acme {
		t.Fatal("Acme is not in the 1:1")
	}
	v := m.View()
	if n := strings.Count(v, "The rep answered for Propose"); n != 1 {
		t.Errorf("the walk says %d times what the rep answered for:\n%s", n, v)
	}
	if n := strings.Count(v, "rep: yes"); n != 1 || !strings.Contains(v, pb.Every.Items[0].Question[:20]) {
		t.Errorf("want the rep's one every-deal yes beside its question, got %d:\n%s", n, v)
	}
	// A deal that did not move says nothing of it.
	drive(t, m, keys("]")...)
	if v := m.View(); strings.Contains(v, "The rep answered for") {
		t.Errorf("another deal says the rep answered for a stage:\n%s", v)
	}
}

// TestPrepFillQuestions: the first page of prep fill takes where the rep
// wants help, their pick among the file's deals and why, by keys; each
// lands in the file as it is given, and nothing else of the file changes.
func TestPrepFillQuestions(t *testing.T) {
	pb := coaching.DefaultPlaybook()
	deals := []coaching.Deal{
		{ID: 7, CRMID: "006A", Name: "Acme renewal", Account: "Acme Corp", Stage: "negotiate"},
		{ID: 9, Name: "Globex expansion", Account: "Globex", Stage: "propose"},
	}
	src := []byte(coaching.NewPrep(pb, "Dana Ruiz", deals, "Multi-threading", coaching.DateOf(testNow), "feedbeef").Text())
	p, err := coaching.ParsePrep("dana.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	saved := src
	fill := NewPrepFill(p, func(q *coaching.Prep) error { saved = coaching.FillPrep(src, q); return nil }, func() time.Time { return testNow })
	driveFill(t, fill, tea.WindowSizeMsg{Width: 80, Height: 24})
	if !fill.asking || !fill.ask.Typing() {
		t.Fatal("prep fill does not open on where the rep wants help")
	}
	// q and ] are letters here: the text field has the keys.
	driveFill(t, fill, typed("getting to the CFO, q]")...)
	if string(saved) != string(src) {
		t.Error("the file changed before the answer was given")
	}
	driveFill(t, fill, keys("enter")...)
	if v := fill.View(); !strings.Contains(v, "saved · where you want help") {
		t.Errorf("no saved after enter:\n%s", v)
	}
	// On the deals: down past "No pick" and Acme to Globex; enter picks it.
	driveFill(t, fill, keys("down", "down", "enter")...)
	driveFill(t, fill, typed("no champion yet")...)
	driveFill(t, fill, keys("enter")...)
	v := fill.View()
	for _, want := range []string{"Your prep · before the deals", "  getting to the CFO, q]", "Globex expansion · Propose ✓ your pick", "saved · why that deal"} {
		if !strings.Contains(v, want) {
			t.Errorf("the page lacks %q:\n%s", want, v)
		}
	}
	t.Run("questions", func(t *testing.T) { teatest.RequireEqualOutput(t, []byte(v)) })
	want := strings.Replace(string(src), "[help]\nreply = \"\"", "[help]\nreply = \"getting to the CFO, q]\"", 1)
	want = strings.Replace(want, "[[pick]]\ndeal = \"\"\nreply = \"\"", "[[pick]]\ndeal = \"Globex expansion\"\nreply = \"no champion yet\"", 1)
	if string(saved) != want {
		t.Errorf("the file is not the prep with the two replies:\n%s", saved)
	}
	// Acme has a CRM id: picking it writes the id; esc undoes typing.
	driveFill(t, fill, keys("up", "enter")...)
	driveFill(t, fill, typed("x")...)
	driveFill(t, fill, keys("esc")...)
	back, err := coaching.ParsePrep("dana.toml", saved)
	if err != nil || back.Picks[0].Deal != "006A" || back.Picks[0].Reason != "no champion yet" || back.Help != "getting to the CFO, q]" {
		t.Errorf("after picking Acme: %+v, %v", back.Picks, err)
	}
	// ] goes on to the first deal; [ comes back to the questions.
	driveFill(t, fill, keys("]")...)
	if v := fill.View(); fill.asking || !strings.Contains(v, "deal 1 of 2: Acme renewal") {
		t.Errorf("] does not open the first deal:\n%s", v)
	}
	driveFill(t, fill, keys("[")...)
	if !fill.asking || fill.ask.Typing() {
		t.Error("[ on the first deal does not come back to the questions, on the deals")
	}
}

// Hostile deal names, help and pick from the file reach the first page
// only made safe, in the list, the replies and the text fields.
func TestPrepFillQuestionsHostile(t *testing.T) {
	pb := coaching.DefaultPlaybook()
	var deals []coaching.Deal
	for i, n := range hostile.Names {
		deals = append(deals, coaching.Deal{ID: int64(i + 1), Name: n, Account: n, Stage: "propose"})
	}
	p := coaching.NewPrep(pb, "Dana Ruiz", deals, hostile.Names[0], coaching.DateOf(testNow), "feedbeef")
	p.Help, p.Picks = hostile.Names[1], []coaching.PrepPick{{Deal: hostile.Names[2], Reason: hostile.Names[3]}}
	fill := NewPrepFill(p, func(*coaching.Prep) error { return nil }, func() time.Time { return testNow })
	driveFill(t, fill, tea.WindowSizeMsg{Width: 120, Height: 60})
	hostile.Check(t, "the list", fill.View())
	driveFill(t, fill, keys("tab")...) // the why field, holding the reason
	hostile.Check(t, "the why field", fill.View())
	driveFill(t, fill, keys("tab")...) // the help field
	hostile.Check(t, "the help field", fill.View())
}
