package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"dealcoach/coaching"
)

// longQuestion is longer than an 80-column row: selected, it wraps.
const longQuestion = "The customer reviewed the business case with everyone who signs, and agreed its numbers in writing"

// testChecklist is a Propose checklist with one question too long for 80
// columns, an earlier answer on Qualify and one line of the screen's own.
func testChecklist(t *testing.T, width, height int) *checklist {
	t.Helper()
	src := strings.Replace(coaching.DefaultPlaybook().Source,
		`question = "The customer reviewed the business case"`, `question = "`+longQuestion+`"`, 1)
	pb, err := coaching.ParsePlaybook("long.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c := &common{styles: DefaultStyles(), pb: pb, now: func() time.Time { return testNow }}
	stage, _ := pb.Stage("propose")
	qualify := pb.Stages[0].Items
	prior := map[string]coaching.Answer{
		qualify[0].Key:     {Stage: "qualify", Item: qualify[0].Key, Value: coaching.Yes, Evidence: "Their VP Ops", AnsweredAt: at(11, 12)},
		stage.Items[3].Key: {Stage: "propose", Item: stage.Items[3].Key, Value: coaching.No, AnsweredAt: at(11, 12)},
	}
	own := func(r clRow, selected bool, width int) string { return trunc("the screen's own line", width) }
	l := newChecklist(c, checklistOpts{evidence: true, own: own}, func(l *checklist) []clRow {
		rows := append(l.stageRows(), l.everyRows()...)
		rows = append(rows, headingRow("Coaching notes"), ownRow(0, 0))
		return append(rows, l.earlierRows()...)
	})
	l.setDeal(pb, stage, nil, prior)
	l.setSize(width-2, height)
	l.setPos(0)
	return l
}

// press gives l the keys and returns the changes it reported.
func press(l *checklist, msgs ...tea.Msg) []tea.Msg {
	var out []tea.Msg
	for _, m := range msgs {
		if ch, _ := l.Update(m); ch != nil {
			out = append(out, ch)
		}
	}
	return out
}

func rowOf(l *checklist, match func(clRow) bool) int {
	for i, r := range l.rows {
		if match(r) {
			return i
		}
	}
	return -1
}

func TestChecklistKeys(t *testing.T) {
	l := testChecklist(t, 80, 14)
	items := l.stage.Items
	itemRow := func(i int) int {
		return rowOf(l, func(r clRow) bool { return r.kind == rowItem && r.item.Key == items[i].Key })
	}

	// y answers the question and moves on to the next.
	got := press(l, keys("y")...)
	want := checklistAnsweredMsg{answer: coaching.Answer{Stage: "propose", Item: items[0].Key, Value: coaching.Yes},
		what: "yes: “The rep has met the economic buyer”"}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("y reported %+v, want %+v", got, want)
	}
	if l.cur.pos != itemRow(1) {
		t.Errorf("after y the cursor is on row %d, want the next question (%d)", l.cur.pos, itemRow(1))
	}
	if !l.keys.Evidence.Enabled() {
		t.Error("e should be offered right after an answer")
	}
	// e right after the answer writes that answer's evidence; enter saves
	// it and moves on.
	got = press(l, append(append(keys("e"), typed("MSA redlines")...), keyMsg("enter"))...)
	if len(got) != 1 {
		t.Fatalf("evidence reported %+v", got)
	}
	if a := got[0].(checklistAnsweredMsg).answer; a.Item != items[0].Key || a.Value != coaching.Yes || a.Evidence != "MSA redlines" {
		t.Errorf("evidence saved %+v", a)
	}
	if l.Typing() || rowOf(l, func(r clRow) bool { return r.kind == rowEvidence && r.text == "MSA redlines" }) < 0 {
		t.Errorf("the evidence line should show under its question (typing %v)", l.Typing())
	}
	if l.cur.pos != itemRow(1) {
		t.Errorf("after the evidence the cursor is on row %d, want %d", l.cur.pos, itemRow(1))
	}
	// The same key again clears; the cursor stays.
	got = press(l, keys("k", "y")...)
	if len(got) != 1 || got[0] != (checklistClearedMsg{item: items[0].Key, what: "answer cleared: “The rep has met the economic buyer”"}) {
		t.Errorf("y again reported %+v", got)
	}
	if _, ok := l.answers[items[0].Key]; ok || l.cur.pos != itemRow(0) {
		t.Errorf("answer kept %v, cursor %d", ok, l.cur.pos)
	}
	// Evidence wants an answer first.
	if got := press(l, keys("e")...); len(got) != 0 || l.Typing() || !strings.Contains(l.msg, "Answer the question first") {
		t.Errorf("e on an unanswered question: %+v, %q", got, l.msg)
	}
	// On a line of the screen's own, the answer keys do not apply.
	l.setPos(rowOf(l, func(r clRow) bool { return r.isOwn(0) }))
	if l.keys.Yes.Enabled() || l.keys.Answer.Enabled() {
		t.Error("y/n/u/x should be off the help on the screen's own line")
	}
	if got := press(l, keys("n")...); len(got) != 0 || !strings.Contains(l.msg, "Move to a question") {
		t.Errorf("n on the screen's line: %+v, %q", got, l.msg)
	}
	// enter opens an earlier stage, which scrolls into view.
	l.setPos(rowOf(l, func(r clRow) bool { return r.kind == rowFold && r.stage == "qualify" }))
	if !l.keys.Open.Enabled() {
		t.Error("enter should be offered on an earlier stage")
	}
	press(l, keys("enter")...)
	last := rowOf(l, func(r clRow) bool { return r.earlier && r.item.Key == l.pb.Stages[0].Items[4].Key })
	if from, to := l.cur.visible(); !l.expanded["qualify"] || last < from || last >= to {
		t.Errorf("opened stage: expanded %v, its last question at %d, lines %d–%d in view", l.expanded["qualify"], last, from, to)
	}
}

// The selected question is never cut: at 80 columns it wraps whole, and
// the body keeps its height.
func TestChecklistView(t *testing.T) {
	for _, width := range []int{80, 120} {
		t.Run(map[int]string{80: "80", 120: "120"}[width], func(t *testing.T) {
			l := testChecklist(t, width, 14)
			press(l, keys("y")...)
			v := l.View()
			if n := strings.Count(v, "\n") + 1; n != 14 {
				t.Errorf("%d lines, want 14:\n%s", n, v)
			}
			flat := strings.Join(strings.Fields(v), " ")
			if !strings.Contains(flat, longQuestion) {
				t.Errorf("the selected question is cut:\n%s", v)
			}
			teatest.RequireEqualOutput(t, []byte(v))
		})
	}
}
