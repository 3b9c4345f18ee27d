package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"dealcoach/coaching"
)

// The form is our own rather than charmbracelet/huh v1.0.0: through huh's
// API enter cannot save from any field, a pre-filled value is appended to
// rather than replaced, and a validation message is not shown at its field.

type fieldKind int

const (
	textKind   fieldKind = iota
	choiceKind           // one of options, cycled with ←/→ or space
	dateKind             // a day as parseDay reads it; "" is no date
)

// option is one choice: what the manager sees, and the value it gives.
type option struct{ label, value string }

// field is one named line of a form. Values and messages are keyed by name,
// never by position.
type field struct {
	name, label, hint string
	kind              fieldKind
	options           []option
	// required, when set, is the message shown at an empty field.
	required string
	// check is a further rule on the trimmed value; its error is shown at
	// the field.
	check func(string) error

	input textinput.Model
	pre   prefill
	// pristine is a pre-fill not yet edited: a printable first key
	// replaces it, an editing key (←/→, backspace…) edits it in place.
	pristine bool
	choice   int
	err      string
}

func textField(name, label, value, hint string) field {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = 200
	in.Cursor.SetMode(cursorMode)
	f := field{name: name, label: label, hint: hint, kind: textKind}
	f.pre = prefillLine(&in, value)
	f.input, f.pristine = in, value != ""
	return f
}

func dateField(name, label string, value coaching.Date, hint string) field {
	f := textField(name, label, value.String(), hint)
	f.kind = dateKind
	return f
}

// choiceField starts on the option whose value is selected (the first when
// none is).
func choiceField(name, label string, options []option, selected, hint string) field {
	f := field{name: name, label: label, hint: hint, kind: choiceKind, options: options}
	for i, o := range options {
		if o.value == selected {
			f.choice = i
		}
	}
	return f
}

func (fl field) value() string {
	if fl.kind == choiceKind {
		if len(fl.options) == 0 {
			return ""
		}
		return fl.options[fl.choice].value
	}
	return strings.TrimSpace(fl.pre.kept(fl.input.Value()))
}

type formKeys struct {
	Next, Prev, Change, Left, Right, Submit, Cancel key.Binding
}

func newFormKeys() formKeys {
	return formKeys{
		Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		Change: key.NewBinding(key.WithKeys("left", "right", " "), key.WithHelp("←/→", "change the choice")),
		Left:   key.NewBinding(key.WithKeys("left")),
		Right:  key.NewBinding(key.WithKeys("right", " ")),
		Submit: key.NewBinding(key.WithKeys("enter", "ctrl+s"), key.WithHelp("enter", "save")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// form is a screen of named fields. enter checks every field from any of
// them: a field that fails shows why under itself and takes the focus;
// otherwise submit returns the save, and the form closes once it landed.
type form struct {
	c      *common
	title  string
	intro  string
	fields []field
	focus  int
	// err is a save that failed, shown under the form.
	err    string
	submit func(values map[string]string) tea.Cmd
	keys   formKeys
	// saving is set while the save runs; the form closes when it is done
	// and stays, with the error, when it failed.
	saving bool
	// keep, when set, saves what is typed as well as it can when the app
	// quits with the form open (nil: nothing worth keeping).
	keep func(values map[string]string) tea.Cmd
	// width is the room inside the screen's margins; the intro, hints and
	// messages wrap in it. 0: not sized yet, nothing wraps.
	width int
}

func newForm(c *common, title, intro string, fields []field, submit func(map[string]string) tea.Cmd) *form {
	f := &form{c: c, title: title, intro: intro, fields: fields, submit: submit, keys: newFormKeys()}
	f.keys.Next.SetEnabled(len(fields) > 1)
	f.keys.Prev.SetEnabled(len(fields) > 1)
	f.setFocus(0)
	return f
}

func (f *form) Init() tea.Cmd { return f.setFocus(f.focus) }

func (f *form) Typing() bool { return true }

func (f *form) SetSize(w, h int) {
	f.width = max(1, w-f.c.styles.App.GetHorizontalFrameSize())
	for i := range f.fields {
		f.fields[i].input.Width = max(10, w-labelWidth-10)
	}
}

// values are the fields' values by name; a choice gives its option's value.
func (f *form) values() map[string]string {
	v := make(map[string]string, len(f.fields))
	for _, fl := range f.fields {
		v[fl.name] = fl.value()
	}
	return v
}

func (f *form) setFocus(i int) tea.Cmd {
	f.focus = (i + len(f.fields)) % len(f.fields)
	f.keys.Change.SetEnabled(f.fields[f.focus].kind == choiceKind)
	var cmd tea.Cmd
	for j := range f.fields {
		if j == f.focus && f.fields[j].kind != choiceKind {
			cmd = f.fields[j].input.Focus()
		} else {
			f.fields[j].input.Blur()
		}
	}
	return cmd
}

// validate sets each field's message and reports whether all passed; the
// focus goes to the first that did not.
func (f *form) validate() bool {
	first := -1
	for i := range f.fields {
		fl := &f.fields[i]
		fl.err = ""
		v := fl.value()
		switch {
		case v == "" && fl.required != "":
			fl.err = fl.required
		case v != "" && fl.kind == dateKind:
			if _, err := parseDay(v, f.c.now()); err != nil {
				fl.err = err.Error()
			}
		}
		if fl.err == "" && fl.check != nil {
			if err := fl.check(v); err != nil {
				fl.err = err.Error()
			}
		}
		if fl.err != "" && first < 0 {
			first = i
		}
	}
	if first >= 0 {
		f.setFocus(first)
	}
	return first < 0
}

func (f *form) Update(msg tea.Msg) (screen, tea.Cmd) {
	// A queued save is an autosave of the screen below, landing late.
	if sm, ok := msg.(savedMsg); ok && f.saving && !sm.queued {
		f.saving = false
		if sm.err != nil {
			f.err = oneLine(sm.err)
			return f, nil
		}
		return f, closeWith(sm.result)
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
		if !f.validate() {
			return f, nil
		}
		f.err, f.saving = "", true
		return f, f.submit(f.values())
	case key.Matches(km, f.keys.Next):
		return f, f.setFocus(f.focus + 1)
	case key.Matches(km, f.keys.Prev):
		return f, f.setFocus(f.focus - 1)
	case cur.kind == choiceKind:
		if n := len(cur.options); n > 0 && key.Matches(km, f.keys.Left) {
			cur.choice = (cur.choice - 1 + n) % n
		} else if n > 0 && key.Matches(km, f.keys.Right) {
			cur.choice = (cur.choice + 1) % n
		}
		cur.err = ""
		return f, nil
	}
	if cur.pristine {
		cur.pristine = false
		if km.Type == tea.KeyRunes || km.Type == tea.KeySpace {
			cur.input.SetValue("")
		}
	}
	var cmd tea.Cmd
	cur.input, cmd = cur.input.Update(msg)
	cur.err, f.err = "", ""
	return f, cmd
}

// closeWith closes the form, then hands the save's result (a new rep, say)
// to the screen below.
func closeWith(result tea.Msg) tea.Cmd {
	if result == nil {
		return back
	}
	return tea.Sequence(back, func() tea.Msg { return result })
}

// labelWidth is the column of field labels.
const labelWidth = 14

func (f *form) View() string {
	st := f.c.styles
	var b strings.Builder
	// Titles name deals and reps.
	b.WriteString(st.Title.Render(coaching.SafeLine(f.title)) + "\n")
	if f.intro != "" {
		b.WriteString(f.wrap(st.Muted, coaching.Safe(f.intro), "") + "\n")
	}
	b.WriteString("\n")
	under := repeat(" ", labelWidth+3)
	for i, fl := range f.fields {
		focused := i == f.focus
		marker, label := "  ", st.Label.Render(padRight(fl.label, labelWidth))
		if focused {
			marker, label = st.Cursor.Render("› "), st.Bold.Render(padRight(fl.label, labelWidth))
		}
		b.WriteString(marker + label + " " + fl.view(st, focused) + "\n")
		switch {
		case fl.err != "":
			// Messages can quote what was typed.
			b.WriteString(f.wrap(st.Error, "↳ "+coaching.SafeLine(fl.err), under) + "\n")
		case focused && fl.hint != "":
			b.WriteString(f.wrap(st.Muted, fl.hint, under) + "\n")
		case focused && fl.pristine:
			b.WriteString(f.wrap(st.Muted, "Typing replaces it; ← or → edits it.", under) + "\n")
		}
	}
	if f.err != "" {
		b.WriteString("\n" + f.wrap(st.Error, "Not saved: "+coaching.SafeLine(f.err), "") + "\n")
	}
	return st.App.Render(b.String())
}

// wrap is s in style, wrapped to the form's width after indent, each line
// indented: a hint or a message is read whole, not cut at the edge.
func (f *form) wrap(style lipgloss.Style, s, indent string) string {
	lines := []string{s}
	if f.width > 0 {
		lines = strings.Split(ansi.Wrap(s, max(1, f.width-lipgloss.Width(indent)), ""), "\n")
	}
	for i, l := range lines {
		lines[i] = indent + style.Render(l)
	}
	return strings.Join(lines, "\n")
}

func (fl field) view(st Styles, focused bool) string {
	if fl.kind != choiceKind {
		if focused && fl.pristine {
			// Shown as selected: the first key typed replaces it.
			v := trunc(fl.input.Value(), fl.input.Width)
			return st.Selected.Render(v) + repeat(" ", fl.input.Width-lipgloss.Width(v))
		}
		return fl.input.View()
	}
	label := ""
	if len(fl.options) > 0 {
		label = fl.options[fl.choice].label
	}
	v := "‹ " + coaching.SafeLine(label) + " ›"
	if focused {
		v = st.Cursor.Render(v)
	}
	return v
}

func (f *form) ShortHelp() []key.Binding {
	return []key.Binding{f.keys.Submit, f.keys.Next, f.keys.Change, f.keys.Cancel}
}

func (f *form) FullHelp() [][]key.Binding {
	return [][]key.Binding{{f.keys.Submit, f.keys.Next, f.keys.Prev, f.keys.Change, f.keys.Cancel}}
}
