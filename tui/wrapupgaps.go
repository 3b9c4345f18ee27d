package tui

import (
	"context"
	"strings"

	"dealcoach/coaching"
	"dealcoach/store"
)

// maxGapsInView caps the wrap-up's list of gaps in view: the first few
// are the coaching targets; the walk marks every one.
const maxGapsInView = 3

// repGaps lists, for the wrap-up, each item where the rep's prep said yes
// and the manager answered no or unsure in this 1:1: "Acme renewal: Dana
// sees “…” as met; the evidence says not yet".
func repGaps(ctx context.Context, st *store.Store, pb *coaching.Playbook, sess coaching.Session, reviews []coaching.Review, names map[int64]string) ([]string, error) {
	view, ok, err := st.RepView(ctx, sess.RepID, sess.ID)
	if err != nil || !ok {
		return nil, err
	}
	var out []string
	for _, r := range reviews {
		answers, err := st.Answers(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		for _, a := range answers {
			// An answer for a stage the deal has left is not compared.
			rep := view.Answers[r.DealID][a.Item]
			if rep.Stage != a.Stage || !coaching.IsGap(rep.Value, a.Value) {
				continue
			}
			q := a.Item
			if it, _, ok := pb.Item(a.Item); ok {
				q = it.Question
			}
			out = append(out, names[r.DealID]+": "+coaching.GapLine(view.Rep, q, a.Value))
		}
	}
	return out, nil
}

// gapsInView draws the wrap-up's gaps in view and counts its lines; none
// when the rep sent no prep or it matched the evidence.
func (w *wrapup) gapsInView(width int) (string, int) {
	if len(w.repGaps) == 0 {
		return "", 0
	}
	st := w.c.styles
	var b strings.Builder
	b.WriteString("\n" + st.Bold.Render("Gaps in view") + st.Muted.Render(" · the rep says yes, the evidence does not: coach these") + "\n")
	n := 2
	for i, g := range w.repGaps {
		if i == maxGapsInView-1 && len(w.repGaps) > maxGapsInView {
			b.WriteString(st.Muted.Render("  … and "+countNoun(len(w.repGaps)-i, "more gap")) + "\n")
			n++
			break
		}
		b.WriteString(trunc("  "+coaching.SafeLine(g), width) + "\n")
		n++
	}
	return b.String(), n
}
