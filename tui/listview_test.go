package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// testList is a list of n deals named "Deal 1" … "Deal n", counting the
// rows it is asked to draw.
func testList(n int, drawn *int) listView {
	l := newListView(DefaultStyles(), "deal", func(i, w int) listRow {
		*drawn++
		return listRow{text: padRight(fmt.Sprintf("Deal %d", i+1), w-10), tail: padLeft(fmt.Sprintf("$%d", (i+1)*1000), 10)}
	})
	l.setLen(n)
	return l
}

func pressList(t *testing.T, l *listView, names ...string) {
	t.Helper()
	for _, n := range names {
		l.update(keyMsg(n))
	}
}

func TestListViewKeys(t *testing.T) {
	var drawn int
	l := testList(50, &drawn)
	l.setSize(40, 10)
	// 50 deals in 10 lines: 9 rows and the hint.
	if l.cur.rows != 9 {
		t.Fatalf("rows = %d, want 9", l.cur.rows)
	}
	steps := []struct {
		keys        []string
		pos, offset int
	}{
		{[]string{"j", "j", "down"}, 3, 0},
		{[]string{"k"}, 2, 0},
		{[]string{"pgdown"}, 11, 3},
		{[]string{"G"}, 49, 41},
		{[]string{"pgup"}, 40, 40},
		{[]string{"g"}, 0, 0},
		{[]string{"up"}, 0, 0},
		{[]string{"end", "j"}, 49, 41},
	}
	for _, s := range steps {
		pressList(t, &l, s.keys...)
		if l.cur.pos != s.pos || l.cur.offset != s.offset {
			t.Errorf("after %v: pos %d offset %d, want %d %d", s.keys, l.cur.pos, l.cur.offset, s.pos, s.offset)
		}
	}
	// Other keys are the screen's.
	if handled, _ := l.update(keyMsg("s")); handled {
		t.Error("s was taken by the list")
	}
	if handled, _ := l.update(keyMsg("/")); handled || l.Typing() {
		t.Error("/ opened a filter on a list without one")
	}
	// Only the rows in view are drawn, whatever the length.
	drawn = 0
	v := l.View()
	if drawn != 9 {
		t.Errorf("drew %d rows for 9 in view", drawn)
	}
	if !strings.Contains(v, "42–50 of 50 deals") || !strings.Contains(v, "› Deal 50") {
		t.Errorf("view at the bottom:\n%s", v)
	}
}

func TestListViewLayout(t *testing.T) {
	var drawn int
	l := testList(5, &drawn)
	l.setSize(40, 10)
	if l.cur.rows != 10 || strings.Contains(l.View(), " of ") {
		t.Errorf("5 deals in 10 lines: rows %d, view\n%s", l.cur.rows, l.View())
	}
	// Items of two lines: 4 of 6 fit in 9 lines with the hint.
	l = testList(6, &drawn)
	l.itemLines = 2
	l.setSize(40, 9)
	if l.cur.rows != 4 {
		t.Errorf("rows = %d, want 4", l.cur.rows)
	}
	if n := strings.Count(l.View(), "\n") + 1; n > 9 {
		t.Errorf("%d lines drawn in 9", n)
	}
	// A window too small for anything still shows the selected row.
	l.setSize(1, 0)
	if l.cur.rows != 1 {
		t.Errorf("rows = %d at height 0", l.cur.rows)
	}
	// next moves on and stops at the last.
	l.setSize(40, 9)
	pressList(t, &l, "G", "k")
	if !l.next() || l.cur.pos != 5 || l.next() || l.cur.pos != 5 {
		t.Errorf("next: pos %d", l.cur.pos)
	}
}

func TestListViewFilter(t *testing.T) {
	var drawn int
	l := testList(30, &drawn)
	l.filterable("deal name", func(i int) string { return fmt.Sprintf("Deal %d", i+1) })
	l.setSize(40, 10)
	pressList(t, &l, "j", "j")
	// (Cursors are static in tests: focusing returns no blink to wait on.)
	if handled, _ := l.update(keyMsg("/")); !handled || !l.Typing() {
		t.Fatalf("/ should start the filter: %v %v", handled, l.Typing())
	}
	// The filter's line comes out of the list's height.
	if l.cur.rows != 8 {
		t.Errorf("rows while typing = %d, want 8", l.cur.rows)
	}
	// Keys go to the filter while typing, j too.
	l.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("2")})
	if got := l.len(); got != 12 { // 2, 12 and 20–29
		t.Errorf("%d deals match 2, want 12", got)
	}
	l.update(keyMsg("j"))
	if l.len() != 0 || !strings.Contains(l.View(), "Nothing matches the filter.") {
		t.Errorf("\"2j\" should match nothing:\n%s", l.View())
	}
	pressList(t, &l, "backspace", "enter")
	if l.Typing() || !l.filtered() || l.len() != 12 {
		t.Errorf("enter should keep the filter: typing %v, %d shown", l.Typing(), l.len())
	}
	if i, ok := l.selected(); !ok || i != 1 {
		t.Errorf("selected %d, want Deal 2 (item 1)", i)
	}
	// Keys move in the filtered list, best matches first (a 2 after the
	// space before one inside 12); selectItem finds an item in it.
	pressList(t, &l, "j")
	if i, _ := l.selected(); i != 19 {
		t.Errorf("j in the filter selected item %d, want 19 (Deal 20)", i)
	}
	if l.selectItem(2) || !l.selectItem(25) {
		t.Error("selectItem should find only the items shown")
	}
	// esc clears the filter once it is kept too.
	if handled, _ := l.update(keyMsg("esc")); !handled || l.filtered() || l.len() != 30 {
		t.Errorf("esc should clear the filter: %v, %d shown", handled, l.len())
	}
	if i, _ := l.selected(); i != 25 {
		t.Errorf("clearing the filter moved the selection to %d", i)
	}
	if handled, _ := l.update(keyMsg("esc")); handled {
		t.Error("esc without a filter is the screen's (back)")
	}
}

// TestListViewGolden draws a filtered list at 80×24 and at 120×60.
func TestListViewGolden(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 60}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			var drawn int
			l := testList(200, &drawn)
			l.filterable("deal name", func(i int) string { return fmt.Sprintf("Deal %d", i+1) })
			l.setSize(sz[0], sz[1])
			pressList(t, &l, "/", "1", "enter", "pgdown", "j")
			teatest.RequireEqualOutput(t, []byte(l.View()))
		})
	}
}
