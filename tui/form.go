package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
)

// field is one line of a form: free text, or a choice among options cycled
// with ←/→ (stage, owner).
type field struct {
	label   string
	hint    string
	input   textinput.Model
	pre     prefill
	choices []string
	choice  int
}

func textField(label, value, hint string) field {
	in := textinput.New()
	in.Prompt = ""
	pre := prefillLine(&in, value)
	in.CharLimit = 200
	return field{label: label, hint: hint, input: in, pre: pre}
}

func choiceField(label string, choices []string, selected int, hint string) field {
	return field{label: label, hint: hint, choices: choices, choice: max(0, selected)}
}

func (f field) value() string {
	if f.choices != nil {
		return f.choices[f.choice]
	}
	return strings.TrimSpace(f.pre.kept(f.input.Value()))
}

type formKeys struct {
	Next, Prev, Left, Right, Submit, Cancel key.Binding
}

var defaultFormKeys = formKeys{
	Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
	Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
	Left:   key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→", "change choice")),
	Right:  key.NewBinding(key.WithKeys("right")),
	Submit: key.NewBinding(key.WithKeys("enter", "ctrl+s"), key.WithHelp("enter", "save")),
	Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}

// form is a small screen of labelled fields. submit checks the values and
// returns the save command; its error is shown under the form and nothing
// is saved. On success the form closes.
type form struct {
	c      *common
	title  string
	intro  string
	fields []field
	focus  int
	err    string
	submit func(values []string) (tea.Cmd, error)
	keys   formKeys
	// saving is set while the save runs; the form closes when it is done
	// and stays, with the error, when it failed.
	saving bool
	// keep, when set, saves what is typed as well as it can when the app
	// quits with the form open (nil: nothing worth keeping).
	keep func(values []string) tea.Cmd
}

func newForm(c *common, title, intro string, fields []field, submit func([]string) (tea.Cmd, error)) *form {
	f := &form{c: c, title: title, intro: intro, fields: fields, submit: submit, keys: defaultFormKeys}
	f.setFocus(0)
	return f
}

func (f *form) Init() tea.Cmd { return textinput.Blink }

func (f *form) Typing() bool { return true }

func (f *form) SetSize(w, h int) {
	for i := range f.fields {
		f.fields[i].input.Width = max(10, w-24)
	}
}

func (f *form) setFocus(i int) {
	f.focus = (i + len(f.fields)) % len(f.fields)
	for j := range f.fields {
		if j == f.focus && f.fields[j].choices == nil {
			f.fields[j].input.Focus()
		} else {
			f.fields[j].input.Blur()
		}
	}
}

func (f *form) Update(msg tea.Msg) (screen, tea.Cmd) {
	if sm, ok := msg.(savedMsg); ok && f.saving {
		f.saving = false
		if sm.err != nil {
			f.err = oneLine(sm.err)
			return f, nil
		}
		return f, back
	}
	if f.saving {
		return f, nil
	}
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		var cmd tea.Cmd
		f.fields[f.focus].input, cmd = f.fields[f.focus].input.Update(msg)
		return f, cmd
	}
	cur := &f.fields[f.focus]
	switch {
	case key.Matches(km, f.keys.Cancel):
		return f, back
	case key.Matches(km, f.keys.Submit):
		if km.String() == "enter" && f.focus < len(f.fields)-1 {
			f.setFocus(f.focus + 1)
			return f, nil
		}
		vals := make([]string, len(f.fields))
		for i, fl := range f.fields {
			vals[i] = fl.value()
		}
		cmd, err := f.submit(vals)
		if err != nil {
			f.err = err.Error()
			return f, nil
		}
		f.saving = true
		return f, cmd
	case key.Matches(km, f.keys.Next):
		f.setFocus(f.focus + 1)
		return f, nil
	case key.Matches(km, f.keys.Prev):
		f.setFocus(f.focus - 1)
		return f, nil
	case cur.choices != nil && key.Matches(km, f.keys.Left):
		cur.choice = (cur.choice - 1 + len(cur.choices)) % len(cur.choices)
		return f, nil
	case cur.choices != nil && (key.Matches(km, f.keys.Right) || km.String() == " "):
		cur.choice = (cur.choice + 1) % len(cur.choices)
		return f, nil
	}
	if cur.choices != nil {
		return f, nil
	}
	var cmd tea.Cmd
	cur.input, cmd = cur.input.Update(msg)
	f.err = ""
	return f, cmd
}

func (f *form) View() string {
	st := f.c.styles
	var b strings.Builder
	// Titles name deals and reps.
	b.WriteString(st.Title.Render(coaching.SafeLine(f.title)) + "\n")
	if f.intro != "" {
		b.WriteString(st.Muted.Render(coaching.Safe(f.intro)) + "\n")
	}
	b.WriteString("\n")
	for i, fl := range f.fields {
		marker := "  "
		label := st.Label.Render(padRight(fl.label, 14))
		if i == f.focus {
			marker = st.Cursor.Render("› ")
			label = st.Bold.Render(padRight(fl.label, 14))
		}
		var val string
		if fl.choices != nil {
			val = "‹ " + coaching.SafeLine(fl.choices[fl.choice]) + " ›"
			if i == f.focus {
				val = st.Cursor.Render(val)
			}
		} else {
			val = fl.input.View()
		}
		fmt.Fprintf(&b, "%s%s %s\n", marker, label, val)
		if i == f.focus && fl.hint != "" {
			b.WriteString("  " + repeat(" ", 15) + st.Muted.Render(fl.hint) + "\n")
		}
	}
	if f.err != "" {
		b.WriteString("\n" + st.Error.Render(coaching.SafeLine(f.err)) + "\n")
	}
	return st.App.Render(b.String())
}

func (f *form) ShortHelp() []key.Binding {
	return []key.Binding{f.keys.Next, f.keys.Submit, f.keys.Cancel}
}

func (f *form) FullHelp() [][]key.Binding {
	return [][]key.Binding{{f.keys.Next, f.keys.Prev, f.keys.Left, f.keys.Submit, f.keys.Cancel}}
}
