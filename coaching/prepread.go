package coaching

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ParsePrep reads a prep file back. It reads the TOML dealcoach writes (a
// line scanner, so that every value keeps its line for the error that
// points at it) and checks what the file alone can tell: every answer is
// yes, no, unsure or na, no item appears twice in a deal, no key is
// unknown. CheckPrep checks it against the database's rep and playbook.
func ParsePrep(file string, data []byte) (*Prep, error) {
	sc := prepScanner{file: file, p: &Prep{}}
	if !utf8.Valid(data) {
		return nil, &PrepError{File: file, Problem: "is not UTF-8 text"}
	}
	for i, line := range strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n") {
		if err := sc.line(i+1, strings.TrimSuffix(line, "\r")); err != nil {
			return nil, err
		}
	}
	p := sc.p
	switch {
	case p.RepLine == 0:
		return nil, &PrepError{File: file, Problem: "no rep = \"…\" line: is this a dealcoach prep file?"}
	case p.IDLine == 0:
		return nil, &PrepError{File: file, Problem: "no prep_id = \"…\" line: is this a dealcoach prep file?"}
	case p.VersionLine == 0:
		return nil, &PrepError{File: file, Problem: "no playbook_version line: is this a dealcoach prep file?"}
	}
	return p, nil
}

type prepScanner struct {
	file     string
	p        *Prep
	table    string // "", "help", "pick", "deal", "item"
	comments []string
	item     *PrepItem
	seen     map[string]int // keys of the current table → line
	items    map[string]int // items of the current deal → line
	helpSeen bool
}

func (sc *prepScanner) fail(n int, format string, args ...any) error {
	return &PrepError{File: sc.file, Line: n, Problem: fmt.Sprintf(format, args...)}
}

func (sc *prepScanner) line(n int, raw string) error {
	l := strings.TrimSpace(raw)
	switch {
	case l == "":
		sc.comments = nil
		return nil
	case l[0] == '#':
		sc.comments = append(sc.comments, strings.TrimSpace(l[1:]))
		return nil
	case strings.HasPrefix(l, "[["):
		return sc.arrayHeader(n, l)
	case l[0] == '[':
		return sc.tableHeader(n, l)
	}
	sc.comments = nil
	return sc.assign(n, l)
}

// enter starts a table: its keys start over.
func (sc *prepScanner) enter(table string) {
	sc.table, sc.seen, sc.item = table, map[string]int{}, nil
}

func (sc *prepScanner) arrayHeader(n int, l string) error {
	name, rest, ok := strings.Cut(strings.TrimPrefix(l, "[["), "]]")
	if !ok || !onlyComment(rest) {
		return sc.fail(n, "cannot read this table header")
	}
	switch strings.TrimSpace(name) {
	case "pick":
		sc.p.Picks = append(sc.p.Picks, PrepPick{Line: n, Header: n})
		sc.enter("pick")
	case "deal":
		sc.p.Deals = append(sc.p.Deals, PrepDeal{Line: n})
		sc.items = map[string]int{}
		sc.enter("deal")
	default:
		return sc.fail(n, "unknown table [[%s]]", strings.TrimSpace(name))
	}
	sc.comments = nil
	return nil
}

func (sc *prepScanner) tableHeader(n int, l string) error {
	end := closingBracket(l)
	if end < 0 || !onlyComment(l[end+1:]) {
		return sc.fail(n, "cannot read this table header")
	}
	parts, err := splitKey(l[1:end])
	if err != nil {
		return sc.fail(n, "%s", err)
	}
	question := ""
	if len(sc.comments) > 0 {
		question = sc.comments[0]
	}
	sc.comments = nil
	switch {
	case len(parts) == 1 && parts[0] == "help":
		if sc.helpSeen {
			return sc.fail(n, "[help] appears twice")
		}
		sc.helpSeen = true
		sc.p.HelpHeader = n
		sc.enter("help")
		return nil
	case len(parts) == 3 && parts[0] == "deal" && (parts[1] == "item" || parts[1] == EveryKey):
		if len(sc.p.Deals) == 0 {
			return sc.fail(n, "item %q comes before any [[deal]]", parts[2])
		}
		d := &sc.p.Deals[len(sc.p.Deals)-1]
		if first, dup := sc.items[parts[2]]; dup {
			return sc.fail(n, "item %q appears twice in deal %q (first on line %d)", parts[2], SafeLine(d.Name), first)
		}
		sc.items[parts[2]] = n
		group := d.Stage
		if parts[1] == EveryKey {
			group = EveryKey
		}
		d.Items = append(d.Items, PrepItem{Group: group, Key: parts[2], Question: question, Line: n})
		sc.enter("item")
		sc.item = &d.Items[len(d.Items)-1]
		return nil
	}
	return sc.fail(n, "unknown table [%s]", SafeLine(l[1:end]))
}

// keys each table may hold.
var prepKeys = map[string][]string{
	"":     {"rep", "playbook_version", "prep_id", "created", "focus"},
	"help": {"reply"},
	"pick": {"deal", "reply"},
	"deal": {"id", "crm_id", "name", "account", "stage", "stage_name"},
	"item": {"answer", "evidence"},
}

func (sc *prepScanner) assign(n int, l string) error {
	k, v, ok := strings.Cut(l, "=")
	if !ok {
		return sc.fail(n, "expected key = value")
	}
	parts, err := splitKey(k)
	if err != nil || len(parts) != 1 {
		return sc.fail(n, "cannot read the key %q", SafeLine(strings.TrimSpace(k)))
	}
	key := parts[0]
	known := false
	for _, want := range prepKeys[sc.table] {
		known = known || want == key
	}
	if !known {
		if sc.table == "item" {
			return sc.fail(n, "unknown key %q in item %q: an item has answer and evidence", key, sc.item.Key)
		}
		return sc.fail(n, "unknown key %q", key)
	}
	if sc.seen == nil {
		sc.seen = map[string]int{}
	}
	if first, dup := sc.seen[key]; dup {
		return sc.fail(n, "%s appears twice (first on line %d)", key, first)
	}
	sc.seen[key] = n
	val, num, isNum, err := readValue(v)
	if err != nil {
		return sc.fail(n, "%s: %s", key, err)
	}
	wantNum := key == "playbook_version" || key == "id"
	if wantNum != isNum {
		if wantNum {
			return sc.fail(n, "%s: expected a whole number", key)
		}
		return sc.fail(n, "%s: expected text in quotes", key)
	}
	p := sc.p
	switch sc.table {
	case "":
		switch key {
		case "rep":
			p.Rep, p.RepLine = val, n
		case "playbook_version":
			p.PlaybookVersion, p.VersionLine = int(num), n
		case "prep_id":
			if strings.TrimSpace(val) == "" {
				return sc.fail(n, "prep_id is empty")
			}
			p.ID, p.IDLine = val, n
		case "created":
			d, err := ParseISODate(val)
			if err != nil {
				return sc.fail(n, "created: %q is not a date like 2026-11-29", SafeLine(val))
			}
			p.Created = d
		case "focus":
			p.Focus = val
		}
	case "help":
		p.Help, p.HelpLine = val, n
	case "pick":
		pk := &p.Picks[len(p.Picks)-1]
		if key == "deal" {
			pk.Deal, pk.Line = val, n
		} else {
			pk.Reason, pk.ReasonLine = val, n
		}
	case "deal":
		d := &p.Deals[len(p.Deals)-1]
		switch key {
		case "id":
			d.ID = num
		case "crm_id":
			d.CRMID = val
		case "name":
			d.Name = val
		case "account":
			d.Account = val
		case "stage":
			if len(d.Items) > 0 {
				return sc.fail(n, "stage comes after the deal's items")
			}
			d.Stage = val
		case "stage_name":
			d.StageName = val
		}
	case "item":
		if key == "evidence" {
			sc.item.Evidence, sc.item.EvidenceLine = val, n
			return nil
		}
		v := Value(strings.ToLower(strings.TrimSpace(val)))
		if v != "" && !v.Valid() {
			return sc.fail(n, "answer %q is not yes, no, unsure or na", SafeLine(val))
		}
		sc.item.Value, sc.item.ValueLine = v, n
	}
	return nil
}

// readValue reads a one-line TOML string (basic or literal) or a whole
// number, with an optional comment after it.
func readValue(v string) (s string, n int64, isNum bool, err error) {
	v = strings.TrimSpace(v)
	switch {
	case strings.HasPrefix(v, `"""`) || strings.HasPrefix(v, "'''"):
		return "", 0, false, fmt.Errorf("write the text on one line")
	case strings.HasPrefix(v, `"`):
		s, rest, err := basicString(v)
		if err != nil {
			return "", 0, false, err
		}
		if !onlyComment(rest) {
			return "", 0, false, fmt.Errorf("unexpected text after the closing quote")
		}
		return s, 0, false, nil
	case strings.HasPrefix(v, "'"):
		end := strings.IndexByte(v[1:], '\'')
		if end < 0 {
			return "", 0, false, fmt.Errorf("the text has no closing quote")
		}
		if !onlyComment(v[end+2:]) {
			return "", 0, false, fmt.Errorf("unexpected text after the closing quote")
		}
		return v[1 : end+1], 0, false, nil
	}
	num, _, _ := strings.Cut(v, "#")
	x, perr := strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(num), "_", ""), 10, 64)
	if perr != nil {
		return "", 0, false, fmt.Errorf("expected text in quotes or a whole number, got %s", SafeLine(v))
	}
	return "", x, true, nil
}

// basicString reads the "…" string v starts with and returns the text
// after it.
func basicString(v string) (string, string, error) {
	var b strings.Builder
	for i := 1; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '"':
			return b.String(), v[i+1:], nil
		case c == '\\':
			if i+1 >= len(v) {
				return "", "", fmt.Errorf("the text has no closing quote")
			}
			i++
			switch v[i] {
			case 'b':
				b.WriteByte('\b')
			case 't':
				b.WriteByte('\t')
			case 'n':
				b.WriteByte('\n')
			case 'f':
				b.WriteByte('\f')
			case 'r':
				b.WriteByte('\r')
			case 'e':
				b.WriteByte(0x1b)
			case '"', '\\':
				b.WriteByte(v[i])
			case 'u', 'U':
				size := 4
				if v[i] == 'U' {
					size = 8
				}
				if i+size >= len(v) {
					return "", "", fmt.Errorf("a \\%c escape needs %d hex digits", v[i], size)
				}
				r, err := strconv.ParseUint(v[i+1:i+1+size], 16, 32)
				if err != nil || !utf8.ValidRune(rune(r)) {
					return "", "", fmt.Errorf("bad escape \\%c%s", v[i], SafeLine(v[i+1:i+1+size]))
				}
				b.WriteRune(rune(r))
				i += size
			default:
				return "", "", fmt.Errorf("unknown escape \\%c", v[i])
			}
		case c < 0x20 && c != '\t' || c == 0x7f:
			return "", "", fmt.Errorf("a control character in the text; write it as \\u%04X", c)
		default:
			b.WriteByte(c)
		}
	}
	return "", "", fmt.Errorf("the text has no closing quote")
}

func onlyComment(rest string) bool {
	rest = strings.TrimSpace(rest)
	return rest == "" || rest[0] == '#'
}

// closingBracket is the index of the ] that ends the header l, skipping
// quoted keys; -1 when there is none.
func closingBracket(l string) int {
	quote := byte(0)
	for i := 1; i < len(l); i++ {
		switch c := l[i]; {
		case quote != 0 && c == '\\' && quote == '"':
			i++
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
		case c == '"' || c == '\'':
			quote = c
		case c == ']':
			return i
		}
	}
	return -1
}

// splitKey splits a dotted TOML key into its parts, bare or quoted.
func splitKey(k string) ([]string, error) {
	var parts []string
	k = strings.TrimSpace(k)
	for {
		var part string
		switch {
		case strings.HasPrefix(k, `"`):
			s, rest, err := basicString(k)
			if err != nil {
				return nil, err
			}
			part, k = s, rest
		case strings.HasPrefix(k, "'"):
			end := strings.IndexByte(k[1:], '\'')
			if end < 0 {
				return nil, fmt.Errorf("the key has no closing quote")
			}
			part, k = k[1:end+1], k[end+2:]
		default:
			end := strings.IndexAny(k, ". \t")
			if end < 0 {
				end = len(k)
			}
			part, k = k[:end], k[end:]
			for _, r := range part {
				if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
					return nil, fmt.Errorf("cannot read the key %q", SafeLine(part))
				}
			}
			if part == "" {
				return nil, fmt.Errorf("an empty key")
			}
		}
		parts = append(parts, part)
		k = strings.TrimSpace(k)
		if k == "" {
			return parts, nil
		}
		if k[0] != '.' {
			return nil, fmt.Errorf("cannot read the key")
		}
		k = strings.TrimSpace(k[1:])
	}
}

// CheckPrep checks a prep read from file against the database: the rep
// it names (repName, "" when no rep has that name), the newest playbook
// version, the playbook it was written under (pb) and the rep's deals.
// It resolves each pick to one of the rep's deals.
func CheckPrep(file string, p *Prep, repName string, newest int, pb *Playbook, deals []Deal) error {
	fail := func(n int, format string, args ...any) error {
		return &PrepError{File: file, Line: n, Problem: fmt.Sprintf(format, args...)}
	}
	if repName == "" {
		return fail(p.RepLine, "no rep is called %q here", SafeLine(p.Rep))
	}
	if p.PlaybookVersion > newest {
		return fail(p.VersionLine, "the prep was written for playbook version %d; this database knows up to %d", p.PlaybookVersion, newest)
	}
	if p.PlaybookVersion < 1 {
		return fail(p.VersionLine, "playbook_version must be at least 1")
	}
	byID := map[int64]Deal{}
	for _, d := range deals {
		byID[d.ID] = d
	}
	for _, pd := range p.Deals {
		if _, ok := byID[pd.ID]; !ok {
			return fail(p.RepLine, "deal %q (line %d) is not one of %s's deals: the prep is for another rep or another database", SafeLine(pd.Name), pd.Line, SafeLine(repName))
		}
		group, ok := pb.Stage(pd.Stage)
		if !ok || pd.Stage == EveryKey {
			return fail(pd.Line, "deal %q: unknown stage %q", SafeLine(pd.Name), SafeLine(pd.Stage))
		}
		for _, it := range pd.Items {
			list := group.Items
			where := SafeLine(group.Name) + " checklist"
			if it.Group == EveryKey {
				list, where = pb.Every.Items, "every-deal checklist"
			}
			found := false
			for _, x := range list {
				found = found || x.Key == it.Key
			}
			if !found {
				return fail(it.Line, "unknown item %q: the %s has no such question", SafeLine(it.Key), where)
			}
		}
	}
	for i := range p.Picks {
		pk := &p.Picks[i]
		want := strings.TrimSpace(pk.Deal)
		if want == "" {
			continue
		}
		for _, d := range deals {
			if d.CRMID != "" && d.CRMID == want {
				pk.DealID = d.ID
				break
			}
		}
		if pk.DealID == 0 {
			for _, d := range deals {
				if strings.EqualFold(strings.TrimSpace(d.Name), want) {
					if pk.DealID != 0 {
						return fail(pk.Line, "%s has two deals called %q: give the CRM id", SafeLine(repName), SafeLine(want))
					}
					pk.DealID = d.ID
				}
			}
		}
		if pk.DealID == 0 {
			return fail(pk.Line, "deal %q is not one of %s's deals (give its CRM id or name)", SafeLine(want), SafeLine(repName))
		}
		if d := byID[pk.DealID]; d.Status != "" && d.Status != StatusOpen {
			return fail(pk.Line, "deal %q is closed; pick an open deal", SafeLine(want))
		}
	}
	return nil
}
