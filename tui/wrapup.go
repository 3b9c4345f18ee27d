package tui

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dealcoach/coaching"
	"dealcoach/store"
)

type wrapupKeys struct {
	Focus, Skill, Export, End, Back, SaveFocus, Cancel key.Binding
}

func newWrapupKeys() wrapupKeys {
	return wrapupKeys{
		Focus:     key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "type focus")),
		Skill:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "another skill")),
		Export:    key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "export")),
		End:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "end 1:1")),
		Back:      key.NewBinding(key.WithKeys("[", "shift+tab"), key.WithHelp("[", "last deal")),
		SaveFocus: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save focus skill")),
		Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// wrapup closes a 1:1: this session's stage strength beside the rep's
// baseline, the gaps found, the next steps and who owns them, the focus
// skill until next time, and the recap to hand over.
type wrapup struct {
	c    *common
	sid  int64
	keys wrapupKeys

	loaded          bool
	wrapupLoadedMsg // the session, rep, scores and next steps as loaded

	focus      textinput.Model
	pre        prefill // the focus skill the input was filled with
	typing     bool
	suggest    coaching.FocusSuggestion
	hasSuggest bool
	pick       int // the skill c showed last, in skillOrder; -1 before c
	exported   string
	busy       bool
}

type wrapupLoadedMsg struct {
	sess    coaching.Session
	rep     coaching.Rep
	reviews int
	now     coaching.Summary
	base    coaching.Summary
	steps   []coaching.Action
	names   map[int64]string
	// last is the focus in force from earlier 1:1s, set in lastSet.
	last    string
	lastSet coaching.Session
	// repGaps are the gaps in view between the rep's prep and this 1:1.
	repGaps []string
}

type recapExportedMsg struct{ path string }
type sessionEndedMsg struct{}

func newWrapup(c *common, sessionID int64) screen {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = 200
	in.Placeholder = "one skill to practise until next time"
	in.Cursor.SetMode(cursorMode)
	w := &wrapup{c: c, sid: sessionID, keys: newWrapupKeys(), focus: in, pick: -1}
	w.SetSize(c.width, c.height)
	return w
}

func (w *wrapup) Init() tea.Cmd {
	sid, pb, now := w.sid, w.c.pb, w.c.now()
	return w.c.load(func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		var m wrapupLoadedMsg
		var err error
		// The scores on screen compare with the last 90 days, so both use
		// the current playbook; the recap file uses the session's own.
		head, err := loadSessionHead(ctx, st, sid)
		if err != nil {
			return nil, err
		}
		m.sess, m.rep = head.sess, head.rep
		reviews, err := st.Reviews(ctx, sid)
		if err != nil {
			return nil, err
		}
		m.reviews = len(reviews)
		m.names = make(map[int64]string, len(reviews))
		for _, r := range reviews {
			d, err := st.Deal(ctx, r.DealID)
			if err != nil {
				return nil, err
			}
			m.names[d.ID] = d.Name
		}
		facts, err := st.SessionFacts(ctx, sid)
		if err != nil {
			return nil, err
		}
		m.now = coaching.Score(pb, facts, time.Time{}, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
		from := now.AddDate(0, 0, -coaching.DefaultWindowDays)
		base, err := st.Facts(ctx, m.sess.RepID, from, now.Add(time.Second))
		if err != nil {
			return nil, err
		}
		m.base = coaching.Summarize(pb, m.rep.Name, base, now, coaching.DefaultWindowDays)
		if m.steps, err = st.Actions(ctx, sid); err != nil {
			return nil, err
		}
		if m.last, m.lastSet, _, err = st.LastFocus(ctx, m.sess.RepID, sid); err != nil {
			return nil, err
		}
		m.repGaps, err = repGaps(ctx, st, pb, m.sess, reviews, m.names)
		return m, err
	})
}

func (w *wrapup) Typing() bool { return w.typing }

func (w *wrapup) SetSize(width, h int) { w.focus.Width = max(10, width-26) }

func (w *wrapup) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case wrapupLoadedMsg:
		first := !w.loaded
		w.loaded, w.wrapupLoadedMsg = true, msg
		w.suggest, w.hasSuggest = coaching.SuggestFocus(w.c.pb, w.base)
		if first {
			w.pre = prefillLine(&w.focus, w.focusStart())
		}
		return w, nil
	case savedMsg:
		w.busy = false
		if msg.err != nil {
			return w, nil
		}
		switch r := msg.result.(type) {
		case recapExportedMsg:
			w.exported = r.path
		case sessionEndedMsg:
			return w, back
		}
		return w, nil
	case tea.KeyMsg:
		if !w.loaded || w.busy {
			return w, nil
		}
		if w.typing {
			switch {
			case key.Matches(msg, w.keys.Cancel):
				w.typing = false
				w.focus.Blur()
				w.pre = prefillLine(&w.focus, w.sess.FocusSkill)
				return w, nil
			case key.Matches(msg, w.keys.SaveFocus):
				w.typing = false
				w.focus.Blur()
				return w, w.saveFocus()
			}
			var cmd tea.Cmd
			w.focus, cmd = w.focus.Update(msg)
			return w, cmd
		}
		switch {
		case key.Matches(msg, w.keys.Skill):
			w.nextSkill()
			return w, w.saveFocus()
		case key.Matches(msg, w.keys.Focus):
			w.typing = true
			w.focus.CursorEnd()
			return w, w.focus.Focus()
		case key.Matches(msg, w.keys.Back):
			return w, open(openWalkMsg{session: w.sid, index: max(0, w.reviews-1)})
		case key.Matches(msg, w.keys.Export):
			return w, w.export()
		case key.Matches(msg, w.keys.End):
			return w, w.end()
		}
		return w, nil
	}
	if w.typing {
		var cmd tea.Cmd
		w.focus, cmd = w.focus.Update(msg)
		return w, cmd
	}
	return w, nil
}

// export writes the shared recap (no private notes) to a new 0600 file,
// after saving the focus skill shown, so the file says what the screen says.
func (w *wrapup) export() tea.Cmd {
	name := fmt.Sprintf("dealcoach-%s-%s.md", slug(w.rep.Name), w.sess.StartedAt.Format("2006-01-02"))
	sid := w.sid
	v, changed := w.focusValue()
	w.sess.FocusSkill = v
	w.busy = true
	return w.c.exportRecap(sid, name, func(ctx context.Context, st *store.Store) error {
		if !changed {
			return nil
		}
		return st.SetFocusSkill(ctx, sid, v)
	})
}

func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if s == "" {
		return "rep"
	}
	return s
}

// end saves the focus skill shown and ends the session.
func (w *wrapup) end() tea.Cmd {
	sid := w.sid
	v, changed := w.focusValue()
	w.busy = true
	return w.c.saveResult("1:1 with "+w.rep.Name+" ended", func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		if changed {
			if err := st.SetFocusSkill(ctx, sid, v); err != nil {
				return nil, err
			}
		}
		return sessionEndedMsg{}, st.EndSession(ctx, sid)
	})
}

func (w *wrapup) View() string {
	st := w.c.styles
	if !w.loaded {
		return st.App.Render(st.Muted.Render("Loading the wrap-up…"))
	}
	width := w.c.width - 2
	var b strings.Builder
	title := fmt.Sprintf("Wrap-up · 1:1 with %s · %s · %s", w.rep.Name, w.sess.StartedAt.Format("Jan 2"), countNoun(w.reviews, "deal"))
	title = coaching.SafeLine(title)
	if el := w.c.now().Sub(w.sess.StartedAt); el >= 0 && el < 3*time.Hour {
		title += fmt.Sprintf(" · %d of %d min", int(el.Minutes()), w.sess.TimeboxMinutes)
	}
	b.WriteString(st.Title.Render(trunc(title, width)) + "\n\n")

	// Stage strength: this session beside the last 90 days.
	const nameW = 13
	colW := min(40, (width-nameW-2)/2)
	b.WriteString(st.Header.Render(padRight("Stage", nameW)+" "+padRight("This session", colW)+" "+padRight("Last 90 days", colW)) + "\n")
	for i, s := range w.now.Stages {
		base := w.base.Stages[i]
		b.WriteString(padRight(coaching.SafeLine(s.Name), nameW) + " " + padRight(w.strength(s, colW, true), colW) + " " + w.strength(base, colW, false) + "\n")
	}
	lines := 2 + 1 + len(w.now.Stages)

	var gaps []coaching.ItemScore
	for _, it := range w.now.WeakestItems {
		if it.Gaps() > 0 {
			gaps = append(gaps, it)
		}
	}
	mgr, warn := coaching.ManagerOwned(w.steps)
	// Fixed lines below the table: blank + gaps heading, blank + steps
	// heading, the warning, blank + focus line, the last line: why the
	// suggested skill (a second line when there is room) or a hint.
	fixed := lines + 2 + 2 + 2 + 1
	if warn {
		fixed++
	}
	inView, nInView := w.gapsInView(width)
	fixed += nInView
	var why []string
	if w.exported == "" && !w.typing {
		why = w.whyLines(width, 1+min(1, max(0, w.c.height-fixed-4)))
		fixed += max(0, len(why)-1)
	}
	spare := max(2, w.c.height-fixed)
	nGaps := min(len(gaps), max(1, spare/2))
	nSteps := min(len(w.steps), max(1, spare-max(1, nGaps)))

	b.WriteString("\n" + st.Bold.Render("Gaps found this session") + st.Muted.Render(" · answered no or unsure") + "\n")
	if len(gaps) == 0 {
		b.WriteString(st.Muted.Render("  None: every question answered was a yes (or n.a.).") + "\n")
	}
	for i := 0; i < nGaps; i++ {
		it := gaps[i]
		if i == nGaps-1 && nGaps < len(gaps) {
			b.WriteString(st.Muted.Render(fmt.Sprintf("  … and %d more", len(gaps)-i)) + "\n")
			break
		}
		var n []string
		if it.No > 0 {
			n = append(n, fmt.Sprintf("%d no", it.No))
		}
		if it.Unsure > 0 {
			n = append(n, fmt.Sprintf("%d unsure", it.Unsure))
		}
		line := "  " + coaching.SafeLine(w.c.pb.StageName(it.Stage)+" · "+it.Question)
		suffix := " — " + strings.Join(n, ", ")
		b.WriteString(trunc(line, width-len(suffix)) + st.Muted.Render(suffix) + "\n")
	}

	b.WriteString(inView)
	heading := fmt.Sprintf("Next steps agreed: %d", len(w.steps))
	if len(w.steps) > 0 {
		heading += fmt.Sprintf(" · rep %d · you %d", len(w.steps)-mgr, mgr)
	}
	b.WriteString("\n" + st.Bold.Render(heading) + "\n")
	if warn {
		b.WriteString(st.Warning.Render(trunc("⚠ "+coaching.OwnershipWarning(w.steps), width)) + "\n")
	}
	if len(w.steps) == 0 {
		b.WriteString(st.Muted.Render("  None agreed. Go back to a deal ([) and press a to add one.") + "\n")
	}
	now := w.c.now()
	for i := 0; i < nSteps; i++ {
		a := w.steps[i]
		if i == nSteps-1 && nSteps < len(w.steps) {
			b.WriteString(st.Muted.Render(fmt.Sprintf("  … and %d more", len(w.steps)-i)) + "\n")
			break
		}
		facts := []string{string(a.Owner)}
		if !a.Due.IsZero() {
			facts = append(facts, "due "+a.Due.Short(now))
		}
		if n := w.names[a.DealID]; n != "" {
			facts = append(facts, coaching.SafeLine(n))
		}
		suffix := " — " + strings.Join(facts, " · ")
		b.WriteString(trunc("  • "+coaching.SafeLine(a.Text)+st.Muted.Render(suffix), width) + "\n")
	}

	label := "Focus skill for " + coaching.SafeLine(firstName(w.rep.Name)) + ": "
	b.WriteString("\n" + st.Bold.Render(trunc(label, 24)))
	if w.typing {
		b.WriteString(w.focus.View() + "\n")
	} else if v := w.focus.Value(); v != "" {
		note := w.focusNote(w.pre.kept(v))
		vw := width - lipgloss.Width(label)
		b.WriteString(trunc(coaching.SafeLine(v), vw-lipgloss.Width(note)) + st.Muted.Render(trunc(note, vw)) + "\n")
	} else {
		b.WriteString(st.Muted.Render("none · c to pick a skill, f to type one") + "\n")
	}

	switch {
	case w.exported != "":
		b.WriteString(st.Good.Render(trunc("Recap exported (shared notes only): "+w.exported, width)))
	case w.typing:
		b.WriteString(st.Muted.Render(trunc("enter saves the focus skill · esc leaves it as it was", width)))
	case len(why) > 0:
		b.WriteString(st.Muted.Render(strings.Join(why, "\n")))
	default:
		b.WriteString(st.Muted.Render(trunc("w exports the recap for the rep · enter ends the 1:1", width)))
	}
	return st.App.Render(b.String())
}

// strength is one cell of the stage table: a bar and the share of yes, or
// why there is none. Words, not colour, say weak.
func (w *wrapup) strength(s coaching.StageScore, colW int, session bool) string {
	st := w.c.styles
	if s.Strength == nil {
		return st.Muted.Render("—")
	}
	barW := max(4, min(20, colW-16))
	bar := strengthBar(st, *s.Strength, barW)
	cell := fmt.Sprintf(" %3d%% (%d)", percent(*s.Strength), s.Answers())
	switch {
	case !session && !s.Enough:
		return st.Muted.Render(fmt.Sprintf("not enough evidence (%d)", s.Answers()))
	case s.Weak:
		return bar + cell + " " + st.Weak.Render("weak")
	}
	return bar + cell
}

func firstName(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return name
}

func (w *wrapup) ShortHelp() []key.Binding {
	if w.typing {
		return []key.Binding{w.keys.SaveFocus, w.keys.Cancel}
	}
	return []key.Binding{w.keys.Skill, w.keys.Focus, w.keys.Export, w.keys.End, w.keys.Back}
}

func (w *wrapup) FullHelp() [][]key.Binding {
	if w.typing {
		return [][]key.Binding{{w.keys.SaveFocus, w.keys.Cancel}}
	}
	long := func(b key.Binding, desc string) key.Binding {
		b.SetHelp(b.Help().Key, desc)
		return b
	}
	return [][]key.Binding{
		{long(w.keys.Skill, "another of the playbook's skills as the focus"), long(w.keys.Focus, "type the focus skill for the rep"),
			long(w.keys.Export, "export the recap as Markdown (shared notes only)")},
		{long(w.keys.End, "end the 1:1"), long(w.keys.Back, "back to the last deal")},
	}
}
