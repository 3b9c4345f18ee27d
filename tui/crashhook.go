//go:build crashtest

package tui

import tea "github.com/charmbracelet/bubbletea"

// Built only by the crash tests (-tags crashtest): f12 panics in Update, f11
// in a command on Bubble Tea's goroutines.
func init() {
	crashHook = func(msg tea.Msg) tea.Cmd {
		if k, ok := msg.(tea.KeyMsg); ok {
			switch k.Type {
			case tea.KeyF12:
				panic("forced crash in Update")
			case tea.KeyF11:
				return func() tea.Msg { panic("forced crash in a command") }
			}
		}
		return nil
	}
}
