package tui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"dealcoach/coaching/demo"
	"dealcoach/store"
)

// sampleTeam writes the demo generator's team into st at the test clock.
func sampleTeam(t *testing.T, st *store.Store, reps int) {
	t.Helper()
	ctx := context.Background()
	pb, err := st.Playbook(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cfg := demo.Config{Reps: reps, DealsPerRep: 6, SessionsPerRep: 4, Seed: 1, Now: testNow}
	if err := st.Load(ctx, func(l *store.Loader) error { return demo.Generate(cfg, pb, l) }); err != nil {
		t.Fatal(err)
	}
}

func TestHomeFirstRun(t *testing.T) {
	m := newTestModel(t, openTestStore(t), 80, 24)
	drive(t, m)
	v := m.View()
	for _, want := range []string{"No reps yet", "a  add a rep", "dealcoach import deals.csv", "dealcoach --demo"} {
		if !strings.Contains(v, want) {
			t.Errorf("first-run screen lacks %q", want)
		}
	}
	teatest.RequireEqualOutput(t, []byte(v))

	// a adds a rep by hand, and the list replaces the first-run text.
	drive(t, m, append(keys("a"), append(typed("Dana Ruiz"), keys("enter")...)...)...)
	reps, err := m.c.st.Reps(context.Background())
	if err != nil || len(reps) != 1 || reps[0].Name != "Dana Ruiz" {
		t.Fatalf("reps after adding one = %v, %v", reps, err)
	}
	if v := m.View(); !strings.Contains(v, "1 rep · pick one to coach") || !strings.Contains(v, "Dana Ruiz") {
		t.Errorf("home after adding a rep:\n%s", v)
	}
}

func TestHomeTeam(t *testing.T) {
	st := openTestStore(t)
	sampleTeam(t, st, 6)
	m := newTestModel(t, st, 80, 24)
	drive(t, m, keys("j")...)
	teatest.RequireEqualOutput(t, []byte(m.View()))
}

func TestHomeFilter(t *testing.T) {
	st := openTestStore(t)
	sampleTeam(t, st, 6)
	m := newTestModel(t, st, 80, 24)
	drive(t, m, append(keys("/"), typed("ok")...)...)
	v := m.View()
	if !strings.Contains(v, "Sam Okafor") || strings.Contains(v, "Dana Ruiz") {
		t.Fatalf("filter \"ok\" should leave Sam Okafor only:\n%s", v)
	}
	// While the filter has focus, q is typed, not quit.
	_, cmd := m.Update(keyMsg("q"))
	if cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Fatal("q quit while typing a filter")
		}
	}
	drive(t, m, keys("backspace", "enter")...)
	if !strings.Contains(m.View(), "Sam Okafor") {
		t.Fatal("enter lost the filter")
	}
	drive(t, m, keys("esc")...)
	if v := m.View(); !strings.Contains(v, "Dana Ruiz") || !strings.Contains(v, "Sam Okafor") {
		t.Fatalf("esc should clear the filter:\n%s", v)
	}
	drive(t, m, keys("enter")...) // opens the selected rep
	if _, ok := m.top().(*repScreen); !ok {
		t.Fatalf("enter opened %T, want the rep's page", m.top())
	}
}

// A window made taller shows reps whose weakest stage was not asked for
// yet; the resize must load them rather than leave "…" until a key.
func TestHomeResizeLoadsWeakest(t *testing.T) {
	st := openTestStore(t)
	sampleTeam(t, st, 40)
	m := newTestModel(t, st, 80, 16)
	drive(t, m)
	_, cmd := m.Update(tea.WindowSizeMsg{Width: 80, Height: 60})
	run(t, m, cmd)
	for _, line := range strings.Split(m.View(), "\n") {
		if strings.HasSuffix(strings.TrimSpace(line), "…") {
			t.Fatalf("a rep's weakest stage is still loading after the resize:\n%s", m.View())
		}
	}
}

func TestTooSmall(t *testing.T) {
	m := newTestModel(t, openTestStore(t), 59, 16)
	drive(t, m)
	if v := m.View(); !strings.Contains(v, "too small") || !strings.Contains(v, "at least 60×16") {
		t.Fatalf("59×16 should say the window is too small:\n%s", v)
	}
	m.Update(tea.WindowSizeMsg{Width: 60, Height: 16})
	if v := m.View(); strings.Contains(v, "too small") || !strings.Contains(v, "No reps yet") {
		t.Fatalf("60×16 should show the app:\n%s", v)
	}
}

// ctrl+c while a save is under way waits for it, then quits.
func TestQuitWaitsForSaves(t *testing.T) {
	st := openTestStore(t)
	m := newTestModel(t, st, 80, 24)
	drive(t, m, keys("a")...)
	drive(t, m, typed("Lee Park")...)
	_, save := m.Update(keyMsg("enter")) // the save is pending, not yet run
	if _, cmd := m.Update(keyMsg("ctrl+c")); cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Fatal("ctrl+c quit before the pending save finished")
		}
	}
	if !strings.Contains(m.View(), "Finishing saves") {
		t.Errorf("the screen should say it is finishing saves:\n%s", m.View())
	}
	_, after := m.Update(save())
	if after == nil {
		t.Fatal("no quit after the last save landed")
	}
	if _, quit := after().(tea.QuitMsg); !quit {
		t.Fatal("no quit after the last save landed")
	}
	if _, err := st.RepByName(context.Background(), "Lee Park"); err != nil {
		t.Fatalf("the save did not land: %v", err)
	}
}

// On an empty database the help offers only what can be done: add a rep.
func TestHomeHelpOnEmptyDatabase(t *testing.T) {
	m := newTestModel(t, openTestStore(t), 80, 24)
	drive(t, m, keys("?")...)
	v := m.View()
	if !strings.Contains(v, "add rep") || strings.Contains(v, "start a 1:1") || strings.Contains(v, "team view") {
		t.Fatalf("help on an empty database:\n%s", v)
	}
}

// Adding a rep selects them on home once the form closes, even under a
// filter that would hide them (the filter is cleared), and on a team
// longer than the window.
func TestAddingARepSelectsIt(t *testing.T) {
	st := openTestStore(t)
	sampleTeam(t, st, 40)
	m := newTestModel(t, st, 80, 24)
	drive(t, m, append(keys("/"), typed("ok")...)...)
	drive(t, m, keys("enter", "a")...)
	drive(t, m, append(typed("Zoe Zimmer"), keys("enter")...)...)
	h := topAs[*home](t, m)
	i, ok := h.list.selected()
	if !ok || h.rows[i].Rep.Name != "Zoe Zimmer" {
		t.Fatalf("selected %v %v after adding Zoe Zimmer:\n%s", i, ok, m.View())
	}
	if h.list.filtered() {
		t.Error("the filter still hides the new rep")
	}
	if v := m.View(); !strings.Contains(v, "› Zoe Zimmer") {
		t.Errorf("the new rep is not in view and marked:\n%s", v)
	}
	// enter opens the new rep's page.
	drive(t, m, keys("enter")...)
	if r := topAs[*repScreen](t, m); r.data == nil || r.data.rep.Name != "Zoe Zimmer" {
		t.Errorf("enter opened %+v", r.data)
	}
}

// In a wide window the figures stay next to the rep's name: the name
// column stops at 40 cells.
func TestHomeWide(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m := newTestModel(t, st, 200, 40)
	drive(t, m)
	for _, line := range strings.Split(m.View(), "\n") {
		if i := strings.Index(line, "Dana Ruiz"); i >= 0 {
			if j := strings.Index(line, "$"); j < 0 || j-i > 40+homeNumW+homePipeW {
				t.Errorf("pipeline %d cells from the name: %q", j-i, line)
			}
			return
		}
	}
	t.Errorf("no Dana Ruiz:\n%s", m.View())
}
