package tui

import (
	"dealcoach/coaching"
)

// The rep's prep in the deal walk (DESIGN §11): their answer beside each
// question, a gap in view marked where they say yes and the manager no or
// unsure, and on the first deal where they want help. Their answers never
// count: only the manager's are saved.

// gapMark marks a gap in view, legible without colour.
const gapMark = "gap in view"

// repNote is the rep's own answer after a question: "rep: yes", and the
// gap mark when the manager's answer differs that way.
func (w *walk) repNote(it coaching.Item, _ bool) string {
	ra, ok := w.repView.Answers[w.deal.ID][it.Key]
	if !ok || ra.Value == "" || !w.repAnsweredHere(ra) {
		return ""
	}
	note := "  rep: " + valueWord(ra.Value)
	if mine, ok := w.list.answers[it.Key]; ok && coaching.IsGap(ra.Value, mine.Value) {
		note += " · " + gapMark
	}
	return note
}

// prepLines are the header lines the prep adds: on the first deal, where
// the rep wants help, and on the rep's picked deal, why.
func (w *walk) prepLines(width int) string {
	st := w.c.styles
	out := ""
	if w.index == 0 && w.repView.Help != "" {
		out += trunc(st.Label.Render("Where the rep wants help: ")+coaching.SafeLine(w.repView.Help), width) + "\n"
	}
	if old := w.repOldStage(); old != "" {
		out += trunc(st.Muted.Render("The rep answered for "+coaching.SafeLine(w.pb.StageName(old))+"; the deal has moved on since"), width) + "\n"
	}
	if why, ok := w.repView.PickReason(w.deal.ID); ok {
		line := "The rep's pick"
		if why != "" {
			line += ": " + coaching.SafeLine(why)
		}
		out += trunc(st.Label.Render(line), width) + "\n"
	}
	return out
}

// repAnsweredHere says the rep's answer is of this deal's checklist now:
// of its stage or of every deal. An answer given for a stage the deal has
// left is of another question list and is not shown beside this one.
func (w *walk) repAnsweredHere(ra coaching.Answer) bool {
	return ra.Stage == coaching.EveryKey || ra.Stage == w.stage.Key
}

// repOldStage is the stage the rep answered for when the deal has moved
// since the prep was written, "" otherwise.
func (w *walk) repOldStage() string {
	for _, ra := range w.repView.Answers[w.deal.ID] {
		if !w.repAnsweredHere(ra) {
			return ra.Stage
		}
	}
	return ""
}
