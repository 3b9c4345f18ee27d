package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dealcoach/coaching"
	"dealcoach/store"
)

// Smallest window the screens are laid out for (DESIGN §6).
const (
	minWidth  = 60
	minHeight = 16
)

// screen is one page of the app. The root gives it the messages while it is
// on top of the stack, its size through SetSize, and shows its ShortHelp in
// the footer and FullHelp under '?'.
type screen interface {
	Init() tea.Cmd
	Update(tea.Msg) (screen, tea.Cmd)
	View() string
	SetSize(width, height int)
	help.KeyMap
	// Typing reports whether a text field has focus; single-letter keys
	// (q, ?) then go to the field, and esc is the screen's.
	Typing() bool
}

// lister is a screen with a list under the mouse: the root gives it the
// wheel and clicks. activeList is nil when no list is shown.
type lister interface{ activeList() *listView }

// escCatcher is a screen that uses esc itself in some state (closing a
// filter, leaving a sub-view) instead of going back.
type escCatcher interface{ CatchesEsc() bool }

// resizedMsg tells the screen on top that SetSize gave it a new size, so it
// can load what now comes into view.
type resizedMsg struct{}

// Model is the root of the app.
type Model struct {
	c        *common
	stack    []screen
	keys     globalKeys
	help     help.Model
	showHelp bool
	status   string
	failed   bool
	quitting bool
	pending  int
	width    int
	height   int
}

// Options set up the app.
type Options struct {
	// Demo says the data is the sample team, shown in the header.
	Demo bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// ExportDir is the folder recaps are written to; "" means recaps/
	// beside the database. The command line reads it from the
	// environment: the app reads none.
	ExportDir string
	Theme     string // "auto", "light" or "dark" (--theme, DEALCOACH_THEME); "" is auto
	// OrgURL is the organisation's database (DEALCOACH_ORG_URL); when set,
	// o on home opens the org screen.
	OrgURL string
}

// New builds the root model on an open store.
func New(ctx context.Context, st *store.Store, opts Options) (*Model, error) {
	pb, err := st.Playbook(ctx)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	theme, err := ParseTheme(opts.Theme)
	if err != nil {
		return nil, err
	}
	m := &Model{keys: newGlobalKeys(), help: help.New()}
	m.c = &common{ctx: ctx, st: st, pb: pb, styles: NewStyles(theme.dark()), now: now, pending: &m.pending, demo: opts.Demo,
		recapDir: recapFolder(opts, st), orgURL: opts.OrgURL}
	// bubbles' own help colours are too faint on either background.
	hs := &m.help.Styles
	hs.ShortKey, hs.FullKey = m.c.styles.Key, m.c.styles.Key
	hs.ShortDesc, hs.FullDesc = m.c.styles.Muted, m.c.styles.Muted
	hs.ShortSeparator, hs.FullSeparator, hs.Ellipsis = m.c.styles.Muted, m.c.styles.Muted, m.c.styles.Muted
	m.stack = []screen{newHome(m.c)}
	return m, nil
}

// Run opens the app in the terminal and returns when the manager quits.
// A panic comes back as a *CrashError, with the terminal restored. An auto
// theme is decided here, asking the terminal before the program takes it.
func Run(ctx context.Context, st *store.Store, opts Options) error {
	theme, err := ParseTheme(opts.Theme)
	if err != nil {
		return err
	}
	theme = DetectTheme(theme)
	opts.Theme = string(theme)
	// bubbles' adaptive colours (text fields) follow the theme too.
	lipgloss.SetHasDarkBackground(theme.dark())
	m, err := New(ctx, st, opts)
	if err != nil {
		return err
	}
	// Cell motion reports the wheel and clicks; shift+drag still selects
	// text in the terminal.
	return runGuarded(m, tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithContext(ctx))
}

func (m *Model) top() screen { return m.stack[len(m.stack)-1] }

// Init loads the first screen.
func (m *Model) Init() tea.Cmd { return m.top().Init() }

// Update handles global keys, then navigation and saves, then hands the
// message to the screen on top.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.Width = msg.Width
		m.resize()
		// A taller window may show rows whose data is not loaded yet.
		return m.forward(resizedMsg{})

	case tea.KeyMsg:
		// Keys typed quickly arrive as one message ("jn"); outside a text
		// field each is a command of its own.
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && !m.top().Typing() {
			var cmds []tea.Cmd
			for _, r := range msg.Runes {
				_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt})
				cmds = append(cmds, cmd)
			}
			return m, tea.Sequence(cmds...)
		}
		if key.Matches(msg, m.keys.ForceQuit) {
			// What is being typed is saved first; quit waits for it.
			save := m.flush()
			return m, tea.Batch(save, m.quit())
		}
		if m.quitting {
			return m, nil
		}
		if m.showHelp {
			if key.Matches(msg, m.keys.Help, m.keys.Back, m.keys.Quit) {
				m.showHelp = false
			}
			return m, nil
		}
		if !m.top().Typing() {
			switch {
			case key.Matches(msg, m.keys.Help):
				m.showHelp = true
				return m, nil
			case key.Matches(msg, m.keys.Quit) && len(m.stack) == 1:
				return m, m.quit()
			case key.Matches(msg, m.keys.Back) && len(m.stack) > 1 && !catchesEsc(m.top()):
				return m, back
			}
		}
		m.status, m.failed = "", false

	case tea.MouseMsg:
		if m.showHelp || m.quitting {
			return m, nil
		}
		if l, ok := m.top().(lister); ok && l.activeList() != nil {
			if l.activeList().mouse(msg) {
				// Rows come into view: screens that load as they scroll
				// load them as after a resize.
				return m.forward(resizedMsg{})
			}
			return m, nil
		}

	case closeMsg:
		if len(m.stack) > 1 {
			m.stack = m.stack[:len(m.stack)-1]
		}
		// The screen below may show what the one above changed.
		return m, m.top().Init()

	case savedMsg:
		m.pending--
		var next tea.Cmd
		if msg.queued {
			// The queue outlives the screen that asked: the next save
			// starts even when that screen is gone.
			next = m.c.landed()
		}
		if msg.err != nil {
			m.status, m.failed = "Not saved: "+oneLine(msg.err), true
		} else if msg.what != "" {
			m.status, m.failed = "✓ Saved "+msg.what, false
		}
		if m.quitting && m.pending == 0 {
			return m, tea.Quit
		}
		// The screen may wait for it: a form closes only once saved.
		_, cmd := m.forward(msg)
		return m, tea.Batch(next, cmd)

	case errMsg:
		m.status, m.failed = oneLine(msg.err), true
		return m, nil
	}
	if s, ok := m.build(msg); ok {
		return m, m.open(s)
	}
	return m.forward(msg)
}

func (m *Model) forward(msg tea.Msg) (tea.Model, tea.Cmd) {
	s, cmd := m.top().Update(msg)
	m.stack[len(m.stack)-1] = s
	return m, cmd
}

// quit ends the program once every pending save has been confirmed.
func (m *Model) quit() tea.Cmd {
	m.quitting = true
	if m.pending == 0 {
		return tea.Quit
	}
	m.status, m.failed = "Finishing saves…", false
	return nil
}

func catchesEsc(s screen) bool {
	e, ok := s.(escCatcher)
	return ok && e.CatchesEsc()
}

// resize gives the screens the window less the status and footer lines.
func (m *Model) resize() {
	m.c.width, m.c.height = m.width, max(0, m.height-2)
	for _, s := range m.stack {
		s.SetSize(m.c.width, m.c.height)
	}
}

// View draws the top screen, the status line and the footer.
func (m *Model) View() string {
	if m.width == 0 {
		return ""
	}
	st := m.c.styles
	if m.width < minWidth || m.height < minHeight {
		msg := fmt.Sprintf("The window is too small for dealcoach (%d×%d).\nMake it at least %d×%d.", m.width, m.height, minWidth, minHeight)
		return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, msg)
	}
	var body string
	if m.showHelp {
		body = m.fullHelp()
	} else {
		body = m.top().View()
	}
	body = lipgloss.NewStyle().MaxWidth(m.width).Height(m.c.height).MaxHeight(m.c.height).Render(body)

	status := coaching.SafeLine(m.status) // errors and saves can quote names
	switch {
	case m.failed:
		status = st.Error.Render(trunc(status, m.width))
	case status != "":
		status = st.Saved.Render(trunc(status, m.width))
	}
	return body + "\n" + status + "\n" + m.footer()
}

// footer shows the screen's short help and the global keys. The global keys
// always show; the screen's last bindings are dropped until all fits.
func (m *Model) footer() string {
	h := m.help
	h.Width = 0 // fitted here, whole bindings at a time
	if m.showHelp {
		return trunc(h.ShortHelpView([]key.Binding{m.keys.Help, m.keys.ForceQuit}), m.width)
	}
	var global, own []key.Binding
	// A screen that takes esc itself (leave, close details) keeps its esc
	// with the global keys: the footer always says what esc does.
	for _, b := range m.top().ShortHelp() {
		if catchesEsc(m.top()) && b.Enabled() && slices.Contains(b.Keys(), "esc") {
			global = append(global, b)
		} else {
			own = append(own, b)
		}
	}
	if !m.top().Typing() {
		global = append(global, m.keys.Help)
		if len(m.stack) == 1 {
			global = append(global, m.keys.Quit)
		} else if !catchesEsc(m.top()) {
			global = append(global, m.keys.Back)
		}
	}
	for n := len(own); n >= 0; n-- {
		v := h.ShortHelpView(append(own[:n:n], global...))
		if lipgloss.Width(v) <= m.width {
			return v
		}
	}
	return trunc(h.ShortHelpView(global), m.width)
}

func (m *Model) fullHelp() string {
	st := m.c.styles
	groups := m.top().FullHelp()
	// The keys column is as wide as its longest key ("↑/k ↓/j tab
	// shift+tab"), up to a third of the window; a global key the screen
	// already lists (its own esc) is not listed twice.
	keyW, listed := 12, map[string]bool{}
	for _, g := range groups {
		for _, k := range g {
			if k.Enabled() {
				keyW = max(keyW, lipgloss.Width(k.Help().Key))
				listed[k.Help().Key] = true
			}
		}
	}
	keyW = min(keyW, max(12, m.width/3))
	var global []key.Binding
	for _, k := range []key.Binding{m.keys.Help, m.keys.Back, m.keys.Quit, m.keys.ForceQuit} {
		switch {
		case listed[k.Help().Key]:
		case k.Help().Key == m.keys.Back.Help().Key && len(m.stack) == 1:
		case k.Help().Key == m.keys.Quit.Help().Key && len(m.stack) > 1:
		default:
			global = append(global, k)
		}
	}
	groups = append(groups, global)
	var b strings.Builder
	b.WriteString(st.Title.Render("Keys on this screen") + "\n\n")
	for _, g := range groups {
		shown := 0
		for _, k := range g {
			if !k.Enabled() {
				continue
			}
			h := k.Help()
			fmt.Fprintf(&b, "  %s  %s\n", st.Key.Render(padRight(h.Key, keyW)), trunc(h.Desc, m.width-keyW-5))
			shown++
		}
		if shown > 0 {
			b.WriteString("\n")
		}
	}
	b.WriteString(st.Muted.Render(trunc("Mouse: the wheel scrolls, a click picks a row; hold shift to select text as usual.", m.width)) + "\n")
	b.WriteString(st.Muted.Render("ctrl+c quits from anywhere after pending saves finish. Press ? or esc to close."))
	return b.String()
}
