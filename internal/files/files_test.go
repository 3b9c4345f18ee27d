package files

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	info, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Mode().Perm()
}

func TestWriteNewFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "recap.md")
	if err := Write(path, []byte("hello"), false); err != nil {
		t.Fatal(err)
	}
	if read(t, path) != "hello" || mode(t, path) != 0o600 {
		t.Errorf("%q, mode %v", read(t, path), mode(t, path))
	}
}

func TestWriteRefusesExisting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "recap.md")
	if err := os.WriteFile(path, []byte("the manager's own notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(path, []byte("x"), false)
	if !errors.Is(err, fs.ErrExist) || !strings.HasPrefix(err.Error(), path+": ") {
		t.Errorf("err = %v, want %s: exists", err, path)
	}
	if read(t, path) != "the manager's own notes" || mode(t, path) != 0o644 {
		t.Error("the existing file changed")
	}

	// With force it is replaced, shorter than before, and made private.
	if err := Write(path, []byte("new"), true); err != nil {
		t.Fatal(err)
	}
	if read(t, path) != "new" || mode(t, path) != 0o600 {
		t.Errorf("forced: %q, mode %v", read(t, path), mode(t, path))
	}
}

func TestWriteNeverFollowsALink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "precious.txt")
	if err := os.WriteFile(target, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "recap.md")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling.md")
	if err := os.Symlink(filepath.Join(dir, "nowhere"), dangling); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{link, dangling} {
		for _, force := range []bool{false, true} {
			if err := Write(p, []byte("x"), force); !errors.Is(err, ErrSymlink) {
				t.Errorf("%s force=%v: err = %v, want ErrSymlink", filepath.Base(p), force, err)
			}
		}
	}
	if read(t, target) != "keep me" || mode(t, target) != 0o644 {
		t.Error("the link's target changed")
	}
	if _, err := os.Lstat(filepath.Join(dir, "nowhere")); err == nil {
		t.Error("writing to a dangling link created its target")
	}
}

func TestWriteForceRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{dir, fifo} {
		if err := Write(p, []byte("x"), true); !errors.Is(err, ErrNotRegular) {
			t.Errorf("%s: err = %v, want ErrNotRegular", p, err)
		}
	}
}

func TestWriteNewNumbersTakenNames(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "recaps")
	var paths []string
	for _, body := range []string{"first", "second", "third"} {
		p, err := WriteNew(dir, "dealcoach-dana-ruiz-2026-11-26.md", []byte(body))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	want := []string{"dealcoach-dana-ruiz-2026-11-26.md", "dealcoach-dana-ruiz-2026-11-26-2.md", "dealcoach-dana-ruiz-2026-11-26-3.md"}
	for i, p := range paths {
		if p != filepath.Join(dir, want[i]) {
			t.Errorf("file %d: %s, want %s", i+1, p, want[i])
		}
		if mode(t, p) != 0o600 {
			t.Errorf("%s: mode %v", p, mode(t, p))
		}
	}
	if read(t, paths[0]) != "first" || read(t, paths[2]) != "third" {
		t.Error("an earlier recap was replaced")
	}
	if mode(t, dir) != 0o700 {
		t.Errorf("folder mode %v, want 0700", mode(t, dir))
	}
}
