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

type teamKeys struct {
	Up, Down, Open key.Binding
}

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
	keys    teamKeys
	rows    []teamRow
	overall []coaching.StageScore
	loaded  bool
	cur     cursor
	width   int
	height  int
}

func newTeam(c *common) screen {
	t := &team{c: c, keys: teamKeys{
		Up:   keyUp,
		Down: keyDown,
		Open: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open rep")),
	}}
	t.SetSize(c.width, c.height)
	t.updateKeys()
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
	from := now.AddDate(0, 0, -coaching.DefaultWindowDays)
	facts, err := st.TeamFacts(ctx, from, now.Add(time.Second))
	if err != nil {
		return teamLoadedMsg{}, err
	}
	msg := teamLoadedMsg{rows: make([]teamRow, len(reps))}
	sums := make([]coaching.Summary, len(reps))
	for i, r := range reps {
		sums[i] = coaching.Summarize(pb, r.Name, facts[r.ID], now, coaching.DefaultWindowDays)
		msg.rows[i] = teamRow{rep: r, sum: sums[i]}
	}
	msg.overall = coaching.Team(pb, coaching.DefaultWindowDays, sums).Overall
	return msg, nil
}

func (t *team) Typing() bool { return false }

// Lines around the rep rows: title, subtitle, blank, heading; then a
// blank, the team line and the legend below.
const teamChromeLines = 4 + 3

func (t *team) SetSize(w, h int) {
	t.width, t.height = w, h
	t.cur.setRows(h - teamChromeLines)
}

func (t *team) updateKeys() {
	t.keys.Open.SetEnabled(len(t.rows) > 0)
	t.keys.Up.SetEnabled(len(t.rows) > 1)
	t.keys.Down.SetEnabled(len(t.rows) > 1)
}

func (t *team) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case teamLoadedMsg:
		t.rows, t.overall, t.loaded = msg.rows, msg.overall, true
		t.cur.setLen(len(t.rows))
		t.updateKeys()
	case tea.KeyMsg:
		if t.cur.move(msg) {
			return t, nil
		}
		if key.Matches(msg, t.keys.Open) && len(t.rows) > 0 {
			return t, open(openRepMsg{t.rows[t.cur.pos].rep.ID})
		}
	}
	return t, nil
}

// columns sizes the rep name and the stage cells to the window.
func (t *team) columns(w int) (nameW, cellW int) {
	n := len(t.c.pb.Groups())
	cellW = min(14, max(6, (w-2-14)/n))
	nameW = min(30, max(8, w-2-cellW*n))
	return nameW, cellW
}

func (t *team) View() string {
	st := t.c.styles
	w := max(10, t.width-2)
	var b strings.Builder
	b.WriteString(st.Title.Render("Team") + st.Muted.Render(fmt.Sprintf(" · stage strength, last %d days", coaching.DefaultWindowDays)) + "\n")
	if !t.loaded {
		b.WriteString(st.Muted.Render("Scoring every rep's answers…"))
		return st.App.Render(b.String())
	}
	if len(t.rows) == 0 {
		b.WriteString(st.Muted.Render("No reps yet. Go back and press a to add one."))
		return st.App.Render(b.String())
	}
	b.WriteString(st.Subtitle.Render(trunc(fmt.Sprintf("%d reps · yes ÷ answers per stage; unsure counts against · enter opens the rep", len(t.rows)), w)) + "\n\n")

	nameW, cellW := t.columns(w)
	head := "  " + padRight("Rep", nameW)
	for _, g := range t.c.pb.Groups() {
		name := coaching.SafeLine(g.Name)
		if f := strings.Fields(name); len(f) > 1 && lipgloss.Width(name) > cellW-1 {
			name = f[0] // "Every deal" → "Every" in a narrow column
		}
		head += " " + padLeft(name, cellW-1)
	}
	b.WriteString(st.Header.Render(trunc(head, w)) + "\n")

	from, to := t.cur.visible()
	for i := from; i < to; i++ {
		r := t.rows[i]
		name := padRight(coaching.SafeLine(r.rep.Name), nameW)
		if i == t.cur.pos {
			name = st.Cursor.Render("› ") + st.Selected.Render(name)
		} else {
			name = "  " + name
		}
		b.WriteString(trunc(name+t.cells(r.sum.Stages, cellW), w) + "\n")
	}
	// The team row follows the reps; with more reps than fit it stays in sight.
	b.WriteString("\n")
	b.WriteString(trunc("  "+st.Bold.Render(padRight("Whole team", nameW))+t.cells(t.overall, cellW), w) + "\n")
	legend := fmt.Sprintf("! weak, under %.0f%%   · not enough evidence, under %d answers   n/e no answers",
		t.c.pb.WeakBelow*100, t.c.pb.MinAnswers)
	b.WriteString(st.Muted.Render(trunc(legend, w)))
	return st.App.Render(b.String())
}

// cells draws one row of stage cells: the percent and a marker that reads
// without colour ("!" weak, "·" too few answers, "n/e" none).
func (t *team) cells(stages []coaching.StageScore, cellW int) string {
	st := t.c.styles
	var b strings.Builder
	for _, s := range stages {
		var text string
		style := st.Muted
		switch {
		case s.Strength == nil:
			text = "n/e  "
		case s.Weak:
			text, style = fmt.Sprintf("%3.0f%% !", *s.Strength*100), st.Heat[0]
		case !s.Enough:
			text = fmt.Sprintf("%3.0f%% ·", *s.Strength*100)
		default:
			text, style = fmt.Sprintf("%3.0f%%  ", *s.Strength*100), heatStyle(st, *s.Strength)
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
	return []key.Binding{t.keys.Open, t.keys.Up, t.keys.Down}
}

func (t *team) FullHelp() [][]key.Binding {
	return [][]key.Binding{{t.keys.Up, t.keys.Down, keyPgDown, keyPgUp, keyTop, keyBottom, t.keys.Open}}
}
