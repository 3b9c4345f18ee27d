package tui

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bcursor "github.com/charmbracelet/bubbles/cursor"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dealcoach/internal/pgtest"
	"dealcoach/store"
)

// testNow is the fixed clock of every screen test.
var testNow = time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	if os.Getenv(initProbe) != "" {
		os.Stdout.WriteString("inits done\n")
		os.Exit(0)
	}
	// Golden files must not depend on the terminal or the zone tests run in.
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	time.Local = time.UTC
	// The org screen's tests start a PostgreSQL cluster; Main stops it.
	os.Exit(pgtest.Main(m))
}

// openTestStore opens an empty database in a temporary folder.
func openTestStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "dealcoach.db"))
	if err != nil {
		t.Fatal(err)
	}
	st.SetClock(func() time.Time { return testNow })
	t.Cleanup(func() { st.Close() })
	return st
}

// newTestModel builds the app on st with the fixed clock and a window size.
func newTestModel(t testing.TB, st *store.Store, w, h int) *Model {
	t.Helper()
	return newThemedModel(t, st, w, h, "")
}

// newThemedModel is newTestModel in a theme's palette.
func newThemedModel(t testing.TB, st *store.Store, w, h int, theme string) *Model {
	t.Helper()
	m, err := New(context.Background(), st, Options{Now: func() time.Time { return testNow }, Theme: theme})
	if err != nil {
		t.Fatal(err)
	}
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// drive runs the model's Init and then each message, executing the
// commands they return (and the commands those return) synchronously, the
// way the program would, so a test sees the state after every save landed.
func drive(t testing.TB, m *Model, msgs ...tea.Msg) {
	t.Helper()
	run(t, m, m.Init())
	for _, msg := range msgs {
		_, cmd := m.Update(msg)
		run(t, m, cmd)
	}
}

// run executes cmd and feeds its messages back, depth first: a batch's or
// a sequence's commands in order. Timer messages are dropped, so their
// chains end: the walk's clock (tickEvery is a millisecond in tests) and
// the cursor blink (cursors are static in tests; a blink from a cursor
// left blinking arrives once and is dropped).
func run(t testing.TB, m *Model, cmd tea.Cmd) {
	t.Helper()
	runQuits(t, m, cmd)
}

// runQuits is run that reports whether the commands ended in tea.Quit.
func runQuits(t testing.TB, m *Model, cmd tea.Cmd) bool {
	t.Helper()
	budget := maxDriven
	return runBudget(t, m, cmd, &budget)
}

// maxDriven bounds the messages one key may cause: a chain that never ends
// fails the test rather than hanging it.
const maxDriven = 100_000

func runBudget(t testing.TB, m *Model, cmd tea.Cmd, budget *int) (quit bool) {
	t.Helper()
	if cmd == nil {
		return false
	}
	if *budget--; *budget < 0 {
		t.Fatalf("more than %d messages from one key: a chain of commands that never ends", maxDriven)
	}
	msg := cmd()
	if msg == nil || isTimer(msg) {
		return false
	}
	if _, ok := msg.(tea.QuitMsg); ok {
		return true
	}
	if cmds, ok := cmdsOf(msg); ok {
		for _, c := range cmds {
			quit = runBudget(t, m, c, budget) || quit
		}
		return quit
	}
	_, next := m.Update(msg)
	return runBudget(t, m, next, budget)
}

// cursorPkg is the bubbles cursor's package: all its messages are blinks.
var cursorPkg = reflect.TypeOf(bcursor.BlinkMsg{}).PkgPath()

// isTimer spots the messages of timers: the walk's clock and cursor blinks.
func isTimer(msg tea.Msg) bool {
	if _, ok := msg.(tickMsg); ok {
		return true
	}
	return reflect.TypeOf(msg).PkgPath() == cursorPkg
}

// keys turns a string of single keys and names ("enter", "esc", "up", …)
// into key messages: keys("j", "j", "enter") or typed("Hello").
func keys(names ...string) []tea.Msg {
	out := make([]tea.Msg, 0, len(names))
	for _, n := range names {
		out = append(out, keyMsg(n))
	}
	return out
}

func typed(s string) []tea.Msg {
	out := make([]tea.Msg, 0, len(s))
	for _, r := range s {
		if r == ' ' {
			out = append(out, tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
			continue
		}
		out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return out
}

func keyMsg(n string) tea.KeyMsg {
	special := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "esc": tea.KeyEsc, "up": tea.KeyUp, "down": tea.KeyDown,
		"left": tea.KeyLeft, "right": tea.KeyRight, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
		"backspace": tea.KeyBackspace, "ctrl+c": tea.KeyCtrlC, "ctrl+s": tea.KeyCtrlS, "ctrl+n": tea.KeyCtrlN, "ctrl+p": tea.KeyCtrlP,
		"pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp, "space": tea.KeySpace, "home": tea.KeyHome, "end": tea.KeyEnd,
	}
	if k, ok := special[n]; ok {
		return tea.KeyMsg{Type: k}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(n)}
}
