package crmcsv

import (
	"strconv"
	"strings"
)

// LineError is a problem at a line of the CSV file. The file name is not
// known here; the command prefixes it, giving "FILE:LINE: problem".
type LineError struct {
	Line    int
	Problem string
}

func (e *LineError) Error() string {
	return strconv.Itoa(e.Line) + ": " + e.Problem
}

// Errors is several kinds of problem found in one pass (say, a deal without
// an owner and unknown stages), reported together so that one re-run with
// the right flags fixes them all. It reads as one line; errors.As finds the
// first *LineError in it.
type Errors []*LineError

func (es Errors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// Unwrap lets errors.As and errors.Is look at each problem.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}
