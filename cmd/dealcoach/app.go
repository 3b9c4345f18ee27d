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
		return c.withSampleTeam(func(st *store.Store) error { return runApp(c.ctx, st, true) })
	}
	st, err := c.open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	return runApp(c.ctx, st, false)
}

// runApp opens the app on st; demo says it is the throw-away sample team.
func runApp(ctx context.Context, st *store.Store, demo bool) error {
	err := tui.Run(ctx, st, tui.Options{Demo: demo})
	if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, tea.ErrInterrupted) {
		// Interrupted from outside: every save shown as saved is committed.
		return nil
	}
	return err
}
