package coaching

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/BurntSushi/toml"
)

// EveryKey is the key of the group of items asked for every deal.
const EveryKey = "every"

// Item is one yes/no checklist question.
type Item struct {
	Key      string `toml:"key"`
	Question string `toml:"question"`
	Hint     string `toml:"hint"`
}

// Stage is one step of the sales process with its checklist.
type Stage struct {
	Key          string   `toml:"key"`
	Name         string   `toml:"name"`
	Aliases      []string `toml:"aliases"`
	ExpectedDays int      `toml:"expected_days"`
	Items        []Item   `toml:"item"`
}

// Skill is a selling skill a manager coaches, seen in the checklist items
// that show it (DESIGN §10): "Multi-threading" is two stakeholders engaged,
// technical and user buyers engaged, knowing who else decides.
type Skill struct {
	Key   string   `toml:"key"`
	Name  string   `toml:"name"`
	Items []string `toml:"items"`
}

// Playbook is the ordered stages of the process, the every-deal items, the
// skills they show and the thresholds that make a stage weak.
type Playbook struct {
	Name       string  `toml:"name"`
	WeakBelow  float64 `toml:"weak_below"`
	MinAnswers int     `toml:"min_answers"`
	Stages     []Stage `toml:"stage"`
	Every      Stage   `toml:"every"`
	Skills     []Skill `toml:"skill"`
	// Version is set by the store: the number under which it was saved.
	Version int `toml:"-"`
	// Source is the TOML text the playbook was read from.
	Source string `toml:"-"`
}

//go:embed default_playbook.toml
var defaultPlaybook string

// DefaultTOML returns the text of the embedded default playbook.
func DefaultTOML() string { return defaultPlaybook }

// DefaultPlaybook returns the embedded default playbook.
func DefaultPlaybook() *Playbook {
	pb, err := ParsePlaybook("default_playbook.toml", []byte(defaultPlaybook))
	if err != nil {
		panic("coaching: embedded playbook: " + err.Error())
	}
	return pb
}

// FileError is a problem in a file a manager or rep wrote (a playbook, a
// prep), at a line when known: FILE:LINE: problem.
type FileError struct {
	File    string
	Line    int
	Problem string
}

// PlaybookError is a problem in a playbook file.
type PlaybookError = FileError

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Problem)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Problem)
}

// ParsePlaybook reads and checks a playbook in TOML. Errors name file, line
// and problem.
func ParsePlaybook(file string, data []byte) (*Playbook, error) {
	var pb Playbook
	src := string(data)
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&pb)
	if err != nil {
		line, problem := describeDecodeError(src, err)
		return nil, &PlaybookError{File: file, Line: line, Problem: problem}
	}
	// Lines are looked up only when something is wrong, hence the funcs.
	fail := func(line func([]tomlLine) int, format string, args ...any) error {
		return &PlaybookError{File: file, Line: line(scanTOML(src)), Problem: fmt.Sprintf(format, args...)}
	}
	at := func(key string) func([]tomlLine) int {
		return func(ls []tomlLine) int { return keyLine(ls, key, 0) }
	}
	nowhere := func([]tomlLine) int { return 0 }
	// stageAt finds key within the i-th [[stage]] table.
	stageAt := func(i int, key string) func([]tomlLine) int {
		return func(ls []tomlLine) int {
			h := headerLine(ls, "stage", i, 0)
			if key == "" || h == 0 {
				return h // no line rather than another stage's
			}
			if l := keyLine(ls, "stage."+key, h); l > 0 {
				return l
			}
			return h
		}
	}
	// itemAt finds key within the j-th item of group g (stage index, or
	// len(pb.Stages) for the every-deal group).
	itemAt := func(g, j int, key string) func([]tomlLine) int {
		return func(ls []tomlLine) int {
			table, from := "every.item", 0
			if g < len(pb.Stages) {
				table, from = "stage.item", headerLine(ls, "stage", g, 0)
			}
			h := headerLine(ls, table, j, from)
			if h == 0 {
				return 0
			}
			if l := keyLine(ls, table+"."+key, h); l > 0 {
				return l
			}
			return h
		}
	}

	if und := md.Undecoded(); len(und) > 0 {
		k := und[0].String()
		return nil, fail(at(k), "unknown field %q", k)
	}
	if !md.IsDefined("weak_below") {
		pb.WeakBelow = 0.6
	}
	if !md.IsDefined("min_answers") {
		pb.MinAnswers = 3
	}
	if pb.WeakBelow <= 0 || pb.WeakBelow > 1 {
		return nil, fail(at("weak_below"), "weak_below must be between 0 and 1, not %v", pb.WeakBelow)
	}
	if pb.MinAnswers < 1 {
		return nil, fail(at("min_answers"), "min_answers must be at least 1, not %d", pb.MinAnswers)
	}
	if len(pb.Stages) == 0 {
		return nil, fail(nowhere, "no stages: add at least one [[stage]]")
	}
	if pb.Every.Name == "" {
		pb.Every.Name = "Every deal"
	}
	pb.Every.Key = EveryKey

	stageKeys := map[string]bool{}
	names := map[string]string{}
	for i := range pb.Stages {
		s := &pb.Stages[i]
		if s.Key == "" {
			return nil, fail(stageAt(i, ""), "stage %d has no key", i+1)
		}
		if s.Key == EveryKey {
			return nil, fail(stageAt(i, "key"), "stage key %q is reserved for the every-deal items", s.Key)
		}
		if stageKeys[s.Key] {
			return nil, fail(stageAt(i, "key"), "duplicate stage key %q", s.Key)
		}
		stageKeys[s.Key] = true
		if s.Name == "" {
			s.Name = s.Key
		}
		if s.ExpectedDays < 0 {
			return nil, fail(stageAt(i, "expected_days"), "stage %q: expected_days must not be negative", s.Key)
		}
		for _, name := range append([]string{s.Key, s.Name}, s.Aliases...) {
			n := NormalizeStageName(name)
			switch n {
			case "closedwon", "closedlost":
				return nil, fail(stageAt(i, "aliases"), "stage %q: %q is a closed status, not a stage", s.Key, name)
			}
			if other, ok := names[n]; ok && other != s.Key {
				return nil, fail(stageAt(i, "aliases"), "stage name %q is used by both %q and %q", name, other, s.Key)
			}
			names[n] = s.Key
		}
	}
	itemKeys := map[string]string{}
	for g, s := range pb.Groups() {
		for j, it := range s.Items {
			if it.Key == "" {
				return nil, fail(itemAt(g, j, "question"), "item %d of %q has no key", j+1, s.Key)
			}
			if prev, ok := itemKeys[it.Key]; ok {
				where := fmt.Sprintf("in %q", s.Key)
				if prev != s.Key {
					where = fmt.Sprintf("in %q and %q", prev, s.Key)
				}
				return nil, fail(itemAt(g, j, "key"), "duplicate item key %q (%s)", it.Key, where)
			}
			itemKeys[it.Key] = s.Key
			if strings.TrimSpace(it.Question) == "" {
				return nil, fail(itemAt(g, j, "question"), "item %q has an empty question", it.Key)
			}
		}
	}
	skillAt := func(i int, key string) func([]tomlLine) int {
		return func(ls []tomlLine) int {
			h := headerLine(ls, "skill", i, 0)
			if key == "" || h == 0 {
				return h
			}
			if l := keyLine(ls, "skill."+key, h); l > 0 {
				return l
			}
			return h
		}
	}
	skillKeys := map[string]bool{}
	for i := range pb.Skills {
		sk := &pb.Skills[i]
		if sk.Key == "" {
			return nil, fail(skillAt(i, ""), "skill %d has no key", i+1)
		}
		if skillKeys[sk.Key] {
			return nil, fail(skillAt(i, "key"), "duplicate skill key %q", sk.Key)
		}
		skillKeys[sk.Key] = true
		if sk.Name == "" {
			sk.Name = sk.Key
		}
		if len(sk.Items) == 0 {
			return nil, fail(skillAt(i, "items"), "skill %q names no checklist items", sk.Key)
		}
		for _, it := range sk.Items {
			if _, ok := itemKeys[it]; !ok {
				return nil, fail(skillAt(i, "items"), "skill %q names item %q, which no stage has", sk.Key, it)
			}
		}
	}
	pb.Source = src
	return &pb, nil
}

// Skill finds a skill by its key, or by its name ignoring case: a focus
// skill is stored as the manager typed or picked it.
func (pb *Playbook) Skill(keyOrName string) (Skill, bool) {
	want := strings.TrimSpace(keyOrName)
	for _, sk := range pb.Skills {
		if sk.Key == want || strings.EqualFold(sk.Name, want) {
			return sk, true
		}
	}
	return Skill{}, false
}

// SkillsOf lists the skills an item shows, in playbook order.
func (pb *Playbook) SkillsOf(item string) []Skill {
	var out []Skill
	for _, sk := range pb.Skills {
		for _, it := range sk.Items {
			if it == item {
				out = append(out, sk)
				break
			}
		}
	}
	return out
}

// Groups returns the stages in order, then the every-deal group.
func (pb *Playbook) Groups() []Stage {
	out := make([]Stage, 0, len(pb.Stages)+1)
	out = append(out, pb.Stages...)
	return append(out, pb.Every)
}

// Stage returns the stage (or the every group) with the key.
func (pb *Playbook) Stage(key string) (Stage, bool) {
	if key == EveryKey {
		return pb.Every, true
	}
	for _, s := range pb.Stages {
		if s.Key == key {
			return s, true
		}
	}
	return Stage{}, false
}

// StageIndex is the position of a stage key in the process, -1 if unknown.
func (pb *Playbook) StageIndex(key string) int {
	for i, s := range pb.Stages {
		if s.Key == key {
			return i
		}
	}
	return -1
}

// StageName is the display name of a stage key, the key itself if unknown.
func (pb *Playbook) StageName(key string) string {
	if s, ok := pb.Stage(key); ok {
		return s.Name
	}
	return key
}

// Item finds a checklist item by key, with the key of its stage.
func (pb *Playbook) Item(key string) (Item, string, bool) {
	for _, s := range pb.Groups() {
		for _, it := range s.Items {
			if it.Key == key {
				return it, s.Key, true
			}
		}
	}
	return Item{}, "", false
}

// MatchStage maps a CRM stage name to a stage key, or to a closed status.
// Names match ignoring case, spaces and punctuation; extra maps CRM names
// (as typed or normalized) to stage keys and wins over the playbook's own
// aliases.
func (pb *Playbook) MatchStage(crm string, extra map[string]string) (key string, status DealStatus, ok bool) {
	n := NormalizeStageName(crm)
	if k, found := extra[n]; found {
		return k, StatusOpen, true
	}
	// Callers may pass extra as typed ("Contract Sent=negotiate").
	for name, k := range extra {
		if NormalizeStageName(name) == n {
			return k, StatusOpen, true
		}
	}
	switch n {
	case "closedwon":
		return "", StatusWon, true
	case "closedlost", "closedlosttocompetition": // the second is Zoho's
		return "", StatusLost, true
	}
	for _, s := range pb.Stages {
		if NormalizeStageName(s.Key) == n || NormalizeStageName(s.Name) == n {
			return s.Key, StatusOpen, true
		}
		for _, a := range s.Aliases {
			if NormalizeStageName(a) == n {
				return s.Key, StatusOpen, true
			}
		}
	}
	return "", "", false
}

// NormalizeStageName lowers a stage name and drops everything but letters
// and digits, so "Decision Maker Bought-In" equals "decisionmakerboughtin".
func NormalizeStageName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// tomlLine is a table header or a key assignment of a TOML file: just
// enough to point an error at the right line. The toml package reports the
// line of the last occurrence of a key in an array of tables, not the one
// at fault, so ParsePlaybook finds lines itself.
type tomlLine struct {
	n      int    // 1-based line number
	header bool   // [table] or [[table]]
	key    string // full dotted key ("stage.item.key") or table ("stage.item")
	value  string // raw text after "=", for assignments
}

// The regexps are compiled on first use, not at init: commands that never
// parse a playbook (a summary reads the stored decoded form) skip them.
var (
	headerRe = lazyRe(`^\s*\[\[?\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$`)
	assignRe = lazyRe(`^\s*([A-Za-z0-9_\-."' ]+?)\s*=\s*(.*)$`)
)

func lazyRe(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

func scanTOML(src string) []tomlLine {
	var out []tomlLine
	table := ""
	inMultiline := false
	for i, l := range strings.Split(src, "\n") {
		// Lines inside a multi-line string are text, not keys.
		toggles := strings.Count(l, `"""`) + strings.Count(l, `'''`)
		if inMultiline {
			inMultiline = toggles%2 == 0
			continue
		}
		if m := headerRe().FindStringSubmatch(l); m != nil {
			table = cleanKey(m[1])
			out = append(out, tomlLine{n: i + 1, header: true, key: table})
		} else if m := assignRe().FindStringSubmatch(l); m != nil {
			k := cleanKey(m[1])
			if table != "" {
				k = table + "." + k
			}
			out = append(out, tomlLine{n: i + 1, key: k, value: strings.TrimSpace(m[2])})
		}
		inMultiline = toggles%2 == 1
	}
	return out
}

// cleanKey drops quotes and the spaces around dots: `"a" . b` is "a.b".
func cleanKey(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

// headerLine is the line of the nth (0-based) [[table]] header after line
// from, 0 when there is none.
func headerLine(ls []tomlLine, table string, nth, from int) int {
	for _, l := range ls {
		if l.n > from && l.header && l.key == table {
			if nth == 0 {
				return l.n
			}
			nth--
		}
	}
	return 0
}

// keyLine is the line of the assignment of key (or the header of table key)
// within the table that starts at line from; from 0 searches the whole file.
func keyLine(ls []tomlLine, key string, from int) int {
	return keyLineWhere(ls, key, from, nil)
}

func keyLineWhere(ls []tomlLine, key string, from int, ok func(value string) bool) int {
	for _, l := range ls {
		if l.n <= from {
			continue
		}
		if l.header && from > 0 {
			break // keys after the next header belong to another table
		}
		if l.key == key && (ok == nil || (!l.header && ok(l.value))) {
			return l.n
		}
	}
	return 0
}

var typeErrRe = lazyRe(`^toml: (?:line (\d+) )?\(last key "([^"]*)"\): incompatible types: TOML value has type (\S+); destination has type (.+)$`)

// describeDecodeError turns the toml package's error into a line and a
// problem a playbook author understands: "weak_below: expected a number,
// got a string".
func describeDecodeError(src string, err error) (int, string) {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		line := pe.Position.Line
		// An error found at a newline ("got '\n' instead") is on the line
		// that newline ends, which the toml package counts as the next.
		if s := pe.Position.Start; s > 0 && s < len(src) && src[s] == '\n' {
			line = 1 + strings.Count(src[:s], "\n")
		}
		return line, firstLine(pe.Message)
	}
	m := typeErrRe().FindStringSubmatch(err.Error())
	if m == nil {
		return 0, strings.TrimPrefix(firstLine(err.Error()), "toml: ")
	}
	key, got, want := m[2], tomlKind(m[3]), m[4]
	line := keyLineWhere(scanTOML(src), key, 0, func(v string) bool { return valueKind(v) == got })
	if line == 0 {
		line, _ = strconv.Atoi(m[1])
	}
	name := key[strings.LastIndexByte(key, '.')+1:]
	return line, fmt.Sprintf("%s: expected %s, got %s", name, kindWords[want], kindWords[got])
}

// kindWords names TOML kinds (and the toml package's names of Go
// destination types) for people.
var kindWords = map[string]string{
	"string": "a string", "int64": "a whole number", "float64": "a decimal number",
	"bool": "true or false", "list": "a list", "table": "a table", "date": "a date",
	"integer": "a whole number", "float": "a number", "boolean": "true or false",
	"slice": "a list", "map": "a table", "struct": "a table",
}

// tomlKind maps the Go type the toml package decoded a value to onto the
// kind valueKind reports for its text.
func tomlKind(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "list"
	case strings.HasPrefix(goType, "map"):
		return "table"
	case strings.HasPrefix(goType, "time.") || strings.HasPrefix(goType, "toml.Local"):
		return "date"
	}
	return goType
}

var dateRe = lazyRe(`^\d{4}-\d{2}-\d{2}|^\d{2}:\d{2}`)

// valueKind guesses the kind of a raw TOML value from its first characters.
func valueKind(v string) string {
	switch {
	case v == "":
		return ""
	case v[0] == '"' || v[0] == '\'':
		return "string"
	case v[0] == '[':
		return "list"
	case v[0] == '{':
		return "table"
	case strings.HasPrefix(v, "true") || strings.HasPrefix(v, "false"):
		return "bool"
	case dateRe().MatchString(v):
		return "date"
	}
	num := v
	if i := strings.IndexAny(num, " \t#"); i >= 0 {
		num = num[:i]
	}
	if !strings.HasPrefix(num, "0x") && (strings.ContainsAny(num, ".eE") || strings.Contains(num, "inf") || strings.Contains(num, "nan")) {
		return "float64"
	}
	return "int64"
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
