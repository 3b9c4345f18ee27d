package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"dealcoach/tui"
)

// usageError is a mistake in the command line: exit status 2 and a hint.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// flagError makes pflag's errors usage errors in the --double-dash words
// the help shows, named by the command: "summary: unknown flag --colour".
func flagError(cmd *cobra.Command, err error) error {
	if !cmd.HasParent() && cmd.Flags().NArg() > 0 {
		// `dealcoach summry --team`: the word came first, so it is the
		// mistake, not the flag the root does not have.
		return unknownCommand(cmd, cmd.Flags().Arg(0))
	}
	msg := flagProblem(err)
	if cmd.HasParent() {
		msg = cmd.Name() + ": " + msg
	}
	return &usageError{msg}
}

// unknownCommand is the root's error for a word that names no command.
func unknownCommand(root *cobra.Command, name string) error {
	if s := root.SuggestionsFor(name); len(s) > 0 {
		return usageErrorf("unknown command %q (did you mean %s?)", name, s[0])
	}
	return usageErrorf("unknown command %q", name)
}

func flagProblem(err error) string {
	var notExist *pflag.NotExistError
	var noValue *pflag.ValueRequiredError
	var invalid *pflag.InvalidValueError
	switch {
	case errors.As(err, &notExist):
		if s := notExist.GetSpecifiedShortnames(); s != "" {
			return "unknown flag -" + notExist.GetSpecifiedName()
		}
		return "unknown flag --" + notExist.GetSpecifiedName()
	case errors.As(err, &noValue):
		return "--" + noValue.GetFlag().Name + " needs a value"
	case errors.As(err, &invalid):
		return fmt.Sprintf("--%s: %q is not a valid value", invalid.GetFlag().Name, invalid.GetValue())
	}
	return err.Error()
}

// positional wants between min and max positional arguments (max < 0: any),
// with today's one-line words for too few and too many.
func positional(min, max int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) < min:
			return usageErrorf("%s: missing argument", cmd.Name())
		case max >= 0 && len(args) > max:
			return usageErrorf("%s: unexpected argument %q", cmd.Name(), args[max])
		}
		return nil
	}
}

// themes are the values of --theme and $DEALCOACH_THEME.
var themes = []string{"auto", "light", "dark"}

// settleTheme picks the palette: --theme, else $DEALCOACH_THEME, else auto.
// A value it does not know is a mistake, not a quiet fallback.
func (c *cli) settleTheme(cmd *cobra.Command) error {
	from := "--theme"
	if !cmd.Flags().Changed("theme") {
		from = "DEALCOACH_THEME"
		c.theme = c.env("DEALCOACH_THEME") // "" is auto
	}
	t, err := tui.ParseTheme(c.theme)
	if err != nil {
		return usageErrorf("%s %q: want light, dark or auto", from, c.theme)
	}
	c.theme = string(t)
	return nil
}
