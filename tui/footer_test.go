package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// TestFooterKeepsGlobalKeys opens every screen at 80×24: the footer fits,
// shows ? help and esc back (q quit on home) whole, and cuts no binding
// in the middle.
func TestFooterKeepsGlobalKeys(t *testing.T) {
	for name, open := range screenStates() {
		t.Run(name, func(t *testing.T) {
			st := openTestStore(t)
			seedCoaching(t, st)
			m := open(t, st)
			lines := strings.Split(m.View(), "\n")
			footer := lines[len(lines)-1]
			t.Logf("%-16s %s", name, footer)
			if w := lipgloss.Width(footer); w > 80 {
				t.Errorf("footer is %d wide: %q", w, footer)
			}
			if strings.Contains(footer, "…") {
				t.Errorf("footer cut: %q", footer)
			}
			if m.showHelp || m.top().Typing() {
				return
			}
			want := "esc back"
			if len(m.stack) == 1 {
				want = "q quit"
			}
			if catchesEsc(m.top()) {
				// The screen's own esc stays, just before ? help.
				if !strings.Contains(footer, "esc ") || !strings.HasSuffix(footer, " • ? help") {
					t.Errorf("footer lacks the screen's esc and ? help: %q", footer)
				}
				return
			}
			if !strings.HasSuffix(footer, "? help • "+want) {
				t.Errorf("footer lacks ? help • %s: %q", want, footer)
			}
		})
	}
}
