package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
)

// prepAsk is the first page of `prep fill`: the prep's two open questions,
// where the rep wants help and the deal they want to spend time on with
// why. The deal is picked among the file's deals. Each answer goes into
// the prep as it is given; the screen that holds the page saves it.
type prepAsk struct {
	st    Styles
	prep  *coaching.Prep
	focus int // askHelp, askDeal or askWhy
	help  textarea.Model
	why   textarea.Model
	pre   prefill // what the open text field was filled with
	deals listView
	keys  prepAskKeys
	width int
}

const (
	askHelp = iota
	askDeal
	askWhy
)

type prepAskKeys struct {
	Save, NextField, PrevField, Cancel, Pick key.Binding
}

func newPrepAsk(st Styles, p *coaching.Prep) *prepAsk {
	a := &prepAsk{st: st, prep: p, help: askArea(), why: askArea(), keys: prepAskKeys{
		Save:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
		NextField: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next question")),
		PrevField: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous")),
		Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "undo typing")),
		Pick:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "pick this deal")),
	}}
	if len(p.Picks) == 0 {
		p.Picks = []coaching.PrepPick{{}}
	}
	a.deals = newListView(st, "deal", a.row)
	a.deals.setLen(len(p.Deals) + 1)
	a.deals.selectItem(a.picked())
	start := askHelp
	if p.Help != "" {
		start = askDeal
	}
	a.setFocus(start)
	return a
}

// askArea is a text field of one paragraph: enter saves, it never breaks
// the line, as the file holds each reply on one line.
func askArea() textarea.Model {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = "┃ "
	ta.CharLimit = 1000
	ta.SetHeight(2)
	ta.KeyMap.InsertNewline.SetEnabled(false)
	ta.Cursor.SetMode(cursorMode)
	return ta
}

// picked is the list row of the rep's pick: 0 for none (or a deal not in
// the file, typed by hand), else 1 + the deal's index.
func (a *prepAsk) picked() int {
	want := strings.TrimSpace(a.prep.Picks[0].Deal)
	if want == "" {
		return 0
	}
	for i, d := range a.prep.Deals {
		if d.CRMID != "" && d.CRMID == want || strings.EqualFold(strings.TrimSpace(d.Name), want) {
			return i + 1
		}
	}
	return 0
}

func (a *prepAsk) row(item, width int) listRow {
	text := "No pick"
	if item > 0 {
		d := a.prep.Deals[item-1]
		text = dealTitle(coaching.Deal{Name: d.Name, Account: d.Account}) + " · " + coaching.SafeLine(d.StageName)
	}
	r := listRow{text: trunc(text, width)}
	if item == a.picked() && item > 0 {
		r.tail = a.st.Saved.Render(" ✓ your pick")
	}
	return r
}

// Typing says a text field has the keys.
func (a *prepAsk) Typing() bool { return a.focus != askDeal }

func (a *prepAsk) setFocus(f int) tea.Cmd {
	a.focus = (f + 3) % 3
	a.help.Blur()
	a.why.Blur()
	switch a.focus {
	case askHelp:
		a.pre = prefillText(&a.help, a.prep.Help)
		return a.help.Focus()
	case askWhy:
		a.pre = prefillText(&a.why, a.prep.Picks[0].Reason)
		return a.why.Focus()
	}
	return nil
}

func (a *prepAsk) setSize(w int) {
	a.width = w
	a.help.SetWidth(max(10, w-2))
	a.why.SetWidth(max(10, w-2))
	a.deals.setSize(w, min(len(a.prep.Deals)+1, 8)+1)
}

// update takes a key. It returns what was answered, in words, when an
// answer changed: the holder saves the prep then.
func (a *prepAsk) update(msg tea.KeyMsg) (changed string, cmd tea.Cmd) {
	if a.focus == askDeal {
		switch {
		case key.Matches(msg, a.keys.NextField):
			return "", a.setFocus(askWhy)
		case key.Matches(msg, a.keys.PrevField):
			return "", a.setFocus(askHelp)
		case key.Matches(msg, a.keys.Pick):
			row, _ := a.deals.selected()
			changed = a.pick(row)
			return changed, a.setFocus(askWhy)
		}
		_, cmd = a.deals.update(msg)
		return "", cmd
	}
	switch {
	case key.Matches(msg, a.keys.Cancel):
		return "", a.setFocus(askDeal)
	case key.Matches(msg, a.keys.Save):
		// Both fields lead to the deal list, where ] goes on to the deals.
		changed = a.commit()
		return changed, a.setFocus(askDeal)
	case key.Matches(msg, a.keys.NextField):
		changed = a.commit()
		return changed, a.setFocus(a.focus + 1)
	case key.Matches(msg, a.keys.PrevField):
		changed = a.commit()
		return changed, a.setFocus(a.focus - 1)
	}
	if a.focus == askHelp {
		a.help, cmd = a.help.Update(msg)
	} else {
		a.why, cmd = a.why.Update(msg)
	}
	return "", cmd
}

// commit puts the open text field into the prep; "" when it did not change.
func (a *prepAsk) commit() string {
	switch a.focus {
	case askHelp:
		v := strings.TrimSpace(a.pre.kept(a.help.Value()))
		if v == a.prep.Help {
			return ""
		}
		a.prep.Help = v
		return "where you want help"
	case askWhy:
		v := strings.TrimSpace(a.pre.kept(a.why.Value()))
		if v == a.prep.Picks[0].Reason {
			return ""
		}
		a.prep.Picks[0].Reason = v
		return "why that deal"
	}
	return ""
}

// pick makes row the rep's pick, written as the deal's CRM id (its name
// when it has none), which the import finds among the rep's deals.
func (a *prepAsk) pick(row int) string {
	v, what := "", "no pick"
	if row > 0 {
		d := a.prep.Deals[row-1]
		v, what = d.CRMID, "your pick: "+d.Name
		if v == "" {
			v = d.Name
		}
	}
	if v == a.prep.Picks[0].Deal {
		return ""
	}
	a.prep.Picks[0].Deal = v
	return what
}

func (a *prepAsk) View() string {
	st := a.st
	q := func(f int, text string) string {
		if f == a.focus {
			return st.Bold.Render(trunc(text, a.width))
		}
		return st.Label.Render(trunc(text, a.width))
	}
	area := func(f int, ta textarea.Model, v string) string {
		if f == a.focus {
			return ta.View()
		}
		if v == "" {
			return st.Muted.Render(trunc("  (not answered)", a.width))
		}
		return trunc("  "+coaching.SafeLine(v), a.width)
	}
	pick := a.prep.Picks[0]
	blocks := []string{
		q(askHelp, coaching.PrepHelpQuestion), area(askHelp, a.help, a.prep.Help), "",
		q(askDeal, coaching.PrepPickQuestion), a.deals.View(),
	}
	if pick.Deal != "" && a.picked() == 0 {
		blocks = append(blocks, st.Muted.Render(trunc("  Your pick in the file: "+coaching.SafeLine(pick.Deal), a.width)))
	}
	blocks = append(blocks, q(askWhy, "Why that deal?"), area(askWhy, a.why, pick.Reason))
	return strings.Join(blocks, "\n")
}

// shortHelp is the page's keys for the footer.
func (a *prepAsk) shortHelp() []key.Binding {
	if a.Typing() {
		return []key.Binding{a.keys.Save, a.keys.NextField, a.keys.PrevField, a.keys.Cancel}
	}
	return []key.Binding{a.deals.keys.Up, a.deals.keys.Down, a.keys.Pick, a.keys.NextField}
}
