package tui

import "github.com/charmbracelet/lipgloss"

// Styles are every style the screens use, built once. Colours adapt to
// light and dark backgrounds; lipgloss drops them under NO_COLOR, so nothing
// on screen may rely on colour alone (selection has a marker, weak stages a
// word).
type Styles struct {
	App      lipgloss.Style
	Title    lipgloss.Style
	Subtitle lipgloss.Style
	Muted    lipgloss.Style
	Bold     lipgloss.Style
	Selected lipgloss.Style
	Cursor   lipgloss.Style
	Header   lipgloss.Style
	Saved    lipgloss.Style
	Error    lipgloss.Style
	Warning  lipgloss.Style
	Good     lipgloss.Style
	Weak     lipgloss.Style
	Label    lipgloss.Style
	Key      lipgloss.Style

	Yes    lipgloss.Style
	No     lipgloss.Style
	Unsure lipgloss.Style
	NA     lipgloss.Style

	BarFull  lipgloss.Style
	BarEmpty lipgloss.Style
	// Heat are the team heat-map cells from weakest to strongest.
	Heat [4]lipgloss.Style
}

var (
	colFg     = lipgloss.AdaptiveColor{Light: "#1a1a1a", Dark: "#e6e6e6"}
	colMuted  = lipgloss.AdaptiveColor{Light: "#6b6b6b", Dark: "#8a8a8a"}
	colAccent = lipgloss.AdaptiveColor{Light: "#5a3fc0", Dark: "#a58cff"}
	colGood   = lipgloss.AdaptiveColor{Light: "#1d7a35", Dark: "#5fd37a"}
	colWarn   = lipgloss.AdaptiveColor{Light: "#9a6400", Dark: "#e8b04a"}
	colBad    = lipgloss.AdaptiveColor{Light: "#b3261e", Dark: "#ff6b61"}
	colSelBg  = lipgloss.AdaptiveColor{Light: "#e4ddff", Dark: "#3a2f66"}
	colBorder = lipgloss.AdaptiveColor{Light: "#c4c4c4", Dark: "#4a4a4a"}
)

// DefaultStyles builds the app's styles.
func DefaultStyles() Styles {
	s := Styles{}
	s.App = lipgloss.NewStyle().Padding(0, 1)
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(colAccent)
	s.Subtitle = lipgloss.NewStyle().Foreground(colMuted)
	s.Muted = lipgloss.NewStyle().Foreground(colMuted)
	s.Bold = lipgloss.NewStyle().Bold(true)
	s.Selected = lipgloss.NewStyle().Bold(true).Background(colSelBg).Foreground(colFg)
	s.Cursor = lipgloss.NewStyle().Foreground(colAccent).Bold(true)
	s.Header = lipgloss.NewStyle().Bold(true).Foreground(colMuted)
	s.Saved = lipgloss.NewStyle().Foreground(colGood)
	s.Error = lipgloss.NewStyle().Foreground(colBad).Bold(true)
	s.Warning = lipgloss.NewStyle().Foreground(colWarn).Bold(true)
	s.Good = lipgloss.NewStyle().Foreground(colGood)
	s.Weak = lipgloss.NewStyle().Foreground(colBad).Bold(true)
	s.Label = lipgloss.NewStyle().Foreground(colMuted)
	s.Key = lipgloss.NewStyle().Foreground(colAccent).Bold(true)

	s.Yes = lipgloss.NewStyle().Foreground(colGood).Bold(true)
	s.No = lipgloss.NewStyle().Foreground(colBad).Bold(true)
	s.Unsure = lipgloss.NewStyle().Foreground(colWarn).Bold(true)
	s.NA = lipgloss.NewStyle().Foreground(colMuted)

	s.BarFull = lipgloss.NewStyle().Foreground(colAccent)
	s.BarEmpty = lipgloss.NewStyle().Foreground(colBorder)
	s.Heat = [4]lipgloss.Style{
		lipgloss.NewStyle().Foreground(colBad).Bold(true),
		lipgloss.NewStyle().Foreground(colWarn),
		lipgloss.NewStyle().Foreground(colFg),
		lipgloss.NewStyle().Foreground(colGood),
	}
	return s
}
