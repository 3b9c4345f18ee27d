package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"dealcoach/store"
)

// dbPath picks the database: --db, else $DEALCOACH_DB, else the XDG data
// folder (DESIGN §7).
func (c *cli) dbPath(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if p := c.env("DEALCOACH_DB"); p != "" {
		return p, nil
	}
	return c.dataPath()
}

// dataPath is the database in dealcoach's own data folder.
func (c *cli) dataPath() (string, error) {
	// The XDG spec says to ignore a relative $XDG_DATA_HOME.
	if x := c.env("XDG_DATA_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "dealcoach", "dealcoach.db"), nil
	}
	home := c.env("HOME")
	if home == "" {
		return "", errors.New("cannot tell where your home folder is; use --db PATH or set DEALCOACH_DB")
	}
	return filepath.Join(home, ".local", "share", "dealcoach", "dealcoach.db"), nil
}

// open opens the database for a command that writes (the app, demo,
// playbook use), creating it when missing. store.Open's errors already
// read "PATH: problem".
func (c *cli) open(flagValue string) (*store.Store, error) {
	path, err := c.dbPath(flagValue)
	if err != nil {
		return nil, err
	}
	return c.create(path)
}

// openReadOnly opens the database for a command that only reads
// (summary, export, backup, playbook show): nothing is created or changed.
func (c *cli) openReadOnly(flagValue string) (*store.Store, error) {
	path, err := c.dbPath(flagValue)
	if err != nil {
		return nil, err
	}
	return store.OpenReadOnly(c.ctx, path)
}

// create is store.Open, then a look at the folder of a database it made.
func (c *cli) create(path string) (*store.Store, error) {
	info, err := os.Stat(path)
	made := errors.Is(err, fs.ErrNotExist) || err == nil && info.Mode().IsRegular() && info.Size() == 0
	st, err := store.Open(c.ctx, path)
	if err != nil {
		return nil, err
	}
	if made {
		c.guardFolder(filepath.Dir(path))
	}
	return st, nil
}

// guardFolder keeps dealcoach's own data folder to its owner when a
// database is made in it: coaching notes are personnel data. A folder that
// already existed with looser permissions is tightened to 0700, or, when
// that is not allowed, pointed out (once: the database is made once). A
// folder the manager chose with --db or $DEALCOACH_DB is theirs, may be
// shared on purpose (or be /tmp), and is left alone; the database file in
// it is 0600 either way.
func (c *cli) guardFolder(dir string) {
	data, err := c.dataPath()
	if err != nil || !sameFile(filepath.Dir(data), dir) {
		return
	}
	info, err := os.Stat(dir)
	if err != nil || info.Mode().Perm()&0o077 == 0 {
		return
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		fmt.Fprintf(c.stderr, "dealcoach: note: others on this computer can look into %s (mode %04o) and dealcoach could not change that (%s); coaching notes are personnel data, so consider: chmod 700 %s\n",
			dir, info.Mode().Perm(), errText(err), dir)
	}
}

// sameFile reports whether a and b name one existing file or folder.
func sameFile(a, b string) bool {
	ai, err := os.Stat(a)
	if err != nil {
		return false
	}
	bi, err := os.Stat(b)
	return err == nil && os.SameFile(ai, bi)
}

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
