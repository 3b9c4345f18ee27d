package coaching

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Text from data (names, notes, CRM fields, playbook questions) may hold
// control bytes and escape sequences: a CSV's author could otherwise set the
// terminal's title, clear the screen or reverse the text around a name.
// Stored text stays as it came; these functions make it safe where it is
// shown. Every screen, text and Markdown output goes through Safe or
// SafeLine; JSON goes through EscapeJSON.

// Safe makes s harmless to print, keeping its line breaks: C0 controls, DEL
// and C1 controls become visible Control Pictures (ESC shows as ␛), bidi
// controls and bytes that are not UTF-8 become �, a tab becomes a space, and
// CRLF, a lone CR, U+2028 and U+2029 become a line break.
func Safe(s string) string { return clean(s, "\n") }

// SafeLine is Safe for one line: line breaks become spaces, so a name with
// a newline in its CSV cell cannot break a table row.
func SafeLine(s string) string { return clean(s, " ") }

func clean(s, newline string) string {
	if !needsCleaning(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune('\uFFFD')
		case r == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				size = 2
			}
			b.WriteString(newline)
		case r == '\n' || r == '\u2028' || r == '\u2029':
			b.WriteString(newline)
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20:
			b.WriteRune(0x2400 + r) // ␀ … ␟, ␛ for ESC
		case r == 0x7f:
			b.WriteRune('\u2421') // ␡
		case isC1(r) || isBidi(r):
			b.WriteRune('\uFFFD')
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// needsCleaning is the fast path: most names are plain printable text.
func needsCleaning(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f {
			return true
		}
		if c >= 0x80 {
			for _, r := range s[i:] {
				if r == utf8.RuneError || r < 0x20 || r == 0x7f || isC1(r) || isBidi(r) || r == '\u2028' || r == '\u2029' {
					return true
				}
			}
			return false
		}
	}
	return false
}

func isC1(r rune) bool { return r >= 0x80 && r <= 0x9f }

// isBidi reports the invisible direction marks and overrides that can make a
// terminal show text in another order than it is stored.
func isBidi(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) ||
		r == 0x200e || r == 0x200f || r == 0x061c
}

// EscapeJSON rewrites, inside encoded JSON, the characters encoding/json
// leaves raw but a terminal acts on: DEL, C1 controls and bidi controls
// become \uXXXX escapes. They can only occur inside JSON strings, so the
// document means the same.
func EscapeJSON(b []byte) []byte {
	dirty := false
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == 0x7f || isC1(r) || isBidi(r) {
			dirty = true
			break
		}
		i += size
	}
	if !dirty {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	const hex = "0123456789abcdef"
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == 0x7f || isC1(r) || isBidi(r) {
			out = append(out, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

// markdownEscaper escapes what lets text change a Markdown document's
// structure: emphasis, code spans, links, table cells, and HTML, which
// renders as text (&lt;script&gt;) instead of running.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`|`, `\|`, `~`, `\~`, `<`, `&lt;`, `>`, `&gt;`, `&`, `&amp;`,
)

// MarkdownLine makes s safe as inline text on one Markdown line (a heading,
// a list item, a table cell): SafeLine, then Markdown and HTML escaped, and
// a leading character that would start a heading, quote or list escaped.
func MarkdownLine(s string) string {
	s = markdownEscaper.Replace(strings.TrimSpace(SafeLine(s)))
	if s != "" && strings.ContainsRune("#+-=", rune(s[0])) {
		s = `\` + s
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		s = s[:i] + `\` + s[i:] // "1. " would start a numbered list
	}
	return s
}

// MarkdownQuote quotes s, a note of any number of lines, as a Markdown
// block quote: each line made safe and escaped as MarkdownLine, blank lines
// kept as paragraph breaks.
func MarkdownQuote(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(Safe(s), "\n"), "\n") {
		if l = MarkdownLine(l); l == "" {
			b.WriteString(">\n")
			continue
		}
		b.WriteString("> " + l + "\n")
	}
	return b.String()
}

// SafeTOML makes a playbook's TOML source safe to print and still the same
// playbook. TOML refuses C0 controls and DEL raw but lets C1 and bidi
// controls through; in basic strings they become \uXXXX escapes, a literal
// string holding one becomes a basic string, and in comments they are
// written as \uXXXX text.
func SafeTOML(src string) string {
	if !strings.ContainsFunc(src, tomlUnsafe) {
		return src
	}
	var b strings.Builder
	escape := func(r rune) { fmt.Fprintf(&b, `\u%04x`, r) }
	for i := 0; i < len(src); {
		switch rest := src[i:]; {
		case rest[0] == '#':
			end := strings.IndexByte(rest, '\n')
			if end < 0 {
				end = len(rest)
			}
			for _, r := range rest[:end] {
				if tomlUnsafe(r) {
					escape(r)
				} else {
					b.WriteRune(r)
				}
			}
			i += end
		case rest[0] == '"':
			n := basicStringLen(rest)
			for _, r := range rest[:n] {
				if tomlUnsafe(r) {
					escape(r)
				} else {
					b.WriteRune(r)
				}
			}
			i += n
		case rest[0] == '\'':
			delim, n := literalString(rest)
			if n == 0 { // unterminated: the parser refused it already
				b.WriteString(Safe(rest))
				i = len(src)
				break
			}
			body := rest[len(delim) : n-len(delim)]
			if !strings.ContainsFunc(body, tomlUnsafe) {
				b.WriteString(rest[:n])
			} else {
				q := strings.Repeat(`"`, len(delim))
				b.WriteString(q)
				for _, r := range body {
					switch {
					case r == '\\' || r == '"':
						b.WriteString(`\` + string(r))
					case tomlUnsafe(r):
						escape(r)
					default:
						b.WriteRune(r)
					}
				}
				b.WriteString(q)
			}
			i += n
		default:
			r, size := utf8.DecodeRuneInString(rest)
			if tomlUnsafe(r) {
				escape(r)
			} else {
				b.WriteString(rest[:size])
			}
			i += size
		}
	}
	return b.String()
}

func tomlUnsafe(r rune) bool { return isC1(r) || isBidi(r) || r == '\u2028' || r == '\u2029' }

// basicStringLen is the length of the basic string ("…" or """…""") s
// starts with, its quotes included; the rest of s when it does not end.
func basicStringLen(s string) int {
	if strings.HasPrefix(s, `"""`) {
		for i := 3; i < len(s); i++ {
			switch {
			case s[i] == '\\':
				i++
			case strings.HasPrefix(s[i:], `"""`):
				end := i + 3
				for k := 0; k < 2 && end < len(s) && s[end] == '"'; k++ {
					end++ // up to two quotes before the closing three are content
				}
				return end
			}
		}
		return len(s)
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"', '\n':
			return i + 1
		}
	}
	return len(s)
}

// literalString returns the delimiter (one quote or three) of the literal
// string s starts with, and its length with the quotes; 0 when it does not
// end.
func literalString(s string) (delim string, n int) {
	if strings.HasPrefix(s, "'''") {
		i := strings.Index(s[3:], "'''")
		if i < 0 {
			return "'''", 0
		}
		end := 3 + i + 3
		for k := 0; k < 2 && end < len(s) && s[end] == '\''; k++ {
			end++
		}
		return "'''", end
	}
	i := strings.IndexAny(s[1:], "'\n")
	if i < 0 || s[1+i] == '\n' {
		return "'", 0
	}
	return "'", i + 2
}
