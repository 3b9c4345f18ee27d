// Package quietinit keeps importing the tui from querying the terminal.
//
// bubbletea's init calls lipgloss.HasDarkBackground, which on a terminal
// writes an OSC 11 query and waits for the answer (up to 5 s when none
// comes): every dealcoach command paid that, even "version". Go initialises
// packages in import-path order among those ready, so this package (only
// importing lipgloss, and sorting before github.com/…) runs first and tells
// lipgloss the background, which makes bubbletea's call free. The app asks
// the terminal itself when it starts (tui.Run) and sets the real answer.
package quietinit

import "github.com/charmbracelet/lipgloss"

func init() { lipgloss.SetHasDarkBackground(true) }
