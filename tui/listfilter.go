package tui

import (
	"slices"
	"strings"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sahilm/fuzzy"
)

// apply filters the items again, keeping the selected one when it stays.
// With a filter the best matches come first (fuzzy's ranking, as
// bubbles/list does); ties keep the list's order.
func (l *listView) apply() {
	sel, had := l.selected()
	q := strings.TrimSpace(l.filter.Value())
	l.shown = l.shown[:0]
	clear(l.marks)
	if q == "" || l.text == nil {
		for i := range l.total {
			l.shown = append(l.shown, i)
		}
	} else {
		texts := make([]string, l.total)
		for i := range texts {
			texts[i] = l.text(i)
		}
		ms := fuzzy.FindNoSort(q, texts)
		slices.SortStableFunc(ms, func(a, b fuzzy.Match) int { return b.Score - a.Score })
		if l.marks == nil {
			l.marks = map[int][]int{}
		}
		for _, m := range ms {
			l.shown = append(l.shown, m.Index)
			l.marks[m.Index] = runeIndexes(m.Str, m.MatchedIndexes)
		}
	}
	l.cur.pos = 0
	if had {
		if p := slices.Index(l.shown, sel); p >= 0 {
			l.cur.pos = p
		}
	}
	l.cur.setLen(len(l.shown))
	l.layout()
}

// runeIndexes turns fuzzy's byte offsets into the runes' places.
func runeIndexes(s string, bytes []int) []int {
	out := make([]int, 0, len(bytes))
	for _, b := range bytes {
		out = append(out, utf8.RuneCountInString(s[:b]))
	}
	return out
}

// marked draws a row's text through base with the letters the filter
// matched through mark. The marks fall where the row still reads as the
// item's text, lead runes in; a name cut short loses the marks past the cut.
func (l *listView) marked(item int, r listRow, base, mark func(...string) string) string {
	idx := l.marks[item]
	if len(idx) == 0 {
		return base(r.text)
	}
	want := []rune(l.text(item))
	var b, run strings.Builder
	flush := func(render func(...string) string) {
		if run.Len() > 0 {
			b.WriteString(render(run.String()))
			run.Reset()
		}
	}
	pos, next := -r.lead, 0 // pos is the place in want
	for i, c := range r.text {
		if pos >= len(want) || pos >= 0 && c != want[pos] {
			flush(base)
			b.WriteString(base(r.text[i:]))
			return b.String()
		}
		if next < len(idx) && idx[next] == pos {
			flush(base)
			run.WriteRune(c)
			flush(mark)
			next++
		} else {
			run.WriteRune(c)
		}
		pos++
	}
	flush(base)
	return b.String()
}

// plain leaves a row's text as the screen drew it.
func plain(s ...string) string { return strings.Join(s, "") }

// mouse handles the wheel (three rows a notch) and a left click on a row
// (selects it); handled says the message was one of them.
func (l *listView) mouse(msg tea.MouseMsg) bool {
	switch {
	case msg.Action != tea.MouseActionPress:
		return false
	case msg.Button == tea.MouseButtonWheelUp:
		l.cur.scroll(-3)
	case msg.Button == tea.MouseButtonWheelDown:
		l.cur.scroll(3)
	case msg.Button == tea.MouseButtonLeft:
		if msg.Y < l.top {
			return false
		}
		p := l.cur.offset + (msg.Y-l.top)/max(1, l.itemLines)
		if from, to := l.cur.visible(); p < from || p >= to {
			return false
		}
		l.cur.pos = p
		l.cur.clamp()
	default:
		return false
	}
	return true
}
