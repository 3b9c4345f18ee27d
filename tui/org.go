package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dealcoach/coaching"
	"dealcoach/orgstore"
)

// orgLoadedMsg is the roll-up read from the org database, or why not.
type orgLoadedMsg struct {
	managers []orgstore.Manager
	err      error
}

// org is the director's screen (issue 16): managers × stages, each with
// how coaching and commitments go, from the organisation's database. It
// reads the same numbers as `summary --org` for the last 90 days.
type org struct {
	c        *common
	managers []orgstore.Manager
	cols     []coaching.StageScore // every manager's stage groups, first seen first
	loaded   bool
	problem  string // the one line shown when the database could not be read
	list     listView
	nameLen  int // the widest manager name, in cells
	width    int
	height   int
}

func newOrg(c *common) screen {
	o := &org{c: c}
	o.list = newListView(c.styles, "manager", o.row)
	o.list.itemLines = 3
	o.list.filterable("manager name", o.name)
	o.SetSize(c.width, c.height)
	return o
}

func (o *org) Init() tea.Cmd {
	ctx, url, now := o.c.ctx, o.c.orgURL, o.c.now()
	return func() tea.Msg {
		ms, err := orgstore.Rollup(ctx, url, orgstore.Window{Now: now, Days: coaching.DefaultWindowDays})
		return orgLoadedMsg{ms, err}
	}
}

func (o *org) name(i int) string { return coaching.SafeLine(o.managers[i].Name) }

func (o *org) Typing() bool { return o.list.Typing() }

// CatchesEsc: esc clears a filter before it leaves.
func (o *org) CatchesEsc() bool { return o.list.filtered() }

func (o *org) activeList() *listView { return &o.list }

func (o *org) SetSize(w, h int) {
	o.width, o.height = w, h
	o.list.fitBetween(w, h, o.header, o.footer)
}

func (o *org) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case orgLoadedMsg:
		o.loaded = true
		if msg.err != nil {
			// Rollup's errors never carry the password; one line, made safe.
			o.problem = coaching.SafeLine(strings.Join(strings.Fields(msg.err.Error()), " "))
			return o, nil
		}
		o.managers, o.cols = msg.managers, orgstore.StageColumns(msg.managers)
		o.nameLen = longestName(len(o.managers), o.name)
		o.list.setLen(len(o.managers))
		o.SetSize(o.width, o.height)
	case tea.KeyMsg:
		if moved, _ := o.list.update(msg); moved {
			return o, nil
		}
		if i, ok := o.list.selected(); ok && key.Matches(msg, o.list.keys.Choose) {
			return o, open(openOrgManagerMsg{o.managers[i]})
		}
	}
	return o, nil
}

// columns sizes the manager name and the stage cells to the window.
func (o *org) columns(w int) (nameW, cellW int) {
	return heatColumns(w, len(o.cols), o.nameLen)
}

func (o *org) View() string {
	st := o.c.styles
	w := o.list.width
	switch {
	case !o.loaded:
		return st.App.Render(o.header(w) + "\n" + st.Muted.Render("loading…"))
	case o.problem != "":
		return st.App.Render(o.header(w) + "\n" + st.Error.Render(trunc(o.problem, w)))
	case len(o.managers) == 0:
		return st.App.Render(o.header(w) + "\n" + st.Muted.Render("No manager has published yet."))
	}
	return st.App.Render(joinBlocks(o.header(w), o.list.View(), o.footer(w)))
}

func (o *org) header(w int) string {
	st := o.c.styles
	title := st.Title.Render("Organisation") + st.Muted.Render(fmt.Sprintf(" · stage strength, last %d days", coaching.DefaultWindowDays))
	if !o.loaded || len(o.managers) == 0 {
		return title
	}
	nameW, cellW := o.columns(w)
	head := repeat(" ", lipgloss.Width(listMark)) + padRight("Manager", nameW) + stageHeads(o.cols, cellW)
	return title + "\n" + st.Subtitle.Render(trunc(countNoun(len(o.managers), "manager")+" · yes ÷ answers per stage over all their reps · enter shows the reps", w)) +
		"\n\n" + st.Header.Render(trunc(head, w))
}

func (o *org) footer(w int) string {
	if !o.loaded || len(o.managers) == 0 {
		return ""
	}
	return "\n" + o.c.styles.Muted.Render(trunc("! weak   · not enough evidence   n/e no answers", w))
}

// row is a manager's stage cells, and under them how coaching and
// commitments go.
func (o *org) row(i, w int) listRow {
	m := o.managers[i]
	nameW, cellW := o.columns(w + lipgloss.Width(listMark))
	stages := make([]coaching.StageScore, len(o.cols))
	for j, c := range o.cols {
		stages[j] = m.Stage(c.Key)
	}
	figs := managerFigures(m, coaching.DefaultWindowDays)
	muted := func(s string, w int) string { return o.c.styles.Muted.Render(trunc(s, w)) }
	return listRow{
		text: padRight(coaching.SafeLine(m.Name), nameW),
		tail: trunc(stageCells(o.c.styles, stages, cellW), w-nameW),
		more: []string{muted("  "+figs[0], w), muted("  "+figs[1], w)},
	}
}

// managerFigures is a manager's coaching, then next steps and
// commitments: two lines.
func managerFigures(m orgstore.Manager, days int) [2]string {
	coachingLine := fmt.Sprintf("%s · 1:1s %.1f per rep a month · ride-alongs %.1f a month",
		countNoun(len(m.Reps), "rep"), m.PerRepMonth(days), m.RideAlongsPerMonth(days))
	if n := len(m.NoOneOnOne30); n > 0 {
		coachingLine += fmt.Sprintf(" · %d without a 1:1 in 30 days", n)
	}
	owned := "no next steps"
	if s := m.ManagerShare(); s != nil {
		owned = fmt.Sprintf("manager owns %d%% of next steps", percent(*s))
	}
	return [2]string{coachingLine, fmt.Sprintf("%s · commitments %d done, %d not done, %d dropped", owned, m.Done, m.NotDone, m.Dropped)}
}

// stageHeads are the stage names over cells of cellW.
func stageHeads(cols []coaching.StageScore, cellW int) string {
	var b strings.Builder
	for _, c := range cols {
		name := coaching.SafeLine(c.Name)
		if f := strings.Fields(name); len(f) > 1 && lipgloss.Width(name) > cellW-1 {
			name = f[0] // "Every deal" → "Every" in a narrow column
		}
		b.WriteString(" " + padLeft(name, cellW-1))
	}
	return b.String()
}

func (o *org) ShortHelp() []key.Binding {
	if o.list.Typing() {
		return o.list.navKeys()
	}
	nav := o.list.navKeys()
	return []key.Binding{o.list.choose("manager's reps"), nav[0], nav[1], o.list.keys.Filter}
}

func (o *org) FullHelp() [][]key.Binding {
	return [][]key.Binding{o.list.navKeys(), {o.list.choose("show the manager's reps")}}
}
