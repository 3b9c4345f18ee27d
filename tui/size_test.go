package tui

import (
	"fmt"
	"runtime/debug"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/store"
)

// sizeGrid is every window a resize test goes through: every width up to 80
// at the heights where layouts change, every height up to 30 at the widths
// where they change, and large windows up to 500×200.
func sizeGrid() [][2]int {
	var out [][2]int
	for _, h := range []int{1, 2, 3, 4, 5, 6, 8, 10, 15, 16, 17, 24, 30} {
		for w := 1; w <= 80; w++ {
			out = append(out, [2]int{w, h})
		}
	}
	for _, w := range []int{1, 2, 3, 5, 10, 20, 30, 40, 59, 60, 61, 70, 80} {
		for h := 1; h <= 30; h++ {
			out = append(out, [2]int{w, h})
		}
	}
	for _, s := range [][2]int{{120, 40}, {200, 60}, {500, 200}, {500, 1}, {1, 200}, {1, 1}, {80, 24}} {
		out = append(out, s)
	}
	return out
}

// screenStates opens each screen of the app, and the states of a screen
// that lay out differently (an editor open, a filter, another tab), on a
// seeded team. Each returns a fresh model at 80×24.
func screenStates() map[string]func(t *testing.T, st *store.Store) *Model {
	walkAfter := func(extra ...tea.Msg) func(t *testing.T, st *store.Store) *Model {
		return func(t *testing.T, st *store.Store) *Model {
			m, _ := startSession(t, st, 80, 24)
			walkScenario(t, m)
			drive(t, m, extra...)
			return m
		}
	}
	onHome := func(msgs ...tea.Msg) func(t *testing.T, st *store.Store) *Model {
		return func(t *testing.T, st *store.Store) *Model {
			m := newTestModel(t, st, 80, 24)
			drive(t, m, msgs...)
			return m
		}
	}
	return map[string]func(t *testing.T, st *store.Store) *Model{
		"home":           onHome(),
		"home filter":    onHome(append(keys("/"), typed("Da")...)...),
		"home help":      onHome(keys("?")...),
		"add rep":        onHome(keys("a")...),
		"rep deals":      onHome(keys("enter")...),
		"rep tab 2":      onHome(keys("enter", "tab")...),
		"rep tab 3":      onHome(keys("enter", "tab", "tab")...),
		"rep tab 4":      onHome(keys("enter", "tab", "tab", "tab")...),
		"rep tab 5":      onHome(keys("enter", "tab", "tab", "tab", "tab")...),
		"past session":   onHome(keys("enter", "tab", "enter")...),
		"past private":   onHome(keys("enter", "tab", "enter", "p", "G")...),
		"focus evidence": onHome(keys("s", "enter", "e")...),
		"deal form":      onHome(keys("enter", "a")...),
		"team":           onHome(keys("t")...),
		"plan":           onHome(keys("s")...),
		"commitments":    onHome(keys("s", "enter")...),
		"debrief pick":   onHome(keys("r")...),
		"new deal pick":  onHome(keys("r", "up", "enter")...),
		"debrief":        onHome(keys("r", "enter")...),
		"debrief typing": onHome(append(keys("r", "enter"), typed("Get the pilot scope")...)...),
		"debrief after":  onHome(keys("r", "enter", "ctrl+n")...),
		"walk":           func(t *testing.T, st *store.Store) *Model { m, _ := startSession(t, st, 80, 24); return m },
		"walk answered":  walkAfter(),
		"walk note":      walkAfter(append(keys("s"), typed("More about legal")...)...),
		"walk evidence":  walkAfter(keys("g", "e")...),
		// The CRM's suggestion selected; an earlier stage's prompt; a
		// step of this 1:1 selected, then its edit form.
		"walk suggestion": walkAfter(keys("g", "j", "j", "j", "j", "j", "j")...),
		"walk prompt":     walkAfter(keys("G", "k", "k", "k", "k", "k", "k")...),
		"walk step":       walkAfter(keys("g", "j", "j", "j", "j", "j", "j", "j", "j", "j")...),
		"walk edit step":  walkAfter(keys("g", "j", "j", "j", "j", "j", "j", "j", "j", "j", "e")...),
		"next step":       walkAfter(append(keys("a"), typed("Call the CFO")...)...),
		"wrap-up":         walkAfter(keys("w")...),
		"wrap-up focus":   walkAfter(keys("w", "f")...),
	}
}

// TestEverySize resizes every screen through 1×1 … 500×200 and draws it at
// each size, both through the root (which says "too small" below 60×16)
// and the screen itself, which must survive any size too.
func TestEverySize(t *testing.T) {
	grid := sizeGrid()
	for name, open := range screenStates() {
		t.Run(name, func(t *testing.T) {
			st := openTestStore(t)
			seedCoaching(t, st)
			m := open(t, st)
			top := fmt.Sprintf("%T", m.top())
			for _, sz := range grid {
				if err := resizeAndDraw(t, m, sz[0], sz[1]); err != "" {
					t.Fatalf("%s at %d×%d: %s", top, sz[0], sz[1], err)
				}
			}
		})
	}
}

// resizeAndDraw sends the size, runs what it loads and draws; it returns
// the panic, with its stack, if one happened.
func resizeAndDraw(t *testing.T, m *Model, w, h int) (crash string) {
	defer func() {
		if r := recover(); r != nil {
			crash = fmt.Sprintf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	_, cmd := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	run(t, m, cmd)
	m.View()
	m.top().View()
	return ""
}
