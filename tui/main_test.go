package tui

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dealcoach/store"
)

// testNow is the fixed clock of every screen test.
var testNow = time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	// Golden files must not depend on the terminal or the zone tests run in.
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	time.Local = time.UTC
	os.Exit(m.Run())
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
	m, err := New(context.Background(), st, Options{Now: func() time.Time { return testNow }})
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

// run executes cmd and feeds its messages back, depth first. Ticks and the
// cursor blink are dropped: they would never end.
func run(t testing.TB, m *Model, cmd tea.Cmd) {
	t.Helper()
	if cmd == nil || isTimer(cmd) {
		return
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			run(t, m, c)
		}
		return
	case tea.QuitMsg:
		return
	}
	if isSequence(msg) {
		for _, c := range sequenceCmds(msg) {
			run(t, m, c)
		}
		return
	}
	if skipMsg(msg) {
		return
	}
	_, next := m.Update(msg)
	run(t, m, next)
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
		"backspace": tea.KeyBackspace, "ctrl+c": tea.KeyCtrlC, "ctrl+s": tea.KeyCtrlS,
		"pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp, "space": tea.KeySpace, "home": tea.KeyHome, "end": tea.KeyEnd,
	}
	if k, ok := special[n]; ok {
		return tea.KeyMsg{Type: k}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(n)}
}

// isSequence spots tea.Sequence's message, whose type is unexported.
func isSequence(msg tea.Msg) bool {
	t := reflect.TypeOf(msg)
	return t.Kind() == reflect.Slice && t.Name() == "sequenceMsg"
}

func sequenceCmds(msg tea.Msg) []tea.Cmd {
	v := reflect.ValueOf(msg)
	out := make([]tea.Cmd, v.Len())
	for i := range out {
		out[i], _ = v.Index(i).Interface().(tea.Cmd)
	}
	return out
}

// skipMsg drops timer messages: cursor blinks and the clock tick.
func skipMsg(msg tea.Msg) bool {
	t := reflect.TypeOf(msg)
	return strings.Contains(t.PkgPath(), "charmbracelet/bubbles") || t.Name() == "tickMsg"
}

// isTimer spots commands that wait for a clock — the cursor blink and
// tea.Tick — by the name of their function, so tests never sleep on them.
func isTimer(cmd tea.Cmd) bool {
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	return strings.Contains(name, "charmbracelet/bubbles/cursor") ||
		strings.Contains(name, "bubbletea.Tick") || strings.Contains(name, "bubbletea.Every")
}
