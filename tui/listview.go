package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// listKeys are the keys a list takes, for its screen's help.
type listKeys struct {
	Up, Down, PgUp, PgDown, Top, Bottom, Choose, Filter key.Binding
	// While the filter is being typed.
	KeepFilter, ClearFilter key.Binding
}

func newListKeys() listKeys {
	return listKeys{Up: keyUp, Down: keyDown, PgUp: keyPgUp, PgDown: keyPgDown, Top: keyTop, Bottom: keyBottom,
		Choose:      keyEnter,
		Filter:      keyFilter,
		KeepFilter:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
	}
}

// listRow is one item as its screen draws it. The list puts the selected
// mark before text and highlights it; tail follows on the same line as it
// is, and more are the item's further lines.
type listRow struct {
	text, tail string
	more       []string
	// lead is how many runes of text come before the item's filter text
	// ("[ ] " before a deal's name), so the marks land on its letters.
	lead int
}

// listMark is the selected row's mark; other rows get as many spaces.
const listMark = "› "

// listView is the list every screen's list is built on: it owns the
// selected row, the rows in view, the "1–20 of 310 reps" hint and the /
// filter, and draws only the rows in view (DESIGN §9). The screen draws
// each row through row, given the item and the width after the mark.
type listView struct {
	st   Styles
	keys listKeys
	cur  cursor
	row  func(item, width int) listRow
	// noun names an item in the hint: "rep" reads "1–20 of 310 reps".
	noun string
	// itemLines is how many lines each item takes.
	itemLines int
	// fill makes the selected row's highlight as wide as the list.
	fill          bool
	width, height int

	total int
	shown []int // the items that match the filter, in order
	// text is what the filter looks in; nil when the list has no filter.
	text    func(item int) string
	filter  textinput.Model
	typing  bool
	noMatch string
	// marks are the letters of each shown item's text the filter matched.
	marks map[int][]int
	// top is the screen line of the first row, for clicks.
	top int
}

func newListView(st Styles, noun string, row func(item, width int) listRow) listView {
	return listView{st: st, keys: newListKeys(), row: row, noun: noun, itemLines: 1}
}

// filterable turns on the / filter: an item stays when text(item) holds
// the letters typed, in order, in any case ("dr" finds Dana Ruiz), best
// matches first. The row should start with text(item) as drawn (already
// made safe) for the matched letters to be marked in it.
func (l *listView) filterable(placeholder string, text func(item int) string) {
	l.text = text
	l.filter = textinput.New()
	l.filter.Prompt = "/ "
	l.filter.Placeholder = placeholder
	l.filter.Cursor.SetMode(cursorMode)
	l.filter.PromptStyle = l.st.Key
	l.filter.PlaceholderStyle = l.st.Muted
	l.noMatch = "Nothing matches the filter."
}

// setLen says how many items there are, after a load; the filter applies
// to them and the selected row stays in range.
func (l *listView) setLen(n int) {
	l.total = n
	l.apply()
}

// setSize gives the list its width and the lines it may take for its rows,
// the hint and the filter.
func (l *listView) setSize(w, h int) {
	l.width, l.height = w, h
	l.filter.Width = max(1, w-lipgloss.Width(l.filter.Prompt)-1)
	l.layout()
}

// fitBetween sizes the list for a screen of w×h in the App frame: the
// lines left between its header and footer, both drawn at the inner width.
func (l *listView) fitBetween(w, h int, header, footer func(width int) string) {
	inner := w - l.st.App.GetHorizontalFrameSize()
	head := linesOf(header(inner))
	l.top = l.st.App.GetPaddingTop() + head
	l.setSize(inner, h-l.st.App.GetVerticalFrameSize()-head-linesOf(footer(inner)))
}

func (l *listView) layout() {
	avail := l.height
	if l.filterShown() {
		avail -= lipgloss.Height(l.filter.View())
	}
	per := max(1, l.itemLines)
	rows := avail / per
	if len(l.shown) > rows {
		rows = (avail - lipgloss.Height(l.hint())) / per
	}
	l.cur.setRows(rows)
}

// len is how many items are shown.
func (l *listView) len() int { return len(l.shown) }

// selected is the item under the cursor.
func (l *listView) selected() (int, bool) {
	if len(l.shown) == 0 {
		return 0, false
	}
	return l.shown[l.cur.pos], true
}

// selectItem puts the cursor on item, when it is shown.
func (l *listView) selectItem(item int) bool {
	for p, i := range l.shown {
		if i == item {
			l.cur.pos = p
			l.cur.clamp()
			return true
		}
	}
	return false
}

// next moves the cursor to the next item; it reports false on the last.
func (l *listView) next() bool {
	if l.cur.pos+1 >= len(l.shown) {
		return false
	}
	l.cur.pos++
	l.cur.clamp()
	return true
}

// inView are the items in view and the pages below, for a screen that
// loads what it shows as it scrolls.
func (l *listView) inView(pagesBelow int) []int {
	from, to := l.cur.visible()
	return l.shown[from:min(len(l.shown), to+pagesBelow*l.cur.rows)]
}

// typing says the filter has the keys.
func (l *listView) Typing() bool { return l.typing }

// filtered says a filter is set; esc clears it.
func (l *listView) filtered() bool { return l.filter.Value() != "" }

func (l *listView) filterShown() bool { return l.typing || l.filtered() }

func (l *listView) clearFilter() {
	l.typing = false
	l.filter.Blur()
	l.filter.SetValue("")
	l.apply()
}

// update handles the list's keys; handled says the key was one of them.
func (l *listView) update(msg tea.KeyMsg) (handled bool, cmd tea.Cmd) {
	if l.typing {
		switch {
		case key.Matches(msg, l.keys.KeepFilter):
			l.typing = false
			l.filter.Blur()
			l.layout()
			return true, nil
		case key.Matches(msg, l.keys.ClearFilter):
			l.clearFilter()
			return true, nil
		}
		l.filter, cmd = l.filter.Update(msg)
		l.apply()
		return true, cmd
	}
	switch {
	case l.text != nil && l.filtered() && key.Matches(msg, l.keys.ClearFilter):
		l.clearFilter()
		return true, nil
	case l.text != nil && l.total > 0 && key.Matches(msg, l.keys.Filter):
		l.typing = true
		l.layout()
		return true, l.filter.Focus()
	}
	return l.cur.move(msg), nil
}

// hint says which items are in view when not all fit.
func (l *listView) hint() string {
	return l.st.Muted.Render(trunc(l.cur.inView(l.noun)+" · ↑/↓ for more", l.width))
}

// View draws the rows in view, the hint and the filter.
func (l *listView) View() string {
	st := l.st
	var b strings.Builder
	gap := repeat(" ", lipgloss.Width(listMark))
	w := max(0, l.width-len(gap))
	from, to := l.cur.visible()
	for p := from; p < to; p++ {
		item := l.shown[p]
		r := l.row(item, w)
		if p == l.cur.pos {
			if l.fill {
				r.text = padRight(r.text, w-lipgloss.Width(r.tail))
			}
			b.WriteString(st.Cursor.Render(listMark) + l.marked(item, r, st.Selected.Render, st.Selected.Underline(true).Render) + r.tail + "\n")
		} else {
			b.WriteString(gap + l.marked(item, r, plain, st.Match.Render) + r.tail + "\n")
		}
		for _, m := range r.more {
			b.WriteString(gap + m + "\n")
		}
	}
	if len(l.shown) == 0 && l.total > 0 {
		b.WriteString(st.Muted.Render(trunc(gap+l.noMatch, l.width)) + "\n")
	}
	if len(l.shown) > to-from {
		b.WriteString(l.hint() + "\n")
	}
	if l.filterShown() {
		b.WriteString(l.filter.View() + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// choose is the list's enter, described for what it does on the screen,
// enabled when an item is selected.
func (l *listView) choose(desc string) key.Binding {
	k := l.keys.Choose
	k.SetHelp(k.Help().Key, desc)
	k.SetEnabled(len(l.shown) > 0)
	return k
}

// navKeys are the list's moving and filter keys for help, enabled as they
// apply; while the filter is typed, its own keys.
func (l *listView) navKeys() []key.Binding {
	k := l.keys
	if l.typing {
		return []key.Binding{k.KeepFilter, k.ClearFilter}
	}
	moves := len(l.shown) > 1
	out := []key.Binding{k.Up, k.Down, k.PgUp, k.PgDown, k.Top, k.Bottom}
	for i := range out {
		out[i].SetEnabled(moves)
	}
	if l.text != nil {
		k.Filter.SetEnabled(l.total > 0)
		k.ClearFilter.SetEnabled(l.filtered())
		out = append(out, k.Filter, k.ClearFilter)
	}
	return out
}

// joinBlocks puts the blocks that are not empty one under the other.
func joinBlocks(blocks ...string) string {
	out := blocks[:0:0]
	for _, b := range blocks {
		if b != "" {
			out = append(out, b)
		}
	}
	return strings.Join(out, "\n")
}

// linesOf is the height of a block as joinBlocks stacks it: none when empty.
func linesOf(block string) int {
	if block == "" {
		return 0
	}
	return lipgloss.Height(block)
}
