package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"dealcoach/coaching"
	"dealcoach/internal/hostile"
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

// TestPlaybookDecodedForm checks that a playbook is read from its stored
// decoded form, that the form reads back as the TOML parses (hostile names
// included), and that a form of another version falls back to the TOML.
func TestPlaybookDecodedForm(t *testing.T) {
	s := openTest(t)
	var src strings.Builder
	src.WriteString(coaching.DefaultTOML())
	for i, name := range hostile.Names {
		fmt.Fprintf(&src, "\n[[skill]]\nkey = \"h%d\"\nname = %s\nitems = [\"fits-icp\"]\n", i, tomlQuote(name))
	}
	pb, err := coaching.ParsePlaybook("hostile.toml", []byte(src.String()))
	if err != nil {
		t.Fatal(err)
	}
	must[int](t)(s.UsePlaybook(ctx, pb))
	checkDecoded(t, s, 2)

	// The stored form is what is read: the TOML is not parsed again.
	cell := must[[]byte](t)(encodePlaybook(&coaching.Playbook{Name: "from the cache"}))
	_, err = s.DB().Exec("UPDATE playbooks SET decoded = ? WHERE version = 2", cell)
	ok(t, err)
	if got := must[*coaching.Playbook](t)(s.Playbook(ctx)); got.Name != "from the cache" || got.Source != src.String() {
		t.Errorf("Playbook() = %q, source of %d bytes; want the stored form", got.Name, len(got.Source))
	}
	// Another form, or none, is parsed from the TOML.
	form1 := `{"Form":1,"Playbook":{"Name":"old"}}`
	for _, stale := range []any{[]byte(form1), nil, "not a form", append([]byte{decodedForm}, "cut"...)} {
		_, err = s.DB().Exec("UPDATE playbooks SET decoded = ? WHERE version = 2", stale)
		ok(t, err)
		if got := must[*coaching.Playbook](t)(s.Playbook(ctx)); got.Name != pb.Name || len(got.Skills) != len(pb.Skills) {
			t.Errorf("decoded %v: Playbook() = %q with %d skills", stale, got.Name, len(got.Skills))
		}
	}
}

// TestPlaybookOlderFormCachedAgain: a file whose playbooks were cached by
// an older dealcoach (form 1, JSON) gets the current form at the next
// writing open, so reads stop parsing the TOML.
func TestPlaybookOlderFormCachedAgain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "coach.db")
	s := must[*Store](t)(Open(ctx, path))
	_, err := s.DB().Exec(`UPDATE playbooks SET decoded = '{"Form":1,"Playbook":{"Name":"old"}}'`)
	ok(t, err)
	ok(t, s.Close())

	ro := must[*Store](t)(OpenReadOnly(ctx, path))
	var cell []byte
	ok(t, ro.DB().QueryRow("SELECT decoded FROM playbooks WHERE version = 1").Scan(&cell))
	ok(t, ro.Close())
	if decodePlaybook(cell) != nil {
		t.Fatal("a read-only open rewrote the cache")
	}
	s = must[*Store](t)(Open(ctx, path))
	defer s.Close()
	checkDecoded(t, s, 1)
}

// BenchmarkPlaybookDecode compares reading the stored playbook from its
// decoded form with parsing its TOML, as every summary did before.
func BenchmarkPlaybookDecode(b *testing.B) {
	src := []byte(coaching.DefaultTOML())
	pb, err := coaching.ParsePlaybook("p", src)
	if err != nil {
		b.Fatal(err)
	}
	cell, err := encodePlaybook(pb)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("toml", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := coaching.ParsePlaybook("p", src); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("binary", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if decodePlaybook(cell) == nil {
				b.Fatal("not decoded")
			}
		}
	})
}

// tomlQuote writes s as a TOML basic string, every rune outside printable
// ASCII as an escape.
func tomlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case r <= 0xffff:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			fmt.Fprintf(&b, "\\U%08X", r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
