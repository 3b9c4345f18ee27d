package main

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/spf13/cobra"
)

func (c *cli) backupCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "backup FILE",
		Short:   "A consistent copy of the database, safe while the app is open",
		Example: "  dealcoach backup ~/backups/dealcoach-$(date +%F).db",
		Args:    positional(1, 1),
		RunE:    func(_ *cobra.Command, args []string) error { return c.backup(args[0]) },
	}
}

// backup is `dealcoach backup FILE`: a consistent copy (VACUUM INTO) that
// is safe to take while the app has the database open.
func (c *cli) backup(file string) error {
	st, err := c.openReadOnly(c.db)
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
