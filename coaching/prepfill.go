package coaching

import (
	"sort"
	"strings"
)

// FillPrep writes the answers and evidence of p, read from src by
// ParsePrep and then answered, back into src, with where the rep wants
// help and their pick: only the values change, so the questions, comments
// and everything else the rep wrote stay. A value line the rep deleted
// comes back under its table; a [help] or [[pick]] table they deleted
// comes back before the first deal, when there is something to say.
func FillPrep(src []byte, p *Prep) []byte {
	lines := strings.Split(string(src), "\n")
	type edit struct {
		line int // 1-based; the value's line, or the line to insert after
		// rank orders the lines inserted after one line, lowest on top.
		rank   int
		insert bool
		text   []string // the lines to insert
		value  string   // the value to put in place
	}
	var edits []edit
	set := func(line, header, rank int, key, value, tail string) {
		if line > 0 {
			edits = append(edits, edit{line: line, value: value})
		} else if header > 0 {
			edits = append(edits, edit{line: header, rank: rank, insert: true, text: []string{key + " = " + TOMLString(value) + tail}})
		}
	}
	// A table the rep deleted goes back above the first deal's comments.
	table := func(rank int, text ...string) {
		at := len(lines)
		if len(p.Deals) > 0 && p.Deals[0].Line > 0 {
			at = p.Deals[0].Line - 1
			for at > 0 && strings.HasPrefix(strings.TrimSpace(lines[at-1]), "#") {
				at--
			}
		}
		edits = append(edits, edit{line: at, rank: rank, insert: true, text: append(text, "")})
	}
	switch {
	case p.HelpHeader > 0:
		set(p.HelpLine, p.HelpHeader, 0, "reply", p.Help, "")
	case p.Help != "":
		table(0, "[help]", "reply = "+TOMLString(p.Help))
	}
	for _, pk := range p.Picks {
		switch {
		case pk.Header > 0:
			dealLine := pk.Line
			if dealLine == pk.Header {
				dealLine = 0
			}
			set(dealLine, pk.Header, 0, "deal", pk.Deal, "")
			set(pk.ReasonLine, pk.Header, 1, "reply", pk.Reason, "")
		case pk.Deal != "" || pk.Reason != "":
			table(1, "[[pick]]", "deal = "+TOMLString(pk.Deal), "reply = "+TOMLString(pk.Reason))
		}
	}
	for _, d := range p.Deals {
		for _, it := range d.Items {
			set(it.ValueLine, it.Line, 0, "answer", string(it.Value), answerComment)
			set(it.EvidenceLine, it.Line, 1, "evidence", it.Evidence, "")
		}
	}
	// Bottom up, so that an inserted line moves no line still to edit; at
	// one line the last to go below it is inserted first.
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].line != edits[j].line {
			return edits[i].line > edits[j].line
		}
		return edits[i].rank > edits[j].rank
	})
	for _, e := range edits {
		if e.line > len(lines) {
			continue
		}
		if e.insert {
			lines = append(lines[:e.line], append(append([]string(nil), e.text...), lines[e.line:]...)...)
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
