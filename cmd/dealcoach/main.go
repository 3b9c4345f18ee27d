// Command dealcoach runs coaching sessions with sales reps in the terminal,
// and the subcommands around them: sample data, summaries, backups and
// playbooks. See DESIGN.md §7 for the command line.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

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
  dealcoach import FILE.csv [--rep NAME] [--stage-map "CRM stage=key"]... [--dry-run [--format text|json]]
                   [--date-order dmy|mdy|ymd] [--decimal ,|.] [--currency CODE] [--column "Header=field"]...
  dealcoach summary --rep NAME [--days N] [--format text|json|md]
  dealcoach summary --team [--days N] [--format text|json]
  dealcoach summary --org [--from URL] [--manager NAME] [--days N] [--format text|json|md]
  dealcoach org init --url URL       create the organisation's PostgreSQL schema (its owner runs it)
  dealcoach publish [--to URL] [--with-shared-notes]
                                     send what may be shared to the org database
  dealcoach export --session ID | --rep NAME [--format md|json] [--private] [--output FILE [--force]]
  dealcoach backup FILE              consistent copy of the database
  dealcoach playbook show | check FILE | use FILE
  dealcoach version
  dealcoach help [COMMAND]

Every command takes --db PATH; without it $DEALCOACH_DB, else
$XDG_DATA_HOME/dealcoach/dealcoach.db, else ~/.local/share/dealcoach/dealcoach.db.
Exit status: 0 success, 1 failure, 2 bad usage.
`

// cli is one invocation: where output goes and how the environment reads,
// so that tests run commands in-process.
type cli struct {
	ctx    context.Context
	stdout io.Writer
	stderr io.Writer
	env    func(string) string
}

// command is one subcommand. run gets the arguments after the command name.
type command struct {
	name  string
	usage string
	run   func(c *cli, args []string) error
}

// commands lists the subcommands.
func commands() []command {
	return []command{
		{"demo", "dealcoach demo [--db PATH] [--reps N] [--deals-per-rep N] [--sessions-per-rep N] [--seed N]", (*cli).demo},
		{"import", `dealcoach import FILE.csv [--db PATH] [--rep NAME] [--stage-map "CRM stage=key"]... [--dry-run [--format text|json]] [--date-order dmy|mdy|ymd] [--decimal ,|.] [--currency CODE] [--column "Header=field"]...`, (*cli).importCSV},
		{"export", "dealcoach export (--session ID | --rep NAME) [--db PATH] [--format md|json] [--private] [--output FILE [--force]]", (*cli).export},
		{"summary", "dealcoach summary (--rep NAME | --team | --org [--from URL] [--manager NAME]) [--db PATH] [--days N] [--format text|json|md]", (*cli).summary},
		{"org", "dealcoach org init --url URL", (*cli).org},
		{"publish", "dealcoach publish [--to URL] [--db PATH] [--with-shared-notes]", (*cli).publish},
		{"backup", "dealcoach backup FILE [--db PATH]", (*cli).backup},
		{"playbook", "dealcoach playbook show | check FILE | use FILE [--db PATH]", (*cli).playbook},
		{"version", "dealcoach version", (*cli).version},
	}
}

// run is main without the process: it returns the exit status.
func run(args []string, stdout, stderr io.Writer, env func(string) string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	c := &cli{ctx: ctx, stdout: stdout, stderr: stderr, env: env}

	name, rest := splitCommand(args)
	var err error
	switch name {
	case "":
		if len(rest) > 0 && isHelp(rest[0]) {
			fmt.Fprint(stdout, usageText)
			return exitOK
		}
		err = c.app(rest)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usageText)
			return exitOK
		}
	case "help":
		err = c.help(rest)
	default:
		cmd, ok := findCommand(name)
		if !ok {
			err = usageErrorf("unknown command %q", name)
			break
		}
		err = cmd.run(c, rest)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, "usage: "+cmd.usage)
			return exitOK
		}
	}
	return c.report(err)
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

func isHelp(a string) bool { return a == "-h" || a == "-help" || a == "--help" }

func findCommand(name string) (command, bool) {
	for _, cmd := range commands() {
		if cmd.name == name {
			return cmd, true
		}
	}
	return command{}, false
}

func (c *cli) help(args []string) error {
	if len(args) == 0 {
		fmt.Fprint(c.stdout, usageText)
		return nil
	}
	cmd, ok := findCommand(args[0])
	if !ok {
		return usageErrorf("no help for %q: not a command", args[0])
	}
	fmt.Fprintln(c.stdout, "usage: "+cmd.usage)
	return nil
}

// splitCommand finds the subcommand: the first argument that is neither a
// flag nor the value of --db, so `dealcoach --db X summary --team` works as
// well as `dealcoach summary --team --db X`. It returns "" for the app.
func splitCommand(args []string) (string, []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if strings.HasPrefix(a, "-") && a != "-" {
			if a == "--db" || a == "-db" {
				i++
			}
			continue
		}
		rest := append(append([]string{}, args[:i]...), args[i+1:]...)
		return a, rest
	}
	return "", args
}
