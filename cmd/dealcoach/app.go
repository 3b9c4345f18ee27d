package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
	"dealcoach/internal/files"
	"dealcoach/store"
	"dealcoach/tui"
)

// app is `dealcoach` without a subcommand: the app on the user's database,
// or with --demo on a sample team that lives only as long as the process.
func (c *cli) app(sample bool) error {
	if sample {
		if c.db != "" {
			return usageErrorf("--demo opens a sample team of its own and takes no --db")
		}
		// Recaps go beside the sample team's database, in its temporary
		// folder: never into the manager's own folders. The sample team's
		// folder goes with it, so a crash report stays in the temporary
		// folder around it.
		return c.withSampleTeam(func(st *store.Store) error {
			return runApp(c.ctx, st, tui.Options{Demo: true, Theme: c.theme}, os.TempDir())
		})
	}
	path, err := c.dbPath(c.db)
	if err != nil {
		return err
	}
	st, err := c.create(path)
	if err != nil {
		return err
	}
	defer st.Close()
	return runApp(c.ctx, st, tui.Options{ExportDir: c.env("DEALCOACH_EXPORT_DIR"), Theme: c.theme, OrgURL: c.env("DEALCOACH_ORG_URL")}, filepath.Dir(path))
}

// runApp opens the app on st; a crash is reported in a file in dataDir.
func runApp(ctx context.Context, st *store.Store, opts tui.Options, dataDir string) error {
	err := tui.Run(ctx, st, opts)
	var crash *tui.CrashError
	switch {
	case errors.As(err, &crash):
		return crashReport(crash, dataDir, time.Now())
	case errors.Is(err, tea.ErrProgramPanic):
		return errors.New("crashed inside the terminal library; every save shown as saved is kept")
	case errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, tea.ErrInterrupted):
		// Interrupted from outside: every save shown as saved is committed.
		return nil
	}
	return err
}

// crashReport writes the panic and its stack to a crash file in dir,
// readable only by the user (the stack may quote their data), and returns
// the one line that names it.
func crashReport(crash *tui.CrashError, dir string, now time.Time) error {
	what := coaching.SafeLine(fmt.Sprint(crash.Value))
	body := fmt.Sprintf("dealcoach %s crashed at %s\npanic: %v\n\n%s", buildVersion(), now.Format(time.RFC3339), crash.Value, crash.Stack)
	path, err := files.WriteNew(dir, "crash-"+now.Format("2006-01-02T150405")+".txt", []byte(body))
	if err != nil {
		return fmt.Errorf("crashed (%s); the details could not be saved: %v", what, err)
	}
	return fmt.Errorf("crashed (%s); details in %s", what, path)
}
