package coaching

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"dealcoach/internal/hostile"
)

func TestSafeLeavesNoControl(t *testing.T) {
	for _, s := range hostile.Names {
		for name, got := range map[string]string{"Safe": Safe(s), "SafeLine": SafeLine(s), "MarkdownLine": MarkdownLine(s)} {
			for _, r := range got {
				if hostile.Dangerous(r) {
					t.Errorf("%s(%q) = %q keeps %U", name, s, got, r)
				}
			}
			if name != "Safe" && strings.Contains(got, "\n") {
				t.Errorf("%s(%q) = %q keeps a line break", name, s, got)
			}
		}
	}
}

func TestSafeShowsWhatWasThere(t *testing.T) {
	for in, want := range map[string]string{
		"Acme Corp":               "Acme Corp",
		"Zoë & Søren":             "Zoë & Søren",
		"A \x1b]0;PWNED\x07 x":    "A ␛]0;PWNED␇ x",
		"B \x1b[2J y":             "B ␛[2J y",
		"C \u202eevil":            "C \uFFFDevil",
		"D \u009b31m":             "D \uFFFD31m",
		"E \x9b31m":               "E \uFFFD31m",
		"tab\there":               "tab here",
		"two\r\nlines\rand\nmore": "two\nlines\nand\nmore",
		"del\x7f":                 "del␡",
	} {
		if got := Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
	if got := SafeLine("two\r\nlines\u2028here"); got != "two lines here" {
		t.Errorf("SafeLine = %q", got)
	}
}

func TestEscapeJSON(t *testing.T) {
	for _, s := range hostile.Names {
		b, err := json.Marshal(map[string]string{"name": s})
		if err != nil {
			t.Fatal(err)
		}
		got := EscapeJSON(b)
		for _, r := range string(got) {
			if hostile.Dangerous(r) {
				t.Errorf("EscapeJSON(%q) = %s keeps %U", s, got, r)
			}
		}
		var back map[string]string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("EscapeJSON made invalid JSON %s: %v", got, err)
		}
		if want := strings.ToValidUTF8(s, "\uFFFD"); back["name"] != want {
			t.Errorf("round trip: %q, want %q", back["name"], want)
		}
	}
	if got := string(EscapeJSON([]byte(`"a\u202eb"`))); got != `"a\u202eb"` {
		t.Errorf("already escaped changed: %s", got)
	}
	if got := string(EscapeJSON([]byte("\"a\u202eb\""))); got != `"a\u202eb"` {
		t.Errorf("bidi: %s", got)
	}
}

func TestMarkdownLine(t *testing.T) {
	for in, want := range map[string]string{
		"Acme Corp":                    "Acme Corp",
		"<script>alert(1)</script>":    "&lt;script&gt;alert(1)&lt;/script&gt;",
		"a | b `code` *em* _u_ [l](x)": "a \\| b \\`code\\` \\*em\\* \\_u\\_ \\[l\\](x)",
		"# not a heading":              `\# not a heading`,
		"- not a list":                 `\- not a list`,
		"1. not a list":                `1\. not a list`,
		"2026 plan":                    "2026 plan",
		"R&D":                          "R&amp;D",
		"two\nlines":                   "two lines",
		"A \x1b]0;X\x07":               "A ␛\\]0;X␇",
	} {
		if got := MarkdownLine(in); got != want {
			t.Errorf("MarkdownLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSafeTOML(t *testing.T) {
	src := "# a comment \u202e with \u009b\n" +
		"basic = \"a \u202eb\\\" \u009b31m \\u001b[2J\"\n" +
		"literal = 'C:\\path \u2066x\u2069 \"q\"'\n" +
		"plain = 'C:\\path'\n" +
		"ml = \"\"\"\nline \u202e\n\"two\" \u2028 \\\n  joined\"\"\"\"\n" +
		"mll = '''\nraw \\ \u009b \"\"\" ''''\n" +
		"\"quoted \u202e key\" = 1 # end \u200f\n"
	var want, got map[string]any
	if _, err := toml.Decode(src, &want); err != nil {
		t.Fatal(err)
	}
	safe := SafeTOML(src)
	if _, err := toml.Decode(safe, &got); err != nil {
		t.Fatalf("SafeTOML made invalid TOML: %v\n%s", err, safe)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SafeTOML changed the document:\n%q\nwant\n%q\n%s", got, want, safe)
	}
	hostile.Check(t, "SafeTOML", safe)
	if !strings.Contains(safe, "plain = 'C:\\path'\n") {
		t.Errorf("a literal string without controls should stay as written:\n%s", safe)
	}
	if plain := "name = 'x'\n"; SafeTOML(plain) != plain {
		t.Error("a clean source changed")
	}
}
