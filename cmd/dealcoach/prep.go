package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/spf13/cobra"

	"dealcoach/coaching"
	"dealcoach/internal/files"
	"dealcoach/store"
	"dealcoach/tui"
)

// prepCmd is `dealcoach prep`: the manager writes the rep a prep file;
// `prep import` reads the filled file back; `prep fill` is the rep
// answering it in the checklist screen.
func (c *cli) prepCmd() *cobra.Command {
	var o prepOptions
	cmd := &cobra.Command{
		Use:   "prep --rep NAME [--deals N] [--output FILE [--force]] | prep import FILE | prep fill FILE",
		Short: "A prep file the rep fills before the 1:1, and reading it back",
		Example: `  dealcoach prep --rep "Dana Ruiz" --output dana-prep.toml
  dealcoach prep fill dana-prep.toml      # the rep, in the checklist screen
  dealcoach prep import dana-prep.toml`,
		Args:              positional(0, 0),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.db = c.db
			switch {
			case o.rep == "":
				return usageErrorf("prep: give --rep NAME (or: prep import FILE, prep fill FILE)")
			case o.deals < 0:
				return usageErrorf("prep: --deals must be at least 1")
			case o.force && o.output == "":
				return usageErrorf("prep: --force goes with --output FILE")
			}
			return c.prepWrite(o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.rep, "rep", "", "the rep the prep is for")
	f.IntVar(&o.deals, "deals", 0, "how many deals (default: those the plan of a 1:1 picks)")
	f.StringVar(&o.output, "output", "", "write to this file (mode 0600) instead of stdout")
	f.BoolVar(&o.force, "force", false, "replace the --output file if it exists")
	c.completeReps(cmd)
	toml := func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) == 0 {
			return []cobra.Completion{"toml"}, cobra.ShellCompDirectiveFilterFileExt
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	cmd.AddCommand(&cobra.Command{
		Use:               "import FILE",
		Short:             "Read the rep's filled prep back: their answers, picks and where they want help",
		Example:           "  dealcoach prep import dana-prep.toml",
		Args:              positional(1, 1),
		ValidArgsFunction: toml,
		RunE:              func(_ *cobra.Command, args []string) error { return c.prepImport(c.db, args[0]) },
	}, &cobra.Command{
		Use:               "fill FILE",
		Short:             "Answer a prep in the checklist screen (for the rep; needs no database)",
		Example:           "  dealcoach prep fill dana-prep.toml",
		Args:              positional(1, 1),
		ValidArgsFunction: toml,
		RunE:              func(_ *cobra.Command, args []string) error { return c.prepFill(args[0]) },
	})
	return cmd
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

// prepFill is `dealcoach prep fill FILE`: the rep answers in the
// checklist screen, without a database; each answer is written back into
// the file as it is given.
func (c *cli) prepFill(path string) error {
	p, src, err := readPrep(path)
	if err != nil {
		return err
	}
	return tui.RunPrepFill(c.ctx, p, prepSaver(path, src))
}

// prepSaver writes the answers of p back into the file at path, read as
// src: the rep's comments and layout stay. It replaces the file in one
// step, so a fill killed mid-write loses no answer already said saved.
func prepSaver(path string, src []byte) func(p *coaching.Prep) error {
	return func(p *coaching.Prep) error {
		out := coaching.FillPrep(src, p)
		if cur, err := os.ReadFile(path); err == nil && bytes.Equal(cur, out) {
			return nil
		}
		return files.Replace(path, out)
	}
}
