package orgstore

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

// serverRepName is a rep's name as the org database holds it.
func serverRepName(t *testing.T, org orgDB, manager string, id int64) string {
	t.Helper()
	var name string
	asSuperuser(t, org, "SELECT name FROM dealcoach.reps WHERE manager = $1 AND id = $2", &name, manager, id)
	return name
}

// TestPublishSendsWhatTheLogHolds: after a publish, the next one reads
// only the laptop's logged changes. A deal the server lost behind the
// publish's back (and its digest with it) shows which path ran: the log's
// leaves it lost, the whole comparison sends it back.
func TestPublishSendsWhatTheLogHolds(t *testing.T) {
	org := newOrg(t)
	ctx := context.Background()
	st := demoStore(t, 4, 3)
	url := org.URL(org.alice)
	publish(t, url, st, PublishOptions{})
	if n := localCount(t, st, "org_changes"); n != 0 {
		t.Errorf("%d changes left in the log after the publish", n)
	}
	deals := serverCount(t, org, "deals", org.alice)
	org.Exec(t, "DELETE FROM dealcoach.deals WHERE manager = '"+org.alice+"' AND id = (SELECT min(id) FROM dealcoach.deals WHERE manager = '"+org.alice+"')",
		"UPDATE dealcoach.digests SET n = n - 1 WHERE manager = '"+org.alice+"' AND tbl = 'deals'")

	reps, err := st.Reps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.RenameRep(ctx, reps[1].ID, "Renamed after the publish"); err != nil {
		t.Fatal(err)
	}
	if p := publish(t, url, st, PublishOptions{}); !reflect.DeepEqual(p, Published{"reps": 1}) {
		t.Errorf("publish after a rename sent %v, want the one rep", p)
	}
	if got := serverRepName(t, org, org.alice, reps[1].ID); got != "Renamed after the publish" {
		t.Errorf("the server's rep is %q", got)
	}
	if n := serverCount(t, org, "deals", org.alice); n != deals-1 {
		t.Errorf("the log's publish touched the deals: %d, want %d", n, deals-1)
	}
	if p := publish(t, url, st, PublishOptions{}); p.Total() != 0 {
		t.Errorf("publishing twice sent %v", p)
	}

	// A log the server does not know (here: another token) takes the
	// whole comparison; the digests the log's publish kept must agree
	// with every table but the one the server lost a row of.
	if _, err := st.DB().Exec("UPDATE org_log SET token = 'another laptop'"); err != nil {
		t.Fatal(err)
	}
	if p := publish(t, url, st, PublishOptions{}); !reflect.DeepEqual(p, Published{"deals": 1}) {
		t.Errorf("the whole comparison sent %v, want the lost deal", p)
	}
	sameCounts(t, org, org.alice, st)
}

// TestPublishToAFreshServerSendsEverything: a server without this log's
// record gets every row, and the first server, now behind the trimmed
// log, gets what changed by the whole comparison.
func TestPublishToAFreshServerSendsEverything(t *testing.T) {
	a, b := newOrg(t), newOrg(t)
	ctx := context.Background()
	st := demoStore(t, 5, 3)
	first := publish(t, a.URL(a.alice), st, PublishOptions{})
	reps, err := st.Reps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.RenameRep(ctx, reps[0].ID, "Renamed"); err != nil {
		t.Fatal(err)
	}
	if p := publish(t, b.URL(b.alice), st, PublishOptions{}); !reflect.DeepEqual(p, first) {
		t.Errorf("a fresh server got %v, want all of %v", p, first)
	}
	sameCounts(t, b, b.alice, st)
	if p := publish(t, a.URL(a.alice), st, PublishOptions{}); !reflect.DeepEqual(p, Published{"reps": 1}) {
		t.Errorf("the first server got %v, want the renamed rep", p)
	}
	if got := serverRepName(t, a, a.alice, reps[0].ID); got != "Renamed" {
		t.Errorf("the first server's rep is %q", got)
	}
	for _, o := range []orgDB{a, b} {
		if p := publish(t, o.URL(o.alice), st, PublishOptions{}); p.Total() != 0 {
			t.Errorf("publishing again sent %v", p)
		}
	}
}

// TestMigrationFillsNextAtAsTheLaptop: rows published before org migration
// 0004 get next_at from its UPDATE; it must give what the laptop sends.
func TestMigrationFillsNextAtAsTheLaptop(t *testing.T) {
	org := newOrg(t)
	st := demoStore(t, 6, 3)
	publish(t, org.URL(org.alice), st, PublishOptions{})
	var fill string
	for _, m := range migrations() {
		for _, stmt := range strings.Split(m.sql, ";\n") {
			if strings.HasPrefix(m.name, "0004_") && strings.HasPrefix(strings.TrimSpace(stmt), "UPDATE") {
				fill = stmt
			}
		}
	}
	if fill == "" {
		t.Fatal("no UPDATE in migration 0004")
	}
	sent := nextAts(t, org)
	if !strings.Contains(sent, ":1") {
		t.Fatalf("no answer has a later one: %.200s", sent)
	}
	org.Exec(t, "UPDATE dealcoach.answers SET next_at = NULL", fill)
	if filled := nextAts(t, org); filled != sent {
		t.Errorf("the migration's next_at differ from the laptop's:\n%s\n---\n%s", filled, sent)
	}
}

// nextAts lists every answer's key and next_at on the server.
func nextAts(t *testing.T, org orgDB) string {
	t.Helper()
	var s string
	asSuperuser(t, org, `SELECT string_agg(review_id || '/' || item || ':' || coalesce(next_at::text, '-'), ' ' ORDER BY review_id, item)
FROM dealcoach.answers`, &s)
	return s
}
