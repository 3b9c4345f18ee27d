package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"dealcoach/orgstore"
)

// orgURL is the org database's address: the flag, else $DEALCOACH_ORG_URL.
func (c *cli) orgURL(flagName, flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if v := c.env("DEALCOACH_ORG_URL"); v != "" {
		return v, nil
	}
	return "", usageErrorf("give --%s URL or set DEALCOACH_ORG_URL", flagName)
}

// publishOptions are `dealcoach publish`'s parsed flags.
type publishOptions struct {
	url        string
	withShared bool
}

// publishCmd is `dealcoach publish [--to URL] [--with-shared-notes]`.
func (c *cli) publishCmd() *cobra.Command {
	var o publishOptions
	cmd := &cobra.Command{
		Use:   "publish [--to URL] [--with-shared-notes]",
		Short: "Send what may be shared to the organisation's PostgreSQL database",
		Long: "Sends what changed since the last publish, in one transaction: reps, deals (stage, status,\n" +
			"amount, dates), sessions, reviews, answers and next steps (owner, due, status). Never note\n" +
			"or evidence text unless --with-shared-notes, never private notes. Without --to,\n" +
			"$DEALCOACH_ORG_URL.",
		Example: "  dealcoach publish --to postgres://alice@db.example.com/coaching\n" +
			"  dealcoach publish --with-shared-notes    # to $DEALCOACH_ORG_URL, with shared notes and evidence",
		Args:              positional(0, 0),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(*cobra.Command, []string) error {
			url, err := c.orgURL("to", o.url)
			if err != nil {
				return err
			}
			o.url = url
			return c.runPublish(o)
		},
	}
	cmd.Flags().StringVar(&o.url, "to", "", "the org database URL (libpq rules)")
	cmd.Flags().BoolVar(&o.withShared, "with-shared-notes", false, "also send shared notes and evidence")
	return cmd
}

func (c *cli) runPublish(o publishOptions) error {
	// A publish writes the file's change log (it starts it, then trims
	// what the server now holds), yet never makes a database that is not
	// there: the read-only open says so first.
	st, err := c.openReadOnly(c.db)
	if err != nil {
		return err
	}
	st.Close()
	if st, err = c.open(c.db); err != nil {
		return err
	}
	defer st.Close()
	prog := newProgress(c.stderr)
	total := 0
	prog.start(func(n int) string { return fmt.Sprintf("publishing: %s of %s rows", thousands(n), thousands(total)) })
	sent, err := orgstore.Publish(c.ctx, o.url, st, orgstore.PublishOptions{
		WithShared: o.withShared,
		Progress: func(done, all int) {
			total = all
			prog.add(done - prog.n)
		},
	})
	prog.done()
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.stdout, "published %d reps, %d sessions, %d answers, %d actions\n",
		sent["reps"], sent["sessions"], sent["answers"], sent["actions"])
	return err
}
