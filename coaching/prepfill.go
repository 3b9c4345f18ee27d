package coaching

import (
	"sort"
	"strings"
)

// FillPrep writes the answers and evidence of p, read from src by
// ParsePrep and then answered, back into src: only the values change, so
// the questions, comments and everything else the rep wrote stay.
func FillPrep(src []byte, p *Prep) []byte {
	lines := strings.Split(string(src), "\n")
	type edit struct {
		line   int // 1-based; the value's line, or the header to insert after
		insert bool
		key    string
		value  string
		tail   string // the comment an inserted answer carries
	}
	var edits []edit
	set := func(line, header int, key, value, tail string) {
		if line > 0 {
			edits = append(edits, edit{line: line, key: key, value: value})
		} else if header > 0 {
			edits = append(edits, edit{line: header, insert: true, key: key, value: value, tail: tail})
		}
	}
	for _, d := range p.Deals {
		for _, it := range d.Items {
			set(it.ValueLine, it.Line, "answer", string(it.Value), answerComment)
			set(it.EvidenceLine, it.Line, "evidence", it.Evidence, "")
		}
	}
	// Bottom up, so that an inserted line moves no line still to edit;
	// at one header the evidence goes in first, then the answer above it.
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].line != edits[j].line {
			return edits[i].line > edits[j].line
		}
		return edits[i].key == "evidence"
	})
	for _, e := range edits {
		if e.line > len(lines) {
			continue
		}
		if e.insert {
			add := e.key + " = " + TOMLString(e.value) + e.tail
			lines = append(lines[:e.line], append([]string{add}, lines[e.line:]...)...)
			continue
		}
		lines[e.line-1] = replaceValue(lines[e.line-1], e.value)
	}
	return []byte(strings.Join(lines, "\n"))
}

// replaceValue puts value in place of the value of the key = value line l,
// keeping the indentation, the key and a comment after the value.
func replaceValue(l, value string) string {
	eq := strings.IndexByte(l, '=')
	if eq < 0 {
		return l
	}
	rest := strings.TrimLeft(l[eq+1:], " \t")
	tail := ""
	switch {
	case strings.HasPrefix(rest, `"`):
		if _, after, err := basicString(rest); err == nil {
			tail = after
		}
	case strings.HasPrefix(rest, "'"):
		if end := strings.IndexByte(rest[1:], '\''); end >= 0 {
			tail = rest[end+2:]
		}
	}
	return strings.TrimRight(l[:eq], " \t") + " = " + TOMLString(value) + tail
}
