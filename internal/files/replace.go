package files

import (
	"io/fs"
	"os"
	"path/filepath"
)

// Replace puts data in place of the regular file at path in one step: a
// new file beside it, synced, then renamed over it. A process killed
// half-way leaves the old file or the new one, never a cut one, which
// matters to a file written again on every answer (prep fill). The file
// becomes mode 0600; a link or anything but a regular file is refused.
func Replace(path string, data []byte) error {
	info, err := os.Lstat(path)
	switch {
	case err != nil:
		return pathErr(path, err)
	case info.Mode()&fs.ModeSymlink != 0:
		return pathErr(path, ErrSymlink)
	case !info.Mode().IsRegular():
		return pathErr(path, ErrNotRegular)
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return pathErr(path, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return pathErr(path, err)
	}
	// The rename itself reaches the disk with the folder.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
