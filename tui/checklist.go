package tui

import (
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/lipgloss"

	"dealcoach/coaching"
)

// The checklist is one component for the two screens that ask a deal's
// questions, the deal walk and the ride-along debrief. It is the scrolling
// body of the screen: the stage and every-deal questions with their answers
// and evidence, the earlier stages folded, and between them the screen's
// own lines (fields, next steps, notes), which the screen draws. It owns
// the cursor over all of them, answers y/n/u/x (the same key again clears),
// moves on to the next question and edits an answer's evidence. It reports
// each change as a checklistAnsweredMsg or checklistClearedMsg for its
// screen to save: the component never touches the store.
//
// It lives in package tui, not a sub-package, because it draws with the
// app's Styles and its screens' own rows through the same helpers (trunc,
// padRight, prefill) every screen uses.

type rowKind int

const (
	rowHeading  rowKind = iota // a section title; the cursor skips it
	rowItem                    // a checklist question, answered with y/n/u/x
	rowEvidence                // the evidence under a question; skipped
	rowFold                    // an earlier stage, opened with enter
	rowOwn                     // a line of the screen's own, drawn by it
)

// clRow is one line of the checklist body.
type clRow struct {
	kind rowKind
	// stage is the group key of an item, fold or checklist heading; earlier
	// marks the items of an earlier stage, shown under its fold.
	stage   string
	item    coaching.Item
	earlier bool
	text    string // a heading's title or an evidence line
	// own and n say which of the screen's lines this is: its kind and index.
	own, n int
}

func (r clRow) selectable() bool { return r.kind != rowHeading && r.kind != rowEvidence }

func ownRow(kind, n int) clRow           { return clRow{kind: rowOwn, own: kind, n: n} }
func headingRow(text string) clRow       { return clRow{kind: rowHeading, text: text} }
func (r clRow) isOwn(kind int) bool      { return r.kind == rowOwn && r.own == kind }
func (r clRow) question() string         { return trunc(r.item.Question, 40) }
func (r clRow) sameItem(o clRow) bool    { return r.kind == o.kind && r.item.Key == o.item.Key }
func (r clRow) quoted(pre string) string { return pre + "“" + r.question() + "”" }

// checklistOpts are where the two screens differ.
type checklistOpts struct {
	// evidence: answers take evidence (e), shown under the question.
	evidence bool
	// priorValue: an unanswered question shows the deal's latest answer,
	// greyed; otherwise it says "last time: no".
	priorValue bool
	// headingTail follows "N of M answered" (" after this call").
	headingTail string
	// note, when set, is a word after a question the screen has to say.
	note func(it coaching.Item, mine bool) string
	// own draws one of the screen's lines, without the cursor gutter.
	own func(r clRow, selected bool, width int) string
}

type checklist struct {
	st   Styles
	pb   *coaching.Playbook
	now  func() time.Time
	keys checklistKeys
	opts checklistOpts

	stage coaching.Stage // Key "" when the deal's stage is unknown
	// answers are this session's; prior the deal's latest from before.
	answers, prior map[string]coaching.Answer
	expanded       map[string]bool
	// suggested are answers the app knows (the CRM's), shown until the
	// manager confirms or changes them; not answers until then.
	suggested map[string]coaching.Answer
	// focus marks the questions of the rep's focus skill.
	focus map[string]bool

	// layout lays out the sections in the screen's order.
	layout func(*checklist) []clRow
	rows   []clRow
	cache  []string // drawn rows, "" when to be drawn again
	cur    cursor
	width  int
	height int

	// answered is the row answered by the last key, -1 otherwise: e right
	// after an answer edits that answer's evidence.
	answered int
	msg      string // a hint after a key that does not apply here
	editing  bool
	input    textinput.Model
	pre      prefill
}

func newChecklist(c *common, opts checklistOpts, layout func(*checklist) []clRow) *checklist {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = "who said it, or what shows it"
	in.CharLimit = 300
	in.Cursor.SetMode(cursorMode)
	l := &checklist{st: c.styles, pb: c.pb, now: c.now, keys: newChecklistKeys(), opts: opts, layout: layout,
		expanded: map[string]bool{}, answered: -1, input: in}
	l.answers = map[string]coaching.Answer{}
	return l
}

// setDeal shows the checklist of stage (Key "" if unknown) under pb, with
// this session's answers and the deal's prior ones.
func (l *checklist) setDeal(pb *coaching.Playbook, stage coaching.Stage, answers []coaching.Answer, prior map[string]coaching.Answer) {
	if stage.Key == coaching.EveryKey {
		stage = coaching.Stage{}
	}
	l.pb, l.stage, l.prior = pb, stage, prior
	l.answers = make(map[string]coaching.Answer, len(answers))
	for _, a := range answers {
		l.answers[a.Item] = a
	}
	l.rebuild()
}

func (l *checklist) setSize(width, height int) {
	l.width, l.height = width, height
	l.input.Width = max(10, width-6)
	l.cache = make([]string, len(l.rows))
	l.fit()
}

// setHeight sets the lines the body may take, measured by the screen.
func (l *checklist) setHeight(h int) {
	if h != l.height {
		l.height = h
		l.fit()
	}
}

// items are the rows of one list of questions, with their evidence.
func (l *checklist) items(stage string, list []coaching.Item, earlier bool) []clRow {
	var rows []clRow
	for _, it := range list {
		rows = append(rows, clRow{kind: rowItem, stage: stage, item: it, earlier: earlier})
		if a, _ := l.shownOrSuggested(it.Key, earlier); l.opts.evidence && a.Evidence != "" {
			rows = append(rows, clRow{kind: rowEvidence, stage: stage, item: it, earlier: earlier, text: a.Evidence})
		}
	}
	return rows
}

// stageRows are the deal's stage checklist, under its heading; none when
// the stage is unknown.
func (l *checklist) stageRows() []clRow {
	if l.stage.Key == "" {
		return nil
	}
	return append([]clRow{{kind: rowHeading, stage: l.stage.Key}}, l.items(l.stage.Key, l.stage.Items, false)...)
}

// everyRows are the every-deal questions, under their heading.
func (l *checklist) everyRows() []clRow {
	return append([]clRow{{kind: rowHeading, stage: coaching.EveryKey}}, l.items(coaching.EveryKey, l.pb.Every.Items, false)...)
}

// earlierRows are the stages before the deal's, each a fold.
func (l *checklist) earlierRows() []clRow {
	idx := l.pb.StageIndex(l.stage.Key)
	if idx <= 0 {
		return nil
	}
	rows := []clRow{headingRow("Earlier stages · latest answers")}
	for _, s := range l.pb.Stages[:idx] {
		rows = append(rows, clRow{kind: rowFold, stage: s.Key})
		if l.expanded[s.Key] {
			rows = append(rows, l.items(s.Key, s.Items, true)...)
		}
	}
	return rows
}

// rebuild lays out the rows again, keeping the cursor on its row.
func (l *checklist) rebuild() {
	pos := l.cur.pos
	l.rows = l.layout(l)
	l.cache = make([]string, len(l.rows))
	l.cur.setLen(len(l.rows))
	l.cur.pos = pos
	l.fit()
}

// redraw drops the drawn rows: the screen's own lines changed.
func (l *checklist) redraw() { l.cache = make([]string, len(l.rows)) }

// shown is the answer to show for an item: this session's, else the
// deal's latest one before where the screen shows those; mine says it is
// this session's.
func (l *checklist) shown(item string, earlier bool) (a coaching.Answer, mine bool) {
	if a, ok := l.answers[item]; ok {
		return a, true
	}
	if earlier || l.opts.priorValue {
		return l.prior[item], false
	}
	return coaching.Answer{}, false
}

// suggestion is the app's answer to item, shown until the manager confirms
// or changes it; ok is false when there is none or it is answered.
func (l *checklist) suggestion(item string, earlier bool) (coaching.Answer, bool) {
	if earlier {
		return coaching.Answer{}, false
	}
	if _, answered := l.answers[item]; answered {
		return coaching.Answer{}, false
	}
	a, ok := l.suggested[item]
	return a, ok
}

// shownOrSuggested is shown, or the suggestion where there is one.
func (l *checklist) shownOrSuggested(item string, earlier bool) (coaching.Answer, bool) {
	if s, ok := l.suggestion(item, earlier); ok {
		return s, false
	}
	return l.shown(item, earlier)
}

// firstUnanswered puts the cursor on the first question of the deal
// without an answer of this session; false when every one has one.
func (l *checklist) firstUnanswered() bool {
	for i, r := range l.rows {
		if r.kind == rowItem && !r.earlier {
			if _, ok := l.answers[r.item.Key]; !ok {
				l.setPos(i)
				return true
			}
		}
	}
	return false
}

// selected is the row under the cursor; a heading when there is none.
func (l *checklist) selected() clRow {
	if len(l.rows) == 0 {
		return clRow{kind: rowHeading}
	}
	return l.rows[l.cur.pos]
}

// fit keeps the selected row, with all its lines, in the height.
func (l *checklist) fit() {
	extra := 0
	if l.cur.pos < len(l.rows) && l.rows[l.cur.pos].kind == rowItem {
		extra = lipgloss.Height(l.renderRow(l.cur.pos, true)) - 1
	}
	l.cur.setRows(l.height - extra)
	l.syncKeys()
}

// setPos puts the cursor on row p, or the next row that takes it.
func (l *checklist) setPos(p int) {
	l.cur.pos = p
	l.skip(1)
}

// move moves the cursor n rows, past headings and evidence.
func (l *checklist) move(n int) {
	l.cur.pos += n
	l.cur.clamp()
	dir := 1
	if n < 0 {
		dir = -1
	}
	l.skip(dir)
}

// skip moves the cursor off headings and evidence lines, in direction dir
// first, and keeps the heading above the first row of a section in view.
func (l *checklist) skip(dir int) {
	n := len(l.rows)
	p := l.cur.pos
	for p >= 0 && p < n && !l.rows[p].selectable() {
		p += dir
	}
	if p < 0 || p >= n {
		p = l.cur.pos
		for p >= 0 && p < n && !l.rows[p].selectable() {
			p -= dir
		}
	}
	if p < 0 || p >= n {
		l.fit()
		return
	}
	l.cur.pos = p
	l.fit()
	if p == l.cur.offset && p > 0 && l.rows[p-1].kind == rowHeading {
		l.cur.offset--
	}
}

// advance moves the cursor to the next question once one is answered, so
// a checklist takes one key a question. It stops before anything that is
// not a question (a field, next steps, notes, an earlier stage).
func (l *checklist) advance() {
	for p := l.cur.pos + 1; p < len(l.rows); p++ {
		if l.rows[p].kind == rowItem {
			l.setPos(p)
			return
		}
		if l.rows[p].selectable() {
			if !l.opts.evidence {
				// Without evidence to add, the row after is next.
				l.setPos(p)
			}
			return
		}
	}
}

// changed redraws after an answer changed: only the rows it touches, unless
// an evidence line came or went.
func (l *checklist) changed(r clRow, relayout bool) {
	if relayout {
		l.rebuild()
		return
	}
	for i, o := range l.rows {
		if o.kind == rowHeading || o.kind == rowFold || o.sameItem(r) {
			l.cache[i] = ""
		}
	}
	l.fit()
}

// toggle opens or closes an earlier stage; opened, its questions scroll
// into view.
func (l *checklist) toggle(stage string) {
	l.expanded[stage] = !l.expanded[stage]
	l.rebuild()
	if !l.expanded[stage] {
		return
	}
	last := l.cur.pos
	for last+1 < len(l.rows) && l.rows[last+1].kind != rowFold && l.rows[last+1].earlier {
		last++
	}
	if last >= l.cur.offset+l.cur.rows {
		l.cur.offset = min(l.cur.pos, last-l.cur.rows+1)
	}
}
