package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	bcursor "github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dealcoach/coaching"
	"dealcoach/store"
)

// tickEvery is how often the session clock on the deal walk moves, and
// cursorMode how the text cursors of the session screens show; tests make
// both quiet.
var (
	tickEvery  = time.Second
	cursorMode = bcursor.CursorBlink
)

// tickMsg moves the session clock of one walk screen; a walk only answers
// its own ticks, so the chain stops when the screen is left.
type tickMsg struct {
	w   *walk
	gen int
}

type walkKeys struct {
	Up, Down, PgUp, PgDown                key.Binding
	Answer, Yes, No, Unsure, NA, Evidence key.Binding
	Open, Shared, Private, Notes, AddStep key.Binding
	Next, Prev, WrapUp                    key.Binding
	SaveLine, Cancel, SaveNote            key.Binding
}

func newWalkKeys() walkKeys {
	return walkKeys{
		Up:       keyUp,
		Down:     keyDown,
		PgUp:     keyPgUp,
		PgDown:   keyPgDown,
		Answer:   key.NewBinding(key.WithKeys("y", "n", "u", "x"), key.WithHelp("y/n/u/x", "answer")),
		Yes:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes (again: clear)")),
		No:       key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "no")),
		Unsure:   key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "unsure — not knowing is a gap")),
		NA:       key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "n.a., does not apply")),
		Evidence: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "evidence: who said it, what shows it")),
		Open:     key.NewBinding(key.WithKeys("enter", " "), key.WithHelp("enter", "open stage / edit note")),
		Shared:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "shared note (the rep may see it)")),
		Private:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "private note (only you)")),
		Notes:    key.NewBinding(key.WithKeys("s", "p"), key.WithHelp("s/p", "notes")),
		AddStep:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add next step")),
		Next:     key.NewBinding(key.WithKeys("]", "tab"), key.WithHelp("]/tab", "next deal")),
		Prev:     key.NewBinding(key.WithKeys("[", "shift+tab"), key.WithHelp("[/shift+tab", "previous deal")),
		WrapUp:   key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "wrap up now")),
		SaveLine: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		SaveNote: key.NewBinding(key.WithKeys("esc", "ctrl+s"), key.WithHelp("esc/ctrl+s", "save note")),
	}
}

type rowKind int

const (
	rowHeading  rowKind = iota // a section title; the cursor skips it
	rowItem                    // a checklist question, answered with y/n/u/x
	rowEvidence                // the evidence under a question; skipped
	rowFold                    // an earlier stage, opened with enter
	rowNote                    // the shared or private note
	rowStep                    // a next step, or "none yet"
)

// walkRow is one line of the scrolling part of the deal walk.
type walkRow struct {
	kind rowKind
	// stage is the group key of an item or fold; earlier marks the items
	// of an earlier stage, shown under its fold.
	stage   string
	item    coaching.Item
	earlier bool
	// private marks the private note row; step is 1 + the index of a next
	// step, 0 on the "none yet" line; text is a heading's or evidence.
	private bool
	step    int
	text    string
}

func (r walkRow) selectable() bool { return r.kind != rowHeading && r.kind != rowEvidence }

type editMode int

const (
	editNone editMode = iota
	editEvidence
	editShared
	editPrivate
)

// walk is one deal of a 1:1: its facts and changes on top, the checklist,
// next steps, notes and earlier stages below, scrolling between a fixed
// header and footer. Every answer is saved as it is given.
type walk struct {
	c     *common
	sid   int64
	index int
	keys  walkKeys

	loaded bool
	sess   coaching.Session
	rep    coaching.Rep
	total  int
	review coaching.Review
	deal   coaching.Deal
	stage  coaching.Stage // the deal's stage at review time; Key "" if unknown
	// answers are this review's; prior the deal's latest answers from
	// earlier reviews, shown for the earlier stages.
	answers  map[string]coaching.Answer
	prior    map[string]coaching.Answer
	changes  string
	steps    []coaching.Action
	expanded map[string]bool

	rows  []walkRow
	cache []string // rendered rows, "" when to be rendered
	cur   cursor

	mode     editMode
	evidence textinput.Model
	note     textarea.Model
	// pre is what the open editor was filled with.
	pre prefill
	msg string

	header string // the static lines of the header
	gen    int
	// answered is the row of the question answered by the last key, -1
	// otherwise: e right after an answer adds that answer's evidence.
	answered int
}

type walkLoadedMsg struct {
	sess    coaching.Session
	rep     coaching.Rep
	reviews []coaching.Review
	review  coaching.Review
	deal    coaching.Deal
	answers []coaching.Answer
	prior   map[string]coaching.Answer
	changes string
	steps   []coaching.Action
}

type stepAddedMsg struct{}

// Lines of the walk outside the scrolling list: four of header and a rule,
// and the hint line at the bottom.
const walkHeaderLines, walkHintLines = 5, 1

func newWalk(c *common, sessionID int64, index int) screen {
	ev := textinput.New()
	ev.Prompt = "› "
	ev.Placeholder = "who said it, or what shows it"
	ev.CharLimit = 300
	ev.Cursor.SetMode(cursorMode)
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = "┃ "
	ta.CharLimit = 4000
	ta.Cursor.SetMode(cursorMode)
	w := &walk{c: c, sid: sessionID, index: max(0, index), keys: newWalkKeys(), expanded: map[string]bool{},
		evidence: ev, note: ta, answered: -1}
	w.SetSize(c.width, c.height)
	return w
}

func (w *walk) Init() tea.Cmd {
	w.gen++
	sid, index, pb, now := w.sid, w.index, w.c.pb, w.c.now()
	load := w.c.load(func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		var m walkLoadedMsg
		var err error
		if m.sess, err = st.Session(ctx, sid); err != nil {
			return nil, err
		}
		if m.rep, err = st.Rep(ctx, m.sess.RepID); err != nil {
			return nil, err
		}
		if m.reviews, err = st.Reviews(ctx, sid); err != nil || index >= len(m.reviews) {
			return m, err
		}
		m.review = m.reviews[index]
		if m.deal, err = st.Deal(ctx, m.review.DealID); err != nil {
			return nil, err
		}
		if m.answers, err = st.Answers(ctx, m.review.ID); err != nil {
			return nil, err
		}
		if m.prior, err = st.PriorAnswers(ctx, m.deal.ID, m.review.ID); err != nil {
			return nil, err
		}
		since, err := st.PreviousReview(ctx, m.deal.ID, sid)
		if err != nil {
			return nil, err
		}
		snaps, err := st.Snapshots(ctx, m.deal.ID)
		if err != nil {
			return nil, err
		}
		m.changes = changesLine(pb, snaps, since, now, m.deal.Currency)
		all, err := st.Actions(ctx, sid)
		if err != nil {
			return nil, err
		}
		for _, a := range all {
			if a.DealID == m.deal.ID {
				m.steps = append(m.steps, a)
			}
		}
		return m, nil
	})
	return tea.Batch(load, w.tick())
}

// changesLine says what the CRM changed since the deal's last review.
func changesLine(pb *coaching.Playbook, snaps []coaching.Snapshot, since, now time.Time, currency string) string {
	ch := coaching.DealChanges(pb, snaps, since, now)
	ch.Currency = currency
	// The header says the days in stage already.
	ch.DaysInStage = 0
	var lines []string
	if ch.Changed() {
		lines = ch.Lines()
	}
	switch {
	case since.IsZero() && len(lines) == 0:
		return "First review of this deal."
	case since.IsZero():
		return "First review · since the first import: " + strings.Join(lines, " · ")
	case len(lines) == 0:
		return "No CRM changes since the last review (" + since.Format("Jan 2") + ")."
	}
	return "Since the last review (" + since.Format("Jan 2") + "): " + strings.Join(lines, " · ")
}

func (w *walk) tick() tea.Cmd {
	me, gen := w, w.gen
	return tea.Tick(tickEvery, func(time.Time) tea.Msg { return tickMsg{me, gen} })
}

func (w *walk) Typing() bool { return w.mode != editNone }

func (w *walk) SetSize(width, height int) {
	w.evidence.Width = max(10, width-8)
	w.note.SetWidth(max(10, width-4))
	w.note.SetHeight(w.noteHeight(height))
	w.layout()
	if w.loaded {
		w.renderHeader()
		w.cache = make([]string, len(w.rows))
	}
}

func (w *walk) noteHeight(h int) int { return max(3, min(8, h/4)) }

// editorLines is the height of the open editor under the list.
func (w *walk) editorLines() int {
	switch w.mode {
	case editEvidence:
		return 2
	case editShared, editPrivate:
		return w.note.Height() + 1
	}
	return 0
}

func (w *walk) layout() {
	w.cur.setRows(w.c.height - walkHeaderLines - walkHintLines - w.editorLines())
}

func (w *walk) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case walkLoadedMsg:
		return w, w.loadedMsg(msg)
	case tickMsg:
		if msg.w != w || msg.gen != w.gen {
			return w, nil
		}
		return w, w.tick()
	case savedMsg:
		if msg.err != nil {
			// Show what is really stored.
			return w, w.Init()
		}
		return w, nil
	case tea.KeyMsg:
		if !w.loaded {
			return w, nil
		}
		if w.mode != editNone {
			return w, w.updateEditor(msg)
		}
		return w, w.updateKey(msg)
	}
	if w.mode == editEvidence {
		var cmd tea.Cmd
		w.evidence, cmd = w.evidence.Update(msg)
		return w, cmd
	}
	if w.mode == editShared || w.mode == editPrivate {
		var cmd tea.Cmd
		w.note, cmd = w.note.Update(msg)
		return w, cmd
	}
	return w, nil
}

func (w *walk) loadedMsg(m walkLoadedMsg) tea.Cmd {
	if m.review.ID == 0 {
		// Past the last deal (or none planned): the session's end.
		return open(openWrapupMsg{w.sid})
	}
	same := w.loaded && w.review.ID == m.review.ID
	w.loaded, w.sess, w.rep, w.total, w.review, w.deal = true, m.sess, m.rep, len(m.reviews), m.review, m.deal
	w.stage, _ = w.c.pb.Stage(m.review.Stage)
	if w.stage.Key == coaching.EveryKey {
		w.stage = coaching.Stage{}
	}
	w.answers = make(map[string]coaching.Answer, len(m.answers))
	for _, a := range m.answers {
		w.answers[a.Item] = a
	}
	w.prior, w.changes, w.steps = m.prior, m.changes, m.steps
	pos := w.cur.pos
	w.renderHeader()
	w.rebuild()
	if same {
		w.cur.pos = pos
		w.cur.clamp()
	} else {
		w.cur.pos = 0
		w.skip(1)
	}
	return nil
}

// rebuild lays out the rows again and drops the rendered ones.
func (w *walk) rebuild() {
	pb := w.c.pb
	rows := w.rows[:0]
	items := func(stage string, list []coaching.Item, earlier bool) {
		for _, it := range list {
			rows = append(rows, walkRow{kind: rowItem, stage: stage, item: it, earlier: earlier})
			if a, _ := w.shown(it.Key, earlier); a.Evidence != "" {
				rows = append(rows, walkRow{kind: rowEvidence, stage: stage, item: it, earlier: earlier, text: a.Evidence})
			}
		}
	}
	if w.stage.Key != "" {
		rows = append(rows, walkRow{kind: rowHeading, stage: w.stage.Key})
		items(w.stage.Key, w.stage.Items, false)
	}
	rows = append(rows, walkRow{kind: rowHeading, stage: coaching.EveryKey})
	items(coaching.EveryKey, pb.Every.Items, false)

	rows = append(rows, walkRow{kind: rowHeading, text: "Next steps for this deal"})
	if len(w.steps) == 0 {
		rows = append(rows, walkRow{kind: rowStep})
	}
	for i := range w.steps {
		rows = append(rows, walkRow{kind: rowStep, step: i + 1})
	}
	rows = append(rows, walkRow{kind: rowHeading, text: "Coaching notes"},
		walkRow{kind: rowNote}, walkRow{kind: rowNote, private: true})

	if idx := pb.StageIndex(w.stage.Key); idx > 0 {
		rows = append(rows, walkRow{kind: rowHeading, text: "Earlier stages · latest answers"})
		for _, s := range pb.Stages[:idx] {
			rows = append(rows, walkRow{kind: rowFold, stage: s.Key})
			if w.expanded[s.Key] {
				items(s.Key, s.Items, true)
			}
		}
	}
	w.rows = rows
	w.cache = make([]string, len(rows))
	w.cur.setLen(len(rows))
}

// shown is the answer to show for an item: this review's, or for an
// earlier stage the deal's latest one before; mine says it is this review's.
func (w *walk) shown(item string, earlier bool) (a coaching.Answer, mine bool) {
	if a, ok := w.answers[item]; ok {
		return a, true
	}
	if earlier {
		return w.prior[item], false
	}
	return coaching.Answer{}, false
}

// skip moves the cursor off headings and evidence lines, in direction dir
// first, and keeps the heading above the first item of a section in view.
func (w *walk) skip(dir int) {
	n := len(w.rows)
	p := w.cur.pos
	for p >= 0 && p < n && !w.rows[p].selectable() {
		p += dir
	}
	if p < 0 || p >= n {
		p = w.cur.pos
		for p >= 0 && p < n && !w.rows[p].selectable() {
			p -= dir
		}
	}
	if p < 0 || p >= n {
		return
	}
	w.cur.pos = p
	w.cur.clamp()
	if p == w.cur.offset && p > 0 && w.rows[p-1].kind == rowHeading {
		w.cur.offset--
	}
}

// advance moves the cursor to the next question once one is answered, so
// a checklist takes one key a question, as in the debrief. It stops before
// anything that is not a question (next steps, notes, an earlier stage).
func (w *walk) advance() {
	for p := w.cur.pos + 1; p < len(w.rows); p++ {
		if w.rows[p].kind == rowItem {
			w.cur.pos = p
			w.skip(1)
			return
		}
		if w.rows[p].selectable() {
			return
		}
	}
}

func (w *walk) updateKey(msg tea.KeyMsg) tea.Cmd {
	answered := w.answered
	w.answered = -1
	if answered >= 0 && answered < len(w.rows) && key.Matches(msg, w.keys.Evidence) {
		w.cur.pos = answered
		w.cur.clamp()
	}
	old := w.cur.pos
	if w.cur.move(msg) {
		dir := 1
		if w.cur.pos < old || key.Matches(msg, keyTop) {
			dir = -1
		}
		w.skip(dir)
		w.msg = ""
		return nil
	}
	var row walkRow
	if len(w.rows) > 0 {
		row = w.rows[w.cur.pos]
	}
	w.msg = ""
	switch {
	case key.Matches(msg, w.keys.Yes):
		return w.answer(row, coaching.Yes)
	case key.Matches(msg, w.keys.No):
		return w.answer(row, coaching.No)
	case key.Matches(msg, w.keys.Unsure):
		return w.answer(row, coaching.Unsure)
	case key.Matches(msg, w.keys.NA):
		return w.answer(row, coaching.NA)
	case key.Matches(msg, w.keys.Evidence):
		return w.editEvidence(row)
	case key.Matches(msg, w.keys.Open):
		switch row.kind {
		case rowFold:
			w.expanded[row.stage] = !w.expanded[row.stage]
			w.rebuild()
		case rowNote:
			return w.editNote(row.private)
		case rowItem:
			return w.editEvidence(row)
		}
	case key.Matches(msg, w.keys.Shared):
		return w.editNote(false)
	case key.Matches(msg, w.keys.Private):
		return w.editNote(true)
	case key.Matches(msg, w.keys.AddStep):
		return open(openStepFormMsg{session: w.sid, deal: w.deal})
	case key.Matches(msg, w.keys.Next):
		return open(openWalkMsg{session: w.sid, index: w.index + 1})
	case key.Matches(msg, w.keys.Prev):
		if w.index == 0 {
			return open(openCommitmentsMsg{w.sid})
		}
		return open(openWalkMsg{session: w.sid, index: w.index - 1})
	case key.Matches(msg, w.keys.WrapUp):
		return open(openWrapupMsg{w.sid})
	}
	return nil
}

// answer saves v for the item under the cursor, or clears the answer when
// it already is v.
func (w *walk) answer(row walkRow, v coaching.Value) tea.Cmd {
	if row.kind != rowItem {
		w.msg = "Move to a question (↑/↓) to answer it."
		return nil
	}
	rid, item, q := w.review.ID, row.item.Key, trunc(row.item.Question, 40)
	cur, ok := w.answers[item]
	if ok && cur.Value == v {
		delete(w.answers, item)
		after, _ := w.shown(item, row.earlier)
		w.changed(row, after.Evidence != cur.Evidence)
		return w.c.save("answer cleared: “"+q+"”", func(ctx context.Context, st *store.Store) error {
			return st.ClearAnswer(ctx, rid, item)
		})
	}
	a := coaching.Answer{ReviewID: rid, Stage: row.stage, Item: item, Value: v, Evidence: cur.Evidence}
	before, _ := w.shown(item, row.earlier)
	w.answers[item] = a
	w.changed(row, before.Evidence != a.Evidence)
	w.answered = w.cur.pos
	w.advance()
	return w.c.save(valueWord(v)+": “"+q+"”", func(ctx context.Context, st *store.Store) error {
		return st.SaveAnswer(ctx, a)
	})
}

// changed redraws after an answer changed: only the rows it touches, unless
// an evidence line came or went.
func (w *walk) changed(row walkRow, relayout bool) {
	if relayout {
		pos := w.cur.pos
		w.rebuild()
		w.cur.pos = pos
		w.cur.clamp()
		return
	}
	for i, r := range w.rows {
		if r.stage == row.stage && (r.kind == rowHeading || r.kind == rowFold || (r.kind == rowItem && r.item.Key == row.item.Key)) {
			w.cache[i] = ""
		}
	}
}

func (w *walk) editEvidence(row walkRow) tea.Cmd {
	if row.kind != rowItem {
		w.msg = "Move to a question (↑/↓) to add evidence."
		return nil
	}
	a, _ := w.shown(row.item.Key, row.earlier)
	if a.Value == "" {
		w.msg = "Answer the question first (y, n, u or x), then add its evidence."
		return nil
	}
	w.mode = editEvidence
	w.pre = prefillLine(&w.evidence, a.Evidence)
	w.evidence.CursorEnd()
	w.layout()
	return w.evidence.Focus()
}

func (w *walk) editNote(private bool) tea.Cmd {
	w.mode = editShared
	text := w.review.SharedNote
	if private {
		w.mode, text = editPrivate, w.review.PrivateNote
	}
	w.pre = prefillText(&w.note, text)
	w.note.SetHeight(w.noteHeight(w.c.height))
	w.layout()
	return w.note.Focus()
}

func (w *walk) closeEditor() {
	w.mode = editNone
	w.evidence.Blur()
	w.note.Blur()
	w.layout()
}

func (w *walk) updateEditor(msg tea.KeyMsg) tea.Cmd {
	switch w.mode {
	case editEvidence:
		switch {
		case key.Matches(msg, w.keys.Cancel):
			w.closeEditor()
			return nil
		case key.Matches(msg, w.keys.SaveLine):
			w.closeEditor()
			cmd := w.saveEvidence(strings.TrimSpace(w.pre.kept(w.evidence.Value())))
			// The question is done: on to the next, as after an answer.
			w.advance()
			return cmd
		}
		var cmd tea.Cmd
		w.evidence, cmd = w.evidence.Update(msg)
		return cmd
	default:
		if key.Matches(msg, w.keys.SaveNote) {
			private := w.mode == editPrivate
			w.closeEditor()
			return w.saveNote(private, strings.TrimRight(w.pre.kept(w.note.Value()), " \n"))
		}
		var cmd tea.Cmd
		w.note, cmd = w.note.Update(msg)
		return cmd
	}
}

func (w *walk) saveEvidence(text string) tea.Cmd {
	row := w.rows[w.cur.pos]
	a, _ := w.shown(row.item.Key, row.earlier)
	if a.Value == "" || a.Evidence == text {
		return nil
	}
	// For an earlier stage's older answer, the evidence makes it this
	// review's answer: the manager has just checked it again.
	a.ReviewID, a.Stage, a.Evidence, a.AnsweredAt = w.review.ID, row.stage, text, time.Time{}
	w.answers[row.item.Key] = a
	w.changed(row, true)
	what := "evidence for “" + trunc(row.item.Question, 40) + "”"
	return w.c.save(what, func(ctx context.Context, st *store.Store) error { return st.SaveAnswer(ctx, a) })
}

func (w *walk) saveNote(private bool, text string) tea.Cmd {
	if private {
		if text == w.review.PrivateNote {
			return nil
		}
		w.review.PrivateNote = text
	} else {
		if text == w.review.SharedNote {
			return nil
		}
		w.review.SharedNote = text
	}
	for i, r := range w.rows {
		if r.kind == rowNote {
			w.cache[i] = ""
		}
	}
	rid, shared, priv := w.review.ID, w.review.SharedNote, w.review.PrivateNote
	what := "shared note"
	if private {
		what = "private note"
	}
	return w.c.save(what, func(ctx context.Context, st *store.Store) error {
		return st.SetReviewNotes(ctx, rid, shared, priv)
	})
}

// dealTitle is the deal's name with its account, unless the name says it,
// safe to show.
func dealTitle(d coaching.Deal) string {
	if d.Account == "" || strings.Contains(strings.ToLower(d.Name), strings.ToLower(d.Account)) {
		return coaching.SafeLine(d.Name)
	}
	return coaching.SafeLine(d.Name + " · " + d.Account)
}

func valueWord(v coaching.Value) string {
	switch v {
	case coaching.Yes:
		return "yes"
	case coaching.No:
		return "no"
	case coaching.Unsure:
		return "unsure"
	case coaching.NA:
		return "n.a."
	}
	return ""
}

// renderHeader draws the header lines that do not change while the deal
// is on screen: everything but the clock.
func (w *walk) renderHeader() {
	st := w.c.styles
	width := w.c.width - 2
	now := w.c.now()
	d := w.deal
	facts := []string{coaching.FormatMoney(d.Amount, d.Currency)}
	stage := coaching.SafeLine(w.c.pb.StageName(w.review.Stage))
	if days := d.DaysInStage(now); days > 0 {
		stage += fmt.Sprintf(", %s in stage", countNoun(days, "day"))
	}
	facts = append(facts, stage)
	if d.CloseDate.IsZero() {
		facts = append(facts, "no close date")
	} else {
		c := "closes " + d.CloseDate.Short(now)
		switch n := d.CloseDate.DaysUntil(now); {
		case n < 0:
			c += fmt.Sprintf(" (%s ago)", countNoun(-n, "day"))
		case n == 0:
			c += " (today)"
		default:
			c += fmt.Sprintf(" (in %s)", countNoun(n, "day"))
		}
		facts = append(facts, c)
	}
	next := st.Muted.Render("none in the CRM")
	if d.NextStep != "" {
		next = coaching.SafeLine(d.NextStep)
	}
	var b strings.Builder
	b.WriteString(trunc(strings.Join(facts, " · "), width) + "\n")
	b.WriteString(trunc(st.Label.Render("CRM next step: ")+next, width) + "\n")
	b.WriteString(trunc(st.Label.Render(coaching.SafeLine(w.changes)), width) + "\n")
	b.WriteString(st.Muted.Render(repeat("─", width)))
	w.header = b.String()
}

// clock is the session's time against its time box.
func (w *walk) clock() string {
	st := w.c.styles
	el := w.c.now().Sub(w.sess.StartedAt)
	if el < 0 {
		el = 0
	}
	if el > 3*time.Hour {
		return st.Muted.Render("started " + w.sess.StartedAt.Format("Jan 2"))
	}
	s := fmt.Sprintf("%d:%02d of %d min", int(el.Minutes()), int(el.Seconds())%60, w.sess.TimeboxMinutes)
	if el > time.Duration(w.sess.TimeboxMinutes)*time.Minute {
		return st.Warning.Render(s + " · over")
	}
	return s
}

func (w *walk) View() string {
	st := w.c.styles
	if !w.loaded {
		return st.App.Render(st.Muted.Render("Loading the deal…"))
	}
	width := w.c.width - 2
	var b strings.Builder
	right := fmt.Sprintf("deal %d of %d · ", w.index+1, w.total) + w.clock()
	title := dealTitle(w.deal)
	rw := lipgloss.Width(right)
	b.WriteString(st.Title.Render(padRight(title, max(0, width-rw-1))) + " " + right + "\n")
	b.WriteString(w.header + "\n")

	from, to := w.cur.visible()
	for i := from; i < to; i++ {
		if i == w.cur.pos {
			b.WriteString(st.Cursor.Render("› ") + st.Selected.Render(w.renderRow(i)) + "\n")
			continue
		}
		if w.cache[i] == "" {
			w.cache[i] = w.renderRow(i)
		}
		b.WriteString("  " + w.cache[i] + "\n")
	}
	for i := to - from; i < w.cur.rows; i++ {
		b.WriteString("\n")
	}
	switch w.mode {
	case editEvidence:
		row := w.rows[w.cur.pos]
		b.WriteString(st.Bold.Render(trunc("Evidence: "+coaching.SafeLine(row.item.Question), width)) + "\n")
		b.WriteString(w.evidence.View() + "\n")
	case editShared:
		b.WriteString(st.Warning.Render(trunc("Shared note — the rep may see this", width)) + "\n")
		b.WriteString(w.note.View() + "\n")
	case editPrivate:
		b.WriteString(st.Bold.Render(trunc("Private note — only you", width)) + "\n")
		b.WriteString(w.note.View() + "\n")
	}
	b.WriteString(w.hint(from, to))
	return st.App.Render(b.String())
}

func (w *walk) hint(from, to int) string {
	st := w.c.styles
	width := w.c.width - 2
	if w.msg != "" {
		return st.Warning.Render(trunc(coaching.SafeLine(w.msg), width))
	}
	more := ""
	if from > 0 || to < len(w.rows) {
		more = fmt.Sprintf(" · lines %d–%d of %d", from+1, to, len(w.rows))
	}
	switch w.mode {
	case editEvidence:
		return st.Muted.Render(trunc("enter saves the evidence · esc leaves it as it was", width))
	case editShared, editPrivate:
		return st.Muted.Render(trunc("esc or ctrl+s saves the note · enter starts a new line", width))
	}
	return st.Muted.Render(trunc("y yes · n no · u unsure · x n.a. · e evidence"+more, width))
}

// renderRow draws row i without the cursor gutter.
func (w *walk) renderRow(i int) string {
	st := w.c.styles
	width := w.c.width - 4
	r := w.rows[i]
	pb := w.c.pb
	switch r.kind {
	case rowHeading:
		t := r.text
		if r.stage != "" {
			name, items := coaching.SafeLine(pb.StageName(r.stage)), w.stage.Items
			if r.stage == coaching.EveryKey {
				name, items = "Every deal", pb.Every.Items
			} else {
				name += " checklist"
			}
			n := 0
			for _, it := range items {
				if _, ok := w.answers[it.Key]; ok {
					n++
				}
			}
			t = fmt.Sprintf("%s · %d of %d answered", name, n, len(items))
		}
		return st.Header.Render(trunc(t, width))
	case rowItem:
		indent := ""
		if r.earlier {
			indent = "  "
		}
		a, mine := w.shown(r.item.Key, r.earlier)
		suffix := ""
		if a.Value != "" && !mine {
			suffix = "  (" + a.AnsweredAt.Format("Jan 2") + ")"
		} else if p, ok := w.prior[r.item.Key]; ok && a.Value == "" {
			suffix = "  last time: " + valueWord(p.Value)
		}
		label := w.valueLabel(a.Value, mine)
		qw := width - len(indent) - 8 - lipgloss.Width(suffix)
		if qw < 20 {
			qw, suffix = width-len(indent)-8, ""
		}
		return indent + label + "  " + trunc(coaching.SafeLine(r.item.Question), qw) + st.Muted.Render(suffix)
	case rowEvidence:
		indent := "        "
		if r.earlier {
			indent += "  "
		}
		return indent + st.Label.Render("evidence: ") + trunc(coaching.SafeLine(r.text), width-len(indent)-10)
	case rowFold:
		s, _ := pb.Stage(r.stage)
		yes, answered := 0, 0
		for _, it := range s.Items {
			a, _ := w.shown(it.Key, true)
			if a.Value != "" {
				answered++
			}
			if a.Value == coaching.Yes {
				yes++
			}
		}
		mark := "▸ "
		if w.expanded[r.stage] {
			mark = "▾ "
		}
		// "0/5 yes" would read as five noes when nothing was ever asked.
		summary := fmt.Sprintf("%d/%d yes", yes, len(s.Items))
		if answered == 0 {
			summary = "not answered yet"
		}
		return trunc(mark+coaching.SafeLine(s.Name)+" "+summary, width)
	case rowNote:
		label, text := "Shared — the rep may see this: ", w.review.SharedNote
		empty := "empty · s to write"
		if r.private {
			label, text, empty = "Private — only you: ", w.review.PrivateNote, "empty · p to write"
		}
		body := st.Muted.Render(empty)
		if t := strings.TrimSpace(coaching.Safe(text)); t != "" {
			lines := strings.Split(t, "\n")
			body = lines[0]
			if len(lines) > 1 {
				body += st.Muted.Render(fmt.Sprintf(" (+%d lines)", len(lines)-1))
			}
		}
		return trunc(st.Label.Render(label)+body, width)
	case rowStep:
		if r.step == 0 {
			return st.Muted.Render(trunc("None yet · a to add one", width))
		}
		a := w.steps[r.step-1]
		due := ""
		if !a.Due.IsZero() {
			due = " · due " + a.Due.Short(w.c.now())
		}
		return trunc("• "+coaching.SafeLine(a.Text)+st.Muted.Render(" — "+string(a.Owner)+due), width)
	}
	return ""
}

// valueLabel is the six-cell answer column; words, not colour alone.
func (w *walk) valueLabel(v coaching.Value, mine bool) string {
	st := w.c.styles
	if !mine && v != "" {
		return st.Muted.Render(padRight(valueWord(v), 6))
	}
	switch v {
	case coaching.Yes:
		return st.Yes.Render("yes   ")
	case coaching.No:
		return st.No.Render("no    ")
	case coaching.Unsure:
		return st.Unsure.Render("unsure")
	case coaching.NA:
		return st.NA.Render("n.a.  ")
	}
	return st.Muted.Render("·     ")
}

func (w *walk) ShortHelp() []key.Binding {
	k := w.keys
	switch w.mode {
	case editEvidence:
		return []key.Binding{k.SaveLine, k.Cancel}
	case editShared, editPrivate:
		return []key.Binding{k.SaveNote}
	}
	// Short enough for 80 columns; ? lists the rest.
	next := key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next deal"))
	step := key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "next step"))
	ev := key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "evidence"))
	return []key.Binding{k.Answer, ev, k.Notes, step, next}
}

func (w *walk) FullHelp() [][]key.Binding {
	k := w.keys
	switch w.mode {
	case editEvidence:
		return [][]key.Binding{{k.SaveLine, k.Cancel}}
	case editShared, editPrivate:
		return [][]key.Binding{{k.SaveNote}}
	}
	// Grouped so that the whole help fits in 80×24.
	move := key.NewBinding(key.WithKeys("up"), key.WithHelp("↑↓ pgup/pgdn", "move, a line or a page"))
	yesNo := key.NewBinding(key.WithKeys("y", "n"), key.WithHelp("y / n", "yes / no, then the next question; again on an answer clears"))
	unsureNA := key.NewBinding(key.WithKeys("u", "x"), key.WithHelp("u / x", "unsure (counts as a gap) / n.a."))
	return [][]key.Binding{
		{move},
		{yesNo, unsureNA, k.Evidence, k.Open},
		{k.Shared, k.Private, k.AddStep, k.Next, k.Prev, k.WrapUp},
	}
}

// newStepForm asks for a next step on the deal: text, owner (the rep unless
// the manager must), due date (a week out unless told).
func newStepForm(c *common, sessionID int64, d coaching.Deal, afterCall bool) *form {
	due := coaching.DateOf(c.now()).AddDays(7).String()
	fields := []field{
		textField("Next step", "", "What will be done, and by whom."),
		choiceField("Owner", []string{string(coaching.OwnerRep), string(coaching.OwnerManager)}, 0,
			"←/→ · the rep owns the deal; you, only what only you can do"),
		textField("Due", due, "a day: 2026-12-03, 12/3 or Dec 3"),
	}
	dealID := d.ID
	add := func(text, owner string, due coaching.Date) tea.Cmd {
		a := coaching.Action{SessionID: sessionID, DealID: dealID, Text: text, Owner: coaching.Owner(owner), Due: due}
		return c.saveResult("next step “"+trunc(a.Text, 40)+"” ("+owner+")", func(ctx context.Context, st *store.Store) (tea.Msg, error) {
			_, err := st.AddAction(ctx, a)
			return stepAddedMsg{}, err
		})
	}
	intro := "Agreed in this 1:1, listed on the deal and in the recap."
	if afterCall {
		intro = "Agreed after the call: it comes up in the next 1:1's commitments."
	}
	f := newForm(c, "Next step · "+d.Name, intro, fields,
		func(v []string) (tea.Cmd, error) {
			if v[0] == "" {
				return nil, errors.New("Write what the next step is.")
			}
			date, err := parseDay(v[2], c.now())
			if err != nil {
				return nil, err
			}
			return add(v[0], v[1], date), nil
		})
	// On ctrl+c a step with text is kept; a due day that is not one stays
	// in its text, as typed, rather than being lost.
	f.keep = func(v []string) tea.Cmd {
		if v[0] == "" {
			return nil
		}
		date, err := parseDay(v[2], c.now())
		if err != nil {
			return add(v[0]+" (due “"+v[2]+"”)", v[1], coaching.Date{})
		}
		return add(v[0], v[1], date)
	}
	return f
}
