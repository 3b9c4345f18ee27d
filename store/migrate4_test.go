package store

import (
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"

	"dealcoach/coaching"
)

// undo0004 turns a database back into schema 3, as a file from before
// 0004_answer_windows.sql was (and so before 0005's prep tables and 0006's
// org change log too).
const undo0004 = `
DROP TRIGGER org_reps_insert; DROP TRIGGER org_reps_update; DROP TRIGGER org_reps_delete; DROP TRIGGER org_deals_insert; DROP TRIGGER org_deals_update; DROP TRIGGER org_deals_delete; DROP TRIGGER org_sessions_insert; DROP TRIGGER org_sessions_update; DROP TRIGGER org_sessions_delete; DROP TRIGGER org_reviews_insert; DROP TRIGGER org_reviews_update; DROP TRIGGER org_reviews_delete; DROP TRIGGER org_actions_insert; DROP TRIGGER org_actions_update; DROP TRIGGER org_actions_delete; DROP TRIGGER org_answers_insert; DROP TRIGGER org_answers_update; DROP TRIGGER org_answers_delete;
DROP TABLE org_changes; DROP TABLE org_log;
DROP TABLE prep_picks; DROP TABLE prep_answers; DROP TABLE preps;
DROP TRIGGER answers_next_insert; DROP TRIGGER answers_next_delete; DROP TRIGGER answers_next_update;
DROP INDEX answers_pair; DROP INDEX answers_rep;
ALTER TABLE answers DROP COLUMN next_at;
CREATE INDEX answers_rep ON answers(rep_id, answered_at, stage, value, deal_id);
ALTER TABLE playbooks DROP COLUMN decoded;
PRAGMA user_version = 3;`

// TestMigrationFillsNextAtAndPlaybook opens a schema-3 file holding a
// random history and two playbooks: the migration must fill next_at as the
// triggers would have kept it and store each playbook's decoded form.
func TestMigrationFillsNextAtAndPlaybook(t *testing.T) {
	path := filepath.Join(t.TempDir(), "coach.db")
	s := must[*Store](t)(Open(ctx, path))
	reps := randomHistory(t, s, rand.New(rand.NewPCG(4, 13)), s.Load)
	must[int](t)(s.UsePlaybook(ctx, must[*coaching.Playbook](t)(coaching.ParsePlaybook("ours.toml",
		[]byte(coaching.DefaultTOML()+"\n[[skill]]\nkey = \"ours\"\nname = \"Ours\"\nitems = [\"fits-icp\"]\n")))))
	_, err := s.DB().Exec(undo0004)
	ok(t, err)
	ok(t, s.Close())

	s = must[*Store](t)(Open(ctx, path))
	defer s.Close()
	if v := userVersion(t, s.DB()); v != SchemaVersion() {
		t.Fatalf("user_version %d after migrating", v)
	}
	var filled int
	ok(t, s.DB().QueryRow("SELECT count(*) FROM answers WHERE next_at IS NOT NULL").Scan(&filled))
	if filled == 0 {
		t.Fatal("no answer has a later one: the history tests nothing")
	}
	checkNextAt(t, s)
	checkSummaryCounts(t, s, rand.New(rand.NewPCG(5, 13)), reps)
	checkDecoded(t, s, 2)
}

// checkDecoded checks that versions 1..n of the playbook have a stored
// decoded form and read back exactly as parsing their TOML gives them.
func checkDecoded(t *testing.T, s *Store, n int) {
	t.Helper()
	for v := 1; v <= n; v++ {
		var src string
		var cell []byte
		ok(t, s.DB().QueryRow("SELECT source, decoded FROM playbooks WHERE version = ?", v).Scan(&src, &cell))
		if decodePlaybook(cell) == nil {
			t.Errorf("playbook %d: no decoded form stored: %q", v, cell)
		}
		want := must[*coaching.Playbook](t)(coaching.ParsePlaybook("p", []byte(src)))
		want.Version = v
		if got := must[*coaching.Playbook](t)(s.PlaybookVersion(ctx, v)); !reflect.DeepEqual(got, want) {
			t.Errorf("playbook %d from its decoded form:\n got %+v\nwant %+v", v, got, want)
		}
	}
}
