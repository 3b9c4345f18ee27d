package orgstore

import (
	"context"
	"strings"
	"testing"

	"dealcoach/internal/pgtest"
)

func TestInitTwiceChangesNothing(t *testing.T) {
	d := pgtest.NewDB(t)
	url := d.URL(pgtest.Superuser)
	applied, err := Init(context.Background(), url)
	if err != nil || len(applied) != len(migrations()) {
		t.Fatalf("first init: %v, applied %v", err, applied)
	}
	before := schemaDump(t, d)
	applied, err = Init(context.Background(), url)
	if err != nil || len(applied) != 0 {
		t.Fatalf("second init: %v, applied %v", err, applied)
	}
	after := schemaDump(t, d)
	if before != after {
		t.Errorf("second init changed the schema:\n%s\n---\n%s", before, after)
	}
}

// schemaDump is pg_dump's schema, without the random key of its
// \restrict lines.
func schemaDump(t *testing.T, d *pgtest.DB) string {
	var keep []string
	for _, l := range strings.Split(string(d.Command(t, "pg_dump", "--schema-only", "-h", d.Dir, "-U", pgtest.Superuser, d.Name)), "\n") {
		if !strings.HasPrefix(l, "\\restrict") && !strings.HasPrefix(l, "\\unrestrict") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

func TestPublishRoundTrip(t *testing.T) {
	org := newOrg(t)
	st := demoStore(t, 1, 3)
	p := publish(t, org.URL(org.alice), st, PublishOptions{})
	t.Logf("first: %v", p)
	if p["reps"] != 3 || p["answers"] == 0 {
		t.Errorf("first publish sent %v", p)
	}
	if again := publish(t, org.URL(org.alice), st, PublishOptions{}); again.Total() != 0 {
		t.Errorf("second publish sent %v, want nothing", again)
	}
}
