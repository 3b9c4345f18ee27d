package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"dealcoach/coaching"
	"dealcoach/internal/files"
	"dealcoach/store"
	"dealcoach/tui"
)

// prep is `dealcoach prep`: the manager writes the rep a prep file (the
// default), reads the filled file back (import), or the rep fills it in
// the checklist screen (fill).
func (c *cli) prep(args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "import":
			return c.prepImportCmd(args[1:])
		case "fill":
			return c.prepFillCmd(args[1:])
		}
	}
	flags, db := newFlags("prep")
	rep := flags.String("rep", "", "the rep the prep is for")
	deals := flags.Int("deals", 0, "how many deals (default: those the plan of a 1:1 picks)")
	output := flags.String("output", "", "write to this file (mode 0600) instead of stdout")
	force := flags.Bool("force", false, "replace the --output file if it exists")
	if _, err := parse(flags, args, 0, 0); err != nil {
		return err
	}
	switch {
	case *rep == "":
		return usageErrorf("prep: give --rep NAME (or: prep import FILE, prep fill FILE)")
	case *deals < 0:
		return usageErrorf("prep: --deals must be at least 1")
	case *force && *output == "":
		return usageErrorf("prep: --force goes with --output FILE")
	}
	return c.prepWrite(prepOptions{db: *db, rep: *rep, deals: *deals, output: *output, force: *force})
}

type prepOptions struct {
	db, rep, output string
	deals           int
	force           bool
}

// prepWrite writes the prep of opts.rep: the deals the plan of the next 1:1
// suggests (what coaches the rep first, then deal risk).
func (c *cli) prepWrite(opts prepOptions) error {
	st, err := c.openReadOnly(opts.db)
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := buildPrep(c.ctx, st, opts.rep, opts.deals, time.Now())
	if err != nil {
		return err
	}
	data := []byte(p.Text())
	if opts.output == "" {
		_, err = c.stdout.Write(data)
		return err
	}
	if sameFile(opts.output, st.Path()) {
		return fmt.Errorf("%s is the database itself; pick another --output", opts.output)
	}
	err = files.Write(opts.output, data, opts.force)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; use --force", opts.output)
	}
	if err == nil {
		fmt.Fprintf(c.stderr, "prep for %s: %s, %s\n", coaching.SafeLine(p.Rep), countOf(len(p.Deals), "deal"), coaching.SafeLine(opts.output))
	}
	return err
}

func buildPrep(ctx context.Context, st *store.Store, name string, n int, now time.Time) (*coaching.Prep, error) {
	r, err := st.RepByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return nil, noRep(ctx, st, name)
	} else if err != nil {
		return nil, err
	}
	pb, err := st.Playbook(ctx)
	if err != nil {
		return nil, err
	}
	deals, err := st.Deals(ctx, r.ID, true)
	if err != nil {
		return nil, err
	}
	last, err := st.LastReviewed(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	snaps, err := st.RepSnapshots(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	hist := make(map[int64]coaching.DealHistory, len(deals))
	for _, d := range deals {
		hist[d.ID] = coaching.HistoryOf(pb, snaps[d.ID], last[d.ID], now)
	}
	targets, err := st.Targets(ctx, pb, r.ID, 0, now, coaching.DefaultWindowDays)
	if err != nil {
		return nil, err
	}
	const timebox = 30 // the plan's default time box
	plan := coaching.PlanAllFor(pb, deals, hist, coaching.PlanCoaching{Targets: targets}, now, timebox, timebox/coaching.MinutesPerDeal)
	var picked []coaching.Deal
	for _, s := range plan {
		if (n == 0 && s.Selected) || (n > 0 && len(picked) < n) {
			picked = append(picked, s.Deal)
		}
	}
	return coaching.NewPrep(pb, r.Name, picked, targets.Focus, coaching.DateOf(now), coaching.NewPrepID()), nil
}

func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// prepImportCmd is `dealcoach prep import FILE`.
func (c *cli) prepImportCmd(args []string) error {
	flags, db := newFlags("prep import")
	pos, err := parse(flags, args, 1, 1)
	if err != nil {
		return err
	}
	return c.prepImport(*db, pos[0])
}

func readPrep(path string) (*coaching.Prep, []byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %s", path, errText(err))
	}
	p, err := coaching.ParsePrep(path, data)
	return p, data, err
}

// prepImport reads a filled prep back: every check runs before anything is
// written, and the file is stored whole or not at all.
func (c *cli) prepImport(db, path string) error {
	p, _, err := readPrep(path)
	if err != nil {
		return err
	}
	dbPath, err := c.dbPath(db)
	if err != nil {
		return err
	}
	// Only a database that is there: a prep is of reps and deals in it.
	st, err := store.OpenReadOnly(c.ctx, dbPath)
	if err != nil {
		return err
	}
	st.Close()
	w, err := store.Open(c.ctx, dbPath)
	if err != nil {
		return err
	}
	defer w.Close()
	res, err := w.ImportPrep(c.ctx, path, p)
	if err != nil {
		return err
	}
	who := coaching.SafeLine(res.Rep.Name)
	switch {
	case res.Unchanged:
		fmt.Fprintf(c.stdout, "prep of %s already imported; nothing changed\n", who)
	case res.Again:
		fmt.Fprintf(c.stdout, "prep of %s replaced: %s, %s\n", who, countOf(res.Answers, "answer"), countOf(res.Picks, "pick"))
	default:
		fmt.Fprintf(c.stdout, "prep of %s imported: %s, %s\n", who, countOf(res.Answers, "answer"), countOf(res.Picks, "pick"))
	}
	return nil
}

// prepFillCmd is `dealcoach prep fill FILE`: the rep answers in the
// checklist screen, without a database; each answer is written back into
// the file as it is given.
func (c *cli) prepFillCmd(args []string) error {
	flags, _ := newFlags("prep fill")
	pos, err := parse(flags, args, 1, 1)
	if err != nil {
		return err
	}
	path := pos[0]
	p, src, err := readPrep(path)
	if err != nil {
		return err
	}
	return tui.RunPrepFill(c.ctx, p, prepSaver(path, src))
}

// prepSaver writes the answers of p back into the file at path, read as
// src: the rep's comments and layout stay.
func prepSaver(path string, src []byte) func(p *coaching.Prep) error {
	return func(p *coaching.Prep) error {
		out := coaching.FillPrep(src, p)
		if cur, err := os.ReadFile(path); err == nil && bytes.Equal(cur, out) {
			return nil
		}
		return files.Write(path, out, true)
	}
}
