package tui

import "github.com/charmbracelet/lipgloss"

// Styles are every style the screens use, built when the app starts from
// the theme's palette, never at package init. lipgloss drops colours under
// NO_COLOR and TERM=dumb, so nothing on screen may rely on colour alone
// (selection has a marker, weak stages a word, filter matches an underline).
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
	// Match marks the letters a filter matched.
	Match lipgloss.Style

	Yes    lipgloss.Style
	No     lipgloss.Style
	Unsure lipgloss.Style
	NA     lipgloss.Style

	BarFull  lipgloss.Style
	BarEmpty lipgloss.Style
	// Heat are the team heat-map cells from weakest to strongest.
	Heat [4]lipgloss.Style
}

// palette is one theme's colours. bg is the background the colours are
// chosen for (a typical terminal's, a little off black or white so the
// contrast holds on the common ones); the app never paints it.
type palette struct {
	bg, fg, muted, accent, good, warn, bad, selBg, selFg, border lipgloss.Color
}

// The two palettes. Every text colour keeps 4.5:1 against bg (WCAG AA),
// which TestContrast checks.
var (
	darkPalette = palette{bg: "#2a2a2a", fg: "#e6e6e6", muted: "#a0a0a0", accent: "#b8a4ff", good: "#5fd37a",
		warn: "#e8b04a", bad: "#ff7b72", selBg: "#3a2f66", selFg: "#ffffff", border: "#767676"}
	lightPalette = palette{bg: "#f2f2f2", fg: "#1a1a1a", muted: "#595959", accent: "#5a3fc0", good: "#1a6b2f",
		warn: "#7f5200", bad: "#b3261e", selBg: "#e4ddff", selFg: "#1a1a1a", border: "#8c8c8c"}
)

func paletteFor(dark bool) palette {
	if dark {
		return darkPalette
	}
	return lightPalette
}

// NewStyles builds the styles of the dark or the light palette.
func NewStyles(dark bool) Styles {
	p := paletteFor(dark)
	fg := func(c lipgloss.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
	s := Styles{}
	s.App = lipgloss.NewStyle().Padding(0, 1)
	s.Title = fg(p.accent).Bold(true)
	s.Subtitle = fg(p.muted)
	s.Muted = fg(p.muted)
	s.Bold = lipgloss.NewStyle().Bold(true)
	s.Selected = lipgloss.NewStyle().Bold(true).Background(p.selBg).Foreground(p.selFg)
	s.Cursor = fg(p.accent).Bold(true)
	s.Header = fg(p.muted).Bold(true)
	s.Saved = fg(p.good)
	s.Error = fg(p.bad).Bold(true)
	s.Warning = fg(p.warn).Bold(true)
	s.Good = fg(p.good)
	s.Weak = fg(p.bad).Bold(true)
	s.Label = fg(p.muted)
	s.Key = fg(p.accent).Bold(true)
	// Underlined as well as coloured: it still shows without colour.
	s.Match = fg(p.accent).Bold(true).Underline(true)

	s.Yes = fg(p.good).Bold(true)
	s.No = fg(p.bad).Bold(true)
	s.Unsure = fg(p.warn).Bold(true)
	s.NA = fg(p.muted)

	s.BarFull = fg(p.accent)
	s.BarEmpty = fg(p.border)
	s.Heat = [4]lipgloss.Style{fg(p.bad).Bold(true), fg(p.warn), fg(p.fg), fg(p.good)}
	return s
}

// DefaultStyles are the dark palette's styles, the theme when nothing
// says otherwise.
func DefaultStyles() Styles { return NewStyles(true) }
