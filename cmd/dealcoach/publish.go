package main

import (
	"fmt"

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
	db, url    string
	withShared bool
}

// publish is `dealcoach publish --to URL [--with-shared-notes]`.
func (c *cli) publish(args []string) error {
	fs, db := newFlags("publish")
	to := fs.String("to", "", "the org database URL (libpq rules)")
	shared := fs.Bool("with-shared-notes", false, "also send shared notes and evidence")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	url, err := c.orgURL("to", *to)
	if err != nil {
		return err
	}
	return c.runPublish(publishOptions{db: *db, url: url, withShared: *shared})
}

func (c *cli) runPublish(o publishOptions) error {
	st, err := c.openReadOnly(o.db)
	if err != nil {
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
