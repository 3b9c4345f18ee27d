package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dealcoach/coaching"
	"dealcoach/store"
)

// teamRow is one rep's line of the heat map.
type teamRow struct {
	rep coaching.Rep
	sum coaching.Summary
}

type teamLoadedMsg struct {
	rows    []teamRow
	overall []coaching.StageScore
}

// team is the reps × stages heat map of 90-day stage strength.
type team struct {
	c       *common
	rows    []teamRow
	overall []coaching.StageScore
	loaded  bool
	nameLen int // the longest rep name, for the name column
	list    listView
	width   int
	height  int
}

func newTeam(c *common) screen {
	t := &team{c: c}
	t.list = newListView(c.styles, "rep", t.row)
	t.list.filterable("rep name", func(i int) string { return coaching.SafeLine(t.rows[i].rep.Name) })
	t.SetSize(c.width, c.height)
	return t
}

func (t *team) Init() tea.Cmd {
	pb, now := t.c.pb, t.c.now()
	return t.c.load(func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		return loadTeam(ctx, st, pb, now)
	})
}

// loadTeam scores every rep's last 90 days, and the team as a whole.
func loadTeam(ctx context.Context, st *store.Store, pb *coaching.Playbook, now time.Time) (teamLoadedMsg, error) {
	reps, err := st.Reps(ctx)
	if err != nil {
		return teamLoadedMsg{}, err
	}
	// Counts, not answers: the rows show the window's stages alone.
	_, from, to := coaching.SummaryWindows(now, coaching.DefaultWindowDays)
	counts, err := st.TeamSummaryCounts(ctx, from, from, to)
	if err != nil {
		return teamLoadedMsg{}, err
	}
	msg := teamLoadedMsg{rows: make([]teamRow, len(reps))}
	sums := make([]coaching.Summary, len(reps))
	for i, r := range reps {
		var c []coaching.Count
		if counts[r.ID] != nil {
			c = counts[r.ID].Now
		}
		sums[i] = coaching.SummarizeCounts(pb, r.Name, now, coaching.DefaultWindowDays, c, nil, nil)
		msg.rows[i] = teamRow{rep: r, sum: sums[i]}
	}
	msg.overall = coaching.Team(pb, coaching.DefaultWindowDays, sums).Overall
	return msg, nil
}

func (t *team) Typing() bool { return t.list.Typing() }

// CatchesEsc: esc clears a filter before it leaves.
func (t *team) CatchesEsc() bool { return t.list.filtered() }

func (t *team) activeList() *listView { return &t.list }

func (t *team) SetSize(w, h int) {
	t.width, t.height = w, h
	t.list.fitBetween(w, h, t.header, t.footer)
}

func (t *team) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case teamLoadedMsg:
		t.rows, t.overall, t.loaded = msg.rows, msg.overall, true
		t.nameLen = longestName(len(t.rows), func(i int) string { return coaching.SafeLine(t.rows[i].rep.Name) })
		t.list.setLen(len(t.rows))
		t.SetSize(t.width, t.height)
	case tea.KeyMsg:
		if moved, cmd := t.list.update(msg); moved {
			t.SetSize(t.width, t.height)
			return t, cmd
		}
		if i, ok := t.list.selected(); ok && key.Matches(msg, t.list.keys.Choose) {
			return t, open(openRepMsg{t.rows[i].rep.ID})
		}
	}
	return t, nil
}

// columns sizes the rep name and the stage cells to the window.
func (t *team) columns(w int) (nameW, cellW int) {
	return heatColumns(w, len(t.c.pb.Groups()), t.nameLen)
}

// heatColumns sizes a heat map's name column and its stage cells to the
// window, for the team and the organisation's screens alike: names as wide
// as the longest (or "Whole team"), the cells beside them.
func heatColumns(w, stages, longest int) (nameW, cellW int) {
	n := max(1, stages)
	cellW = min(14, max(6, (w-2-14)/n))
	nameW = nameColumn(w-2-cellW*n, max(longest, lipgloss.Width("Whole team")), 8)
	return nameW, cellW
}

func (t *team) View() string {
	st := t.c.styles
	w := t.list.width
	switch {
	case !t.loaded:
		return st.App.Render(t.header(w) + "\n" + st.Muted.Render("Scoring every rep's answers…"))
	case len(t.rows) == 0:
		return st.App.Render(t.header(w) + "\n" + st.Muted.Render("No reps yet. Go back and press a to add one."))
	}
	return st.App.Render(joinBlocks(t.header(w), t.list.View(), t.footer(w)))
}

// header is the title, what the cells mean and the stage names.
func (t *team) header(w int) string {
	st := t.c.styles
	title := st.Title.Render("Team") + st.Muted.Render(fmt.Sprintf(" · stage strength, last %d days", coaching.DefaultWindowDays))
	if !t.loaded || len(t.rows) == 0 {
		return title
	}
	nameW, cellW := t.columns(w)
	head := repeat(" ", lipgloss.Width(listMark)) + padRight("Rep", nameW)
	for _, g := range t.c.pb.Groups() {
		name := coaching.SafeLine(g.Name)
		if f := strings.Fields(name); len(f) > 1 && lipgloss.Width(name) > cellW-1 {
			name = f[0] // "Every deal" → "Every" in a narrow column
		}
		head += " " + padLeft(name, cellW-1)
	}
	return title + "\n" + st.Subtitle.Render(trunc(countNoun(len(t.rows), "rep")+" · yes ÷ answers per stage; unsure counts against · enter opens the rep", w)) +
		"\n\n" + st.Header.Render(trunc(head, w))
}

// footer follows the reps: the team row, in sight however many reps
// there are, and the legend.
func (t *team) footer(w int) string {
	if !t.loaded || len(t.rows) == 0 {
		return ""
	}
	st := t.c.styles
	nameW, cellW := t.columns(w)
	legend := fmt.Sprintf("! weak, under %.0f%%   · not enough evidence, under %d answers   n/e no answers",
		t.c.pb.WeakBelow*100, t.c.pb.MinAnswers)
	return "\n" + trunc(repeat(" ", lipgloss.Width(listMark))+st.Bold.Render(padRight("Whole team", nameW))+t.cells(t.overall, cellW), w) + "\n" +
		st.Muted.Render(trunc(legend, w))
}

// row is a rep's name and stage cells.
func (t *team) row(i, w int) listRow {
	r := t.rows[i]
	nameW, cellW := t.columns(w + lipgloss.Width(listMark))
	return listRow{text: padRight(coaching.SafeLine(r.rep.Name), nameW), tail: trunc(t.cells(r.sum.Stages, cellW), w-nameW)}
}

func (t *team) cells(stages []coaching.StageScore, cellW int) string {
	return stageCells(t.c.styles, stages, cellW)
}

// stageCells draws one row of stage cells: the percent and a marker that
// reads without colour ("!" weak, "·" too few answers, "n/e" none). The
// team and org screens share it.
func stageCells(st Styles, stages []coaching.StageScore, cellW int) string {
	var b strings.Builder
	for _, s := range stages {
		var text string
		style := st.Muted
		switch {
		case s.Strength == nil:
			text = "n/e  "
		case s.Weak:
			text, style = fmt.Sprintf("%3d%% !", percent(*s.Strength)), st.Heat[0]
		case !s.Enough:
			text = fmt.Sprintf("%3d%% ·", percent(*s.Strength))
		default:
			text, style = fmt.Sprintf("%3d%%  ", percent(*s.Strength)), heatStyle(st, *s.Strength)
		}
		b.WriteString(" " + style.Render(padLeft(text, cellW-1)))
	}
	return b.String()
}

// heatStyle colours a strength that is not weak: the colour only repeats
// what the number says.
func heatStyle(st Styles, v float64) lipgloss.Style {
	switch {
	case v < 0.6:
		return st.Heat[1]
	case v < 0.8:
		return st.Heat[2]
	}
	return st.Heat[3]
}

func (t *team) ShortHelp() []key.Binding {
	if t.list.Typing() {
		return t.list.navKeys()
	}
	nav := t.list.navKeys()
	return []key.Binding{t.list.choose("open rep"), nav[0], nav[1], t.list.keys.Filter}
}

func (t *team) FullHelp() [][]key.Binding {
	return [][]key.Binding{t.list.navKeys(), {t.list.choose("open the rep's page")}}
}
