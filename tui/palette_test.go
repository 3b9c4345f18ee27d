package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"
)

// TestPalettes draws home, the team and the walk in the light and the dark
// palette, in 256 colours (what most terminals and tmux offer), and keeps
// the goldens. The team's mid cells (60–79%) take the palette's text
// colour: near black on light, near white (colour 188, nearly invisible on
// a light background) on dark, never the other's.
func TestPalettes(t *testing.T) {
	lipgloss.SetColorProfile(termenv.ANSI256)
	t.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
	// The text colours as 256-colour escapes: #1a1a1a is 232, #e6e6e6 188.
	fg := map[string]string{"light": "38;5;232m", "dark": "38;5;188m"}
	for _, theme := range []string{"light", "dark"} {
		other := map[string]string{"light": "dark", "dark": "light"}[theme]
		t.Run(theme, func(t *testing.T) {
			t.Run("home", func(t *testing.T) {
				st := openTestStore(t)
				sampleTeam(t, st, 6)
				m := newThemedModel(t, st, 80, 24, theme)
				drive(t, m, keys("j")...)
				teatest.RequireEqualOutput(t, []byte(m.View()))
			})
			t.Run("team", func(t *testing.T) {
				st := openTestStore(t)
				seedRepPage(t, st)
				m := newThemedModel(t, st, 80, 24, theme)
				drive(t, m, keys("t")...)
				v := m.View()
				// Lee Park's 80% is a strong cell; Dana's 75% a mid one.
				var dana string
				for _, l := range strings.Split(v, "\n") {
					if strings.Contains(l, "Dana Ruiz") {
						dana = l
					}
				}
				if !strings.Contains(dana, fg[theme]+"    75%") || strings.Contains(v, fg[other]) {
					t.Errorf("the mid cells of the %s palette are not in its text colour %q:\n%q", theme, fg[theme], dana)
				}
				teatest.RequireEqualOutput(t, []byte(v))
			})
			t.Run("walk", func(t *testing.T) {
				st := openTestStore(t)
				seedCoaching(t, st)
				m := newThemedModel(t, st, 80, 24, theme)
				drive(t, m, keys("s", "-", "-", "enter")...)
				drive(t, m, keys("enter")...)
				topAs[*walk](t, m)
				drive(t, m, keys("y", "n", "u")...)
				teatest.RequireEqualOutput(t, []byte(m.View()))
			})
		})
	}
}
