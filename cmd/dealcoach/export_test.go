package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"dealcoach/coaching"
	"dealcoach/internal/fixtures"
	"dealcoach/store"
)

const (
	sharedNote  = "Get the CFO meeting on the calendar"
	privateNote = "Dana hesitates on price PRIVATE-REVIEW"
	sessionNote = "Quarter-end pressure PRIVATE-SESSION"
)

// coachedDB imports the Salesforce sample and records, for Dana Ruiz, a
// one-on-one reviewing Northwind (with both kinds of note, two answers and
// two next steps) and a ride-along on Blue Yonder with its debrief.
func coachedDB(t *testing.T) (db string, oneOnOne, ride int64) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "coach.db")
	importOK(t, db, fixtures.Path(t, "salesforce-report.csv"))
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	dana, err := st.RepByName(ctx, "Dana Ruiz")
	must(err)
	deals, err := st.Deals(ctx, dana.ID, false)
	must(err)
	byName := map[string]coaching.Deal{}
	for _, d := range deals {
		byName[d.Name] = d
	}
	nw, by := byName["Northwind - Fleet telematics"], byName["Blue Yonder - Crew scheduling"]

	sess, err := st.StartSession(ctx, dana.ID, coaching.OneOnOne, 30)
	must(err)
	rv, err := st.AddReview(ctx, sess.ID, nw.ID, nw.Stage, 0)
	must(err)
	must(st.SetReviewNotes(ctx, rv.ID, sharedNote, privateNote))
	must(st.SaveAnswer(ctx, coaching.Answer{ReviewID: rv.ID, Stage: "propose", Item: "met-economic-buyer", Value: coaching.No, Evidence: "only the VP so far"}))
	must(st.SaveAnswer(ctx, coaching.Answer{ReviewID: rv.ID, Stage: "propose", Item: "mutual-action-plan", Value: coaching.Yes, Evidence: "shared plan doc"}))
	_, err = st.AddAction(ctx, coaching.Action{SessionID: sess.ID, DealID: nw.ID, Text: "Book the CFO meeting", Owner: coaching.OwnerRep, Due: coaching.NewDate(2026, 12, 4)})
	must(err)
	_, err = st.AddAction(ctx, coaching.Action{SessionID: sess.ID, Text: "Send the pricing guide", Owner: coaching.OwnerManager})
	must(err)
	must(st.SetFocusSkill(ctx, sess.ID, "Reaching the economic buyer"))
	must(st.SetSessionNotes(ctx, sess.ID, sessionNote))
	must(st.EndSession(ctx, sess.ID))

	rs, err := st.StartSession(ctx, dana.ID, coaching.RideAlong, 5)
	must(err)
	must(st.SaveDebrief(ctx, coaching.Debrief{SessionID: rs.ID, DealID: by.ID, Objective: "agree the pilot scope",
		ManagerRole: coaching.RoleObserve, Outcome: coaching.OutcomePartly, CustomerNextDate: coaching.NewDate(2026, 12, 10),
		ObserveSkill: "Multi-threading", ObserveOutcome: coaching.OutcomeYes}))
	must(st.EndSession(ctx, rs.ID))
	return db, sess.ID, rs.ID
}

func exportOK(t *testing.T, db string, args ...string) string {
	t.Helper()
	r := dealcoach(t, nil, append([]string{"export", "--db", db}, args...)...)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("export %v: exit %d, stderr %q", args, r.code, r.stderr)
	}
	return r.stdout
}

func TestExportSessionMarkdown(t *testing.T) {
	db, id, _ := coachedDB(t)
	sid := strconv.FormatInt(id, 10)
	md := exportOK(t, db, "--session", sid)
	gap, _, _ := coaching.DefaultPlaybook().Item("met-economic-buyer")
	for _, want := range []string{"# 1:1 with Dana Ruiz", "Northwind - Fleet telematics", sharedNote,
		"Book the CFO meeting", "2026-12-04", "Reaching the economic buyer", gap.Question} {
		if !strings.Contains(md, want) {
			t.Errorf("recap lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "PRIVATE") {
		t.Errorf("the rep's recap shows a private note:\n%s", md)
	}
	if exportOK(t, db, "--session", sid, "--format", "md") != md {
		t.Error("--format md differs from the default for --session")
	}
	if priv := exportOK(t, db, "--session", sid, "--private"); !strings.Contains(priv, privateNote) {
		t.Errorf("--private recap lacks the private note:\n%s", priv)
	}
}

// decode reads JSON into a generic value, so a renamed key cannot hide.
func decode(t *testing.T, s string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return v
}

func TestExportSessionJSON(t *testing.T) {
	db, id, _ := coachedDB(t)
	sid := strconv.FormatInt(id, 10)
	out := exportOK(t, db, "--session", sid, "--format", "json")
	if exportOK(t, db, "--session", sid, "--format", "json") != out {
		t.Error("two exports of one session differ")
	}
	if strings.Contains(out, "PRIVATE") || strings.Contains(out, `"private_note"`) || strings.Contains(out, `"notes"`) {
		t.Errorf("JSON without --private has private notes:\n%s", out)
	}
	s := decode(t, out)
	if s["kind"] != "one_on_one" || s["rep"] != "Dana Ruiz" || s["focus_skill"] != "Reaching the economic buyer" || s["id"] != float64(id) {
		t.Errorf("session fields: %v", s)
	}
	for _, k := range []string{"started_at", "ended_at"} {
		if _, err := time.Parse(time.RFC3339, s[k].(string)); err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
	if _, ok := s["debrief"]; ok {
		t.Error("a one-on-one has a debrief")
	}
	reviews := s["reviews"].([]any)
	if len(reviews) != 1 {
		t.Fatalf("%d reviews, want 1", len(reviews))
	}
	rv := reviews[0].(map[string]any)
	deal := rv["deal"].(map[string]any)
	if deal["name"] != "Northwind - Fleet telematics" || deal["close_date"] != "2026-12-15" || deal["amount_cents"] != float64(8_400_000) {
		t.Errorf("review deal %v", deal)
	}
	if rv["stage"] != "propose" || rv["shared_note"] != sharedNote {
		t.Errorf("review %v", rv)
	}
	answers := rv["answers"].([]any)
	if len(answers) != 2 {
		t.Fatalf("%d answers, want 2", len(answers))
	}
	a := answers[0].(map[string]any)
	it, _, _ := coaching.DefaultPlaybook().Item("met-economic-buyer")
	if a["item"] != "met-economic-buyer" || a["question"] != it.Question || a["value"] != "no" || a["evidence"] != "only the VP so far" {
		t.Errorf("answer %v", a)
	}
	if _, err := time.Parse(time.RFC3339, a["answered_at"].(string)); err != nil {
		t.Errorf("answered_at: %v", err)
	}
	actions := s["actions"].([]any)
	if len(actions) != 2 {
		t.Fatalf("%d actions, want 2", len(actions))
	}
	if act := actions[0].(map[string]any); act["text"] != "Book the CFO meeting" || act["due"] != "2026-12-04" || act["owner"] != "rep" ||
		act["deal"] != "Northwind - Fleet telematics" || act["status"] != "open" {
		t.Errorf("action %v", act)
	}

	priv := decode(t, exportOK(t, db, "--session", sid, "--format", "json", "--private"))
	if priv["notes"] != sessionNote {
		t.Errorf("--private session notes %v", priv["notes"])
	}
	if n := priv["reviews"].([]any)[0].(map[string]any)["private_note"]; n != privateNote {
		t.Errorf("--private review note %v", n)
	}
}

func TestExportRideAlongJSON(t *testing.T) {
	db, _, ride := coachedDB(t)
	s := decode(t, exportOK(t, db, "--session", strconv.FormatInt(ride, 10), "--format", "json"))
	d, ok := s["debrief"].(map[string]any)
	if s["kind"] != "ride_along" || !ok {
		t.Fatalf("ride-along: kind %v, debrief %v", s["kind"], s["debrief"])
	}
	if d["deal"] != "Blue Yonder - Crew scheduling" || d["objective"] != "agree the pilot scope" || d["outcome"] != "partly" ||
		d["customer_next_date"] != "2026-12-10" || d["manager_role"] != "observe" ||
		d["observe_skill"] != "Multi-threading" || d["observe_outcome"] != "yes" {
		t.Errorf("debrief %v", d)
	}
}

func TestExportRepJSON(t *testing.T) {
	db, id, ride := coachedDB(t)
	out := exportOK(t, db, "--rep", "dana ruiz")
	if strings.Contains(out, "PRIVATE") {
		t.Errorf("rep export without --private has private notes")
	}
	v := decode(t, out)
	if v["rep"] != "Dana Ruiz" {
		t.Errorf("rep %v", v["rep"])
	}
	sessions := v["sessions"].([]any)
	if len(sessions) != 2 || sessions[0].(map[string]any)["id"] != float64(id) || sessions[1].(map[string]any)["id"] != float64(ride) {
		t.Fatalf("sessions %v, want the one-on-one then the ride-along", sessions)
	}
	open := v["open_actions"].([]any)
	if len(open) != 2 || open[0].(map[string]any)["session_id"] != float64(id) {
		t.Errorf("open actions %v", open)
	}
	// Keys come in one order: the top level reads rep, sessions, open_actions.
	if i, j, k := strings.Index(out, `"rep"`), strings.Index(out, `"sessions"`), strings.Index(out, `"open_actions"`); !(i < j && j < k) {
		t.Errorf("key order rep %d, sessions %d, open_actions %d", i, j, k)
	}
	if priv := exportOK(t, db, "--rep", "Dana Ruiz", "--private"); !strings.Contains(priv, privateNote) || !strings.Contains(priv, sessionNote) {
		t.Error("--private rep export lacks the private notes")
	}
}

func TestExportOutputFile(t *testing.T) {
	db, id, _ := coachedDB(t)
	sid := strconv.FormatInt(id, 10)
	dir := t.TempDir()
	out := filepath.Join(dir, "recap.md")
	if r := dealcoach(t, nil, "export", "--db", db, "--session", sid, "--output", out); r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	info, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", info.Mode().Perm())
	}
	data, _ := os.ReadFile(out)
	if string(data) != exportOK(t, db, "--session", sid) {
		t.Error("the file differs from stdout")
	}

	// An existing file is refused, unchanged, unless --force: then it is
	// replaced (though longer and world-readable) and made private.
	old := filepath.Join(dir, "old.json")
	if err := os.WriteFile(old, bytes.Repeat([]byte("x"), 1<<16), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(old, 0o644); err != nil {
		t.Fatal(err)
	}
	before := fixtures.Snapshot(t, dir)
	r := dealcoach(t, nil, "export", "--db", db, "--rep", "Dana Ruiz", "--output", old)
	if r.code != 1 || r.stderr != "dealcoach: "+old+" already exists; use --force\n" {
		t.Errorf("over an existing file: exit %d, stderr %q", r.code, r.stderr)
	}
	fixtures.SameSnapshot(t, before, fixtures.Snapshot(t, dir))
	exportOK(t, db, "--rep", "Dana Ruiz", "--output", old, "--force")
	info, _ = os.Stat(old)
	data, _ = os.ReadFile(old)
	if info.Mode().Perm() != 0o600 || bytes.Contains(data, []byte("xxx")) {
		t.Errorf("replaced file: mode %v, leftover bytes %v", info.Mode().Perm(), bytes.Contains(data, []byte("xxx")))
	}
	decode(t, string(data))
}

func TestExportErrors(t *testing.T) {
	db, _, _ := coachedDB(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--session", "999"}, 1, "no session 999"},
		{[]string{"--rep", "Nobody"}, 1, `no rep named "Nobody"`},
		{[]string{"--session", "1", "--rep", "Dana Ruiz"}, 2, "only one of"},
		{[]string{"--team", "--rep", "Dana Ruiz"}, 2, "only one of"},
		{[]string{"--session", "1", "--format", "pdf"}, 2, "--format must be md or json"},
		{[]string{"--session", "one"}, 2, "--session"},
		{[]string{"--session", "1", "--output", filepath.Join(t.TempDir(), "no", "such", "dir", "x.md")}, 1, "no such file or directory"},
	} {
		r := dealcoach(t, nil, append([]string{"export", "--db", db}, tc.args...)...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d, %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
		oneErrorLine(t, r)
	}
}

// export never writes through a symbolic link, --force or not, nor over
// the database it reads.
func TestExportOutputNeverFollowsALink(t *testing.T) {
	db, id, _ := coachedDB(t)
	sid := strconv.FormatInt(id, 10)
	dir := t.TempDir()
	target := filepath.Join(dir, "precious.txt")
	if err := os.WriteFile(target, []byte("the manager's own notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "recap.md")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	before := fixtures.Snapshot(t, dir)
	for _, extra := range [][]string{nil, {"--force"}} {
		r := dealcoach(t, nil, append([]string{"export", "--db", db, "--session", sid, "--output", link}, extra...)...)
		if r.code != 1 || r.stderr != "dealcoach: "+link+": is a symbolic link; dealcoach does not write through links\n" {
			t.Errorf("%v: exit %d, stderr %q", extra, r.code, r.stderr)
		}
	}
	fixtures.SameSnapshot(t, before, fixtures.Snapshot(t, dir))

	dbBefore := dbBytes(t, db)
	r := dealcoach(t, nil, "export", "--db", db, "--session", sid, "--output", db, "--force")
	if r.code != 1 || !strings.Contains(r.stderr, "is the database itself") {
		t.Errorf("over the database: exit %d, stderr %q", r.code, r.stderr)
	}
	if dbBytes(t, db) != dbBefore {
		t.Error("export --force over the database changed it")
	}
	r = dealcoach(t, nil, "export", "--db", db, "--session", sid, "--force")
	if r.code != 2 || !strings.Contains(r.stderr, "--force goes with --output FILE") {
		t.Errorf("--force alone: exit %d, stderr %q", r.code, r.stderr)
	}
}

// threadDB records for Dana two 1:1s: the first agrees three next steps and
// sets a focus; the second goes through them (done, not done, dropped) and
// asks whether the focus was practised.
func threadDB(t *testing.T) (db string, firstID, secondID int64) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "coach.db")
	importOK(t, db, fixtures.Path(t, "salesforce-report.csv"))
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	dana, err := st.RepByName(ctx, "Dana Ruiz")
	must(err)
	first, err := st.StartSession(ctx, dana.ID, coaching.OneOnOne, 30)
	must(err)
	var steps []coaching.Action
	for _, text := range []string{"Book the CFO meeting", "Send the mutual plan", "Chase legal on the MSA"} {
		a, err := st.AddAction(ctx, coaching.Action{SessionID: first.ID, Text: text, Owner: coaching.OwnerRep})
		must(err)
		steps = append(steps, a)
	}
	must(st.SetFocusSkill(ctx, first.ID, "Multi-threading"))
	must(st.EndSession(ctx, first.ID))

	next, err := st.StartSession(ctx, dana.ID, coaching.OneOnOne, 30)
	must(err)
	focus, _, found, err := st.LastFocus(ctx, dana.ID, next.ID)
	must(err)
	if !found {
		t.Fatal("no focus to review")
	}
	must(st.SetFocusReview(ctx, next.ID, focus, coaching.OutcomePartly, "met the CTO; the CFO `declined`"))
	must(st.SetActionStatus(ctx, steps[0].ID, coaching.ActionDone, next.ID))
	must(st.SetActionStatus(ctx, steps[1].ID, coaching.ActionNotDone, next.ID))
	must(st.SetActionStatus(ctx, steps[2].ID, coaching.ActionDropped, next.ID))
	must(st.EndSession(ctx, next.ID))
	return db, first.ID, next.ID
}

func TestExportCommitmentsAndFocusReview(t *testing.T) {
	db, firstID, id := threadDB(t)
	sid := strconv.FormatInt(id, 10)
	md := exportOK(t, db, "--session", sid)
	for _, want := range []string{
		"## Since last time\n\nLast focus: Multi-threading — practised: partly\n\n> met the CTO; the CFO \\`declined\\`\n",
		"Commitments from earlier 1:1s:\n\n",
		"- [x] Book the CFO meeting — owner: rep — done\n",
		"- [ ] Send the mutual plan — owner: rep — not done (carried 1×)\n",
		"- [~] Chase legal on the MSA — owner: rep — dropped\n",
		"## Focus until next time\n\nMulti-threading (kept from last time)\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("recap lacks %q:\n%s", want, md)
		}
	}

	s := decode(t, exportOK(t, db, "--session", sid, "--format", "json"))
	fr, ok := s["focus_review"].(map[string]any)
	if !ok || fr["focus"] != "Multi-threading" || fr["practised"] != "partly" || fr["evidence"] != "met the CTO; the CFO `declined`" {
		t.Errorf("focus_review %v", s["focus_review"])
	}
	reviewed := s["commitments_reviewed"].([]any)
	want := []struct {
		text, status string
		carried      float64
	}{{"Book the CFO meeting", "done", 0}, {"Send the mutual plan", "not_done", 1}, {"Chase legal on the MSA", "dropped", 0}}
	if len(reviewed) != len(want) {
		t.Fatalf("commitments_reviewed %v", reviewed)
	}
	for i, w := range want {
		c := reviewed[i].(map[string]any)
		if c["text"] != w.text || c["status"] != w.status || c["carried"] != w.carried || c["owner"] != "rep" {
			t.Errorf("commitments_reviewed[%d] = %v, want %+v", i, c, w)
		}
	}
	if a := s["actions"].([]any); len(a) != 0 {
		t.Errorf("the second 1:1 agreed no steps, actions %v", a)
	}

	// The first 1:1 went through nothing: the fields are there, empty.
	first := decode(t, exportOK(t, db, "--session", strconv.FormatInt(firstID, 10), "--format", "json"))
	if first["focus_review"] != nil || len(first["commitments_reviewed"].([]any)) != 0 {
		t.Errorf("first 1:1: focus_review %v, commitments_reviewed %v", first["focus_review"], first["commitments_reviewed"])
	}
	if md := exportOK(t, db, "--session", strconv.FormatInt(firstID, 10)); strings.Contains(md, "Since last time") {
		t.Errorf("the first 1:1's recap has a since-last-time section:\n%s", md)
	}
	// The rep's open steps carry the count.
	rep := decode(t, exportOK(t, db, "--rep", "Dana Ruiz"))
	open := rep["open_actions"].([]any)
	if len(open) != 1 || open[0].(map[string]any)["text"] != "Send the mutual plan" || open[0].(map[string]any)["carried"] != float64(1) {
		t.Errorf("open_actions %v", open)
	}
}
