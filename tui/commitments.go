package tui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dealcoach/coaching"
	"dealcoach/store"
)

type commitmentKeys struct {
	Done, NotDone, Dropped, Continue key.Binding
}

func newCommitmentKeys() commitmentKeys {
	return commitmentKeys{
		Done:     key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "done")),
		NotDone:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "not done")),
		Dropped:  key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "dropped")),
		Continue: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "on to the deals")),
	}
}

// commitments opens a 1:1 with what was agreed last time: the last focus
// ("practised?", commitmentsfocus.go) and the next steps agreed in earlier
// sessions, which the manager marks done, not done or dropped (DESIGN §1,
// rule 4), one key each. With neither it gives way to the first deal at
// once.
type commitments struct {
	c     *common
	sid   int64
	keys  commitmentKeys
	fkeys focusKeys

	fr      focusReview
	evIn    textinput.Model
	evPre   prefill
	editing bool

	loaded bool
	rep    coaching.Rep
	items  []coaching.Action
	deals  map[int64]string
	list   listView
	width  int
	height int
}

type commitmentsLoadedMsg struct {
	rep   coaching.Rep
	items []coaching.Action
	deals map[int64]string
	focus focusReview
}

func newCommitments(c *common, sessionID int64) screen {
	s := &commitments{c: c, sid: sessionID, keys: newCommitmentKeys(), fkeys: newFocusKeys(), evIn: newEvidenceInput()}
	s.list = newListView(c.styles, "commitment", s.row)
	s.list.itemLines = 2
	s.SetSize(c.width, c.height)
	return s
}

func (s *commitments) Init() tea.Cmd {
	sid := s.sid
	return s.c.load(func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		sess, err := st.Session(ctx, sid)
		if err != nil {
			return nil, err
		}
		rep, err := st.Rep(ctx, sess.RepID)
		if err != nil {
			return nil, err
		}
		items, err := st.Commitments(ctx, sess.RepID, sid)
		if err != nil {
			return nil, err
		}
		names := map[int64]string{}
		for _, a := range items {
			if a.DealID != 0 && names[a.DealID] == "" {
				d, err := st.Deal(ctx, a.DealID)
				if err != nil {
					return nil, err
				}
				names[d.ID] = d.Name
			}
		}
		focus, err := loadFocusReview(ctx, st, sess)
		if err != nil {
			return nil, err
		}
		return commitmentsLoadedMsg{rep, items, names, focus}, nil
	})
}

func (s *commitments) Typing() bool { return s.editing }

func (s *commitments) SetSize(w, h int) {
	s.width, s.height = w, h
	st := s.c.styles
	inner := w - st.App.GetHorizontalFrameSize()
	s.list.setSize(inner, 0) // the header and the line under the list are cut to the width
	s.list.setSize(inner, h-st.App.GetVerticalFrameSize()-linesOf(s.header())-linesOf(s.none()))
}

// off is where the commitments start in the list: after the focus row.
func (s *commitments) off() int {
	if s.hasFocus() {
		return 1
	}
	return 0
}

func (s *commitments) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case commitmentsLoadedMsg:
		first := !s.loaded
		s.loaded, s.rep, s.items, s.deals = true, msg.rep, msg.items, msg.deals
		if !s.editing {
			s.fr = msg.focus
		}
		s.list.setLen(s.off() + len(s.items))
		s.SetSize(s.width, s.height)
		if first && len(s.items) == 0 && !s.hasFocus() {
			// Nothing to go through: the walk says so on the first deal.
			return s, open(openWalkMsg{session: s.sid, index: 0, noCommitments: true})
		}
	case savedMsg:
		if s.editing {
			return s, nil // a reload would drop what is being typed
		}
		if msg.err != nil {
			// Show what is really stored.
			return s, s.Init()
		}
	case tea.KeyMsg:
		if !s.loaded {
			return s, nil
		}
		if cmd, ok := s.focusKey(msg); ok {
			return s, cmd
		}
		if moved, _ := s.list.update(msg); moved {
			return s, nil
		}
		switch {
		case key.Matches(msg, s.keys.Continue):
			return s, open(openWalkMsg{session: s.sid, noCommitments: len(s.items) == 0})
		case key.Matches(msg, s.keys.Done):
			return s, s.mark(coaching.ActionDone)
		case key.Matches(msg, s.keys.NotDone):
			return s, s.mark(coaching.ActionNotDone)
		case key.Matches(msg, s.keys.Dropped):
			return s, s.mark(coaching.ActionDropped)
		}
		return s, nil
	}
	if s.editing {
		var cmd tea.Cmd
		s.evIn, cmd = s.evIn.Update(msg)
		return s, cmd
	}
	return s, nil
}

// mark sets the selected step's status and moves on to the next; the same
// key again (back on it) opens it again.
func (s *commitments) mark(status coaching.ActionStatus) tea.Cmd {
	i, ok := s.list.selected()
	if !ok || i < s.off() {
		return nil
	}
	a := &s.items[i-s.off()]
	if a.Status == status {
		status = coaching.ActionOpen
	}
	a.Status = status
	if status != coaching.ActionOpen {
		s.list.next()
	}
	id, sid := a.ID, s.sid
	what := fmt.Sprintf("“%s” as %s", trunc(a.Text, 40), statusWord(status))
	// Queued: a quick d then d again on one step lands in that order.
	return s.c.queue(fmt.Sprint("commitment ", id), what, func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		return nil, st.SetActionStatus(ctx, id, status, sid)
	})
}

func statusWord(s coaching.ActionStatus) string {
	switch s {
	case coaching.ActionDone:
		return "done"
	case coaching.ActionNotDone:
		return "not done"
	case coaching.ActionDropped:
		return "dropped"
	}
	return "open"
}

func (s *commitments) statusLabel(status coaching.ActionStatus) string {
	st := s.c.styles
	l := padRight(statusWord(status), 8)
	switch status {
	case coaching.ActionDone:
		return st.Yes.Render(l)
	case coaching.ActionNotDone:
		return st.No.Render(l)
	case coaching.ActionDropped:
		return st.NA.Render(l)
	}
	return st.Muted.Render(padRight("open", 8))
}

// header is the title and how many steps are gone through.
func (s *commitments) header() string {
	st := s.c.styles
	w := s.list.width
	what := "Commitments from earlier 1:1s · "
	if s.hasFocus() {
		what = "Commitments from earlier 1:1s and the last focus · "
	}
	title := st.Title.Render(trunc(what+coaching.SafeLine(s.rep.Name), w))
	if len(s.items) == 0 && !s.hasFocus() {
		return title
	}
	gone := 0
	for _, a := range s.items {
		if a.Status != coaching.ActionOpen {
			gone++
		}
	}
	if s.fr.practised != "" {
		gone++
	}
	return title + "\n" + st.Subtitle.Render(trunc(fmt.Sprintf("What was agreed last time: %d of %d gone through", gone, s.off()+len(s.items)), w)) + "\n"
}

// none says there are no commitments under the focus row.
func (s *commitments) none() string {
	if !s.hasFocus() || len(s.items) > 0 {
		return ""
	}
	return s.c.styles.Muted.Render(trunc("No open commitments from earlier sessions · enter goes to the deals", s.list.width))
}

// row is a step: its status and text, then who owns it, when it is due,
// when it was agreed and on which deal.
func (s *commitments) row(i, w int) listRow {
	st := s.c.styles
	if i < s.off() {
		return s.focusRow(w)
	}
	a := s.items[i-s.off()]
	label := s.statusLabel(a.Status) + " "
	textW := w - lipgloss.Width(label)
	var facts []string
	if a.Carried > 0 {
		facts = append(facts, fmt.Sprintf("carried %d×", a.Carried))
	}
	facts = append(facts, "owner: "+string(a.Owner))
	now := s.c.now()
	if !a.Due.IsZero() {
		due := "due " + a.Due.Short(now)
		if d := a.Due.DaysUntil(now); d < 0 && a.Status == coaching.ActionOpen {
			due += fmt.Sprintf(" (%d days late)", -d)
		}
		facts = append(facts, due)
	}
	facts = append(facts, "agreed "+a.CreatedAt.Format("Jan 2"))
	if n := s.deals[a.DealID]; n != "" {
		facts = append(facts, coaching.SafeLine(n))
	}
	return listRow{text: label + trunc(coaching.SafeLine(a.Text), textW),
		more: []string{repeat(" ", lipgloss.Width(label)) + st.Muted.Render(trunc(strings.Join(facts, " · "), textW))}}
}

func (s *commitments) View() string {
	st := s.c.styles
	if !s.loaded {
		return st.App.Render(st.Muted.Render("Loading commitments…"))
	}
	if len(s.items) == 0 && !s.hasFocus() {
		w := s.list.width
		return st.App.Render(s.header() + "\n\n" + st.Bold.Render("No open commitments from earlier sessions.") + "\n" +
			st.Muted.Render(trunc("Press enter to go through the deals.", w)))
	}
	return st.App.Render(joinBlocks(s.header(), s.list.View(), s.none()))
}

func (s *commitments) ShortHelp() []key.Binding {
	if s.editing {
		return []key.Binding{s.fkeys.Save, s.fkeys.Cancel}
	}
	if s.onFocus() {
		return []key.Binding{s.fkeys.Yes, s.fkeys.Partly, s.fkeys.No, s.fkeys.Evidence, s.keys.Continue}
	}
	k := s.keys
	has := len(s.items) > 0
	k.Done.SetEnabled(has)
	k.NotDone.SetEnabled(has)
	k.Dropped.SetEnabled(has)
	return []key.Binding{k.Done, k.NotDone, k.Dropped, k.Continue}
}

func (s *commitments) FullHelp() [][]key.Binding {
	if s.editing {
		return [][]key.Binding{{s.fkeys.Save, s.fkeys.Cancel}}
	}
	k, f := s.keys, s.fkeys
	has := len(s.items) > 0
	k.Done.SetEnabled(has)
	k.NotDone.SetEnabled(has)
	k.Dropped.SetEnabled(has)
	out := [][]key.Binding{s.list.navKeys()}
	if s.hasFocus() {
		out = append(out, []key.Binding{short(f.Yes, "last focus: practised"), short(f.Partly, "last focus: partly"),
			short(f.No, "last focus: not practised"), short(f.Evidence, "last focus: what shows it")})
	}
	return append(out, []key.Binding{k.Done, k.NotDone, k.Dropped}, []key.Binding{k.Continue})
}
