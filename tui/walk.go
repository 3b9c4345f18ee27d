package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	bcursor "github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"

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

// walkKeys are the walk's own keys; the checklist has its own.
type walkKeys struct {
	Edit, Shared, Private, Notes, AddStep key.Binding
	Next, Prev, WrapUp, SaveNote          key.Binding
	// EditStep and DeleteStep act on a next step of this session.
	EditStep, DeleteStep key.Binding
}

func newWalkKeys() walkKeys {
	return walkKeys{
		Edit:     key.NewBinding(key.WithKeys("enter", " "), key.WithHelp("enter", "edit the note")),
		Shared:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "shared note (the rep may see it)")),
		Private:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "private note (only you)")),
		Notes:    key.NewBinding(key.WithKeys("s", "p"), key.WithHelp("s/p", "notes")),
		AddStep:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add next step")),
		Next:     key.NewBinding(key.WithKeys("]", "tab"), key.WithHelp("]/tab", "next deal")),
		Prev:     key.NewBinding(key.WithKeys("[", "shift+tab"), key.WithHelp("[/shift+tab", "previous deal")),
		WrapUp:   key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "wrap up now")),
		SaveNote: key.NewBinding(key.WithKeys("esc", "ctrl+s"), key.WithHelp("esc/ctrl+s", "save note")),
		// e is evidence on a question; on a step of this 1:1 it edits.
		EditStep:   key.NewBinding(key.WithKeys("e", "enter"), key.WithHelp("e", "edit the next step")),
		DeleteStep: key.NewBinding(key.WithKeys("D", "delete"), key.WithHelp("D", "delete the next step (twice)")),
	}
}

// The walk's own lines in the checklist body.
const (
	wStep = iota // a next step (n = 1 + its index), or "none yet" (n = 0)
	wNote        // the shared (n = 0) or private (n = 1) note
)

type editMode int

const (
	editNone editMode = iota
	editShared
	editPrivate
)

// walk is one deal of a 1:1: its facts and changes on top, the checklist,
// next steps, notes and earlier stages below, scrolling between a header
// and footer. Every answer is saved as it is given.
type walk struct {
	c     *common
	sid   int64
	index int
	keys  walkKeys
	// noCommitments says the 1:1 had no open commitments to go through.
	noCommitments bool

	loaded bool
	pb     *coaching.Playbook // the session's own playbook version
	sess   coaching.Session
	rep    coaching.Rep
	total  int
	review coaching.Review
	deal   coaching.Deal
	stage  coaching.Stage // the deal's stage at review time; Key "" if unknown
	steps  []coaching.Action
	// changes says what the CRM changed since the deal's last review.
	changes string
	list    *checklist
	// focus is the rep's focus skill in force for this 1:1 ("" for none).
	focus string
	// repView is what the rep said in their prep for this 1:1.
	repView coaching.RepView
	// atFirstUnanswered puts the cursor, on the first load, on the first
	// question without an answer: a resumed 1:1 goes on where it stopped.
	atFirstUnanswered bool
	// deleting is the next step whose delete waits for D again; 0 none.
	deleting int64

	mode editMode
	note textarea.Model
	pre  prefill // what the note editor was filled with

	header string // the lines of the header that do not tick
	gen    int
}

type walkLoadedMsg struct {
	sessionHead
	reviews []coaching.Review
	review  coaching.Review
	deal    coaching.Deal
	answers []coaching.Answer
	prior   map[string]coaching.Answer
	changes string
	// closeMoved is how the CRM shows the close date moved since the last
	// review ("pushed Oct 3 → Nov 30"), "" when it held or is not known.
	closeMoved string
	focus      string
	steps      []coaching.Action
	view       coaching.RepView
}

func newWalk(c *common, sessionID int64, index int, noCommitments bool) *walk {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = "┃ "
	ta.CharLimit = 4000
	ta.Cursor.SetMode(cursorMode)
	w := &walk{c: c, sid: sessionID, index: max(0, index), keys: newWalkKeys(), note: ta, pb: c.pb,
		noCommitments: noCommitments}
	w.list = newChecklist(c, checklistOpts{evidence: true, own: w.ownRow, note: w.repNote}, w.layout)
	w.SetSize(c.width, c.height)
	return w
}

// layout orders the body: the checklist, next steps, notes, earlier stages.
func (w *walk) layout(l *checklist) []clRow {
	rows := append(l.stageRows(), l.everyRows()...)
	rows = append(rows, headingRow("Next steps for this deal"))
	if len(w.steps) == 0 {
		rows = append(rows, ownRow(wStep, 0))
	}
	for i := range w.steps {
		rows = append(rows, ownRow(wStep, i+1))
	}
	rows = append(rows, headingRow("Coaching notes"), ownRow(wNote, 0), ownRow(wNote, 1))
	return append(rows, l.earlierRows()...)
}

func (w *walk) Init() tea.Cmd {
	w.gen++
	sid, index, now := w.sid, w.index, w.c.now()
	load := w.c.load(func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		var m walkLoadedMsg
		var err error
		if m.sessionHead, err = loadSessionHead(ctx, st, sid); err != nil {
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
		ch := coaching.DealChanges(m.pb, snaps, since, now)
		m.changes = changesLine(ch, since, m.deal.Currency)
		if !since.IsZero() {
			m.closeMoved, _ = ch.CloseMoved()
		}
		if m.focus, _, _, err = st.LastFocus(ctx, m.sess.RepID, sid); err != nil {
			return nil, err
		}
		if m.view, _, err = st.RepView(ctx, m.sess.RepID, sid); err != nil {
			return nil, err
		}
		// This 1:1's steps on the deal, then the ones still open from
		// earlier 1:1s, which only the commitments mark.
		all, err := st.Actions(ctx, sid)
		if err != nil {
			return nil, err
		}
		open, err := st.OpenActions(ctx, m.sess.RepID)
		if err != nil {
			return nil, err
		}
		for _, a := range all {
			if a.DealID == m.deal.ID {
				m.steps = append(m.steps, a)
			}
		}
		for _, a := range open {
			if a.DealID == m.deal.ID && a.SessionID != sid {
				m.steps = append(m.steps, a)
			}
		}
		return m, nil
	})
	return tea.Batch(load, w.tick())
}

// changesLine says what the CRM changed since the deal's last review.
func changesLine(ch coaching.Changes, since time.Time, currency string) string {
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

func (w *walk) Typing() bool { return w.mode != editNone || w.list.Typing() }

func (w *walk) SetSize(width, height int) {
	w.note.SetWidth(max(10, width-4))
	w.note.SetHeight(w.noteHeight(height))
	w.list.setSize(width-2, height)
	if w.loaded {
		w.renderHeader()
	}
	w.fit()
}

func (w *walk) noteHeight(h int) int { return max(3, min(8, h/4)) }

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
			return w, w.updateNote(msg)
		}
		if w.list.Typing() {
			return w, w.updateList(msg)
		}
		return w, w.updateKey(msg)
	case tea.MouseMsg:
		if w.loaded && w.mode == editNone && !w.list.Typing() {
			w.list.wheel(msg)
		}
		return w, nil
	}
	if w.list.Typing() {
		return w, w.updateList(msg)
	}
	if w.mode != editNone {
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
	w.loaded, w.pb, w.sess, w.rep, w.total, w.review, w.deal = true, m.pb, m.sess, m.rep, len(m.reviews), m.review, m.deal
	w.stage, _ = w.pb.Stage(m.review.Stage)
	w.steps = m.steps
	w.changes = m.changes
	w.focus = m.focus
	w.repView = m.view
	w.list.focus = nil
	if sk, ok := w.pb.Skill(m.focus); ok && m.focus != "" {
		w.list.focus = map[string]bool{}
		for _, it := range sk.Items {
			w.list.focus[it] = true
		}
	}
	w.list.suggested = nil
	if it, group, ok := w.pb.Item(closeHeldItem); ok && group == coaching.EveryKey && m.closeMoved != "" {
		w.list.suggested = map[string]coaching.Answer{it.Key: {Stage: group, Item: it.Key, Value: coaching.No,
			Evidence: m.closeMoved, Source: coaching.SourceCRM}}
	}
	pos := w.list.cur.pos
	w.list.setDeal(w.pb, w.stage, m.answers, m.prior)
	w.renderHeader()
	w.fit()
	switch {
	case same:
		w.list.setPos(pos)
	case w.atFirstUnanswered && w.list.firstUnanswered():
	default:
		w.list.cur.offset = 0
		w.list.setPos(0)
	}
	w.atFirstUnanswered = false
	return nil
}

// unansweredIn counts the deal's questions (its stage's and every deal's)
// without one of answers: the resume of a 1:1 goes on
// at the first deal with one.
func unansweredIn(pb *coaching.Playbook, stage string, answers []coaching.Answer) int {
	got := map[string]bool{}
	for _, a := range answers {
		got[a.Item] = true
	}
	items := pb.Every.Items
	if s, ok := pb.Stage(stage); ok && stage != coaching.EveryKey {
		items = append(append([]coaching.Item{}, s.Items...), items...)
	}
	n := 0
	for _, it := range items {
		if !got[it.Key] {
			n++
		}
	}
	return n
}

// closeHeldItem is the every-deal question the CRM's snapshots answer:
// "The close date has not moved since the last review".
const closeHeldItem = "close-date-held"

// updateList hands a key to the checklist and saves what it changed.
func (w *walk) updateList(msg tea.Msg) tea.Cmd {
	typing := w.list.Typing()
	changed, cmd := w.list.Update(msg)
	if typing != w.list.Typing() {
		w.fit()
	}
	return tea.Batch(cmd, w.saveChange(changed))
}

// saveChange saves an answer the checklist reports, in this review,
// through the queue: y then y again must not land as y.
func (w *walk) saveChange(changed tea.Msg) tea.Cmd {
	rid := w.review.ID
	switch ch := changed.(type) {
	case checklistAnsweredMsg:
		a := ch.answer
		a.ReviewID = rid
		return w.c.queue(answerKey(rid, a.Item), ch.what, func(ctx context.Context, st *store.Store) (tea.Msg, error) {
			return nil, st.SaveAnswer(ctx, a)
		})
	case checklistClearedMsg:
		item := ch.item
		return w.c.queue(answerKey(rid, item), ch.what, func(ctx context.Context, st *store.Store) (tea.Msg, error) {
			return nil, st.ClearAnswer(ctx, rid, item)
		})
	}
	return nil
}

// answerKey names an answer of a review in the save queue.
func answerKey(review int64, item string) string { return fmt.Sprintf("answer %d %s", review, item) }

func (w *walk) updateKey(msg tea.KeyMsg) tea.Cmd {
	row := w.list.selected()
	// Any key but D again keeps the step.
	deleting := w.deleting
	w.deleting = 0
	own := true
	var cmd tea.Cmd
	switch {
	case key.Matches(msg, w.keys.DeleteStep, w.keys.EditStep) && row.isOwn(wStep) && row.n > 0:
		return w.stepKey(msg, w.steps[row.n-1], deleting)
	case key.Matches(msg, w.keys.Edit) && row.isOwn(wNote):
		cmd = w.editNote(row.n == 1)
	case key.Matches(msg, w.keys.Shared):
		cmd = w.editNote(false)
	case key.Matches(msg, w.keys.Private):
		cmd = w.editNote(true)
	case key.Matches(msg, w.keys.AddStep):
		cmd = open(openStepFormMsg{session: w.sid, deal: w.deal})
	case key.Matches(msg, w.keys.Next):
		cmd = open(openWalkMsg{session: w.sid, index: w.index + 1})
	case key.Matches(msg, w.keys.Prev) && w.index == 0:
		cmd = open(openCommitmentsMsg{w.sid})
	case key.Matches(msg, w.keys.Prev):
		cmd = open(openWalkMsg{session: w.sid, index: w.index - 1})
	case key.Matches(msg, w.keys.WrapUp):
		cmd = open(openWrapupMsg{w.sid})
	default:
		own = false
	}
	if own {
		w.list.forget()
		return cmd
	}
	return w.updateList(msg)
}
