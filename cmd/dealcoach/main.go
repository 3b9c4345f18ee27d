// Command dealcoach runs coaching sessions with sales reps in the terminal,
// and the subcommands around them: sample data, summaries, backups and
// playbooks. See DESIGN.md §7 for the command line.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"

	"dealcoach/coaching"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}

// Exit statuses (DESIGN §7).
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

const usageText = `dealcoach — coach your sales reps on process, not deal status.

Usage:
  dealcoach                          open the app on your database
  dealcoach --demo                   open the app on a fresh sample team (never touches your data)
  dealcoach demo [--reps N --deals-per-rep N --sessions-per-rep N --seed N]
                                     write deterministic sample data into an empty database
  dealcoach import FILE.csv [--rep NAME] [--stage-map "CRM stage=key"]... [--dry-run] [--format text|json]
                   [--date-order dmy|mdy|ymd] [--decimal ,|.] [--currency CODE] [--column "Header=field"]...
  dealcoach summary --rep NAME [--days N] [--format text|json|md]
  dealcoach summary --team [--days N] [--format text|json|md]
  dealcoach summary --org [--from URL] [--manager NAME] [--days N] [--format text|json|md]
  dealcoach org init --url URL       create the organisation's PostgreSQL schema (its owner runs it)
  dealcoach publish [--to URL] [--with-shared-notes]
                                     send what may be shared to the org database
  dealcoach export --session ID | --rep NAME | --team [--format md|json] [--private] [--output FILE [--force]]
  dealcoach prep --rep NAME [--deals N] [--output FILE [--force]]
                                     a prep file the rep fills before the 1:1
  dealcoach prep fill FILE           the rep answers the prep in the checklist screen
  dealcoach prep import FILE         read the rep's filled prep back
  dealcoach backup FILE              consistent copy of the database
  dealcoach playbook show | check FILE | use FILE
  dealcoach completion bash|zsh|fish shell completion script (see the README to set it up)
  dealcoach man                      the manual page, in roff
  dealcoach version                  also --version or -v
  dealcoach help [COMMAND]           every flag of COMMAND, with its default and an example

Every command takes --db PATH; without it $DEALCOACH_DB, else
$XDG_DATA_HOME/dealcoach/dealcoach.db, else ~/.local/share/dealcoach/dealcoach.db.
--theme light|dark|auto (or $DEALCOACH_THEME) picks the colours for light or
dark terminals; auto, the default, asks the terminal.
Exit status: 0 success, 1 failure, 2 bad usage.
`

// cli is one invocation: where output goes, how the environment reads and
// the global flags, so that tests run commands in-process.
type cli struct {
	ctx    context.Context
	stdout io.Writer
	stderr io.Writer
	env    func(string) string

	db    string // --db, "" when not given
	theme string // --theme, settled with $DEALCOACH_THEME before a command runs
}

// run is main without the process: it returns the exit status.
func run(args []string, stdout, stderr io.Writer, env func(string) string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	c := &cli{ctx: ctx, stdout: stdout, stderr: stderr, env: env}
	return c.execute(args)
}

// execute runs the command line args and returns the exit status.
func (c *cli) execute(args []string) int {
	root := c.root()
	if args == nil {
		args = []string{} // cobra reads os.Args when given none
	}
	root.SetArgs(args)
	root.SetOut(c.stdout)
	root.SetErr(c.stderr)
	return c.report(root.ExecuteContext(c.ctx))
}

// root is the command tree. A new command is a method returning its
// *cobra.Command (see summaryCmd) and one line in AddCommand below.
func (c *cli) root() *cobra.Command {
	var demo bool
	root := &cobra.Command{
		Use:   "dealcoach",
		Short: "Coach your sales reps on process, not deal status",
		Long:  usageText,
		// Any text gives the --version flag; the template prints the build,
		// read only when asked (reading it cost every command 18 of its
		// 1,040 page faults).
		Version: "dealcoach",
		Example: "  dealcoach --demo\n  dealcoach --db team.db --theme light",
		// Errors are printed once, as one line, by report.
		SilenceErrors:              true,
		SilenceUsage:               true,
		SuggestionsMinimumDistance: 2,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return nil
			}
			return unknownCommand(cmd, args[0])
		},
		ValidArgsFunction: cobra.NoFileCompletions,
		// Every command runs this first; a command that needs a hook of its
		// own must call it too.
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return c.settleTheme(cmd) },
		RunE:              func(*cobra.Command, []string) error { return c.app(demo) },
	}
	root.Flags().BoolVar(&demo, "demo", false, "open the app on a fresh sample team (never touches your data)")
	pf := root.PersistentFlags()
	pf.StringVar(&c.db, "db", "", "the database file (default $DEALCOACH_DB, else the XDG data folder)")
	pf.StringVar(&c.theme, "theme", "auto", "colours for a light or dark terminal: light, dark or auto ($DEALCOACH_THEME)")
	root.RegisterFlagCompletionFunc("theme", cobra.FixedCompletions(themes, cobra.ShellCompDirectiveNoFileComp))
	root.SetVersionTemplate("{{build}}")
	root.SetFlagErrorFunc(flagError)
	root.SetHelpCommand(c.helpCmd())
	root.CompletionOptions.DisableDefaultCmd = true // ours refuses a shell it does not know
	root.SetHelpTemplate(helpTemplate)
	root.SetUsageTemplate(helpTemplate)

	root.AddCommand(
		c.demoCmd(),
		c.importCmd(),
		c.exportCmd(),
		c.summaryCmd(),
		c.prepCmd(),
		c.orgCmd(),
		c.publishCmd(),
		c.backupCmd(),
		c.playbookCmd(),
		c.versionCmd(),
		c.completionCmd(),
		c.manCmd(),
	)
	for _, cmd := range root.Commands() {
		cmd.DisableFlagsInUseLine = true // each Use spells its flags out
	}
	return root
}

// helpTemplate is what `dealcoach help CMD` and `CMD --help` print: the
// usage line, every flag with its default, and examples. The root's Long
// is the whole usage text.
const helpTemplate = `{{if not .HasParent}}{{.Long}}{{else}}usage: {{.UseLine}}

{{.Short}}{{with .Long}}

{{. | trimTrailingWhitespaces}}{{end}}
{{if .HasAvailableLocalFlags}}
Flags:
{{.LocalFlags.FlagUsages | switches | trimTrailingWhitespaces}}
{{end}}{{if .HasAvailableInheritedFlags}}
Global flags:
{{.InheritedFlags.FlagUsages | switches | trimTrailingWhitespaces}}
{{end}}{{if .HasExample}}
Examples:
{{.Example}}
{{end}}{{end}}`

// pflag v1.1.0 writes a switch as "--team[=true|false]"; to a Unix user
// it is "--team". The blanks keep the descriptions in their column.
func init() {
	cobra.AddTemplateFunc("build", versionText)
	cobra.AddTemplateFunc("switches", func(s string) string {
		return strings.ReplaceAll(s, "[=true|false]", strings.Repeat(" ", len("[=true|false]")))
	})
}

// helpCmd is `dealcoach help [COMMAND]`; cobra's own prints the whole
// usage and exits 0 for a command that does not exist.
func (c *cli) helpCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "help [COMMAND]",
		Short:   "Every flag of a command, with its default and an example",
		Example: "  dealcoach help summary",
		Args:    cobra.ArbitraryArgs,
		ValidArgsFunction: func(cmd *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var names []cobra.Completion
			for _, sub := range cmd.Root().Commands() {
				if sub.IsAvailableCommand() {
					names = append(names, cobra.CompletionWithDesc(sub.Name(), sub.Short))
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			if len(args) == 0 {
				return root.Help()
			}
			target, _, err := root.Find(args)
			if err != nil || target == root {
				return usageErrorf("no help for %q: not a command", args[0])
			}
			return target.Help()
		},
	}
}

// report prints err as the one line DESIGN §7 asks for and picks the exit
// status.
func (c *cli) report(err error) int {
	if err == nil {
		return exitOK
	}
	msg := coaching.SafeLine(oneLine(err.Error())) // errors quote names and CSV cells
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(c.stderr, "dealcoach: %s (run 'dealcoach help')\n", msg)
		return exitUsage
	}
	fmt.Fprintln(c.stderr, "dealcoach: "+msg)
	return exitFail
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", "; ")), " ")
}
