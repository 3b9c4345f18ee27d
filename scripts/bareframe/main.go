// Command bareframe is the floor the app's first frame is measured against
// (scripts/bench.sh): a Bubble Tea program that does nothing but draw one
// line on the alternate screen, as dealcoach's home does, and quit on
// ctrl+c. It takes and ignores dealcoach's flags, so firstframe can start
// either the same way.
package main

import (
	"fmt"
	"os"

	tea "github.com/charmbracelet/bubbletea"
)

type model struct{}

func (model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && k.Type == tea.KeyCtrlC {
		return m, tea.Quit
	}
	return m, nil
}

func (model) View() string { return "Your reps — pick one to coach" }

func main() {
	if _, err := tea.NewProgram(model{}, tea.WithAltScreen()).Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
