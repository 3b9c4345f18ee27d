package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// globalKeys work on every screen (unless a text field has focus, where
// only ctrl+c and esc do).
type globalKeys struct {
	Quit      key.Binding
	ForceQuit key.Binding
	Back      key.Binding
	Help      key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit from anywhere")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
	}
}

// Bindings shared by the list screens.
var (
	keyUp     = key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up"))
	keyDown   = key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down"))
	keyPgUp   = key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up"))
	keyPgDown = key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down"))
	keyTop    = key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "top"))
	keyBottom = key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "bottom"))
	keyEnter  = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open"))
	keyFilter = key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter"))
)

// What can be started with a rep, from home and from the rep's page.
var (
	keySession   = key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "start a 1:1 with the rep"))
	keyRideAlong = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "ride-along debrief with the rep"))
)

// startWith opens what s or r starts with the rep: a 1:1's plan or the
// ride-along's deal picker; nil for other keys.
func startWith(msg tea.KeyMsg, session, rideAlong key.Binding, rep int64) tea.Cmd {
	switch {
	case key.Matches(msg, session):
		return open(openPlanMsg{rep})
	case key.Matches(msg, rideAlong):
		return open(openDebriefPickMsg{rep})
	}
	return nil
}

// short is b with a shorter description, for a footer that must fit 80
// columns while the full help says more.
func short(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// joinKeys is one help line for bindings that go together (↑/k ↓/j): their
// keys and help keys joined, enabled when any of them is, so that the help
// says what the bindings do.
func joinKeys(desc string, bs ...key.Binding) key.Binding {
	var keys, help []string
	enabled := false
	for _, b := range bs {
		keys = append(keys, b.Keys()...)
		if h := b.Help().Key; h != "" {
			help = append(help, h)
		}
		enabled = enabled || b.Enabled()
	}
	j := key.NewBinding(key.WithKeys(keys...), key.WithHelp(strings.Join(help, " "), desc))
	j.SetEnabled(enabled)
	return j
}
