package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// usageError is a mistake in the command line: exit status 2 and a hint.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// newFlags makes a command's flag set with the --db every command takes.
// The flag package's own messages are silenced: errors are reported once,
// as one line, by report.
func newFlags(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	db := fs.String("db", "", "the database file")
	return fs, db
}

// parse parses args with flags and positional arguments in any order
// (`backup FILE --db X` as well as `backup --db X FILE`) and returns the
// positional ones. It wants between min and max of them; max < 0 is any.
func parse(fs *flag.FlagSet, args []string, min, max int) ([]string, error) {
	pos, err := interspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usageErrorf("%s: %s", fs.Name(), flagProblem(err))
	}
	switch {
	case len(pos) < min:
		return nil, usageErrorf("%s: missing argument", fs.Name())
	case max >= 0 && len(pos) > max:
		return nil, usageErrorf("%s: unexpected argument %q", fs.Name(), pos[max])
	}
	return pos, nil
}

// interspersed parses flags found anywhere among the arguments: the flag
// package stops at the first positional one, so it is set aside and
// parsing resumes after it. Which flags take a value stays the flag
// package's business; "--" still ends the flags.
func interspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// flagProblem rewords the flag package's errors in the --double-dash form
// the usage text shows.
func flagProblem(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return "unknown flag --" + strings.TrimLeft(name, "-")
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return "--" + strings.TrimLeft(name, "-") + " needs a value"
	}
	if _, rest, ok := strings.Cut(msg, "invalid value "); ok {
		// invalid value "x" for flag -days: parse error
		val, flagPart, _ := strings.Cut(rest, " for flag -")
		name, _, _ := strings.Cut(flagPart, ":")
		return fmt.Sprintf("--%s: %s is not a valid value", strings.TrimLeft(name, "-"), val)
	}
	return msg
}
