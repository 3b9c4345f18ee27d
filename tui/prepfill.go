package tui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
)

// PrepFill is `dealcoach prep fill`: the rep answers their prep, first
// where they want help and their pick, then each deal in the walk's
// checklist, in a rep mode with no manager data (no notes, no manager
// answers, no history) and no database: the questions come from the file,
// and each answer goes back into it as it is given. "saved" shows only
// once the file holds it.
type PrepFill struct {
	c     *common
	prep  *coaching.Prep
	pb    *coaching.Playbook
	index int
	// asking is the first page: the two open questions.
	asking bool
	ask    *prepAsk
	list   *checklist
	keys   prepFillKeys
	help   help.Model
	saver  *prepSaver
	gen    int
	msg    string
}

type prepFillKeys struct {
	Next, Prev, Quit, ToDeals key.Binding
}

// prepSaver writes in order: a save that an older one overtakes is
// dropped, so the file always ends with the newest answers.
type prepSaver struct {
	mu    sync.Mutex
	done  int
	write func(*coaching.Prep) error
}

type prepSavedMsg struct {
	what string
	err  error
}

// NewPrepFill builds the rep's checklist over p; save writes p's answers
// back to the file.
func NewPrepFill(p *coaching.Prep, save func(*coaching.Prep) error, now func() time.Time) *PrepFill {
	if now == nil {
		now = time.Now
	}
	pb := p.PrepPlaybook()
	c := &common{ctx: context.Background(), pb: pb, styles: DefaultStyles(), now: now, pending: new(int)}
	m := &PrepFill{c: c, prep: p, pb: pb, saver: &prepSaver{write: save}, help: help.New(),
		keys: prepFillKeys{
			Next:    key.NewBinding(key.WithKeys("]", "tab"), key.WithHelp("]/tab", "next deal")),
			Prev:    key.NewBinding(key.WithKeys("[", "shift+tab"), key.WithHelp("[", "previous deal")),
			Quit:    key.NewBinding(key.WithKeys("q", "esc", "ctrl+c"), key.WithHelp("q", "done")),
			ToDeals: key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "on to the deals")),
		}}
	m.ask, m.asking = newPrepAsk(c.styles, p), true
	m.help.Styles.ShortKey = c.styles.Key
	m.list = newChecklist(c, checklistOpts{evidence: true}, func(l *checklist) []clRow {
		return append(l.stageRows(), l.everyRows()...)
	})
	m.showDeal(0)
	return m
}

// RunPrepFill runs the rep's checklist on the terminal until the rep is
// done; every answer is already written by then.
func RunPrepFill(ctx context.Context, p *coaching.Prep, save func(*coaching.Prep) error) error {
	if len(p.Deals) == 0 {
		return fmt.Errorf("the prep holds no deals to answer")
	}
	return runGuarded(NewPrepFill(p, save, nil), tea.WithAltScreen(), tea.WithContext(ctx))
}

func (m *PrepFill) showDeal(i int) {
	if len(m.prep.Deals) == 0 {
		return
	}
	m.index = min(max(0, i), len(m.prep.Deals)-1)
	d := m.prep.Deals[m.index]
	var answers []coaching.Answer
	for _, it := range d.Items {
		if it.Value != "" {
			answers = append(answers, coaching.Answer{Stage: it.Group, Item: it.Key, Value: it.Value, Evidence: it.Evidence})
		}
	}
	stage, _ := m.pb.Stage(d.Stage)
	m.list.setDeal(m.pb, stage, answers, nil)
	m.list.cur.offset = 0
	m.list.setPos(0)
	m.layout()
}

func (m *PrepFill) Init() tea.Cmd { return m.ask.setFocus(m.ask.focus) }

func (m *PrepFill) layout() {
	m.ask.setSize(m.c.width - 2)
	m.list.setSize(m.c.width-2, 0)
	m.list.setHeight(max(1, m.c.height-lineCount(m.top())-lineCount(m.bottom())))
}

func lineCount(s string) int { return strings.Count(s, "\n") + 1 }

func (m *PrepFill) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.width, m.c.height = msg.Width, msg.Height
		m.help.Width = msg.Width
		m.layout()
		return m, nil
	case prepSavedMsg:
		if msg.err != nil {
			m.msg = "not saved: " + coaching.SafeLine(msg.err.Error())
		} else if msg.what != "" {
			m.msg = "saved · " + msg.what
		}
		return m, nil
	case tea.KeyMsg:
		if m.asking {
			return m, m.updateAsk(msg)
		}
		if !m.list.Typing() {
			switch {
			case key.Matches(msg, m.keys.Quit):
				return m, tea.Sequence(m.save(""), tea.Quit)
			case key.Matches(msg, m.keys.Next):
				m.showDeal(m.index + 1)
				return m, nil
			case key.Matches(msg, m.keys.Prev) && m.index == 0:
				m.asking = true
				return m, m.ask.setFocus(askDeal)
			case key.Matches(msg, m.keys.Prev):
				m.showDeal(m.index - 1)
				return m, nil
			}
		} else if msg.Type == tea.KeyCtrlC {
			return m, tea.Sequence(m.save(m.record(m.list.Flush())), tea.Quit)
		}
	}
	changed, cmd := m.list.Update(msg)
	m.layout()
	if what := m.record(changed); what != "" {
		return m, tea.Batch(cmd, m.save(what))
	}
	return m, cmd
}

// updateAsk takes the keys of the first page: the page's own, then, when
// no text field has them, on to the deals and done.
func (m *PrepFill) updateAsk(msg tea.KeyMsg) tea.Cmd {
	if m.ask.Typing() && msg.Type == tea.KeyCtrlC {
		return tea.Sequence(m.save(m.ask.commit()), tea.Quit)
	}
	if !m.ask.Typing() {
		switch {
		case key.Matches(msg, m.keys.Quit):
			return tea.Sequence(m.save(""), tea.Quit)
		case key.Matches(msg, m.keys.ToDeals):
			m.asking = false
			m.showDeal(0)
			return nil
		}
	}
	what, cmd := m.ask.update(msg)
	if what != "" {
		return tea.Batch(cmd, m.save(what))
	}
	return cmd
}

// record puts a change of the checklist into the prep and says it in
// words; "" when there was none.
func (m *PrepFill) record(changed tea.Msg) string {
	d := &m.prep.Deals[m.index]
	set := func(item string, v coaching.Value, evidence string) {
		for i := range d.Items {
			if d.Items[i].Key == item {
				d.Items[i].Value, d.Items[i].Evidence = v, evidence
			}
		}
	}
	switch ch := changed.(type) {
	case checklistAnsweredMsg:
		set(ch.answer.Item, ch.answer.Value, ch.answer.Evidence)
		return ch.what
	case checklistClearedMsg:
		set(ch.item, "", "")
		return ch.what
	}
	return ""
}

// save writes a copy of the answers as they are now, in a command; what
// is the change it holds, said once it is written.
func (m *PrepFill) save(what string) tea.Cmd {
	m.gen++
	gen, snap, s := m.gen, clonePrep(m.prep), m.saver
	return func() tea.Msg {
		s.mu.Lock()
		defer s.mu.Unlock()
		if gen < s.done {
			return nil
		}
		s.done = gen
		return prepSavedMsg{what: what, err: s.write(snap)}
	}
}

func clonePrep(p *coaching.Prep) *coaching.Prep {
	c := *p
	c.Picks = append([]coaching.PrepPick(nil), p.Picks...)
	c.Deals = make([]coaching.PrepDeal, len(p.Deals))
	for i, d := range p.Deals {
		d.Items = append([]coaching.PrepItem(nil), d.Items...)
		c.Deals[i] = d
	}
	return &c
}

func (m *PrepFill) top() string {
	st := m.c.styles
	width := m.c.width - 2
	var lines []string
	if m.asking {
		lines = []string{st.Title.Render(trunc("Your prep · before the deals", width)),
			st.Label.Render(trunc(fmt.Sprintf("Two questions for your 1:1, then your %s", countNoun(len(m.prep.Deals), "deal")), width))}
	} else {
		d := m.prep.Deals[m.index]
		title := st.Title.Render(trunc(fmt.Sprintf("Your prep · deal %d of %d: %s", m.index+1, len(m.prep.Deals), dealTitle(coaching.Deal{Name: d.Name, Account: d.Account})), width))
		lines = []string{title, st.Label.Render(trunc("Stage: "+coaching.SafeLine(d.StageName)+" · your own view of the deal, for your 1:1", width))}
	}
	if m.prep.Focus != "" {
		lines = append(lines, trunc(st.Label.Render("The skill you are working on: ")+coaching.SafeLine(m.prep.Focus), width))
	}
	return strings.Join(lines, "\n")
}

func (m *PrepFill) bottom() string {
	st := m.c.styles
	width := m.c.width - 2
	var b strings.Builder
	if e := m.list.EditorView(); e != "" && !m.asking {
		b.WriteString(e + "\n")
	}
	hint := m.msg
	switch {
	case hint != "":
	case m.asking:
		hint = "each answer is saved into the file as you give it"
	default:
		hint = "y yes · n no · u unsure · x n.a. · e evidence · each answer is saved into the file"
	}
	b.WriteString(st.Muted.Render(m.list.hintLine(coaching.SafeLine(hint), width)) + "\n")
	b.WriteString(m.help.ShortHelpView(m.ShortHelp()))
	return b.String()
}

func (m *PrepFill) View() string {
	if m.c.width == 0 {
		return ""
	}
	if m.asking {
		return m.top() + "\n\n" + m.ask.View() + "\n\n" + m.bottom()
	}
	return m.top() + "\n" + m.list.View() + "\n" + m.bottom()
}

// ShortHelp is the footer: the checklist's keys, then moving between deals.
func (m *PrepFill) ShortHelp() []key.Binding {
	k := m.list.keys
	if m.asking {
		if m.ask.Typing() {
			return m.ask.shortHelp()
		}
		return append(m.ask.shortHelp(), m.keys.ToDeals, m.keys.Quit)
	}
	if m.list.Typing() {
		return []key.Binding{k.SaveEvidence, k.Cancel}
	}
	return []key.Binding{k.Answer, k.Evidence, m.keys.Next, m.keys.Prev, m.keys.Quit}
}
