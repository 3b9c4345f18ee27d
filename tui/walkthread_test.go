package tui

import (
	"context"
	"strings"
	"testing"

	bcursor "github.com/charmbracelet/bubbles/cursor"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"dealcoach/coaching"
	"dealcoach/store"
)

// selectRow moves the walk's cursor from the top with j until want holds.
func selectRow(t *testing.T, m *Model, want func(clRow) bool) {
	t.Helper()
	drive(t, m, keys("g")...)
	for range 80 {
		if want(topAs[*walk](t, m).list.selected()) {
			return
		}
		drive(t, m, keys("j")...)
	}
	t.Fatalf("no such row:\n%s", m.View())
}

func onItem(key string) func(clRow) bool {
	return func(r clRow) bool { return r.kind == rowItem && r.item.Key == key }
}

// storedAnswers are the answers stored for the walk's deal, by item.
func storedAnswers(t *testing.T, st *store.Store, w *walk) map[string]coaching.Answer {
	t.Helper()
	as, err := st.Answers(context.Background(), w.review.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]coaching.Answer{}
	for _, a := range as {
		out[a.Item] = a
	}
	return out
}

// The focus in force for the 1:1 is the one set before it: shown in the
// header, its questions marked; a focus set in this 1:1 is for the next.
func TestWalkFocus(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, sid := startSession(t, st, 80, 24)
	if err := st.SetFocusSkill(context.Background(), sid, "Quantifying pain"); err != nil {
		t.Fatal(err)
	}
	drive(t, m, openWalkMsg{session: sid})
	w := topAs[*walk](t, m)
	mustContain(t, m.View(), "Focus: Multi-threading · ◆ marks its questions")
	if strings.Contains(m.View(), "Quantifying pain") {
		t.Errorf("this 1:1's own focus shows in its walk:\n%s", m.View())
	}
	for _, k := range []string{"two-stakeholders", "tech-and-users-engaged", "knows-decision-group"} {
		if !w.list.focus[k] {
			t.Errorf("%s not marked: %v", k, w.list.focus)
		}
	}
	if len(w.list.focus) != 3 {
		t.Errorf("marked %v, want the skill's 3 questions", w.list.focus)
	}
	// Qualify, opened: its focus question has the mark, the others not.
	drive(t, m, keys("G", "k", "k", "enter")...)
	v := m.View()
	mustContain(t, v, "◆ The rep knows who else is involved in the decision")
	if n := strings.Count(v, "◆"); n != 2 { // the header's and the question's
		t.Errorf("%d marks, want 2:\n%s", n, v)
	}
}

// A rep without a focus yet has no focus line and no mark column.
func TestWalkNoFocus(t *testing.T) {
	st := openTestStore(t)
	s := seedCoaching(t, st)
	if err := st.SetFocusSkill(context.Background(), s.earlier, ""); err != nil {
		t.Fatal(err)
	}
	m, _ := startSession(t, st, 80, 24)
	v := m.View()
	if strings.Contains(v, "Focus:") || strings.Contains(v, "◆") {
		t.Errorf("a focus shows where none was set:\n%s", v)
	}
	mustContain(t, v, "·       The rep has met the economic buyer")
}

// The close date moved since the last review: "has not moved" is
// suggested no, not stored nor counted until confirmed with one key, then
// stored from the CRM with its evidence.
func TestWalkCRMSuggestion(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, _ := startSession(t, st, 80, 24)
	w := topAs[*walk](t, m)
	selectRow(t, m, onItem("close-date-held"))
	v := m.View()
	mustContain(t, v, "no?      The close date has not moved", "the CRM says: pushed Nov 10 → Nov 20",
		"the CRM suggests no · n/enter confirms", "Every deal · 0 of 3 answered", "enter confirm •")
	if _, ok := storedAnswers(t, st, w)["close-date-held"]; ok {
		t.Fatal("the suggestion is stored before it is confirmed")
	}
	if _, ok := w.list.answers["close-date-held"]; ok {
		t.Fatal("the suggestion counts as answered")
	}
	// A resumed 1:1 would stop here: it is not answered.
	rv, err := st.Reviews(context.Background(), w.sid)
	if err != nil {
		t.Fatal(err)
	}
	if n := unansweredIn(w.pb, rv[0].Stage, nil); n != 8 {
		t.Errorf("%d unanswered, want 8", n)
	}

	drive(t, m, keys("enter")...)
	a, ok := storedAnswers(t, st, w)["close-date-held"]
	if !ok || a.Value != coaching.No || a.Source != coaching.SourceCRM || a.Evidence != "pushed Nov 10 → Nov 20" {
		t.Fatalf("confirmed answer = %+v, %v", a, ok)
	}
	if r := w.list.selected(); r.item.Key != "involvement-asked" {
		t.Errorf("confirming did not move on: %+v", r)
	}
	v = m.View()
	mustContain(t, v, "Every deal · 1 of 3 answered", "evidence: pushed Nov 10 → Nov 20 · from the CRM")
	if strings.Contains(v, "no?") {
		t.Errorf("still a suggestion:\n%s", v)
	}

	// The same key again clears it, and the suggestion is back.
	drive(t, m, keys("k", "n")...)
	if _, ok := storedAnswers(t, st, w)["close-date-held"]; ok {
		t.Fatal("n on the confirmed answer should clear it")
	}
	mustContain(t, m.View(), "no?      The close date has not moved")
	// Answered otherwise, it is the manager's answer, without the CRM's.
	drive(t, m, keys("y")...)
	a = storedAnswers(t, st, w)["close-date-held"]
	if a.Value != coaching.Yes || a.Source != "" || a.Evidence != "" {
		t.Errorf("answered yes = %+v", a)
	}
}

// No suggestion where the CRM shows no move: Umbrella has no snapshots.
func TestWalkNoCRMSuggestion(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, sid := startSession(t, st, 80, 24)
	for i := range 3 {
		drive(t, m, openWalkMsg{session: sid, index: i})
		w := topAs[*walk](t, m)
		_, ok := w.list.suggested["close-date-held"]
		if want := w.deal.Name == "Globex expansion" || w.deal.Name == "Acme renewal"; ok != want {
			t.Errorf("%s: suggestion %v, want %v (%s)", w.deal.Name, ok, want, w.changes)
		}
	}
}

// A playbook without the close-date question gets no suggestion.
func TestWalkCRMSuggestionNeedsItem(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	src := strings.Replace(coaching.DefaultPlaybook().Source, `key = "close-date-held"`, `key = "close-held"`, 1)
	src = strings.ReplaceAll(src, `"close-date-held"`, `"close-held"`)
	pb, err := coaching.ParsePlaybook("renamed.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.UsePlaybook(context.Background(), pb); err != nil {
		t.Fatal(err)
	}
	m, _ := startSession(t, st, 80, 24)
	if w := topAs[*walk](t, m); len(w.list.suggested) != 0 || strings.Contains(m.View(), "no?") {
		t.Errorf("suggested without the item: %v\n%s", w.list.suggested, m.View())
	}
}

// The selected question's playbook hint is the prompt under the checklist.
func TestWalkPrompt(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, _ := startSession(t, st, 80, 24)
	if strings.Contains(m.View(), "Ask:") {
		t.Errorf("a prompt for a question without a hint:\n%s", m.View())
	}
	drive(t, m, keys("G", "k", "k", "enter")...)
	selectRow(t, m, func(r clRow) bool { return r.kind == rowItem && r.item.Key == "problem-in-own-words" })
	v := m.View()
	mustContain(t, v, "Ask: Who said it, and when?")
	if n := strings.Count(v, "\n") + 1; n != 24 {
		t.Errorf("%d lines, want 24:\n%s", n, v)
	}
	drive(t, m, keys("j")...)
	if strings.Contains(m.View(), "Ask: Who said it") {
		t.Errorf("the prompt stayed on the next question:\n%s", m.View())
	}
}

// A private note is written, then hidden: only its editor shows it.
func TestWalkPrivateNote(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, _ := startSession(t, st, 80, 24)
	const note = "Dana leans on discounts."
	drive(t, m, keys("p")...)
	drive(t, m, typed(note)...)
	mustContain(t, m.View(), note, "Private note — only you · hidden again once saved")
	drive(t, m, keys("esc")...)
	selectRow(t, m, func(r clRow) bool { return r.isOwn(wNote) && r.n == 1 })
	v := m.View()
	mustContain(t, v, "Private — only you: (written, hidden · p to show)")
	if strings.Contains(v, note) {
		t.Errorf("the private note shows:\n%s", v)
	}
	if w := topAs[*walk](t, m); w.review.PrivateNote != note {
		t.Errorf("private note %q", w.review.PrivateNote)
	}
	t.Run("hidden", func(t *testing.T) { teatest.RequireEqualOutput(t, []byte(v)) })
	// enter on its line shows it again, to write.
	drive(t, m, keys("enter")...)
	mustContain(t, m.View(), note)
	drive(t, m, keys("esc")...)
	if strings.Contains(m.View(), note) {
		t.Errorf("shown after the editor closed:\n%s", m.View())
	}
}

// Resume goes on at the first deal with a question unanswered, at that
// question; the CRM's suggestion is not an answer.
func TestResumeFirstUnanswered(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, sid := startSession(t, st, 80, 24)
	w := topAs[*walk](t, m)
	items := append(append([]coaching.Item{}, w.stage.Items...), w.pb.Every.Items...)
	if len(items) != 8 {
		t.Fatalf("%d questions on the first deal, want 8", len(items))
	}
	drive(t, m, keys("y", "n", "y")...)

	resume := func() *walk {
		t.Helper()
		m := newTestModel(t, st, 80, 24)
		drive(t, m, keys("s", "enter")...)
		w := topAs[*walk](t, m)
		if w.sid != sid {
			t.Fatalf("resumed session %d, want %d", w.sid, sid)
		}
		return w
	}
	r := resume()
	if got := r.list.selected(); r.index != 0 || got.item.Key != items[3].Key {
		t.Errorf("resumed at deal %d on %q, want deal 0 on %q (item 4)", r.index, got.item.Key, items[3].Key)
	}

	// Every question but the suggested one: resume stops there.
	drive(t, m, keys("x", "y", "y")...)
	selectRow(t, m, onItem("involvement-asked"))
	drive(t, m, keys("u")...)
	r = resume()
	if got := r.list.selected(); r.index != 0 || got.item.Key != "close-date-held" {
		t.Errorf("resumed at deal %d on %q, want deal 0 on close-date-held", r.index, got.item.Key)
	}
	// Confirmed, the deal is done: on to the next deal's first question.
	selectRow(t, m, onItem("close-date-held"))
	drive(t, m, keys("n")...)
	r = resume()
	if got := r.list.selected(); r.index != 1 || got.item.Key != r.stage.Items[0].Key {
		t.Errorf("resumed at deal %d on %q, want deal 1 on its first question", r.index, got.item.Key)
	}
}

// A next step of this 1:1 is edited (e) and deleted (D twice); one of an
// earlier 1:1 shown on the deal is refused.
func TestWalkStepEditDelete(t *testing.T) {
	st := openTestStore(t)
	s := seedCoaching(t, st)
	ctx := context.Background()
	m, sid := startSession(t, st, 80, 24)
	addStep(t, m)
	drive(t, m, typed("Send the signer map")...)
	drive(t, m, keys("enter")...)
	acts, err := st.Actions(ctx, sid)
	if err != nil || len(acts) != 1 {
		t.Fatalf("steps = %+v, %v", acts, err)
	}
	id := acts[0].ID
	mine := func(r clRow) bool { return r.isOwn(wStep) && r.n == 1 }
	selectRow(t, m, mine)
	mustContain(t, m.View(), "e edits this step · D deletes it · a adds one", "e edit step • D delete step •")

	drive(t, m, keys("e")...)
	f := topAs[*form](t, m)
	for i := range f.fields {
		f.fields[i].input.Cursor.SetMode(bcursor.CursorStatic)
	}
	mustContain(t, m.View(), "Edit next step", "Send the signer map")
	drive(t, m, tea.KeyMsg{Type: tea.KeyCtrlU})
	drive(t, m, typed("Send the signer map to legal")...)
	drive(t, m, keys("tab", "right", "enter")...)
	topAs[*walk](t, m)
	acts, _ = st.Actions(ctx, sid)
	if len(acts) != 1 || acts[0].ID != id || acts[0].Text != "Send the signer map to legal" || acts[0].Owner != coaching.OwnerManager {
		t.Fatalf("edited step = %+v", acts)
	}
	mustContain(t, m.View(), "• Send the signer map to legal — manager")

	// D asks first; another key keeps the step.
	selectRow(t, m, mine)
	drive(t, m, keys("D")...)
	mustContain(t, m.View(), "Press D again to delete “Send the signer map to legal”")
	drive(t, m, keys("j", "k", "D")...)
	if acts, _ := st.Actions(ctx, sid); len(acts) != 1 {
		t.Fatalf("deleted without D twice: %+v", acts)
	}
	drive(t, m, keys("D")...)
	if acts, _ := st.Actions(ctx, sid); len(acts) != 0 {
		t.Fatalf("not deleted: %+v", acts)
	}
	if v := m.View(); strings.Contains(v, "• Send the signer map") {
		t.Errorf("the deleted step shows:\n%s", v)
	}

	// The open step of Nov 12 on Globex: shown, not changed here.
	earlier := func(r clRow) bool { return r.isOwn(wStep) && r.n > 0 }
	selectRow(t, m, earlier)
	v := m.View()
	mustContain(t, v, "• Send Globex the mutual action plan — rep · due Nov 19 · from Nov 12",
		"from an earlier 1:1: the commitments mark it, not the walk")
	if strings.Contains(v, "e edit step") {
		t.Errorf("edit offered on an earlier step:\n%s", v)
	}
	for _, k := range []string{"e", "D", "D"} {
		drive(t, m, keys(k)...)
		topAs[*walk](t, m)
		mustContain(t, m.View(), "From an earlier 1:1: mark it in the commitments")
	}
	old, err := st.Actions(ctx, s.earlier)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range old {
		found = found || a.ID == s.mapStep && a.Text == "Send Globex the mutual action plan"
	}
	if !found {
		t.Errorf("the earlier step changed: %+v", old)
	}
}
