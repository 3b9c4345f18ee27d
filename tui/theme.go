package tui

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	_ "dealcoach/tui/internal/quietinit" // before bubbletea's init: see there
)

// Theme names the palette: auto, light or dark.
type Theme string

const (
	ThemeAuto  Theme = "auto"
	ThemeLight Theme = "light"
	ThemeDark  Theme = "dark"
)

// ParseTheme reads --theme or DEALCOACH_THEME; "" is auto. Any other word
// is an error the command line reports as bad usage.
func ParseTheme(s string) (Theme, error) {
	switch t := Theme(strings.ToLower(strings.TrimSpace(s))); t {
	case "", ThemeAuto:
		return ThemeAuto, nil
	case ThemeLight, ThemeDark:
		return t, nil
	}
	return "", fmt.Errorf("unknown theme %q: use auto, light or dark", s)
}

// dark says whether the theme uses the dark palette. auto is decided by
// resolveTheme before the app starts; here it is dark, the usual terminal.
func (t Theme) dark() bool { return t != ThemeLight }

// DetectTheme is t with auto decided for the terminal on stdout, for a
// command that prints colour: lipgloss.HasDarkBackground always says dark
// (see internal/quietinit), so ask here instead.
func DetectTheme(t Theme) Theme { return resolveTheme(t, os.Getenv, askTerminal) }

// resolveTheme turns auto into light or dark: the terminal's answer to the
// background query first (ask reports false when it did not answer: not a
// terminal, or inside tmux or screen, where the query is skipped), then
// COLORFGBG, then dark.
func resolveTheme(t Theme, getenv func(string) string, ask func() (dark, answered bool)) Theme {
	if t != ThemeAuto {
		return t
	}
	dark, ok := false, false
	if ask != nil {
		dark, ok = ask()
	}
	if !ok {
		dark, ok = colorFGBGDark(getenv("COLORFGBG"))
	}
	if ok && !dark {
		return ThemeLight
	}
	return ThemeDark
}

// colorFGBGDark reads COLORFGBG ("15;0", "0;default;15"): its last field
// is the background's colour index. Of the 16 terminal colours 0–6 and 8
// are dark, 7 and 9–15 light; anything else is no hint.
func colorFGBGDark(v string) (dark, ok bool) {
	f := strings.Split(v, ";")
	if len(f) < 2 {
		return false, false
	}
	i, err := strconv.Atoi(strings.TrimSpace(f[len(f)-1]))
	if err != nil || i < 0 || i > 15 {
		return false, false
	}
	return i <= 6 || i == 8, true
}

// askTerminal asks the terminal on stdout for its background colour. Only
// an answer to the query counts: termenv's own fallbacks are told apart by
// their type (an answer is an RGB colour).
func askTerminal() (dark, answered bool) {
	if lipgloss.ColorProfile() == termenv.Ascii {
		return false, false // NO_COLOR, TERM=dumb or not a terminal: no colours to choose
	}
	c, ok := termenv.NewOutput(os.Stdout).BackgroundColor().(termenv.RGBColor)
	if !ok {
		return false, false
	}
	_, _, l := termenv.ConvertToRGB(c).Hsl()
	return l < 0.5, true
}
