package main

import (
	"errors"
	"fmt"
	"io/fs"
)

// backup is `dealcoach backup FILE`: a consistent copy (VACUUM INTO) that
// is safe to take while the app has the database open.
func (c *cli) backup(args []string) error {
	flags, db := newFlags("backup")
	pos, err := parse(flags, args, 1, 1)
	if err != nil {
		return err
	}
	file := pos[0]
	st, err := c.openReadOnly(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(c.ctx, file); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return fmt.Errorf("%s: %v", file, pe.Err)
		}
		return fmt.Errorf("backup to %s: %v", file, err)
	}
	fmt.Fprintf(c.stdout, "backed up %s to %s\n", st.Path(), file)
	return nil
}
