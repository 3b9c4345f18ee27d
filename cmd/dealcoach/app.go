package main

import (
	"context"
	"errors"

	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/store"
	"dealcoach/tui"
)

// app is `dealcoach` without a subcommand: the app on the user's database,
// or with --demo on a sample team that lives only as long as the process.
func (c *cli) app(args []string) error {
	fs, db := newFlags("dealcoach")
	sample := fs.Bool("demo", false, "open the app on a fresh sample team")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	if *sample {
		if *db != "" {
			return usageErrorf("--demo opens a sample team of its own and takes no --db")
		}
		// Recaps go beside the sample team's database, in its temporary
		// folder: never into the manager's own folders.
		return c.withSampleTeam(func(st *store.Store) error { return runApp(c.ctx, st, tui.Options{Demo: true}) })
	}
	st, err := c.open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	return runApp(c.ctx, st, tui.Options{ExportDir: c.env("DEALCOACH_EXPORT_DIR")})
}

// runApp opens the app on st.
func runApp(ctx context.Context, st *store.Store, opts tui.Options) error {
	err := tui.Run(ctx, st, opts)
	if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, tea.ErrInterrupted) {
		// Interrupted from outside: every save shown as saved is committed.
		return nil
	}
	return err
}
