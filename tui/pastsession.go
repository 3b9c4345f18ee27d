package tui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"dealcoach/coaching"
	"dealcoach/store"
)

// pastSession shows a past session read-only, from a History row of the
// rep's page: the focus set and the focus review, the commitments gone
// through, each deal's answers by stage and its notes, and the next steps.
// Private notes are hidden until p (the rep may be looking).
type pastSession struct {
	c    *common
	sid  int64
	keys pastKeys

	loaded  bool
	recap   coaching.Recap
	pb      *coaching.Playbook // the playbook the session ran under
	private bool
	top     int // the first line in view
	width   int
	height  int
}

type pastKeys struct {
	Up, Down, PgUp, PgDown, Top, Bottom, Private key.Binding
}

type pastSessionLoadedMsg struct {
	recap coaching.Recap
	pb    *coaching.Playbook
}

func newPastSession(c *common, sessionID int64) screen {
	p := &pastSession{c: c, sid: sessionID, keys: pastKeys{Up: keyUp, Down: keyDown, PgUp: keyPgUp, PgDown: keyPgDown,
		Top: keyTop, Bottom: keyBottom,
		Private: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "show private notes"))}}
	p.SetSize(c.width, c.height)
	return p
}

func (p *pastSession) Init() tea.Cmd {
	sid := p.sid
	return p.c.load(func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		r, err := st.Recap(ctx, sid)
		if err != nil {
			return nil, err
		}
		pb, err := st.PlaybookVersion(ctx, r.Session.PlaybookVersion)
		if err != nil {
			return nil, err
		}
		return pastSessionLoadedMsg{r, pb}, nil
	})
}

func (p *pastSession) Typing() bool { return false }

func (p *pastSession) SetSize(w, h int) {
	p.width, p.height = w, h
	p.scroll(0)
}

// rows is how many lines of the body fit under the title.
func (p *pastSession) rows() int {
	st := p.c.styles
	return max(1, p.height-st.App.GetVerticalFrameSize()-1)
}

// scroll moves the view by n lines, kept in range.
func (p *pastSession) scroll(n int) {
	if !p.loaded {
		return
	}
	last := max(0, len(p.lines())-p.rows())
	p.top = min(max(0, p.top+n), last)
}

func (p *pastSession) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case pastSessionLoadedMsg:
		p.loaded, p.recap, p.pb = true, msg.recap, msg.pb
		p.scroll(0)
	case tea.KeyMsg:
		if !p.loaded {
			return p, nil
		}
		k := p.keys
		switch {
		case key.Matches(msg, k.Up):
			p.scroll(-1)
		case key.Matches(msg, k.Down):
			p.scroll(1)
		case key.Matches(msg, k.PgUp):
			p.scroll(-p.rows())
		case key.Matches(msg, k.PgDown):
			p.scroll(p.rows())
		case key.Matches(msg, k.Top):
			p.top = 0
		case key.Matches(msg, k.Bottom):
			p.scroll(len(p.lines()))
		case key.Matches(msg, k.Private):
			p.private = !p.private
			p.scroll(0)
		}
	}
	return p, nil
}

func (p *pastSession) title() string {
	r := p.recap
	kind := "1:1"
	if r.Session.Kind == coaching.RideAlong {
		kind = "Ride-along"
	}
	t := fmt.Sprintf("%s with %s · %s · %s · read-only", kind, r.Rep, r.Session.StartedAt.Format("Jan 2, 2006"), countNoun(len(r.Deals), "deal"))
	if !r.Session.Ended() {
		t += " · unfinished"
	}
	return coaching.SafeLine(t)
}

// lines is the session as the view scrolls it, each line cut to the width
// (notes and evidence wrap).
func (p *pastSession) lines() []string {
	st := p.c.styles
	r := p.recap
	w := max(1, p.width-st.App.GetHorizontalFrameSize())
	var out []string
	add := func(s string) { out = append(out, trunc(s, w)) }
	wrap := func(indent, s string, style func(...string) string) {
		for _, l := range strings.Split(ansi.Wrap(s, max(1, w-len(indent)), ""), "\n") {
			add(indent + style(l))
		}
	}
	plain := func(s ...string) string { return strings.Join(s, " ") }
	section := func(s string) {
		if len(out) > 0 {
			out = append(out, "")
		}
		add(st.Bold.Render(s))
	}

	section("Focus")
	if r.Session.FocusReviewed != "" {
		q := "Last focus: " + coaching.SafeLine(r.Session.FocusReviewed) + " — practised? "
		ans := st.Muted.Render("not answered")
		switch r.Session.FocusPractised {
		case coaching.OutcomeYes:
			ans = st.Yes.Render("yes")
		case coaching.OutcomePartly:
			ans = st.Unsure.Render("partly")
		case coaching.OutcomeNo:
			ans = st.No.Render("no")
		}
		add("  " + q + ans)
		if r.Session.FocusEvidence != "" {
			wrap("    ", "evidence: "+coaching.SafeLine(r.Session.FocusEvidence), st.Muted.Render)
		}
	}
	if r.FocusSkill != "" {
		add("  Focus set: " + coaching.SafeLine(r.FocusSkill))
	} else {
		add(st.Muted.Render("  No focus set."))
	}

	if len(r.Commitments) > 0 {
		section("Commitments gone through")
		for _, a := range r.Commitments {
			add("  " + padRight(statusWord(a.Status), 9) + coaching.SafeLine(a.Text))
		}
	}

	for _, d := range r.Deals {
		section(coaching.SafeLine(d.Deal.Name) + st.Muted.Render(" · "+coaching.SafeLine(p.pb.StageName(d.Review.Stage))))
		p.answerLines(d, add, wrap)
		if d.Review.SharedNote != "" {
			add(st.Label.Render("  Shared note"))
			for _, l := range strings.Split(coaching.Safe(d.Review.SharedNote), "\n") {
				wrap("    ", l, plain)
			}
		}
		switch {
		case d.Review.PrivateNote == "":
		case p.private:
			add(st.Label.Render("  Private note (yours only)"))
			for _, l := range strings.Split(coaching.Safe(d.Review.PrivateNote), "\n") {
				wrap("    ", l, plain)
			}
		default:
			add(st.Muted.Render("  A private note is hidden · p shows it"))
		}
	}

	section(fmt.Sprintf("Next steps agreed: %d", len(r.Actions)))
	now := p.c.now()
	for _, a := range r.Actions {
		facts := []string{string(a.Owner)}
		if !a.Due.IsZero() {
			facts = append(facts, "due "+a.Due.Short(now))
		}
		add("  • " + coaching.SafeLine(a.Text) + st.Muted.Render(" — "+strings.Join(facts, " · ")))
	}
	return out
}

// answerLines lists a deal's answers by stage, in the playbook's order,
// each with its evidence.
func (p *pastSession) answerLines(d coaching.RecapDeal, add func(string), wrap func(string, string, func(...string) string)) {
	st := p.c.styles
	if len(d.Answers) == 0 {
		add(st.Muted.Render("  No questions answered."))
		return
	}
	byItem := map[string]coaching.Answer{}
	for _, a := range d.Answers {
		byItem[a.Item] = a
	}
	label := map[coaching.Value]string{coaching.Yes: st.Yes.Render("yes   "), coaching.No: st.No.Render("no    "),
		coaching.Unsure: st.Unsure.Render("unsure"), coaching.NA: st.NA.Render("n.a.  ")}
	shown := map[string]bool{}
	for _, g := range p.pb.Groups() {
		first := true
		for _, it := range g.Items {
			a, ok := byItem[it.Key]
			if !ok {
				continue
			}
			if first {
				add(st.Label.Render("  " + coaching.SafeLine(g.Name)))
				first = false
			}
			shown[it.Key] = true
			add("    " + label[a.Value] + " " + coaching.SafeLine(it.Question))
			if a.Evidence != "" {
				wrap("           ", coaching.SafeLine(a.Evidence), st.Muted.Render)
			}
		}
	}
	for _, a := range d.Answers {
		if !shown[a.Item] { // an item the playbook no longer has
			add("    " + label[a.Value] + " " + coaching.SafeLine(a.Item))
		}
	}
}

func (p *pastSession) View() string {
	st := p.c.styles
	if !p.loaded {
		return st.App.Render(st.Muted.Render("Loading the session…"))
	}
	w := max(0, p.width-st.App.GetHorizontalFrameSize())
	lines := p.lines()
	end := min(len(lines), p.top+p.rows())
	body := strings.Join(lines[p.top:end], "\n")
	if len(lines) > p.rows() && p.rows() > 1 {
		more := lines[p.top : end-1]
		body = strings.Join(more, "\n") + "\n" + st.Muted.Render(trunc(fmt.Sprintf("lines %d–%d of %d · ↑/↓ to scroll", p.top+1, end-1, len(lines)), w))
	}
	return st.App.Render(st.Title.Render(trunc(p.title(), w)) + "\n" + body)
}

func (p *pastSession) ShortHelp() []key.Binding {
	k := p.keys
	if p.private {
		k.Private.SetHelp("p", "hide private notes")
	}
	return []key.Binding{joinKeys("scroll", k.Up, k.Down), k.Private}
}

func (p *pastSession) FullHelp() [][]key.Binding {
	k := p.keys
	return [][]key.Binding{{k.Up, k.Down, k.PgUp, k.PgDown, k.Top, k.Bottom}, {k.Private}}
}
