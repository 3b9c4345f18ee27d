package main

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"dealcoach/store"
)

func (c *cli) completionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish",
		Short: "Print a shell completion script: commands, flags and rep names",
		Long: `Load it in your shell's start-up file:
  bash:  source <(dealcoach completion bash)      in ~/.bashrc
  zsh:   source <(dealcoach completion zsh)       in ~/.zshrc
  fish:  dealcoach completion fish | source       in ~/.config/fish/config.fish`,
		Example:   "  dealcoach completion bash > ~/.local/share/bash-completion/completions/dealcoach",
		ValidArgs: []cobra.Completion{"bash", "zsh", "fish"},
		Args: func(cmd *cobra.Command, args []string) error {
			if err := positional(1, 1)(cmd, args); err != nil {
				return err
			}
			if !slices.Contains([]string{"bash", "zsh", "fish"}, args[0]) {
				return usageErrorf("completion: %q: want bash, zsh or fish", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(c.stdout, true)
			case "zsh":
				return root.GenZshCompletion(c.stdout)
			}
			return root.GenFishCompletion(c.stdout, true)
		},
	}
}

// completeReps makes cmd's --rep complete with the names of the reps in
// the database. It only reads: without a database there is nothing to
// suggest, and nothing is made.
func (c *cli) completeReps(cmd *cobra.Command) {
	cmd.RegisterFlagCompletionFunc("rep", func(_ *cobra.Command, _ []string, typed string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return c.repNames(typed), cobra.ShellCompDirectiveNoFileComp
	})
}

// repNames are the reps whose names start with typed, ignoring case.
func (c *cli) repNames(typed string) []cobra.Completion {
	path, err := c.dbPath(c.db)
	if err != nil {
		return nil
	}
	st, err := store.OpenReadOnly(c.ctx, path)
	if err != nil {
		return nil
	}
	defer st.Close()
	reps, err := st.Reps(c.ctx)
	if err != nil {
		return nil
	}
	var names []cobra.Completion
	for _, r := range reps {
		if strings.HasPrefix(strings.ToLower(r.Name), strings.ToLower(typed)) {
			names = append(names, r.Name)
		}
	}
	return names
}
