package tui

import (
	"errors"
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// scripted is a model whose Init returns init, and which records the
// strings it is sent, panics on "update" and quits on "quit".
type scripted struct {
	init    tea.Cmd
	got     *[]string
	viewBad bool
}

func (s scripted) Init() tea.Cmd { return s.init }

func (s scripted) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(string); ok {
		*s.got = append(*s.got, m)
		switch m {
		case "update":
			panic("boom in update")
		case "view":
			s.viewBad = true
		case "quit":
			return s, tea.Quit
		}
	}
	return s, nil
}

func (s scripted) View() string {
	if s.viewBad {
		panic("boom in view")
	}
	return "ok"
}

func say(m string) tea.Cmd { return func() tea.Msg { return m } }

func boomCmd() tea.Msg { panic("boom in a command") }

func runScripted(t *testing.T, init tea.Cmd) ([]string, error) {
	t.Helper()
	var got []string
	err := runGuarded(scripted{init: init, got: &got}, tea.WithInput(nil), tea.WithOutput(io.Discard))
	return got, err
}

// TestGuardCatchesPanics panics in Update, View and in commands that Bubble
// Tea runs on its own goroutines, nested in batches and sequences: each
// ends the program with the panic and its stack.
func TestGuardCatchesPanics(t *testing.T) {
	for _, tc := range []struct {
		name, value, frame string
		init               tea.Cmd
	}{
		{"update", "boom in update", "scripted.Update", say("update")},
		{"view", "boom in view", "scripted.View", say("view")},
		{"command", "boom in a command", "boomCmd", boomCmd},
		{"batch", "boom in a command", "boomCmd", tea.Batch(say("a"), boomCmd)},
		{"sequence in batch", "boom in a command", "boomCmd", tea.Batch(say("a"), tea.Sequence(say("b"), boomCmd))},
		{"batch in sequence", "boom in a command", "boomCmd", tea.Sequence(say("a"), tea.Batch(say("b"), boomCmd))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := runScripted(t, tc.init)
			var crash *CrashError
			if !errors.As(err, &crash) {
				t.Fatalf("Run returned %v, want a crash", err)
			}
			if crash.Value != tc.value {
				t.Errorf("panic value %v, want %q", crash.Value, tc.value)
			}
			if s := string(crash.Stack); !strings.Contains(s, "goroutine") || !strings.Contains(s, tc.frame) {
				t.Errorf("stack lacks %s:\n%s", tc.frame, s)
			}
		})
	}
}

// The guard changes nothing when nothing panics: sequences still run in
// order and quitting returns no error.
func TestGuardQuiet(t *testing.T) {
	got, err := runScripted(t, tea.Sequence(say("a"), tea.Batch(say("b")), say("c"), say("quit")))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, " ") != "a b c quit" {
		t.Errorf("messages %q, want a b c quit in order", got)
	}
}
