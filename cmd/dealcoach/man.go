package main

import (
	"fmt"

	mcobra "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"
)

// manCmd is `dealcoach man`: the manual page, built from the command tree
// with mango, as Charm's tools do.
func (c *cli) manCmd() *cobra.Command {
	return &cobra.Command{
		Use:               "man",
		Short:             "Print the manual page (roff) to stdout",
		Example:           "  dealcoach man | man -l -\n  dealcoach man > ~/.local/share/man/man1/dealcoach.1",
		Args:              positional(0, 0),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			page, err := mcobra.NewManPage(1, cmd.Root())
			if err != nil {
				return err
			}
			page = page.WithLongDescription(manDescription).
				WithSection("Environment", "DEALCOACH_DB  the database when --db is not given\n"+
					"DEALCOACH_THEME  light, dark or auto, when --theme is not given\n"+
					"DEALCOACH_EXPORT_DIR  where the app writes recaps\n"+
					"XDG_DATA_HOME  the folder of the default database\n"+
					"NO_COLOR  no colours at all").
				WithSection("Exit status", "0 success, 1 failure, 2 bad usage.").
				WithSection("Files", "$XDG_DATA_HOME/dealcoach/dealcoach.db, else ~/.local/share/dealcoach/dealcoach.db")
			_, err = fmt.Fprint(c.stdout, page.Build(roff.NewDocument()))
			return err
		},
	}
}

// manDescription is the page's DESCRIPTION: the root's help is a usage
// table, which roff would run together.
const manDescription = `dealcoach coaches sales reps on process, not deal status: in a 1:1 or after a ride-along, the manager walks a rep's deals through the playbook's questions, and the answers show which stages and skills the rep is weak in.

Without a command, dealcoach opens the app on your database (--demo: on a fresh sample team that never touches your data). The commands import CRM exports, write sample data, print summaries, export recaps and records, back the database up and manage the playbook.

Run dealcoach help COMMAND for every flag of a command, with its default and an example.`
