package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/charmbracelet/x/term"

	"dealcoach/coaching"
)

// progressEvery is how often the progress line is redrawn at most: often
// enough to look alive, rarely enough to cost nothing on a million rows.
const progressEvery = 100 * time.Millisecond

// progress is one updating line on stderr for a long import, drawn only
// when stderr is a terminal. It is redrawn from add, no more often than
// progressEvery, so it needs no goroutine; a phase that ends sooner than
// that shows nothing.
type progress struct {
	w     io.Writer
	on    bool
	now   func() time.Time
	line  func(n int) string // the phase's words for n done
	n     int
	last  time.Time
	shown bool
}

// newProgress draws on w only if it is a terminal: piped or redirected
// stderr gets no control characters.
func newProgress(w io.Writer) *progress {
	f, ok := w.(*os.File)
	return &progress{w: w, on: ok && term.IsTerminal(f.Fd()), now: time.Now}
}

// start begins a phase, clearing the last one's line.
func (p *progress) start(line func(n int) string) {
	p.done()
	p.line, p.n, p.last = line, 0, p.now()
}

// add counts n more done, and redraws the line when it is time to.
func (p *progress) add(n int) {
	p.n += n
	if !p.on || p.line == nil {
		return
	}
	if now := p.now(); now.Sub(p.last) >= progressEvery {
		p.last = now
		p.shown = true
		fmt.Fprint(p.w, "\r\x1b[K"+p.line(p.n))
	}
}

// done clears the line, so that what follows prints on a clean one.
func (p *progress) done() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
	p.line = nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
}

// checkingLine words the first pass: rows read, and how far into the file
// when its size is known (a named pipe has none).
func checkingLine(file string, size int64, read *countingReader) func(int) string {
	return readingLine("checking", file, size, read)
}

// importingLine words an import in one pass, as checkingLine does.
func importingLine(file string, size int64, read *countingReader) func(int) string {
	return readingLine("importing", file, size, read)
}

func readingLine(verb, file string, size int64, read *countingReader) func(int) string {
	// The line must fit one terminal row, or \r cannot redraw it.
	name := []rune(coaching.SafeLine(filepath.Base(file)))
	if len(name) > 30 {
		name = append(name[:29], '…')
	}
	return func(n int) string {
		s := fmt.Sprintf("%s %s: %s rows", verb, string(name), thousands(n))
		if size > 0 {
			s += fmt.Sprintf(" · %d%% of %s", min(100, read.n*100/size), fileSize(size))
		}
		return s
	}
}

// writingLine words the second pass.
func writingLine(total int) func(int) string {
	return func(n int) string {
		return fmt.Sprintf("writing: %s of %s deals", thousands(n), thousands(total))
	}
}

// fileSize is a size as a person reads it: 22 MB, 640 KB.
func fileSize(n int64) string {
	switch {
	case n >= 10<<30:
		return fmt.Sprintf("%d GB", n>>30)
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 10<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
