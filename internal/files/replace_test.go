package files

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestReplace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "prep.toml")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Replace(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, path); got != "new" {
		t.Errorf("content %q, want new", got)
	}
	if m := mode(t, path); m != 0o600 {
		t.Errorf("mode %v, want 0600", m)
	}
	if left, _ := os.ReadDir(dir); len(left) != 1 {
		t.Errorf("%d files in the folder, want the one: a temporary file was left", len(left))
	}

	link := filepath.Join(dir, "link.toml")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	if err := Replace(link, []byte("x")); !errors.Is(err, ErrSymlink) {
		t.Errorf("through a link: %v", err)
	}
	if err := Replace(dir, []byte("x")); !errors.Is(err, ErrNotRegular) {
		t.Errorf("over a folder: %v", err)
	}
	if err := Replace(filepath.Join(dir, "missing.toml"), []byte("x")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
	if got := read(t, path); got != "new" {
		t.Errorf("a refused replace changed the file: %q", got)
	}
}
