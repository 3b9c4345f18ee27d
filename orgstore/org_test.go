package orgstore

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"dealcoach/internal/pgtest"
	"dealcoach/store"
)

// serverCount counts a manager's rows of a table, read as the superuser.
func serverCount(t *testing.T, org orgDB, table, manager string) int {
	t.Helper()
	var n int
	asSuperuser(t, org, "SELECT count(*) FROM dealcoach."+table+" WHERE manager = $1", &n, manager)
	return n
}

func localCount(t *testing.T, st *store.Store, table string) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var published = []string{"reps", "deals", "sessions", "reviews", "answers", "actions"}

func sameCounts(t *testing.T, org orgDB, manager string, st *store.Store) {
	t.Helper()
	for _, tb := range published {
		if got, want := serverCount(t, org, tb, manager), localCount(t, st, tb); got != want {
			t.Errorf("%s: %d %s on the server, %d on the laptop", manager, got, tb, want)
		}
	}
}

func TestRoundTripTwoManagers(t *testing.T) {
	org := newOrg(t)
	ctx := context.Background()
	a, b := demoStore(t, 1, 3), demoStore(t, 2, 2)
	publish(t, org.URL(org.alice), a, PublishOptions{})
	publish(t, org.URL(org.bob), b, PublishOptions{})
	sameCounts(t, org, org.alice, a)
	sameCounts(t, org, org.bob, b)

	// An edit and a delete on alice's laptop reach the server; bob's rows
	// stay as they were.
	must := func(q string, args ...any) {
		t.Helper()
		if _, err := a.DB().Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	must("UPDATE deals SET stage = 'negotiate', amount = 4242 WHERE id = (SELECT min(id) FROM deals)")
	must("DELETE FROM actions WHERE id = (SELECT min(id) FROM actions)")
	must("DELETE FROM answers WHERE (review_id, item) = (SELECT review_id, item FROM answers ORDER BY review_id, item LIMIT 1)")
	p := publish(t, org.URL(org.alice), a, PublishOptions{})
	if p["deals"] != 1 || p["actions"] != 1 || p["answers"] != 1 || p.Total() != 3 {
		t.Errorf("after one edit and two deletes, publish sent %v", p)
	}
	sameCounts(t, org, org.alice, a)
	sameCounts(t, org, org.bob, b)
	conn, err := pgx.Connect(ctx, org.URL(org.dir))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var stage string
	var amount int64
	if err := conn.QueryRow(ctx, "SELECT stage, amount FROM dealcoach.deals WHERE manager = $1 ORDER BY id LIMIT 1", org.alice).Scan(&stage, &amount); err != nil {
		t.Fatal(err)
	}
	if stage != "negotiate" || amount != 4242 {
		t.Errorf("edited deal reads %s %d on the server", stage, amount)
	}
}

func TestPublishCutOffThenCompleted(t *testing.T) {
	for _, how := range []string{"cancel", "connection dropped"} {
		t.Run(how, func(t *testing.T) {
			org := newOrg(t)
			st := demoStore(t, 3, 4)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			calls := 0
			_, err := Publish(ctx, org.URL(org.alice), st, PublishOptions{Progress: func(done, total int) {
				// Half-way: some tables written, answers not yet.
				if calls++; calls != 5 {
					return
				}
				if how == "cancel" {
					cancel()
					return
				}
				org.Exec(t, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '"+org.alice+"'")
			}})
			if !errors.Is(err, ErrCutOff) {
				t.Fatalf("publish cut off: %v, want ErrCutOff", err)
			}
			if calls < 5 {
				t.Fatalf("publish ended after %d progress reports, before the cut", calls)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			for _, tb := range append(published, "digests", "playbook") {
				if n := serverCount(t, org, tb, org.alice); n != 0 {
					t.Errorf("after the cut the server has %d %s of alice, want none", n, tb)
				}
			}
			p := publish(t, org.URL(org.alice), st, PublishOptions{})
			if p["answers"] != localCount(t, st, "answers") {
				t.Errorf("the next publish sent %v", p)
			}
			sameCounts(t, org, org.alice, st)
		})
	}
}

func TestTwoManagersPublishAtOnce(t *testing.T) {
	org := newOrg(t)
	stores := map[string]*store.Store{org.alice: demoStore(t, 4, 4), org.bob: demoStore(t, 5, 4)}
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for role, st := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := Publish(context.Background(), org.URL(role), st, PublishOptions{})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	for role, st := range stores {
		sameCounts(t, org, role, st)
	}
}

func TestManagerCannotTouchAnothersRows(t *testing.T) {
	org := newOrg(t)
	a := demoStore(t, 6, 2)
	publish(t, org.URL(org.alice), a, PublishOptions{})
	ctx := context.Background()
	bob, err := pgx.Connect(ctx, org.URL(org.bob))
	if err != nil {
		t.Fatal(err)
	}
	defer bob.Close(ctx)
	for _, tb := range published {
		var n int
		if err := bob.QueryRow(ctx, "SELECT count(*) FROM dealcoach."+tb).Scan(&n); err != nil || n != 0 {
			t.Errorf("bob reads %d of alice's %s (%v)", n, tb, err)
		}
	}
	if _, err := bob.Exec(ctx, "INSERT INTO dealcoach.reps (manager, id, name, hash) VALUES ($1, 999, 'x', 0)", org.alice); err == nil ||
		!strings.Contains(err.Error(), "row-level security") {
		t.Errorf("bob inserting a row as alice: %v, want refused by row-level security", err)
	}
	for _, q := range []string{
		"UPDATE dealcoach.reps SET name = 'taken' WHERE manager = '" + org.alice + "'",
		"DELETE FROM dealcoach.answers WHERE manager = '" + org.alice + "'",
	} {
		tag, err := bob.Exec(ctx, q)
		if err != nil || tag.RowsAffected() != 0 {
			t.Errorf("%s: %d rows, %v", q, tag.RowsAffected(), err)
		}
	}
	// Nor may bob move his own rows to alice.
	publish(t, org.URL(org.bob), demoStore(t, 7, 1), PublishOptions{})
	if _, err := bob.Exec(ctx, "UPDATE dealcoach.reps SET manager = $1", org.alice); err == nil {
		t.Error("bob handed his reps to alice")
	}
	sameCounts(t, org, org.alice, a)
	// A role with neither group reads nothing at all.
	nobody := org.Role(t, "eve")
	eve, err := pgx.Connect(ctx, org.URL(nobody))
	if err != nil {
		t.Fatal(err)
	}
	defer eve.Close(ctx)
	if _, err := eve.Exec(ctx, "SELECT * FROM dealcoach.reps"); err == nil {
		t.Error("a role outside dealcoach_manager and dealcoach_director read the reps")
	}
	// The director reads everyone.
	dir, err := pgx.Connect(ctx, org.URL(org.dir))
	if err != nil {
		t.Fatal(err)
	}
	defer dir.Close(ctx)
	var managers int
	if err := dir.QueryRow(ctx, "SELECT count(DISTINCT manager) FROM dealcoach.reps").Scan(&managers); err != nil || managers != 2 {
		t.Errorf("the director sees %d managers (%v), want 2", managers, err)
	}
	if _, err := dir.Exec(ctx, "DELETE FROM dealcoach.reps"); err == nil {
		t.Error("the director deleted rows")
	}
}

func TestDumpHoldsNoNoteText(t *testing.T) {
	marks := map[string]string{
		"PRIVATE-NOTE-MARK":   "UPDATE reviews SET private_note = 'PRIVATE-NOTE-MARK'",
		"SESSION-NOTE-MARK":   "UPDATE sessions SET notes = 'SESSION-NOTE-MARK'",
		"ACTION-TEXT-MARK":    "UPDATE actions SET text = 'ACTION-TEXT-MARK'",
		"DEAL-NAME-MARK":      "UPDATE deals SET name = 'DEAL-NAME-MARK', account = 'DEAL-NAME-MARK', next_step = 'DEAL-NAME-MARK'",
		"DEBRIEF-MARK":        "UPDATE debriefs SET went_well = 'DEBRIEF-MARK', objective = 'DEBRIEF-MARK'",
		"SHARED-NOTE-MARK":    "UPDATE reviews SET shared_note = 'SHARED-NOTE-MARK'",
		"EVIDENCE-MARK":       "UPDATE answers SET evidence = 'EVIDENCE-MARK'",
		"FOCUS-EVIDENCE-MARK": "UPDATE sessions SET focus_evidence = 'FOCUS-EVIDENCE-MARK'",
	}
	shared := map[string]bool{"SHARED-NOTE-MARK": true, "EVIDENCE-MARK": true, "FOCUS-EVIDENCE-MARK": true}
	org := newOrg(t)
	st := demoStore(t, 8, 2)
	for _, q := range marks {
		if _, err := st.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	dump := func() string {
		return string(org.Command(t, "pg_dump", "--data-only", "-h", org.Dir, "-U", pgtest.Superuser, org.Name))
	}
	publish(t, org.URL(org.alice), st, PublishOptions{})
	d := dump()
	if !strings.Contains(d, org.alice) {
		t.Fatal("the dump holds none of alice's rows")
	}
	for m := range marks {
		if strings.Contains(d, m) {
			t.Errorf("without --with-shared-notes the org database holds %s", m)
		}
	}
	p := publish(t, org.URL(org.alice), st, PublishOptions{WithShared: true})
	if p["reviews"] == 0 || p["answers"] == 0 {
		t.Errorf("adding the shared notes sent %v", p)
	}
	d = dump()
	for m := range marks {
		if got := strings.Contains(d, m); got != shared[m] {
			t.Errorf("with --with-shared-notes: dump holds %s = %v, want %v", m, got, shared[m])
		}
	}
	// Publishing without the flag again takes them back off the server.
	publish(t, org.URL(org.alice), st, PublishOptions{})
	for m := range marks {
		if strings.Contains(dump(), m) {
			t.Errorf("after publishing without the flag the dump still holds %s", m)
		}
	}
}
