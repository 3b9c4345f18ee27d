package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dealcoach/coaching"
	"dealcoach/orgstore"
)

// orgManager is one manager's reps × stages from the org database: the
// numbers of that manager's own team view (`summary --org --manager`).
type orgManager struct {
	c             *common
	m             orgstore.Manager
	list          listView
	nameLen       int // the widest rep name, in cells
	width, height int
}

func newOrgManager(c *common, m orgstore.Manager) screen {
	o := &orgManager{c: c, m: m}
	o.list = newListView(c.styles, "rep", o.row)
	o.list.filterable("rep name", o.name)
	o.list.setLen(len(m.Reps))
	o.nameLen = longestName(len(m.Reps), o.name)
	o.SetSize(c.width, c.height)
	return o
}

func (o *orgManager) Init() tea.Cmd { return nil }

func (o *orgManager) name(i int) string { return coaching.SafeLine(o.m.Reps[i].Name) }

func (o *orgManager) Typing() bool { return o.list.Typing() }

// CatchesEsc: esc clears a filter before it leaves.
func (o *orgManager) CatchesEsc() bool { return o.list.filtered() }

func (o *orgManager) activeList() *listView { return &o.list }

func (o *orgManager) SetSize(w, h int) {
	o.width, o.height = w, h
	o.list.fitBetween(w, h, o.header, o.footer)
}

func (o *orgManager) Update(msg tea.Msg) (screen, tea.Cmd) {
	if msg, ok := msg.(tea.KeyMsg); ok {
		o.list.update(msg)
	}
	return o, nil
}

func (o *orgManager) columns(w int) (nameW, cellW int) {
	return heatColumns(w, len(o.m.Stages), o.nameLen)
}

func (o *orgManager) View() string {
	st := o.c.styles
	w := o.list.width
	if len(o.m.Reps) == 0 {
		return st.App.Render(o.header(w) + "\n" + st.Muted.Render("No reps published yet."))
	}
	return st.App.Render(joinBlocks(o.header(w), o.list.View(), o.footer(w)))
}

func (o *orgManager) header(w int) string {
	st := o.c.styles
	title := st.Title.Render(coaching.SafeLine(o.m.Name)) + st.Muted.Render(fmt.Sprintf(" · stage strength, last %d days", coaching.DefaultWindowDays))
	if len(o.m.Reps) == 0 {
		return title
	}
	nameW, cellW := o.columns(w)
	head := repeat(" ", lipgloss.Width(listMark)) + padRight("Rep", nameW) + stageHeads(o.m.Stages, cellW)
	figs := managerFigures(o.m, coaching.DefaultWindowDays)
	return title + "\n" + st.Subtitle.Render(trunc(figs[0], w)) + "\n" + st.Subtitle.Render(trunc(figs[1], w)) +
		"\n\n" + st.Header.Render(trunc(head, w))
}

// footer is the manager's whole team, in sight however many reps there
// are, and the legend.
func (o *orgManager) footer(w int) string {
	if len(o.m.Reps) == 0 {
		return ""
	}
	st := o.c.styles
	nameW, cellW := o.columns(w)
	return "\n" + trunc(repeat(" ", lipgloss.Width(listMark))+st.Bold.Render(padRight("Whole team", nameW))+stageCells(st, o.m.Stages, cellW), w) + "\n" +
		st.Muted.Render(trunc("! weak   · not enough evidence   n/e no answers", w))
}

func (o *orgManager) row(i, w int) listRow {
	r := o.m.Reps[i]
	nameW, cellW := o.columns(w + lipgloss.Width(listMark))
	return listRow{text: padRight(coaching.SafeLine(r.Name), nameW), tail: trunc(stageCells(o.c.styles, r.Stages, cellW), w-nameW)}
}

func (o *orgManager) ShortHelp() []key.Binding {
	if o.list.Typing() {
		return o.list.navKeys()
	}
	nav := o.list.navKeys()
	return []key.Binding{nav[0], nav[1], o.list.keys.Filter}
}

func (o *orgManager) FullHelp() [][]key.Binding { return [][]key.Binding{o.list.navKeys()} }
