package tui

import (
	"fmt"
	"reflect"
	"runtime/debug"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
)

// CrashError is a panic caught while the app ran: the terminal has been
// given back, and Value and Stack say what happened for a crash report.
type CrashError struct {
	Value any
	Stack []byte
}

func (e *CrashError) Error() string { return fmt.Sprintf("crashed (%v)", e.Value) }

// crashHook, when set by a test build, sees each message before the app
// and may panic or return a command that panics.
var crashHook func(tea.Msg) tea.Cmd

// guard runs the app so that a panic anywhere in it — Init, Update, View or
// a command on Bubble Tea's goroutines — stops the program through its
// normal shutdown, which restores the terminal, and is kept with its stack.
// Bubble Tea's own recovery would print to the screen and lose the stack.
type guard struct {
	m    tea.Model
	stop func() // ends the program: tea.Program.Kill

	mu    sync.Mutex
	crash *CrashError
}

// caught keeps the first panic and stops the program. It runs in the
// deferred recover, so the stack still holds the frames that panicked.
func (g *guard) caught(r any) {
	g.mu.Lock()
	first := g.crash == nil
	if first {
		g.crash = &CrashError{Value: r, Stack: debug.Stack()}
	}
	g.mu.Unlock()
	if first && g.stop != nil {
		g.stop()
	}
}

func (g *guard) crashed() *CrashError {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.crash
}

func (g *guard) Init() (cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			g.caught(r)
			cmd = nil
		}
	}()
	return g.wrap(g.m.Init())
}

func (g *guard) Update(msg tea.Msg) (_ tea.Model, cmd tea.Cmd) {
	if g.crashed() != nil {
		return g, nil // the model may be half-updated: leave it alone
	}
	defer func() {
		if r := recover(); r != nil {
			g.caught(r)
			cmd = nil
		}
	}()
	var hooked tea.Cmd
	if crashHook != nil {
		hooked = crashHook(msg)
	}
	m, cmd := g.m.Update(msg)
	g.m = m
	return g, g.wrap(tea.Batch(hooked, cmd))
}

func (g *guard) View() (v string) {
	if g.crashed() != nil {
		return ""
	}
	defer func() {
		if r := recover(); r != nil {
			g.caught(r)
			v = ""
		}
	}()
	return g.m.View()
}

var cmdType = reflect.TypeOf(tea.Cmd(nil))

// wrap makes cmd recover its panics, and those of the commands it
// returns in a batch or sequence, which Bubble Tea runs on goroutines of
// its own.
func (g *guard) wrap(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				g.caught(r)
				msg = nil
			}
		}()
		msg = cmd()
		if cmds, ok := cmdsOf(msg); ok {
			out := reflect.MakeSlice(reflect.TypeOf(msg), len(cmds), len(cmds))
			for i, c := range cmds {
				out.Index(i).Set(reflect.ValueOf(g.wrap(c)))
			}
			return out.Interface()
		}
		return msg
	}
}

// cmdsOf returns the commands of a tea.Batch or tea.Sequence message, in
// order. The sequence's message has an unexported type, a slice of Cmd, so
// both are known by their shape, never by a name inside Bubble Tea.
func cmdsOf(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if msg == nil || v.Kind() != reflect.Slice || v.Type().Elem() != cmdType {
		return nil, false
	}
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i], _ = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}

// runGuarded runs m as a program with opts and returns a *CrashError if
// it panicked.
func runGuarded(m tea.Model, opts ...tea.ProgramOption) error {
	g := &guard{m: m}
	p := tea.NewProgram(g, opts...)
	g.stop = p.Kill
	_, err := p.Run()
	if c := g.crashed(); c != nil {
		return c
	}
	return err
}
