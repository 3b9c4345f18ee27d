package main

import (
	"errors"
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

// open opens the database the command is pointed at. store.Open's errors
// already read "PATH: problem".
func (c *cli) open(flagValue string) (*store.Store, error) {
	path, err := c.dbPath(flagValue)
	if err != nil {
		return nil, err
	}
	return store.Open(c.ctx, path)
}
