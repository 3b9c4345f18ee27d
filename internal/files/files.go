// Package files writes the files dealcoach hands out (exports, recaps):
// mode 0600, never over a file it was not told to replace, never through a
// symbolic link. The command line and the app both write through it, so
// the rules live in one place.
package files

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// ErrSymlink is returned for a path that is a symbolic link: whatever it
// points at is not ours to overwrite.
var ErrSymlink = errors.New("is a symbolic link; dealcoach does not write through links")

// ErrNotRegular is returned when --force meets something that is not a
// plain file (a folder, a device, a pipe).
var ErrNotRegular = errors.New("is not a regular file")

// Write writes data to path as a new file, mode 0600. An existing path is
// refused with an error matching fs.ErrExist, unless force, which replaces
// a regular file (and makes it 0600). A symbolic link is never followed,
// forced or not.
func Write(path string, data []byte, force bool) error {
	flags := os.O_WRONLY | os.O_CREATE | syscall.O_NOFOLLOW
	if force {
		// Lstat first: opening a pipe for writing would wait for a reader.
		if info, err := os.Lstat(path); err == nil {
			if info.Mode()&fs.ModeSymlink != 0 {
				return pathErr(path, ErrSymlink)
			}
			if !info.Mode().IsRegular() {
				return pathErr(path, ErrNotRegular)
			}
		}
		flags |= os.O_TRUNC
	} else {
		flags |= os.O_EXCL
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if err != nil {
		return openErr(path, err)
	}
	if force {
		// A replaced file keeps its inode, so its old mode too.
		if err := f.Chmod(0o600); err != nil {
			f.Close()
			return pathErr(path, err)
		}
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return pathErr(path, err)
	}
	if err := f.Close(); err != nil {
		return pathErr(path, err)
	}
	return nil
}

// WriteNew writes data to a new file named name in dir (made 0700 when
// missing) and returns its path. A name already taken becomes name-2,
// name-3… before the extension: an earlier file is never replaced.
func WriteNew(dir, name string, data []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", pathErr(dir, err)
	}
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for n := 1; ; n++ {
		path := filepath.Join(dir, name)
		if n > 1 {
			path = filepath.Join(dir, fmt.Sprintf("%s-%d%s", stem, n, ext))
		}
		err := Write(path, data, false)
		if !errors.Is(err, fs.ErrExist) {
			if err != nil {
				return "", err
			}
			return path, nil
		}
	}
}

// openErr words a failed open: O_EXCL reports a link as "exists", and
// O_NOFOLLOW reports one as a loop; both are said as a link.
func openErr(path string, err error) error {
	if errors.Is(err, syscall.ELOOP) || errors.Is(err, fs.ErrExist) {
		if info, lerr := os.Lstat(path); lerr == nil && info.Mode()&fs.ModeSymlink != 0 {
			return pathErr(path, ErrSymlink)
		}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pathErr(path, pe.Err)
	}
	return pathErr(path, err)
}

// pathErr is "PATH: problem", and still matches fs.ErrExist and the rest.
func pathErr(path string, err error) error { return &Error{Path: path, Err: err} }

// Error is a file that could not be written; its text is "PATH: problem".
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }
