package tui

import (
	"context"
	"strings"
	"testing"

	"dealcoach/coaching"
)

// With no open commitments the walk opens on the first deal and says so
// there, and only there.
func TestWalkNoCommitments(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, sid := startSession(t, st, 80, 24)
	const line = "No open commitments from last time."
	if strings.Contains(m.View(), line) {
		t.Errorf("the line shows though the commitments were gone through:\n%s", m.View())
	}
	drive(t, m, openWalkMsg{session: sid, noCommitments: true})
	mustContain(t, m.View(), line, "deal 1 of 3")
	if n := strings.Count(m.View(), "\n") + 1; n != 24 {
		t.Errorf("%d lines, want 24:\n%s", n, m.View())
	}
	drive(t, m, openWalkMsg{session: sid, index: 1, noCommitments: true})
	if v := m.View(); strings.Contains(v, line) {
		t.Errorf("the line shows on the second deal:\n%s", v)
	}
}

// A session keeps the playbook it was started under: a playbook changed
// since words neither its walk nor its recap.
func TestWalkSessionPlaybook(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	ctx := context.Background()
	m, sid := startSession(t, st, 80, 24)
	drive(t, m, keys("n")...)

	const old, changed = "The rep has met the economic buyer", "The rep has met the person who signs"
	src := strings.Replace(coaching.DefaultPlaybook().Source, old, changed, 1)
	pb, err := coaching.ParsePlaybook("changed.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.UsePlaybook(ctx, pb); err != nil {
		t.Fatal(err)
	}
	// The app opened after the change, the session resumed.
	m = newTestModel(t, st, 80, 24)
	drive(t, m, openWalkMsg{session: sid})
	v := m.View()
	if !strings.Contains(v, old) || strings.Contains(v, changed) {
		t.Errorf("the walk should ask the session's own question %q:\n%s", old, v)
	}
	md, err := recapMarkdown(ctx, st, sid)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md, old) || strings.Contains(md, changed) {
		t.Errorf("the recap should word the gap as the session asked it:\n%s", md)
	}
}

// On an earlier stage's fold the hint and the footer say enter opens it,
// not the answer keys that do nothing there.
func TestWalkFoldHelp(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, sid := startSession(t, st, 80, 24)
	drive(t, m, openWalkMsg{session: sid})
	if w := topAs[*walk](t, m); w.list.selected().kind == rowFold {
		t.Fatal("the walk should open on a question")
	}
	if strings.Contains(m.View(), "enter open/close") {
		t.Errorf("enter is offered on a question:\n%s", m.View())
	}
	drive(t, m, keys("G")...)
	if w := topAs[*walk](t, m); w.list.selected().kind != rowFold {
		t.Fatalf("G should end on the last earlier stage:\n%s", m.View())
	}
	mustContain(t, m.View(), "enter opens or closes the stage's latest answers", "enter open/close • ", "? help • esc back")
}
