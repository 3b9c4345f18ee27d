package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"dealcoach/coaching"
	"dealcoach/store"
)

// TestPrepFillInTerminal is the rep's side on the real binary: the
// manager writes a prep, the rep runs `prep fill F` in a terminal, gives
// where they want help, picks a deal and says why, answers two questions
// and quits; F holds all of it. The manager imports F, and after the 1:1
// summary --rep shows the calibration. A second fill killed with SIGKILL
// right after "saved" keeps that answer.
func TestPrepFillInTerminal(t *testing.T) {
	bin := buildBinary(t)
	db, _, _ := prepTeam(t, "Dana Ruiz")
	path, text := writePrepFile(t, db, "Dana Ruiz")
	written, err := coaching.ParsePrep(path, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	first := written.Deals[0]
	env := []string{"HOME=" + t.TempDir()} // the rep's machine: no database

	tm := startTerminal(t, bin, env, "prep", "fill", path)
	tm.waitFor("Where do you want help?")
	steps := []struct{ keys, saved string }{
		{"getting to the CFO", ""},
		{"\r", "saved · where you want help"},
		{"\x1b[B", ""}, // down from "No pick" to the file's first deal
		{"\r", "saved · your pick: " + first.Name},
		{"legal is stuck", ""},
		{"\r", "saved · why that deal"},
		{"]", "deal 1 of"},
		{"y", "saved · yes"},
		{"n", "saved · no"},
	}
	for _, s := range steps {
		tm.mark()
		tm.send(s.keys)
		if s.saved != "" {
			tm.waitFor(s.saved)
		}
	}
	tm.send("q")
	if code := tm.wait(); code != 0 {
		t.Fatalf("prep fill: exit %d; screen:\n%s", code, tail(tm.text(), 1500))
	}

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := coaching.ParsePrep(path, data)
	if err != nil {
		t.Fatalf("the filled file: %v\n%s", err, data)
	}
	items := got.Deals[0].Items
	if got.Help != "getting to the CFO" || len(got.Picks) != 1 || got.Picks[0].Reason != "legal is stuck" ||
		got.Answered() != 2 || items[0].Value != coaching.Yes || items[1].Value != coaching.No {
		t.Fatalf("the file holds help %q, picks %+v, %d answers:\n%s", got.Help, got.Picks, got.Answered(), data)
	}
	// Only values changed: with them put back empty, the file is as written.
	blank := strings.NewReplacer(`reply = "getting to the CFO"`, `reply = ""`, `reply = "legal is stuck"`, `reply = ""`,
		`deal = `+coaching.TOMLString(got.Picks[0].Deal), `deal = ""`, `answer = "yes"`, `answer = ""`, `answer = "no"`, `answer = ""`)
	if blank.Replace(string(data)) != text {
		t.Errorf("prep fill changed more than the values:\n%s", data)
	}

	r := dealcoach(t, nil, "prep", "import", path, "--db", db)
	if r.code != 0 || r.stdout != "prep of Dana Ruiz imported: 2 answers, 1 pick\n" {
		t.Fatalf("import: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if cal := calibration(t, db); cal["answers"] != 0.0 || cal["share"] != nil {
		t.Errorf("before the 1:1: %v", cal)
	}
	// The 1:1: the manager agrees with the rep's yes, not with the no.
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	rep, _ := st.RepByName(ctx, "Dana Ruiz")
	sess, _ := st.StartSession(ctx, rep.ID, coaching.OneOnOne, 30)
	rv, _ := st.AddReview(ctx, sess.ID, first.ID, first.Stage, 0)
	for i, v := range []coaching.Value{coaching.Yes, coaching.Yes} {
		if err := st.SaveAnswer(ctx, coaching.Answer{ReviewID: rv.ID, Stage: items[i].Group, Item: items[i].Key, Value: v}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	if cal := calibration(t, db); cal["answers"] != 2.0 || cal["agreed"] != 1.0 || cal["share"] != 0.5 {
		t.Errorf("calibration %v, want 2 answers, 1 agreed, share 0.5", cal)
	}

	// Again, and killed as soon as the screen says saved.
	tm = startTerminal(t, bin, env, "prep", "fill", path)
	tm.waitFor("Which deal should we spend time on")
	tm.mark()
	tm.send("]")
	tm.waitFor("deal 1 of")
	tm.mark()
	tm.send("u") // the first question, yes before: now unsure
	tm.waitFor("saved · unsure")
	if err := tm.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	tm.wait()
	data, err = os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	after, err := coaching.ParsePrep(path, data)
	if err != nil {
		t.Fatalf("the file after the kill: %v\n%s", err, data)
	}
	if v := after.Deals[0].Items[0].Value; v != coaching.Unsure || after.Help != "getting to the CFO" || after.Answered() != 2 {
		t.Errorf("after the kill: first answer %q, help %q, %d answers; want unsure, the help, 2", v, after.Help, after.Answered())
	}
	if left, _ := os.ReadDir(filepath.Dir(path)); len(left) != 1 {
		t.Errorf("the kill left %d files beside the prep", len(left)-1)
	}
}
