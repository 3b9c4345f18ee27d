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
		// The sample team's folder goes with it; a crash report stays in
		// the temporary folder around it.
		return c.withSampleTeam(func(st *store.Store) error { return runApp(c.ctx, st, true, os.TempDir()) })
	}
	path, err := c.dbPath(*db)
	if err != nil {
		return err
	}
	st, err := store.Open(c.ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	return runApp(c.ctx, st, false, filepath.Dir(path))
}

// runApp opens the app on st; demo says it is the throw-away sample team,
// and a crash is reported in a file in dataDir.
func runApp(ctx context.Context, st *store.Store, demo bool, dataDir string) error {
	err := tui.Run(ctx, st, tui.Options{Demo: demo})
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
	name := "crash-" + now.Format("2006-01-02T150405")
	for i := 1; ; i++ {
		path := filepath.Join(dir, name+".txt")
		if i > 1 {
			path = filepath.Join(dir, fmt.Sprintf("%s-%d.txt", name, i))
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) && i < 100 {
			continue
		}
		if err == nil {
			_, err = f.WriteString(body)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			return fmt.Errorf("crashed (%s); the details could not be saved: %v", what, err)
		}
		return fmt.Errorf("crashed (%s); details in %s", what, path)
	}
}
