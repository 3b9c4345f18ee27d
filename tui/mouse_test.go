package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// TestWalkWheel: the mouse wheel scrolls the deal walk, down to its notes
// and back up to the first question.
func TestWalkWheel(t *testing.T) {
	st := openTestStore(t)
	seedCoaching(t, st)
	m, _ := startSession(t, st, 80, 24)
	v := m.View()
	for _, want := range []string{"The customer reviewed the business case", "1–14 of 20 lines"} {
		if !strings.Contains(v, want) {
			t.Fatalf("walk before the wheel lacks %q:\n%s", want, v)
		}
	}
	drive(t, m, wheel(true), wheel(true), wheel(true))
	v = m.View()
	if strings.Contains(v, "The customer reviewed the business case") || !strings.Contains(v, "Private — only you") ||
		!strings.Contains(v, "7–20 of 20 lines") {
		t.Errorf("the wheel did not scroll the walk down to its notes:\n%s", v)
	}
	drive(t, m, wheel(false), wheel(false), wheel(false))
	v = m.View()
	if !strings.Contains(v, "The customer reviewed the business case") || !strings.Contains(v, "1–14 of 20 lines") {
		t.Errorf("the wheel did not scroll the walk back up:\n%s", v)
	}
}

// TestListClickAndWheel: a click selects the row under it; the wheel
// scrolls a list that does not fit.
func TestListClickAndWheel(t *testing.T) {
	st := openTestStore(t)
	seedRepPage(t, st)
	m := openTeam(t, st, 80, 24)
	tm := topAs[*team](t, m)
	// Title, what the cells mean, a blank and the column heads: rows start
	// on line 4. Reps by name: Ana, Dana, Lee, Sam.
	drive(t, m, tea.MouseMsg{X: 10, Y: 6, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if i, _ := tm.list.selected(); tm.rows[i].rep.Name != "Lee Park" {
		t.Errorf("a click on line 6 selected %s, want Lee Park", tm.rows[i].rep.Name)
	}
	// A click off the rows (the legend) changes nothing.
	drive(t, m, tea.MouseMsg{X: 10, Y: 1, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if i, _ := tm.list.selected(); tm.rows[i].rep.Name != "Lee Park" {
		t.Errorf("a click on the header moved the selection to %s", tm.rows[i].rep.Name)
	}

	st2 := openTestStore(t)
	sampleTeam(t, st2, 40)
	m = newTestModel(t, st2, 80, 24)
	drive(t, m)
	h := topAs[*home](t, m)
	from, _ := h.list.cur.visible()
	drive(t, m, wheel(true))
	if f, _ := h.list.cur.visible(); f != from+3 {
		t.Errorf("one notch down shows rows from %d, want %d", f, from+3)
	}
	if !strings.Contains(m.View(), "4–") {
		t.Errorf("the hint does not say the rows moved:\n%s", m.View())
	}
}

// wheel is a notch of the mouse wheel, down or up.
func wheel(down bool) tea.MouseMsg {
	b := tea.MouseButtonWheelUp
	if down {
		b = tea.MouseButtonWheelDown
	}
	return tea.MouseMsg{Button: b, Action: tea.MouseActionPress}
}
