// Package hostile holds, for tests, text that tries to take over a terminal
// (names, notes and CRM cells an attacker controls), and the check that
// none of it reached an output.
package hostile

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// Names holds every kind of sequence a CSV cell, a form or a playbook
// could carry onto a terminal. Each starts with a letter of its own, so a
// test can find the name again in the output.
var Names = []string{
	"A \x1b]0;PWNED\x07 x",     // OSC: set the window title
	"B \x1b[2J y",              // CSI: clear the screen
	"C \u202eevil\u202c z",     // bidi override
	"D \u009b31m w",            // C1 CSI, as UTF-8
	"E \x9b31m bad utf8",       // a lone C1 byte, not UTF-8
	"F \x7f del \x00 nul",      // DEL and NUL
	"G \u2066iso\u2069 \u200f", // isolates and a direction mark
	"H line\r\nbreak\rcr\u2028ls",
}

// Markup is text that would change a Markdown or HTML document.
const Markup = "<script>alert(1)</script> | `code` *em*"

// Leak describes the first byte or rune in out that a terminal would act
// on, and where it is; "" and -1 when there is none. A line break counts
// only when multiline is false.
func Leak(out string, multiline bool) (string, int) {
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRuneInString(out[i:])
		if b := out[i]; r == utf8.RuneError && size == 1 && b >= 0x80 && b <= 0x9f {
			return fmt.Sprintf("raw C1 byte %#x", b), i
		}
		if Dangerous(r) || (!multiline && r == '\n') {
			return fmt.Sprintf("%U", r), i
		}
		i += size
	}
	return "", -1
}

// Dangerous reports a rune a terminal acts on instead of showing: C0
// controls but the line break (ESC, BEL, CR, …), DEL, C1 controls, bidi
// controls, and the Unicode line and paragraph separators.
func Dangerous(r rune) bool {
	return r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r <= 0x9f ||
		r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 ||
		r == 0x200e || r == 0x200f || r == 0x061c || r == 0x2028 || r == 0x2029
}

// Check fails tb when out, the output of what, holds a control sequence,
// and shows the line it is on.
func Check(tb testing.TB, what, out string) {
	tb.Helper()
	leak, at := Leak(out, true)
	if leak == "" {
		return
	}
	start := strings.LastIndexByte(out[:at], '\n') + 1
	end := strings.IndexByte(out[at:], '\n')
	if end < 0 {
		end = len(out) - at
	}
	tb.Errorf("%s lets a control through (%s), on the line %q", what, leak, out[start:at+end])
}
