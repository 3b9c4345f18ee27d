package tui

import (
	"context"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"dealcoach/coaching"
	"dealcoach/store"
)

// The wrap-up's focus skill: it stays until the manager changes it, so it
// opens with the current one (this session's, else the last 1:1's); the
// suggestion is the skill weakest over the rep's 90 days, with the items
// and numbers that led to it. c goes through the playbook's skills, the
// suggestion first; f types one.

// focusStart is what the focus line opens with: this session's focus,
// else the focus in force, else the suggested skill.
func (w *wrapup) focusStart() string {
	switch {
	case w.sess.FocusSkill != "":
		return w.sess.FocusSkill
	case w.last != "":
		return w.last
	case w.hasSuggest:
		return w.suggest.Skill.Name
	}
	return ""
}

// skillOrder is the skills c goes through: the suggested one first, then
// the playbook's in its order.
func (w *wrapup) skillOrder() []string {
	var out []string
	if w.hasSuggest {
		out = append(out, w.suggest.Skill.Name)
	}
	for _, sk := range w.c.pb.Skills {
		if !w.hasSuggest || sk.Key != w.suggest.Skill.Key {
			out = append(out, sk.Name)
		}
	}
	return out
}

// nextSkill shows the next skill of skillOrder and saves it: the first c
// gives the suggestion (or the skill after it, when that is shown already).
func (w *wrapup) nextSkill() {
	order := w.skillOrder()
	if len(order) == 0 {
		return
	}
	cur, _ := w.focusValue()
	switch {
	case w.pick < 0 && strings.EqualFold(cur, order[0]):
		w.pick = 1
	case w.pick < 0:
		w.pick = 0
	default:
		w.pick++
	}
	w.pick %= len(order)
	w.pre = prefillLine(&w.focus, order[w.pick])
}

// focusValue is the focus skill as typed, and whether it differs from the
// one saved.
func (w *wrapup) focusValue() (string, bool) {
	v := strings.TrimSpace(w.pre.kept(w.focus.Value()))
	return v, v != w.sess.FocusSkill
}

func (w *wrapup) saveFocus() tea.Cmd {
	v, changed := w.focusValue()
	if !changed {
		return nil
	}
	w.sess.FocusSkill = v
	sid := w.sid
	return w.c.queue(fmt.Sprint("focus ", sid), "focus skill", func(ctx context.Context, st *store.Store) (tea.Msg, error) {
		return nil, st.SetFocusSkill(ctx, sid, v)
	})
}

// focusNote says where the focus shown comes from: kept from an earlier
// 1:1, the suggestion, or another of the playbook's skills.
func (w *wrapup) focusNote(v string) string {
	switch {
	case v == "":
		return ""
	case w.last != "" && strings.EqualFold(v, w.last):
		note := " · kept"
		if w.lastSet.ID != 0 {
			note += " since " + w.lastSet.StartedAt.Format("Jan 2")
		}
		return note
	case w.hasSuggest && strings.EqualFold(v, w.suggest.Skill.Name):
		return " · suggested"
	}
	return ""
}

// whyLines is the suggestion and the numbers behind it, wrapped to width,
// at most max lines (the last cut).
func (w *wrapup) whyLines(width, most int) []string {
	if !w.hasSuggest || most <= 0 || width <= 0 {
		return nil
	}
	text := "Suggested: " + coaching.SafeLine(w.suggest.Why)
	lines := strings.Split(ansi.Wrap(text, width, ""), "\n")
	if len(lines) > most {
		lines = lines[:most]
		lines[most-1] = trunc(lines[most-1]+" …", width)
	}
	return lines
}
