package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dealcoach/coaching"
)

// TestWholeSessionKeyFloor runs a 5-deal 1:1 at 80×24 from home to the
// end, as a manager would, and counts every key that is not text. The
// session holds its content and nothing else: the last focus's
// "practised?" answered, every question answered, 3 commitments marked, one
// next step, a shared and a private note, the recap written. Its keys are
// the floor of that content (issues 10, 11):
//
//	s        home: start a 1:1 with the selected rep          (extra 1)
//	enter    plan: begin with the 5 deals it picked           (extra 2)
//	y        last focus practised? one key, moves on          (1)
//	d n x    commitments: one key each, each moves on         (3)
//	enter    past the commitments, to the first deal          (extra 3)
//	y/n/u/x  one key per question, each moves on              (answers)
//	s … esc  shared note: open, save                          (2)
//	p … esc  private note: open, save                         (2)
//	a … enter next step: open, save (owner, due pre-filled)   (2)
//	]        on to the next deal; on the last, to the wrap-up (5)
//	w        wrap-up: write the recap                         (1)
//	enter    end the 1:1, back home                           (extra 4)
func TestWholeSessionKeyFloor(t *testing.T) {
	st := openTestStore(t)
	s := seedCoaching(t, st)
	ctx := context.Background()
	// A third open commitment, on no deal.
	third, err := st.AddAction(ctx, coaching.Action{SessionID: s.earlier, Text: "Invite the SE to the Umbrella demo",
		Owner: coaching.OwnerRep, Due: coaching.NewDate(2026, 11, 24), CreatedAt: at(11, 12)})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(filepath.Dir(st.Path()), "recaps")

	m := newTestModel(t, st, 80, 24)
	k := &keyCounter{t: t, m: m}
	k.keys("s")
	topAs[*plan](t, m)
	k.keys("enter")
	c := topAs[*commitments](t, m)
	sid := c.sid
	if len(c.items) != 3 {
		t.Fatalf("%d commitments open, want 3:\n%s", len(c.items), m.View())
	}
	if !c.onFocus() || c.fr.focus != "Multi-threading" {
		t.Fatalf("the 1:1 does not open with the last focus:\n%s", m.View())
	}
	k.keys("y")
	marks := map[int64]coaching.ActionStatus{}
	for i, key := range []string{"d", "n", "x"} {
		marks[c.items[i].ID] = []coaching.ActionStatus{coaching.ActionDone, coaching.ActionNotDone, coaching.ActionDropped}[i]
		k.keys(key)
	}
	k.keys("enter")

	pb := coaching.DefaultPlaybook()
	values := []string{"y", "n", "u", "x"}
	value := map[string]coaching.Value{"y": coaching.Yes, "n": coaching.No, "u": coaching.Unsure, "x": coaching.NA}
	answers := 0
	want := map[int64]map[string]coaching.Value{} // by deal, the answers given
	const deals = 5
	for i := range deals {
		w := topAs[*walk](t, m)
		if w.index != i || w.total != deals {
			t.Fatalf("deal %d: walk at %d of %d", i, w.index, w.total)
		}
		items := append(append([]coaching.Item{}, w.stage.Items...), pb.Every.Items...)
		if len(w.stage.Items) == 0 {
			t.Fatalf("%s: no stage questions in %q", w.deal.Name, w.stage.Key)
		}
		want[w.deal.ID] = map[string]coaching.Value{}
		for j, it := range items {
			v := values[(i+j)%len(values)]
			if r := w.list.selected(); r.kind != rowItem || r.item.Key != it.Key {
				t.Fatalf("%s: answering %s, the cursor is on %+v:\n%s", w.deal.Name, it.Key, r, m.View())
			}
			k.keys(v)
			want[w.deal.ID][it.Key] = value[v]
			answers++
		}
		switch i {
		case 1:
			k.keys("s")
			k.write("Shared on " + w.deal.Name)
			k.keys("esc")
			k.keys("p")
			k.write("Private on " + w.deal.Name)
			k.keys("esc")
		case 2:
			k.keys("a")
			k.write("Send the signer map")
			k.keys("enter")
			topAs[*walk](t, m)
		}
		k.keys("]")
	}
	wu := topAs[*wrapup](t, m)
	k.keys("w")
	if wu.exported == "" {
		t.Fatalf("no recap written:\n%s", m.View())
	}
	k.keys("enter")
	topAs[*home](t, m)

	// The floor, from the content.
	const focus, commitments, notes, steps, recap, extra = 1, 3, 2, 1, 1, 4
	floor := answers + focus + commitments + 2*notes + 2*steps + deals + recap + extra
	if k.pressed != floor {
		t.Errorf("the session took %d keys, its floor is %d (%d answers)", k.pressed, floor, answers)
	}
	t.Logf("%d keys: %d answers + %d focus + %d commitments + %d note keys + %d step keys + %d deals + %d recap + %d more", k.pressed, answers, focus, commitments, 2*notes, 2*steps, deals, recap, extra)
	if answers < 5*len(pb.Every.Items) {
		t.Errorf("only %d answers", answers)
	}

	// What the keys wrote.
	sess, err := st.Session(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	if !sess.Ended() || sess.RepID != s.rep || sess.TimeboxMinutes != defaultTimebox ||
		sess.FocusReviewed != "Multi-threading" || sess.FocusPractised != coaching.OutcomeYes {
		t.Errorf("session = %+v", sess)
	}
	reviews, err := st.Reviews(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	if len(reviews) != deals {
		t.Fatalf("%d reviews, want %d", len(reviews), deals)
	}
	var sharedName, privateName string
	for i, r := range reviews {
		got, err := st.Answers(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		w := want[r.DealID]
		if len(got) != len(w) {
			t.Errorf("review %d: %d answers stored, want %d", i, len(got), len(w))
		}
		for _, a := range got {
			if v, ok := w[a.Item]; !ok || a.Value != v {
				t.Errorf("review %d: %s = %s, want %s", i, a.Item, a.Value, v)
			}
		}
		d, err := st.Deal(ctx, r.DealID)
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			sharedName, privateName = d.Name, d.Name
			if r.SharedNote != "Shared on "+d.Name || r.PrivateNote != "Private on "+d.Name {
				t.Errorf("notes on %s: %q / %q", d.Name, r.SharedNote, r.PrivateNote)
			}
		} else if r.SharedNote != "" || r.PrivateNote != "" {
			t.Errorf("notes on %s: %q / %q", d.Name, r.SharedNote, r.PrivateNote)
		}
	}
	acts, err := st.Actions(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 1 || acts[0].Text != "Send the signer map" || acts[0].DealID != reviews[2].DealID ||
		acts[0].Owner != coaching.OwnerRep || acts[0].Due.String() != "2026-12-03" {
		t.Errorf("next steps = %+v", acts)
	}
	earlier, err := st.Actions(ctx, s.earlier)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range earlier {
		if st, ok := marks[a.ID]; ok && (a.Status != st || a.ReviewedIn != sid) {
			t.Errorf("commitment %q = %s in %d, want %s in %d", a.Text, a.Status, a.ReviewedIn, st, sid)
		}
	}
	if _, ok := marks[third.ID]; !ok {
		t.Errorf("the third commitment was not on the screen")
	}
	md := readFile(t, filepath.Join(dir, "dealcoach-dana-ruiz-2026-11-26.md"))
	if !strings.Contains(md, "Shared on "+sharedName) || strings.Contains(md, "Private on "+privateName) ||
		!strings.Contains(md, "Send the signer map") {
		t.Errorf("recap:\n%s", md)
	}
	if info, err := os.Stat(wu.exported); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("recap file: %v %v", info, err)
	}
}
