package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dealcoach/coaching"
	"dealcoach/store"
)

// The ride-along debrief (DESIGN §6): pick the deal of the call, then the
// two halves, before the call and after it, each answer saved as it is
// left. The session is of kind ride_along: its checklist answers count in
// stage strength and its next steps in the next 1:1's commitments.

type debriefHalf int

const (
	halfBefore debriefHalf = iota
	halfAfter
	halfDone
)

// debriefField is one free-text answer of the debrief.
type debriefField int

const (
	dfObjective debriefField = iota
	dfCommitment
	dfFallback
	dfAttendees
	dfObserve
	dfNextStep
	dfNextDate
	dfWentWell
	dfDifferently
	dfSurprised
	dfPractise
)

// debriefFields are the labels, the hints shown while a field is empty, and
// what the status line says when one is saved.
var debriefFields = [...]struct{ label, empty, what string }{
	dfObjective:   {"Objective", "what this call must achieve", "objective"},
	dfCommitment:  {"Commitment wanted", "what the customer should agree to do", "commitment wanted"},
	dfFallback:    {"Fallback", "the smaller commitment if not that one", "fallback"},
	dfAttendees:   {"Who attends, their roles", "e.g. Priya, CFO (economic buyer); Tom (champion)", "who attends"},
	dfObserve:     {"The skill to observe", "the one thing to watch the rep do", "skill to observe"},
	dfNextStep:    {"Customer's next step", "what the customer agreed to do next", "customer's next step"},
	dfNextDate:    {"  by when", "a day, like 2026-12-03 or 12/3", "date of the customer's next step"},
	dfWentWell:    {"What went well", "— ask the rep first", "what went well"},
	dfDifferently: {"What to do differently", "one thing, specific", "what to do differently"},
	dfSurprised:   {"What surprised us", "anything the call taught about the deal", "what surprised us"},
	dfPractise:    {"Practise before next call", "one thing; it becomes the rep's focus skill", "one thing to practise"},
}

// The manager's roles on the call, in the order ←/→ cycles them.
var debriefRoles = []struct {
	role  coaching.ManagerRole
	label string
	hint  string
}{
	{coaching.RoleObserve, "observe", "You watch and say nothing unless asked: the best way to coach the call."},
	{coaching.RoleSupport, "support", "You add a point when the rep turns to you; the rep runs the call."},
	{coaching.RoleLeadAsked, "lead a part (rep asked)", "You lead the part of the call the rep asked you to, and hand back."},
	{coaching.RoleLead, "lead", "You lead the call."},
}

// leadWarning is said plainly wherever the manager led uninvited.
const (
	leadWarning      = "You plan to lead without the rep asking — that is taking the deal over."
	leadWarningAfter = "You led without the rep asking — that is taking the deal over."
	leadWarningDone  = "You led this call without the rep asking — that is taking the deal over."
)

func roleIndex(r coaching.ManagerRole) int {
	for i, x := range debriefRoles {
		if x.role == r {
			return i
		}
	}
	return 0
}

var debriefOutcomes = []struct {
	outcome coaching.Outcome
	label   string
}{{coaching.OutcomeYes, "yes"}, {coaching.OutcomePartly, "partly"}, {coaching.OutcomeNo, "no"}}

type dbRowKind int

const (
	dbText    dbRowKind = iota // a free-text field: type to edit
	dbRole                     // the manager's role, ←/→
	dbOutcome                  // got the commitment: y / p / n
	dbHeading                  // a section title; the cursor skips it
	dbItem                     // a checklist question: y / n / u / x
	dbStep                     // a next step agreed after the call
	dbAddStep                  // "+ add a next step"
	dbGoAfter                  // "→ After the call"
	dbFinish                   // "✓ Finish the debrief"
)

type dbRow struct {
	kind  dbRowKind
	field debriefField
	stage string // a checklist item's group key, or a heading's
	item  coaching.Item
	step  int // index into steps
	text  string
}

func (r dbRow) selectable() bool { return r.kind != dbHeading }

type debriefKeys struct {
	Move, Edit, Role, Outcome, Answer, AddStep, After, Before, Finish key.Binding
	SaveNext, SaveStay, Home, Export, Leave                           key.Binding
}

func newDebriefKeys() debriefKeys {
	return debriefKeys{
		Move:     key.NewBinding(key.WithKeys("up", "down", "tab", "shift+tab"), key.WithHelp("↑/↓", "move")),
		Edit:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("type/enter", "write")),
		Role:     key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "your role")),
		Outcome:  key.NewBinding(key.WithKeys("y", "p", "n"), key.WithHelp("y/p/n", "yes/partly/no")),
		Answer:   key.NewBinding(key.WithKeys("y", "n", "u", "x"), key.WithHelp("y/n/u/x", "answer")),
		AddStep:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "next step")),
		After:    key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "after the call")),
		Before:   key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "before the call")),
		Finish:   key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "finish")),
		SaveNext: key.NewBinding(key.WithKeys("enter", "tab", "down"), key.WithHelp("enter", "save, next")),
		SaveStay: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "save")),
		Home:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done")),
		Export:   key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "export recap")),
		Leave:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave")),
	}
}

// debrief is one ride-along: a header with the deal, then the rows of the
// half on screen, each answer saved when it is left.
type debrief struct {
	c    *common
	sid  int64
	keys debriefKeys

	loaded bool
	half   debriefHalf
	sess   coaching.Session
	rep    coaching.Rep
	deal   coaching.Deal
	deb    coaching.Debrief
	stage  coaching.Stage // the deal's stage at the review; Key "" if unknown
	review int64          // this session's review of the deal; 0 until one exists
	// answers are this debrief's checklist answers; prior the deal's latest
	// answers before it, shown greyed as the starting point.
	answers map[string]coaching.Answer
	prior   map[string]coaching.Answer
	steps   []coaching.Action

	rows    []dbRow
	cur     cursor
	editing bool
	input   textinput.Model
	pre     prefill // what the input was opened on
	msg     string

	// Debrief saves write every field, so they go one at a time: the next
	// waits for the one in flight, and a finish waits for both.
	saving, dirty, finishing, leaving bool
	dirtyWhat                         string
	exported                          string
}

type debriefLoadedMsg struct {
	sess    coaching.Session
	rep     coaching.Rep
	deal    coaching.Deal
	deb     coaching.Debrief
	review  coaching.Review
	answers []coaching.Answer
	prior   map[string]coaching.Answer
	steps   []coaching.Action
}

type debriefSavedMsg struct{}
type debriefFinishedMsg struct{}
type debriefAnsweredMsg struct{ review int64 }

// Lines of the debrief around its rows: title, deal facts, the halves and a
// rule on top; the hint line at the bottom.
const debriefHeaderLines, debriefHintLines = 4, 1

func newDebrief(c *common, sessionID int64) screen {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = 500
	in.Cursor.SetMode(cursorMode)
	d := &debrief{c: c, sid: sessionID, keys: newDebriefKeys(), input: in}
	d.SetSize(c.width, c.height)
	return d
}

func (d *debrief) Init() tea.Cmd {
	sid := d.sid
	return d.c.load(func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		var m debriefLoadedMsg
		var err error
		if m.sess, err = st.Session(ctx, sid); err != nil {
			return nil, err
		}
		if m.rep, err = st.Rep(ctx, m.sess.RepID); err != nil {
			return nil, err
		}
		if m.deb, err = st.Debrief(ctx, sid); errors.Is(err, store.ErrNotFound) {
			return nil, errNoDebrief
		} else if err != nil {
			return nil, err
		}
		if m.deal, err = st.Deal(ctx, m.deb.DealID); err != nil {
			return nil, err
		}
		reviews, err := st.Reviews(ctx, sid)
		if err != nil {
			return nil, err
		}
		for _, r := range reviews {
			if r.DealID == m.deal.ID {
				m.review = r
			}
		}
		if m.review.ID != 0 {
			if m.answers, err = st.Answers(ctx, m.review.ID); err != nil {
				return nil, err
			}
			m.prior, err = st.PriorAnswers(ctx, m.deal.ID, m.review.ID)
		} else {
			m.prior, err = st.LatestAnswers(ctx, m.deal.ID)
		}
		if err != nil {
			return nil, err
		}
		m.steps, err = st.Actions(ctx, sid)
		return m, err
	})
}

func (d *debrief) Typing() bool { return d.editing }

// CatchesEsc: esc leaves a debrief only once its saves have landed.
func (d *debrief) CatchesEsc() bool { return d.loaded && d.half != halfDone }

func (d *debrief) SetSize(w, h int) {
	d.input.Width = max(10, d.valueWidth(w)-1)
	d.layout()
}

const debriefLabelW = 26

func (d *debrief) valueWidth(w int) int { return w - 2 - 2 - debriefLabelW - 1 }

// layout sizes the list: the lines left by the header, the hint and the
// lead warning.
func (d *debrief) layout() {
	rows := d.c.height - debriefHeaderLines - debriefHintLines
	if d.leads() {
		rows--
	}
	d.cur.setRows(rows)
}

// leads reports the manager leading the call uninvited.
func (d *debrief) leads() bool { return d.deb.ManagerRole == coaching.RoleLead }

func (d *debrief) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case debriefLoadedMsg:
		d.loadedMsg(msg)
		return d, nil
	case savedMsg:
		return d, d.savedMsg(msg)
	case tea.KeyMsg:
		if !d.loaded || d.finishing {
			return d, nil
		}
		if d.editing {
			return d, d.updateEditor(msg)
		}
		return d, d.updateKey(msg)
	}
	if d.editing {
		var cmd tea.Cmd
		d.input, cmd = d.input.Update(msg)
		return d, cmd
	}
	return d, nil
}

func (d *debrief) loadedMsg(m debriefLoadedMsg) {
	d.answers = make(map[string]coaching.Answer, len(m.answers))
	for _, a := range m.answers {
		d.answers[a.Item] = a
	}
	d.prior, d.steps = m.prior, m.steps
	if m.review.ID != 0 {
		d.review = m.review.ID
	}
	if d.loaded {
		// Back from the next-step form: the fields typed here are newer
		// than the store's until their saves land.
		d.rebuild()
		return
	}
	d.loaded, d.sess, d.rep, d.deal, d.deb = true, m.sess, m.rep, m.deal, m.deb
	stageKey := m.review.Stage
	if stageKey == "" {
		stageKey = m.deal.Stage
	}
	d.stage, _ = d.c.pb.Stage(stageKey)
	if d.stage.Key == coaching.EveryKey {
		d.stage = coaching.Stage{}
	}
	switch {
	case m.sess.Ended():
		d.half = halfDone
	case d.beforeFilled():
		// Planned before the call: now is after it.
		d.half = halfAfter
	default:
		d.half = halfBefore
	}
	d.layout()
	d.rebuild()
	d.firstRow()
}

// beforeFilled reports whether any of the before-the-call half is written.
func (d *debrief) beforeFilled() bool {
	b := d.deb
	return b.Objective != "" || b.CommitmentWanted != "" || b.Fallback != "" || b.Attendees != "" || b.ObserveSkill != ""
}

// rebuild lays out the rows of the half on screen, keeping the cursor.
func (d *debrief) rebuild() {
	pos := d.cur.pos
	var rows []dbRow
	text := func(fs ...debriefField) {
		for _, f := range fs {
			rows = append(rows, dbRow{kind: dbText, field: f})
		}
	}
	switch d.half {
	case halfBefore:
		text(dfObjective, dfCommitment, dfFallback, dfAttendees)
		rows = append(rows, dbRow{kind: dbRole})
		text(dfObserve)
		rows = append(rows, dbRow{kind: dbGoAfter})
	case halfAfter:
		rows = append(rows, dbRow{kind: dbOutcome})
		text(dfNextStep, dfNextDate, dfWentWell, dfDifferently, dfSurprised, dfPractise)
		items := func(stage string, list []coaching.Item) {
			rows = append(rows, dbRow{kind: dbHeading, stage: stage})
			for _, it := range list {
				rows = append(rows, dbRow{kind: dbItem, stage: stage, item: it})
			}
		}
		if d.stage.Key != "" {
			items(d.stage.Key, d.stage.Items)
		}
		items(coaching.EveryKey, d.c.pb.Every.Items)
		rows = append(rows, dbRow{kind: dbHeading, text: "Next steps · they come up in the next 1:1"})
		for i := range d.steps {
			rows = append(rows, dbRow{kind: dbStep, step: i})
		}
		rows = append(rows, dbRow{kind: dbAddStep}, dbRow{kind: dbFinish})
	}
	d.rows = rows
	d.cur.setLen(len(rows))
	d.cur.pos = pos
	d.cur.clamp()
	d.skip(1)
}

// firstRow puts the cursor on the first row still to answer.
func (d *debrief) firstRow() {
	d.cur.pos = 0
	for i, r := range d.rows {
		if (r.kind == dbText && d.value(r.field) == "") || (r.kind == dbOutcome && d.deb.Outcome == "") {
			d.cur.pos = i
			break
		}
	}
	d.cur.clamp()
	d.skip(1)
}

// skip moves the cursor off headings, in direction dir first, and keeps a
// heading above the first row of its section in view.
func (d *debrief) skip(dir int) {
	n := len(d.rows)
	p := d.cur.pos
	for p >= 0 && p < n && !d.rows[p].selectable() {
		p += dir
	}
	if p < 0 || p >= n {
		p = d.cur.pos
		for p >= 0 && p < n && !d.rows[p].selectable() {
			p -= dir
		}
	}
	if p < 0 || p >= n {
		return
	}
	d.cur.pos = p
	d.cur.clamp()
	if p == d.cur.offset && p > 0 && d.rows[p-1].kind == dbHeading {
		d.cur.offset--
	}
}

func (d *debrief) moveBy(n int) {
	d.cur.pos += n
	d.cur.clamp()
	dir := 1
	if n < 0 {
		dir = -1
	}
	d.skip(dir)
}

func (d *debrief) row() dbRow {
	if len(d.rows) == 0 {
		return dbRow{kind: dbHeading}
	}
	return d.rows[d.cur.pos]
}

// text is where a free-text field of the debrief lives; nil for the date,
// which is not text.
func (d *debrief) text(f debriefField) *string {
	b := &d.deb
	switch f {
	case dfObjective:
		return &b.Objective
	case dfCommitment:
		return &b.CommitmentWanted
	case dfFallback:
		return &b.Fallback
	case dfAttendees:
		return &b.Attendees
	case dfObserve:
		return &b.ObserveSkill
	case dfNextStep:
		return &b.CustomerNextStep
	case dfWentWell:
		return &b.WentWell
	case dfDifferently:
		return &b.DoDifferently
	case dfSurprised:
		return &b.Surprised
	case dfPractise:
		return &b.Practise
	}
	return nil
}

// value is a field's text as shown and edited.
func (d *debrief) value(f debriefField) string {
	if f == dfNextDate {
		return d.deb.CustomerNextDate.String()
	}
	if p := d.text(f); p != nil {
		return *p
	}
	return ""
}

// setValue stores a field typed by the manager; a date that is not one is
// refused with words for the manager.
func (d *debrief) setValue(f debriefField, v string) error {
	if f == dfNextDate {
		day, err := parseDay(v, d.c.now())
		if err != nil {
			return err
		}
		d.deb.CustomerNextDate = day
		return nil
	}
	if p := d.text(f); p != nil {
		*p = v
	}
	return nil
}

func (d *debrief) updateKey(msg tea.KeyMsg) tea.Cmd {
	if d.half == halfDone {
		switch {
		case key.Matches(msg, d.keys.Home):
			return back
		case key.Matches(msg, d.keys.Export):
			return d.export()
		}
		return nil
	}
	if msg.String() == "esc" {
		// Leave once the saves asked for have landed: the debrief waits
		// on home.
		if d.saving {
			d.leaving = true
			return nil
		}
		return back
	}
	row := d.row()
	d.msg = ""
	// On a text field, typing writes in it: no key to open it first.
	if row.kind == dbText && startsTyping(msg) {
		cmd := d.edit(row)
		var typed tea.Cmd
		d.input, typed = d.input.Update(msg)
		return tea.Batch(cmd, typed)
	}
	switch msg.String() {
	case "tab":
		d.moveBy(1)
		return nil
	case "shift+tab":
		d.moveBy(-1)
		return nil
	}
	old := d.cur.pos
	if d.cur.move(msg) {
		dir := 1
		if d.cur.pos < old || key.Matches(msg, keyTop) {
			dir = -1
		}
		d.skip(dir)
		return nil
	}
	switch {
	case key.Matches(msg, d.keys.After) && d.half == halfBefore:
		return d.switchHalf(halfAfter)
	case key.Matches(msg, d.keys.Before) && d.half == halfAfter:
		return d.switchHalf(halfBefore)
	case key.Matches(msg, d.keys.Finish) && d.half == halfAfter:
		return d.finish()
	}
	if key.Matches(msg, d.keys.AddStep) && d.half == halfAfter {
		return d.addStep()
	}
	switch row.kind {
	case dbText:
		if key.Matches(msg, d.keys.Edit) {
			return d.edit(row)
		}
	case dbRole:
		switch msg.String() {
		case "left", "right", " ":
			n := len(debriefRoles)
			i := roleIndex(d.deb.ManagerRole)
			if msg.String() == "left" {
				i = (i - 1 + n) % n
			} else {
				i = (i + 1) % n
			}
			d.deb.ManagerRole = debriefRoles[i].role
			d.layout()
			d.skip(1)
			return d.saveDebrief("your role: " + debriefRoles[i].label)
		case "enter":
			d.moveBy(1)
		}
	case dbOutcome:
		i := -1
		switch msg.String() {
		case "y":
			i = 0
		case "p":
			i = 1
		case "n":
			i = 2
		case "left", "right":
			n, cur := len(debriefOutcomes), -1
			for j, o := range debriefOutcomes {
				if o.outcome == d.deb.Outcome {
					cur = j
				}
			}
			switch {
			case cur < 0:
				i = 0
			case msg.String() == "left":
				i = (cur + n - 1) % n
			default:
				i = (cur + 1) % n
			}
		case "enter":
			d.moveBy(1)
			return nil
		default:
			if msg.Type == tea.KeyRunes {
				d.msg = "Got the commitment? y yes · p partly · n no"
			}
			return nil
		}
		d.deb.Outcome = debriefOutcomes[i].outcome
		cmd := d.saveDebrief("got the commitment: " + debriefOutcomes[i].label)
		if msg.Type == tea.KeyRunes {
			d.moveBy(1)
		}
		return cmd
	case dbItem:
		switch msg.String() {
		case "y":
			return d.answer(row, coaching.Yes)
		case "n":
			return d.answer(row, coaching.No)
		case "u":
			return d.answer(row, coaching.Unsure)
		case "x":
			return d.answer(row, coaching.NA)
		case "enter":
			d.moveBy(1)
			return nil
		}
	case dbGoAfter:
		if msg.String() == "enter" {
			return d.switchHalf(halfAfter)
		}
	case dbAddStep:
		if msg.String() == "enter" {
			return d.addStep()
		}
	case dbFinish:
		if msg.String() == "enter" {
			return d.finish()
		}
	}
	return nil
}

// startsTyping reports a key that writes text: a letter (but ?, which
// opens the help), a space or a backspace.
func startsTyping(msg tea.KeyMsg) bool {
	return msg.Type == tea.KeySpace || msg.Type == tea.KeyBackspace ||
		msg.Type == tea.KeyRunes && !msg.Alt && string(msg.Runes) != "?"
}

func (d *debrief) switchHalf(h debriefHalf) tea.Cmd {
	d.half = h
	d.cur.pos, d.cur.offset = 0, 0
	d.rebuild()
	d.firstRow()
	return nil
}

func (d *debrief) edit(row dbRow) tea.Cmd {
	d.editing = true
	d.pre = prefillLine(&d.input, d.value(row.field))
	d.input.Placeholder = ""
	d.input.CursorEnd()
	return d.input.Focus()
}

func (d *debrief) updateEditor(msg tea.KeyMsg) tea.Cmd {
	switch msg.String() {
	case "enter", "tab", "down", "shift+tab", "up", "esc", "ctrl+n", "ctrl+p", "ctrl+s":
		changed, ok := d.commit()
		if !ok {
			return nil
		}
		var save tea.Cmd
		if changed {
			save = d.saveDebrief(debriefFields[d.row().field].what)
		}
		switch msg.String() {
		case "enter", "tab", "down":
			d.moveBy(1)
		case "shift+tab", "up":
			d.moveBy(-1)
		case "ctrl+n", "ctrl+p", "ctrl+s":
			return tea.Batch(save, d.updateKey(msg))
		}
		return save
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(msg)
	d.msg = ""
	return cmd
}

// commit takes the field being typed into the debrief and closes the
// editor, reporting whether the value changed; it keeps the editor open
// (ok false) when the text is not valid.
func (d *debrief) commit() (changed, ok bool) {
	row := d.row()
	old := d.value(row.field)
	if err := d.setValue(row.field, strings.TrimSpace(d.pre.kept(d.input.Value()))); err != nil {
		d.msg = err.Error()
		return false, false
	}
	d.editing = false
	d.input.Blur()
	return d.value(row.field) != old, true
}

// saveDebrief writes the whole debrief, and the one thing to practise as
// the session's focus skill. One save at a time, so that the last written
// is the newest: a save asked for while one is in flight waits for it,
// counted as pending so that ctrl+c waits too.
func (d *debrief) saveDebrief(what string) tea.Cmd {
	d.dirtyWhat = what
	if d.saving {
		if !d.dirty {
			d.dirty = true
			*d.c.pending++
		}
		return nil
	}
	if d.dirty {
		// saveResult counts it again.
		d.dirty = false
		*d.c.pending--
	}
	d.saving = true
	deb, sid := d.deb, d.sid
	return d.c.saveResult(what, func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		return debriefSavedMsg{}, writeDebrief(ctx, st, sid, deb)
	})
}

func writeDebrief(ctx context.Context, st *store.Store, sid int64, deb coaching.Debrief) error {
	if err := st.SaveDebrief(ctx, deb); err != nil {
		return err
	}
	if deb.Practise == "" {
		return nil
	}
	return st.SetFocusSkill(ctx, sid, deb.Practise)
}

func (d *debrief) savedMsg(msg savedMsg) tea.Cmd {
	switch r := msg.result.(type) {
	case debriefAnsweredMsg:
		if msg.err != nil {
			// Show what is really stored.
			return d.Init()
		}
		d.review = r.review
	case recapExportedMsg:
		if msg.err == nil {
			d.exported = r.path
		}
	case debriefFinishedMsg:
		d.finishing = false
		if msg.err == nil {
			d.half, d.rows = halfDone, nil
			d.sess.EndedAt = d.c.now()
		}
	case debriefSavedMsg:
		d.saving = false
		switch {
		case d.finishing && msg.err == nil:
			if d.dirty {
				// The finish writes the whole debrief.
				d.dirty = false
				*d.c.pending--
			}
			return d.endSession()
		case d.dirty:
			return d.saveDebrief(d.dirtyWhat)
		case d.leaving:
			return back
		}
		d.finishing = false
	}
	return nil
}

// answer saves v for the checklist question in this debrief's review (made
// when the debrief was started, or now for an older one), or clears it
// when it already is v; then moves on to the next question.
func (d *debrief) answer(row dbRow, v coaching.Value) tea.Cmd {
	sid, dealID, stage, item := d.sid, d.deal.ID, d.stage.Key, row.item.Key
	if stage == "" {
		stage = d.deal.Stage
	}
	q := trunc(row.item.Question, 40)
	cur, ok := d.answers[item]
	review := func(ctx context.Context, st *store.Store) (int64, error) {
		r, err := st.AddReview(ctx, sid, dealID, stage, 0)
		return r.ID, err
	}
	if ok && cur.Value == v {
		delete(d.answers, item)
		return d.c.saveResult("answer cleared: “"+q+"”", func(ctx context.Context, st *store.Store) (tea.Msg, error) {
			rid, err := review(ctx, st)
			if err != nil {
				return nil, err
			}
			return debriefAnsweredMsg{rid}, st.ClearAnswer(ctx, rid, item)
		})
	}
	a := coaching.Answer{Stage: row.stage, Item: item, Value: v, Evidence: cur.Evidence}
	d.answers[item] = a
	d.moveBy(1)
	return d.c.saveResult(valueWord(v)+": “"+q+"”", func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		rid, err := review(ctx, st)
		if err != nil {
			return nil, err
		}
		a.ReviewID = rid
		return debriefAnsweredMsg{rid}, st.SaveAnswer(ctx, a)
	})
}

func (d *debrief) addStep() tea.Cmd {
	return open(openStepFormMsg{session: d.sid, deal: d.deal, afterCall: true})
}

// finish ends the ride-along once the outcome is known and the save in
// flight has landed; the recap follows.
func (d *debrief) finish() tea.Cmd {
	if d.deb.Outcome == "" {
		d.msg = "Say first whether you got the commitment: y, p or n on the first line."
		d.cur.pos, d.cur.offset = 0, 0
		d.skip(1)
		return nil
	}
	d.finishing = true
	if d.saving {
		return nil
	}
	return d.endSession()
}

func (d *debrief) endSession() tea.Cmd {
	sid, deb := d.sid, d.deb
	return d.c.saveResult("ride-along with "+d.rep.Name+" finished", func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		if err := writeDebrief(ctx, st, sid, deb); err != nil {
			return debriefFinishedMsg{}, err
		}
		return debriefFinishedMsg{}, st.EndSession(ctx, sid)
	})
}

// export writes the recap for the rep (no private notes) to a new 0600 file.
func (d *debrief) export() tea.Cmd {
	name := fmt.Sprintf("dealcoach-ride-along-%s-%s.md", slug(d.rep.Name), d.sess.StartedAt.Format("2006-01-02"))
	return d.c.exportRecap(d.sid, name, nil)
}

func (d *debrief) View() string {
	st := d.c.styles
	if !d.loaded {
		return st.App.Render(st.Muted.Render("Loading the debrief…"))
	}
	width := d.c.width - 2
	var b strings.Builder
	b.WriteString(d.header(width))
	if d.half == halfDone {
		b.WriteString(d.recap(width))
		return st.App.Render(b.String())
	}
	from, to := d.cur.visible()
	for i := from; i < to; i++ {
		if i == d.cur.pos {
			b.WriteString(st.Cursor.Render("› ") + d.renderRow(i, true) + "\n")
		} else {
			b.WriteString("  " + d.renderRow(i, false) + "\n")
		}
	}
	for i := to - from; i < d.cur.rows; i++ {
		b.WriteString("\n")
	}
	if d.leads() {
		w := leadWarning
		if d.half == halfAfter {
			w = leadWarningAfter
		}
		b.WriteString(st.Warning.Render(trunc("⚠ "+w, width)) + "\n")
	}
	b.WriteString(d.hint(width, from, to))
	return st.App.Render(b.String())
}

func (d *debrief) header(width int) string {
	st := d.c.styles
	now := d.c.now()
	var b strings.Builder
	right := d.sess.StartedAt.Format("Jan 2")
	title := "Ride-along · " + coaching.SafeLine(d.rep.Name) + " — " + dealTitle(d.deal)
	b.WriteString(st.Title.Render(padRight(trunc(title, width-lipgloss.Width(right)-1), width-lipgloss.Width(right))) + st.Muted.Render(right) + "\n")
	facts := []string{coaching.SafeLine(d.c.pb.StageName(d.deal.Stage))}
	if d.deal.Amount != 0 {
		facts = append(facts, coaching.FormatMoney(d.deal.Amount, d.deal.Currency))
	}
	if !d.deal.CloseDate.IsZero() {
		facts = append(facts, "closes "+d.deal.CloseDate.Short(now))
	}
	if d.deal.NextStep != "" {
		facts = append(facts, "CRM next step: "+coaching.SafeLine(d.deal.NextStep))
	}
	b.WriteString(st.Label.Render(trunc(strings.Join(facts, " · "), width)) + "\n")
	if d.half == halfDone {
		b.WriteString(st.Good.Render("✓ Debrief finished") + st.Muted.Render(" · saved as a ride-along in "+coaching.SafeLine(firstName(d.rep.Name))+"'s history") + "\n")
	} else {
		tab := func(h debriefHalf, name, k string) string {
			if d.half == h {
				return st.Bold.Render("[ " + name + " ]")
			}
			return st.Muted.Render("  " + name + " (" + k + ")  ")
		}
		b.WriteString(trunc(tab(halfBefore, "1 Before the call", "ctrl+p")+"  "+tab(halfAfter, "2 After the call", "ctrl+n"), width) + "\n")
	}
	b.WriteString(st.Muted.Render(repeat("─", width)) + "\n")
	return b.String()
}

func (d *debrief) hint(width, from, to int) string {
	st := d.c.styles
	if d.msg != "" {
		return st.Error.Render(trunc(coaching.SafeLine(d.msg), width))
	}
	if d.finishing {
		return st.Muted.Render("Finishing…")
	}
	more := ""
	if from > 0 || to < len(d.rows) {
		more = fmt.Sprintf(" · lines %d–%d of %d", from+1, to, len(d.rows))
	}
	row := d.row()
	var h string
	switch {
	case d.editing && row.field == dfNextDate:
		h = "like 2026-12-03, 12/3 or Dec 3 · enter saves and goes on · esc saves"
	case d.editing:
		h = "enter saves and goes on · ↑/↓ save and move · esc saves"
	case row.kind == dbText && row.field == dfWentWell:
		h = "Ask the rep first what went well; then add what you saw."
	case row.kind == dbText && row.field == dfPractise:
		h = "Type the one thing to practise: it becomes the rep's focus skill until the next 1:1."
	case row.kind == dbText:
		h = "Type to write · ↑/↓ move"
	case row.kind == dbRole:
		h = debriefRoles[roleIndex(d.deb.ManagerRole)].hint + " ←/→ changes it."
	case row.kind == dbOutcome:
		h = "y yes · p partly · n no"
		if c := d.deb.CommitmentWanted; c != "" {
			h = "You went for: " + c
			if f := d.deb.Fallback; f != "" {
				h += " · fallback: " + f
			}
			h += " · y / p / n"
		}
	case row.kind == dbItem:
		h = "y yes · n no · u unsure · x n.a. · same key on an answer clears"
	case row.kind == dbGoAfter:
		h = "enter: after the call · esc: leave, the debrief waits on the home screen"
	case row.kind == dbStep:
		h = "A next step agreed after the call · a adds another"
	case row.kind == dbAddStep:
		h = "enter or a: a next step for the rep (or you), with a due date"
	case row.kind == dbFinish:
		h = "enter ends the ride-along and shows its recap"
	}
	return st.Muted.Render(trunc(coaching.SafeLine(h+more), width))
}

// renderRow draws row i, without the cursor gutter.
func (d *debrief) renderRow(i int, selected bool) string {
	st := d.c.styles
	width := d.c.width - 4
	r := d.rows[i]
	sel := func(s string) string {
		if selected {
			return st.Selected.Render(s)
		}
		return s
	}
	label := func(s string) string {
		if selected {
			return st.Selected.Render(padRight(s, debriefLabelW))
		}
		return st.Label.Render(padRight(s, debriefLabelW))
	}
	vw := d.valueWidth(d.c.width)
	switch r.kind {
	case dbText:
		f := debriefFields[r.field]
		if selected && d.editing {
			return label(f.label) + " " + d.input.View()
		}
		v := d.value(r.field)
		if r.field == dfNextDate && !d.deb.CustomerNextDate.IsZero() {
			v = d.deb.CustomerNextDate.Short(d.c.now()) + " (" + d.deb.CustomerNextDate.String() + ")"
		}
		if v == "" {
			return label(f.label) + " " + st.Muted.Render(trunc(f.empty, vw))
		}
		return label(f.label) + " " + trunc(coaching.SafeLine(v), vw)
	case dbRole:
		var parts []string
		cur := roleIndex(d.deb.ManagerRole)
		for j, x := range debriefRoles {
			if j == cur {
				parts = append(parts, st.Bold.Render("["+x.label+"]"))
			} else {
				parts = append(parts, st.Muted.Render(x.label))
			}
		}
		return label("Your role on the call") + " " + trunc(strings.Join(parts, " "), vw)
	case dbOutcome:
		var parts []string
		for _, o := range debriefOutcomes {
			if o.outcome == d.deb.Outcome {
				parts = append(parts, st.Bold.Render("["+o.label+"]"))
			} else {
				parts = append(parts, st.Muted.Render(o.label))
			}
		}
		return label("Got the commitment?") + " " + strings.Join(parts, " ")
	case dbHeading:
		t := r.text
		if r.stage != "" {
			name, items := coaching.SafeLine(d.c.pb.StageName(r.stage))+" checklist", d.stage.Items
			if r.stage == coaching.EveryKey {
				name, items = "Every deal", d.c.pb.Every.Items
			}
			n := 0
			for _, it := range items {
				if _, ok := d.answers[it.Key]; ok {
					n++
				}
			}
			t = fmt.Sprintf("%s · %d of %d answered after this call", name, n, len(items))
		}
		return st.Header.Render(trunc(t, width))
	case dbItem:
		a, mine := d.answers[r.item.Key]
		suffix := ""
		if !mine {
			if p, ok := d.prior[r.item.Key]; ok {
				a = p
				suffix = "  (from " + p.AnsweredAt.Format("Jan 2") + ")"
			}
		}
		if r.stage == coaching.EveryKey && r.item.Key == "involvement-asked" && d.leads() && !mine {
			suffix = "  — you led unasked: a no"
		}
		w := &walk{c: d.c}
		qw := max(10, width-8-lipgloss.Width(suffix))
		return w.valueLabel(a.Value, mine) + "  " + sel(trunc(coaching.SafeLine(r.item.Question), qw)) + st.Muted.Render(suffix)
	case dbStep:
		a := d.steps[r.step]
		due := ""
		if !a.Due.IsZero() {
			due = " · due " + a.Due.Short(d.c.now())
		}
		return sel(trunc("• "+coaching.SafeLine(a.Text)+" — "+string(a.Owner)+due, width))
	case dbAddStep:
		return sel("+ Add a next step") + st.Muted.Render(" (a)")
	case dbGoAfter:
		return sel("→ After the call") + st.Muted.Render(" (ctrl+n) · or esc now: the debrief waits on home")
	case dbFinish:
		return sel("✓ Finish the debrief") + st.Muted.Render(" (ctrl+s)")
	}
	return ""
}

// recap is the short summary shown once the debrief is finished.
func (d *debrief) recap(width int) string {
	st := d.c.styles
	var b strings.Builder
	line := func(label, v string) {
		if strings.TrimSpace(v) == "" {
			return
		}
		b.WriteString(st.Label.Render(padRight(label, 24)) + " " + trunc(coaching.SafeLine(v), width-25) + "\n")
	}
	b.WriteString("\n")
	out := string(d.deb.Outcome)
	for _, o := range debriefOutcomes {
		if o.outcome == d.deb.Outcome {
			out = o.label
		}
	}
	if d.deb.CommitmentWanted != "" {
		out += " — wanted: " + d.deb.CommitmentWanted
	}
	line("Got the commitment", out)
	next := d.deb.CustomerNextStep
	if !d.deb.CustomerNextDate.IsZero() {
		next = strings.TrimSpace(next + " · " + d.deb.CustomerNextDate.Short(d.c.now()))
	}
	line("Customer's next step", next)
	line("What went well", d.deb.WentWell)
	line("Do differently", d.deb.DoDifferently)
	line("What surprised us", d.deb.Surprised)
	line("Practise (focus skill)", d.deb.Practise)
	yes, gaps := 0, 0
	for _, a := range d.answers {
		switch a.Value {
		case coaching.Yes:
			yes++
		case coaching.No, coaching.Unsure:
			gaps++
		}
	}
	if len(d.answers) > 0 {
		line("Checklist", fmt.Sprintf("%s after the call: %d yes, %d no or unsure", countNoun(len(d.answers), "answer"), yes, gaps))
	}
	if len(d.steps) > 0 {
		var s []string
		for _, a := range d.steps {
			s = append(s, a.Text+" ("+string(a.Owner)+")")
		}
		line("Next steps", strings.Join(s, "; "))
	}
	if d.leads() {
		b.WriteString("\n" + st.Warning.Render(trunc("⚠ "+leadWarningDone, width)) + "\n")
		b.WriteString(trunc("  Next time agree with "+coaching.SafeLine(firstName(d.rep.Name))+" before the call which part, if any, you lead.", width) + "\n")
	}
	b.WriteString("\n")
	if d.exported != "" {
		b.WriteString(st.Good.Render(trunc("Recap exported (no private notes): "+d.exported, width)))
	} else {
		b.WriteString(st.Muted.Render(trunc("w exports the recap for the rep · enter goes back", width)))
	}
	return b.String()
}

func (d *debrief) ShortHelp() []key.Binding {
	k := d.keys
	if d.editing {
		return []key.Binding{k.SaveNext, k.SaveStay}
	}
	if d.half == halfDone {
		return []key.Binding{k.Home, k.Export}
	}
	var out []key.Binding
	switch d.row().kind {
	case dbText:
		out = append(out, k.Edit)
	case dbRole:
		out = append(out, k.Role)
	case dbOutcome:
		out = append(out, k.Outcome)
	case dbItem:
		out = append(out, k.Answer)
	case dbAddStep:
		out = append(out, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "add next step")))
	case dbFinish:
		out = append(out, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "finish")))
	}
	out = append(out, k.Move)
	if d.half == halfBefore {
		return append(out, k.After, k.Leave)
	}
	if d.row().kind != dbText && d.row().kind != dbAddStep {
		out = append(out, k.AddStep)
	}
	return append(out, k.Finish, k.Leave)
}

func (d *debrief) FullHelp() [][]key.Binding {
	k := d.keys
	if d.editing || d.half == halfDone {
		return [][]key.Binding{d.ShortHelp()}
	}
	long := func(b key.Binding, keys, desc string) key.Binding {
		b.SetHelp(keys, desc)
		return b
	}
	groups := [][]key.Binding{
		{long(k.Move, "↑/↓ tab", "move between the lines"), long(k.Edit, "type/enter", "write in a field; enter saves it and goes on")},
	}
	if d.half == halfBefore {
		return append(groups, []key.Binding{long(k.Role, "←/→", "your role on the call: observe, support, lead a part, lead"),
			long(k.After, "ctrl+n", "go to the after-the-call half"),
			long(k.Leave, "esc", "leave: the debrief waits on the home screen")})
	}
	return append(groups,
		[]key.Binding{long(k.Outcome, "y/p/n", "got the commitment: yes / partly / no"),
			long(k.Answer, "y/n/u/x", "checklist: yes / no / unsure / n.a.; the same key on an answer clears it"),
			long(k.AddStep, "a", "add a next step for the rep or you")},
		[]key.Binding{long(k.Before, "ctrl+p", "back to the before-the-call half"),
			long(k.Finish, "ctrl+s", "finish the debrief and see its recap"),
			long(k.Leave, "esc", "leave: the debrief waits on the home screen")})
}

// errNoDebrief is returned when a ride-along has no deal to debrief.
var errNoDebrief = errors.New("this ride-along has no deal: start a new debrief from the rep")

// Unfinished debriefs wait on home, a line each, the newest opened with d.
