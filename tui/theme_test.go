package tui

import (
	"math"
	"strconv"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// luminance is WCAG 2's relative luminance of "#rrggbb":
// L = 0.2126 R + 0.7152 G + 0.0722 B, each channel c/255 made linear by
// c ≤ 0.04045 ? c/12.92 : ((c+0.055)/1.055)^2.4.
func luminance(t *testing.T, hex lipgloss.TerminalColor) float64 {
	t.Helper()
	c, ok := hex.(lipgloss.Color)
	if !ok || len(c) != 7 || c[0] != '#' {
		t.Fatalf("colour %v is not #rrggbb", hex)
	}
	var lin [3]float64
	for i := range lin {
		v, err := strconv.ParseUint(string(c[1+2*i:3+2*i]), 16, 8)
		if err != nil {
			t.Fatal(err)
		}
		s := float64(v) / 255
		if s <= 0.04045 {
			lin[i] = s / 12.92
		} else {
			lin[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*lin[0] + 0.7152*lin[1] + 0.0722*lin[2]
}

// contrast is WCAG 2's ratio (L1 + 0.05) / (L2 + 0.05), lighter over darker.
func contrast(t *testing.T, a, b lipgloss.TerminalColor) float64 {
	la, lb := luminance(t, a), luminance(t, b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func TestContrastFormula(t *testing.T) {
	// The formula's known ends: black on white is 21:1, #777 on white 4.48.
	if got := contrast(t, lipgloss.Color("#000000"), lipgloss.Color("#ffffff")); math.Abs(got-21) > 0.01 {
		t.Errorf("black on white = %.2f, want 21", got)
	}
	if got := contrast(t, lipgloss.Color("#777777"), lipgloss.Color("#ffffff")); got >= 4.5 || got < 4.4 {
		t.Errorf("#777 on white = %.2f, want 4.48 (just under AA)", got)
	}
}

// TestContrast: in both palettes every style that draws text keeps WCAG AA
// (4.5:1) against its background, the style's own or the palette's; the
// bar, which is not text, keeps the 3:1 of graphics.
func TestContrast(t *testing.T) {
	for _, dark := range []bool{true, false} {
		p := paletteFor(dark)
		s := NewStyles(dark)
		text := map[string]lipgloss.Style{
			"Title": s.Title, "Subtitle": s.Subtitle, "Muted": s.Muted, "Selected": s.Selected, "Cursor": s.Cursor,
			"Header": s.Header, "Saved": s.Saved, "Error": s.Error, "Warning": s.Warning, "Good": s.Good,
			"Weak": s.Weak, "Label": s.Label, "Key": s.Key, "Match": s.Match, "Yes": s.Yes, "No": s.No,
			"Unsure": s.Unsure, "NA": s.NA, "Heat[0]": s.Heat[0], "Heat[1]": s.Heat[1], "Heat[2]": s.Heat[2],
			"Heat[3]": s.Heat[3],
		}
		graphic := map[string]lipgloss.Style{"BarFull": s.BarFull, "BarEmpty": s.BarEmpty}
		check := func(name string, st lipgloss.Style, least float64) {
			bg := st.GetBackground()
			if _, none := bg.(lipgloss.NoColor); none {
				bg = p.bg
			}
			if r := contrast(t, st.GetForeground(), bg); r < least {
				t.Errorf("dark=%v %s: %v on %v is %.2f:1, want ≥ %.1f:1", dark, name, st.GetForeground(), bg, r, least)
			}
		}
		for name, st := range text {
			check(name, st, 4.5)
		}
		for name, st := range graphic {
			check(name, st, 3)
		}
	}
}

func TestParseTheme(t *testing.T) {
	for in, want := range map[string]Theme{"": ThemeAuto, "auto": ThemeAuto, "Light": ThemeLight, " dark ": ThemeDark} {
		if got, err := ParseTheme(in); err != nil || got != want {
			t.Errorf("ParseTheme(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseTheme("solarized"); err == nil || err.Error() != `unknown theme "solarized": use auto, light or dark` {
		t.Errorf("ParseTheme(solarized) error = %v", err)
	}
}

// TestResolveTheme: the terminal's answer wins; without one (tmux, screen,
// not a terminal) COLORFGBG's last field decides; with neither, dark.
func TestResolveTheme(t *testing.T) {
	answers := func(dark bool) func() (bool, bool) { return func() (bool, bool) { return dark, true } }
	silent := func() (bool, bool) { return false, false }
	cases := []struct {
		theme     Theme
		colorfgbg string
		ask       func() (bool, bool)
		want      Theme
	}{
		{ThemeLight, "15;0", answers(true), ThemeLight},
		{ThemeDark, "0;15", answers(false), ThemeDark},
		{ThemeAuto, "15;0", answers(false), ThemeLight},
		{ThemeAuto, "0;15", answers(true), ThemeDark},
		{ThemeAuto, "15;0", silent, ThemeDark},
		{ThemeAuto, "0;15", silent, ThemeLight},
		{ThemeAuto, "0;default;7", silent, ThemeLight},
		{ThemeAuto, "15;8", silent, ThemeDark},
		{ThemeAuto, "0;9", silent, ThemeLight},
		{ThemeAuto, "15;6", silent, ThemeDark},
		{ThemeAuto, "", silent, ThemeDark},
		{ThemeAuto, "0;default", silent, ThemeDark},
		{ThemeAuto, "0;200", silent, ThemeDark},
	}
	for _, c := range cases {
		env := func(k string) string {
			if k == "COLORFGBG" {
				return c.colorfgbg
			}
			return ""
		}
		if got := resolveTheme(c.theme, env, c.ask); got != c.want {
			t.Errorf("resolveTheme(%s, COLORFGBG=%q) = %s, want %s", c.theme, c.colorfgbg, got, c.want)
		}
	}
}
