package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"dealcoach/coaching/demo"
	"dealcoach/store"
)

// The bulk loader is what the generator writes through.
var _ demo.Sink = (*store.Loader)(nil)

// demoOptions are demo's flags.
type demoOptions struct {
	reps, deals, sessions int
	seed                  int64
}

func (c *cli) demoCmd() *cobra.Command {
	var o demoOptions
	cmd := &cobra.Command{
		Use:   "demo [--reps N] [--deals-per-rep N] [--sessions-per-rep N] [--seed N]",
		Short: "Write deterministic sample data into an empty database",
		Example: `  dealcoach demo --db sample.db
  dealcoach demo --db big.db --reps 40 --deals-per-rep 100 --seed 7`,
		Args:              positional(0, 0),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(*cobra.Command, []string) error { return c.demo(o) },
	}
	f := cmd.Flags()
	f.IntVar(&o.reps, "reps", demo.DefaultReps, "number of reps")
	f.IntVar(&o.deals, "deals-per-rep", demo.DefaultDealsPerRep, "deals per rep")
	f.IntVar(&o.sessions, "sessions-per-rep", demo.DefaultSessionsPerRep, "sessions per rep")
	f.Int64Var(&o.seed, "seed", demo.DefaultSeed, "random seed; the same seed gives the same data")
	return cmd
}

// demo is `dealcoach demo`: sample data into --db, which must have no reps,
// so that it can never mix invented deals into a manager's real ones.
func (c *cli) demo(o demoOptions) error {
	for _, f := range []struct {
		name string
		n    int
	}{{"reps", o.reps}, {"deals-per-rep", o.deals}, {"sessions-per-rep", o.sessions}} {
		if f.n < 1 {
			return usageErrorf("demo: --%s must be at least 1", f.name)
		}
	}
	if o.seed == 0 {
		// The generator reads a zero seed as "the default", which would
		// quietly give seed 1's data.
		return usageErrorf("demo: --seed must not be 0")
	}

	st, err := c.open(c.db)
	if err != nil {
		return err
	}
	defer st.Close()
	have, err := st.Reps(c.ctx)
	if err != nil {
		return fmt.Errorf("%s: %v", st.Path(), err)
	}
	if len(have) > 0 {
		return fmt.Errorf("%s already has %d reps; demo writes only into an empty database, so pick a new --db", st.Path(), len(have))
	}
	n, err := writeSample(c.ctx, st, demo.Config{
		Reps: o.reps, DealsPerRep: o.deals, SessionsPerRep: o.sessions, Seed: o.seed, Now: time.Now(),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "wrote %s reps, %s deals, %s sessions, %s answers to %s\n",
		thousands(n.Reps), thousands(n.Deals), thousands(n.Sessions), thousands(n.Answers), st.Path())
	return nil
}

// writeSample generates the sample team into st in one transaction.
func writeSample(ctx context.Context, st *store.Store, cfg demo.Config) (demo.Counts, error) {
	pb, err := st.Playbook(ctx)
	if err != nil {
		return demo.Counts{}, fmt.Errorf("%s: %v", st.Path(), err)
	}
	var n demo.Counts
	err = st.Load(ctx, func(l *store.Loader) error {
		return demo.Generate(cfg, pb, demo.Counting(l, &n))
	})
	if err != nil {
		return demo.Counts{}, fmt.Errorf("%s: writing the sample data: %v", st.Path(), err)
	}
	return n, nil
}

// withSampleTeam runs fn on a default sample team in a temporary folder,
// removed afterwards: `dealcoach --demo` never touches the user's data.
func (c *cli) withSampleTeam(fn func(*store.Store) error) error {
	dir, err := os.MkdirTemp("", "dealcoach-demo-")
	if err != nil {
		return fmt.Errorf("cannot make a folder for the sample team: %v", err)
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(c.ctx, filepath.Join(dir, "dealcoach.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := writeSample(c.ctx, st, demo.Config{Now: time.Now()}); err != nil {
		return err
	}
	return fn(st)
}

// thousands writes n with comma separators: 3,412.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
