package store

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"dealcoach/coaching"
)

// orgChanges is what OrgRowsSince hands over for the logged tables after
// since: "table key" → the row's first column after the key, or "gone".
func orgChanges(t *testing.T, s *Store, since int64) (map[string]string, OrgLog) {
	t.Helper()
	got := map[string]string{}
	lg, err := s.OrgRowsSince(ctx, false, since, func(tb OrgTable, key, vals []any) error {
		if tb.query == "" {
			return nil
		}
		v := "gone"
		if vals != nil {
			v = fmt.Sprint(vals[len(tb.Key)])
		}
		got[fmt.Sprint(tb.Name, key)] = v
		return nil
	})
	ok(t, err)
	return got, lg
}

func TestOrgLogRecordsWritesOnceAPublishStartedIt(t *testing.T) {
	s := openTest(t)
	ann := must[coaching.Rep](t)(s.CreateRep(ctx, "Ann"))
	var n int
	ok(t, s.DB().QueryRow("SELECT count(*) FROM org_changes").Scan(&n))
	if n != 0 {
		t.Fatalf("%d changes logged before any publish", n)
	}
	start := must[OrgLog](t)(s.StartOrgLog(ctx))
	if start.Token == "" {
		t.Fatal("no token after starting the log")
	}

	bob := must[coaching.Rep](t)(s.CreateRep(ctx, "Bob"))
	ok(t, s.RenameRep(ctx, ann.ID, "Anne"))
	var review int64
	ok(t, s.Load(ctx, func(l *Loader) error {
		deal, err := l.Deal(coaching.Deal{RepID: bob.ID, Name: "Acme", Stage: "qualify", Status: coaching.StatusOpen})
		if err != nil {
			return err
		}
		sess, err := l.Session(coaching.Session{RepID: bob.ID, Kind: coaching.OneOnOne, StartedAt: base})
		if err != nil {
			return err
		}
		if review, err = l.Review(coaching.Review{SessionID: sess, DealID: deal, Stage: "qualify"}); err != nil {
			return err
		}
		return l.Answer(coaching.Answer{ReviewID: review, Stage: "qualify", Item: "fits-icp", Value: coaching.Yes, AnsweredAt: base})
	}))
	got, lg := orgChanges(t, s, start.Seq)
	for k, v := range map[string]string{
		fmt.Sprint("reps", []any{ann.ID}): "Anne", fmt.Sprint("reps", []any{bob.ID}): "Bob",
		fmt.Sprint("answers", []any{review, "fits-icp"}): fmt.Sprint(bob.ID),
	} {
		if got[k] != v {
			t.Errorf("%s: %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	if len(got) != 6 { // 2 reps, a deal, a session, a review, an answer
		t.Errorf("logged %v", got)
	}

	// A cascade logs the rows it takes: the answer goes with its review.
	_, err := s.DB().Exec("DELETE FROM reviews WHERE id = ?", review)
	ok(t, err)
	got, after := orgChanges(t, s, lg.Seq)
	if len(got) != 2 || got[fmt.Sprint("answers", []any{review, "fits-icp"})] != "gone" || got[fmt.Sprint("reviews", []any{review})] != "gone" {
		t.Errorf("after deleting the review: %v", got)
	}

	// Trimmed up to what a server holds; the floor says so.
	ok(t, s.OrgPublished(ctx, lg.Seq))
	got, now := orgChanges(t, s, 0)
	if len(got) != 2 || now.Floor != lg.Seq || now.Seq != after.Seq {
		t.Errorf("after trimming to %d: %v, %+v", lg.Seq, got, now)
	}

	// A bulk load writes answers past the log: the token changes.
	ok(t, s.LoadMany(ctx, func(l *Loader) error {
		_, err := l.Rep(coaching.Rep{Name: "Cy", CreatedAt: base.Add(time.Hour)})
		return err
	}))
	if _, bulk := orgChanges(t, s, now.Seq); bulk.Token == now.Token {
		t.Error("LoadMany kept the log's token")
	}
}

// TestBackupStartsALogOfItsOwn: a copy put back in place of the file has
// lost what changed since it was taken, so it must not pass for the log a
// server has seen; the original keeps its token.
func TestBackupStartsALogOfItsOwn(t *testing.T) {
	s := openTest(t)
	must[coaching.Rep](t)(s.CreateRep(ctx, "Ann"))
	before := must[OrgLog](t)(s.StartOrgLog(ctx))
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	ok(t, s.Backup(ctx, copyPath))
	if again := must[OrgLog](t)(s.StartOrgLog(ctx)); again.Token != before.Token {
		t.Errorf("the original's token changed: %s → %s", before.Token, again.Token)
	}
	c := must[*Store](t)(Open(ctx, copyPath))
	defer c.Close()
	got := must[OrgLog](t)(c.StartOrgLog(ctx))
	if got.Token == "" || got.Token == before.Token {
		t.Errorf("the copy's token is %q, the original's %q: want a new one", got.Token, before.Token)
	}
	if got.Seq != before.Seq || got.Floor != before.Floor {
		t.Errorf("the copy's log is at %+v, the original's at %+v", got, before)
	}
}
