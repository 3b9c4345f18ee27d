package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"dealcoach/coaching"
	"dealcoach/internal/hostile"
	"dealcoach/store"
)

// hostilePlaybook is the default playbook with stage names, questions and
// hints that try to take over the terminal: a TOML file cannot hold ESC
// raw, but its \u escapes and raw bidi and C1 characters decode to them.
func hostilePlaybook(t testing.TB) *coaching.Playbook {
	t.Helper()
	src := coaching.DefaultPlaybook().Source
	for old, evil := range map[string]string{
		`name = "Qualify"`: `name = "Qualify \u001b]0;PWNED\u0007 \u202eq"`,
		`name = "Propose"`: "name = \"Propose \\u001b[2J \u009b31m\"",
		`question = "A named customer person stated the problem in their own words"`: `question = "Named \u001b[2J person \u202e stated it"`,
		`question = "The rep has met the economic buyer"`:                            "question = \"Buyer \\u009b31m met \u2066x\u2069\"",
		`hint = "Who said it, and when?"`:                                            `hint = "Who \u001b]0;PWNED\u0007 said it?"`,
	} {
		if !strings.Contains(src, old) {
			t.Fatalf("default playbook lacks %s", old)
		}
		src = strings.Replace(src, old, evil, 1)
	}
	pb, err := coaching.ParsePlaybook("hostile.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return pb
}

// seedHostile writes reps, deals, an ended 1:1 and an unfinished
// ride-along whose every text field holds a control sequence.
func seedHostile(t testing.TB, st *store.Store) (rep int64) {
	t.Helper()
	ctx := context.Background()
	if _, err := st.UsePlaybook(ctx, hostilePlaybook(t)); err != nil {
		t.Fatal(err)
	}
	n := hostile.Names
	note := strings.Join(n, "\n")
	err := st.Load(ctx, func(l *store.Loader) error {
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
		// Names differ by their first letter: the reps sort A, B, …
		rep = must(l.Rep(coaching.Rep{Name: n[0]}))
		for _, name := range n[1:] {
			must(l.Rep(coaching.Rep{Name: name}))
		}
		stages := []string{"propose", "qualify", "negotiate", "discover", "validate"}
		var deals []int64
		for i, name := range n {
			deals = append(deals, must(l.Deal(coaching.Deal{RepID: rep, Name: name, Account: n[(i+3)%len(n)],
				Amount: int64(i+1) * 10_000_00, Stage: stages[i%len(stages)], Status: coaching.StatusOpen,
				CloseDate: coaching.NewDate(2026, 12, 1+i), StageSince: at(10, 1), CreatedAt: at(9, 1), NextStep: n[(i+5)%len(n)]})))
			check(l.Snapshot(coaching.Snapshot{DealID: deals[i], TakenAt: at(10, 1), Stage: "qualify", Status: coaching.StatusOpen,
				Amount: 5_000_00, CloseDate: coaching.NewDate(2026, 11, 1)}))
		}
		sid := must(l.Session(coaching.Session{RepID: rep, Kind: coaching.OneOnOne, StartedAt: at(11, 12),
			EndedAt: at(11, 12).Add(30 * time.Minute), TimeboxMinutes: 30, FocusSkill: n[1], Notes: note,
			FocusReviewed: n[4], FocusPractised: coaching.OutcomePartly, FocusEvidence: note}))
		pb := hostilePlaybook(t)
		for i, d := range deals[:4] {
			stage := stages[i%len(stages)]
			rid := must(l.Review(coaching.Review{SessionID: sid, DealID: d, Stage: stage, SharedNote: note, PrivateNote: note, CreatedAt: at(11, 12)}))
			for j, g := range pb.Groups() {
				for k, it := range g.Items {
					v := []coaching.Value{coaching.No, coaching.Unsure, coaching.Yes}[(j+k)%3]
					check(l.Answer(coaching.Answer{ReviewID: rid, Stage: g.Key, Item: it.Key, Value: v,
						Evidence: n[(j+k)%len(n)], AnsweredAt: at(11, 12)}))
				}
			}
			must(l.Action(coaching.Action{SessionID: sid, DealID: d, Text: n[(i+2)%len(n)], Owner: coaching.OwnerRep,
				Due: coaching.NewDate(2026, 11, 20), CreatedAt: at(11, 12)}))
		}
		must(l.Action(coaching.Action{SessionID: sid, Text: n[7], Owner: coaching.OwnerManager, CreatedAt: at(11, 12)}))
		// An unfinished 1:1 whose reviews hold hostile notes: resuming it
		// opens the note editors on them.
		open := must(l.Session(coaching.Session{RepID: rep, Kind: coaching.OneOnOne, StartedAt: at(11, 25), TimeboxMinutes: 30, FocusSkill: n[3]}))
		for i, d := range deals[:2] {
			must(l.Review(coaching.Review{SessionID: open, DealID: d, Stage: stages[i], SharedNote: note, PrivateNote: note, Position: i, CreatedAt: at(11, 25)}))
		}
		ride := must(l.Session(coaching.Session{RepID: rep, Kind: coaching.RideAlong, StartedAt: at(11, 20), FocusSkill: n[2]}))
		check(l.Debrief(coaching.Debrief{SessionID: ride, DealID: deals[0], Objective: n[0], CommitmentWanted: n[1], Fallback: n[2],
			Attendees: n[3], ManagerRole: coaching.RoleSupport, ObserveSkill: n[4], Outcome: coaching.OutcomePartly,
			CustomerNextStep: n[5], CustomerNextDate: coaching.NewDate(2026, 12, 2), WentWell: n[6], DoDifferently: n[7],
			Surprised: n[0], Practise: n[1]}))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestNoControlSequenceOnScreen visits every screen on data whose every
// text holds a control sequence: with the colour profile set to Ascii, an
// ESC or any other control in a View is the data's, leaked.
func TestNoControlSequenceOnScreen(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {140, 50}} {
		w, h := size[0], size[1]
		st := openTestStore(t)
		repID := seedHostile(t, st)
		look := func(m *Model, what string) {
			t.Helper()
			hostile.Check(t, fmt.Sprintf("%s at %d×%d", what, w, h), m.View())
		}
		m := newTestModel(t, st, w, h)
		drive(t, m)
		look(m, "home")
		drive(t, m, keys("/")...)
		drive(t, m, typed("A")...)
		look(m, "home filter")
		drive(t, m, keys("esc")...)

		drive(t, m, keys("t")...)
		topAs[*team](t, m)
		look(m, "team view")
		drive(t, m, keys("esc")...)

		m = openRep(t, st, repID, w, h)
		look(m, "rep page")
		for i := 0; i < 4; i++ {
			drive(t, m, keys("tab")...)
			look(m, "rep page tab")
			drive(t, m, keys("enter")...)
			look(m, "rep page details")
			drive(t, m, keys("esc")...)
		}
		// The ended 1:1 read-only, its private notes shown, to the end.
		m = openRep(t, st, repID, w, h)
		drive(t, m, keys("tab", "G", "enter")...)
		topAs[*pastSession](t, m)
		look(m, "past session")
		drive(t, m, keys("p")...)
		look(m, "past session private")
		for range 20 {
			drive(t, m, keys("pgdown")...)
			look(m, "past session scrolled")
		}
		m = openRep(t, st, repID, w, h)
		openForm(t, m, "e")
		look(m, "deal form")
		drive(t, m, keys("esc")...)
		openForm(t, m, "R")
		look(m, "rename form")
		// A name typed with a bidi override, saved: the status line says so.
		drive(t, m, keys("ctrl+u")...)
		drive(t, m, typed("Ana \u202eevil")...)
		drive(t, m, keys("enter")...)
		look(m, "rep page after rename")
		if err := st.RenameRep(context.Background(), repID, hostile.Names[0]); err != nil {
			t.Fatal(err)
		}

		m = newTestModel(t, st, w, h)
		drive(t, m, keys("r")...)
		topAs[*debriefPick](t, m)
		look(m, "debrief picker")
		drive(t, m, keys("esc")...)
		drive(t, m, keys("d")...)
		if _, ok := m.top().(*debrief); ok {
			look(m, "debrief before the call")
			drive(t, m, keys("enter")...)
			look(m, "debrief editing a field")
			drive(t, m, keys("esc", "ctrl+n")...)
			look(m, "debrief after the call")
			drive(t, m, keys("esc")...)
		} else {
			t.Errorf("d did not open the unfinished debrief: %T\n%s", m.top(), m.View())
		}

		m = newTestModel(t, st, w, h)
		drive(t, m, keys("s")...)
		topAs[*plan](t, m)
		look(m, "plan, resume or start over")
		drive(t, m, keys("enter")...)
		wk := topAs[*walk](t, m)
		look(m, "walk, resumed")
		// The playbook's hint of the question, as the prompt under it.
		selectRow(t, m, func(r clRow) bool { return r.kind == rowFold && r.stage == "qualify" })
		drive(t, m, keys("enter")...)
		selectRow(t, m, onItem("problem-in-own-words"))
		if !strings.Contains(m.View(), "Ask: Who") {
			t.Errorf("no prompt at %d×%d:\n%s", w, h, m.View())
		}
		look(m, "walk, coaching prompt")
		drive(t, m, keys("s")...)
		look(m, "walk shared note")
		drive(t, m, keys("esc", "p")...)
		look(m, "walk private note")
		drive(t, m, keys("esc")...)
		if wk.review.SharedNote != strings.Join(hostile.Names, "\n") || wk.review.PrivateNote != wk.review.SharedNote {
			t.Errorf("notes opened and closed unchanged should stay as they came: %q", wk.review.SharedNote)
		}
		drive(t, m, keys("esc")...)

		drive(t, m, keys("s", "down", "enter")...)
		pl := topAs[*plan](t, m)
		look(m, "plan")
		// The rep's pick, a Negotiate deal, comes first: its walk has
		// earlier stages to open.
		for i, sg := range pl.sugg {
			if sg.Deal.Stage == "negotiate" {
				pl.list.selectItem(i)
				break
			}
		}
		drive(t, m, keys("r")...)
		look(m, "plan with the rep's pick")
		drive(t, m, keys("enter")...)
		topAs[*commitments](t, m)
		look(m, "commitments")
		drive(t, m, keys("enter")...)
		wk = topAs[*walk](t, m)
		look(m, "walk")
		drive(t, m, keys("y", "k", "e")...)
		if !wk.list.Typing() {
			t.Errorf("e did not open the evidence:\n%s", m.View())
		}
		look(m, "walk evidence")
		drive(t, m, keys("enter", "G")...)
		look(m, "walk bottom")
		for i := len(wk.list.rows) - 1; i >= 0; i-- {
			if wk.list.rows[i].kind == rowFold {
				wk.list.setPos(i)
				drive(t, m, keys("enter")...)
			}
		}
		if len(wk.list.expanded) == 0 {
			t.Errorf("no earlier stage opened:\n%s", m.View())
		}
		look(m, "walk, earlier stages open")
		drive(t, m, keys("]")...)
		look(m, "walk next deal")
		drive(t, m, keys("w")...)
		topAs[*wrapup](t, m)
		look(m, "wrap-up")
		drive(t, m, keys("f")...)
		look(m, "wrap-up focus")
		drive(t, m, keys("esc")...)
	}
}
