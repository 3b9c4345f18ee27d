package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"dealcoach/coaching"
)

func (c *cli) playbookCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "playbook show | check FILE | use FILE",
		Short: "Print the playbook, check a playbook file, or start using one",
		Example: `  dealcoach playbook show > ours.toml
  dealcoach playbook check ours.toml
  dealcoach playbook use ours.toml`,
		Args: positional(1, 2),
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return []cobra.Completion{"show", "check", "use"}, cobra.ShellCompDirectiveNoFileComp
			}
			if len(args) == 1 && args[0] != "show" {
				return []cobra.Completion{"toml"}, cobra.ShellCompDirectiveFilterFileExt
			}
			return nil, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(_ *cobra.Command, args []string) error { return c.playbook(args) },
	}
}

// playbook is `dealcoach playbook show | check FILE | use FILE`; pos are
// the action and its file.
func (c *cli) playbook(pos []string) error {
	switch sub := pos[0]; sub {
	case "show":
		if len(pos) != 1 {
			return usageErrorf("playbook show: unexpected argument %q", pos[1])
		}
		st, err := c.openReadOnly(c.db)
		if err != nil {
			return err
		}
		defer st.Close()
		pb, err := st.Playbook(c.ctx)
		if err != nil {
			return err
		}
		// The file's questions may hold bidi and C1 controls; escaped, the
		// TOML printed reads back as the same playbook.
		src := coaching.SafeTOML(pb.Source)
		fmt.Fprint(c.stdout, src)
		if !strings.HasSuffix(src, "\n") {
			fmt.Fprintln(c.stdout)
		}
		return nil
	case "check", "use":
		if len(pos) != 2 {
			return usageErrorf("playbook %s: missing FILE", sub)
		}
		file := pos[1]
		pb, err := readPlaybook(file)
		if err != nil {
			return err
		}
		if sub == "check" {
			fmt.Fprintf(c.stdout, "%s: ok — %s\n", file, describePlaybook(pb))
			return nil
		}
		st, err := c.open(c.db)
		if err != nil {
			return err
		}
		defer st.Close()
		before, err := st.Playbook(c.ctx)
		if err != nil {
			return err
		}
		v, err := st.UsePlaybook(c.ctx, pb)
		if err != nil {
			return fmt.Errorf("%s: %v", st.Path(), err)
		}
		if v == before.Version {
			fmt.Fprintf(c.stdout, "%s: already the current playbook (version %d)\n", file, v)
			return nil
		}
		fmt.Fprintf(c.stdout, "%s: ok — %s; now playbook version %d\n", file, describePlaybook(pb), v)
		return nil
	default:
		return usageErrorf("playbook: unknown action %q (show, check FILE or use FILE)", sub)
	}
}

// readPlaybook reads and checks a playbook file; errors read FILE:LINE: problem.
func readPlaybook(file string) (*coaching.Playbook, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s: %v", file, pe.Err)
		}
		return nil, err
	}
	return coaching.ParsePlaybook(file, data)
}

// describePlaybook counts what a manager will be asked: "5 stages, 28
// questions" (the every-deal questions included).
func describePlaybook(pb *coaching.Playbook) string {
	questions := 0
	for _, g := range pb.Groups() {
		questions += len(g.Items)
	}
	return fmt.Sprintf("%d %s, %d %s", len(pb.Stages), plural(len(pb.Stages), "stage"), questions, plural(questions, "question"))
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
