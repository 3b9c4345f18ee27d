package store

import (
	"errors"
	"strings"
	"testing"

	"dealcoach/coaching"
)

func TestPlaybooks(t *testing.T) {
	s := openTest(t)
	cur := must[*coaching.Playbook](t)(s.Playbook(ctx))
	if cur.Version != 1 || cur.Source != coaching.DefaultTOML() {
		t.Fatalf("initial playbook version %d", cur.Version)
	}
	// The same text again is not a new version.
	if v := must[int](t)(s.UsePlaybook(ctx, coaching.DefaultPlaybook())); v != 1 {
		t.Errorf("re-using the default made version %d", v)
	}

	src := strings.Replace(coaching.DefaultTOML(), "weak_below", "# stricter\nweak_below", 1)
	if src == coaching.DefaultTOML() {
		src = coaching.DefaultTOML() + "\n# ours\n"
	}
	pb := must[*coaching.Playbook](t)(coaching.ParsePlaybook("ours.toml", []byte(src)))
	if v := must[int](t)(s.UsePlaybook(ctx, pb)); v != 2 || pb.Version != 2 {
		t.Errorf("UsePlaybook = %d, pb.Version %d; want 2", v, pb.Version)
	}
	if v := must[int](t)(s.UsePlaybook(ctx, pb)); v != 2 {
		t.Errorf("UsePlaybook twice = %d", v)
	}
	if cur := must[*coaching.Playbook](t)(s.Playbook(ctx)); cur.Version != 2 || cur.Source != src {
		t.Errorf("current playbook version %d", cur.Version)
	}
	// Old sessions keep reading the version they used.
	if old := must[*coaching.Playbook](t)(s.PlaybookVersion(ctx, 1)); old.Version != 1 || old.Source != coaching.DefaultTOML() {
		t.Errorf("PlaybookVersion(1) = version %d", old.Version)
	}
	// Going back to the default is a new version too: "current" is the latest.
	if v := must[int](t)(s.UsePlaybook(ctx, coaching.DefaultPlaybook())); v != 3 {
		t.Errorf("back to the default = %d, want 3", v)
	}
	if _, err := s.PlaybookVersion(ctx, 99); !errors.Is(err, ErrNotFound) {
		t.Errorf("PlaybookVersion(99): %v", err)
	}
	if _, err := s.UsePlaybook(ctx, &coaching.Playbook{Name: "empty"}); err == nil {
		t.Error("saved a playbook without source")
	}
}
