package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"dealcoach/coaching"
)

// The rep page's skills and focus tabs: each skill's strength over the 90
// days and in each of the last sessions (a sparkline and the numbers), and
// the focus skills set in 1:1s with how the rep did on each.

// Skill columns.
const (
	skillNameW  = 28
	skillSparkW = 6
	skillNumW   = 4
)

func (r *repScreen) skillHead(gap string, w int) string {
	n := len(r.data.sum.SkillSessions)
	last := fmt.Sprintf("Last %s", countNoun(n, "session"))
	if n == 0 {
		last = "Last sessions"
	}
	return gap + padRight("Skill", skillNameW) + " " + padRight(last, skillSparkW+1+n*skillNumW+1) + " " + fmt.Sprintf("%d days", r.data.sum.WindowDays)
}

// skillRow is a skill: its name (marked when it is the focus in force),
// the sparkline and numbers of the last sessions, oldest first, and its
// strength over the window.
func (r *repScreen) skillRow(i, w int) listRow {
	st := r.c.styles
	d := r.data
	sk := d.sum.Skills[i]
	name := coaching.SafeLine(sk.Name)
	if cur := r.currentFocus(); cur != "" && strings.EqualFold(cur, sk.Name) {
		name += " ◆ focus"
	}
	var nums []string
	for _, v := range sk.LastSessions {
		if v == nil {
			nums = append(nums, padLeft("·", skillNumW))
		} else {
			nums = append(nums, padLeft(fmt.Sprint(percent(*v)), skillNumW))
		}
	}
	text := padRight(name, skillNameW) + " " + padRight(coaching.Sparkline(sk.LastSessions), skillSparkW) + " " +
		strings.Join(nums, "") + "  "
	var tail string
	switch {
	case sk.Strength == nil:
		tail = st.Muted.Render("no answers")
	case sk.Weak:
		tail = st.Weak.Render(fmt.Sprintf("%3d%% (%d) weak", percent(*sk.Strength), sk.Answers()))
	case !sk.Enough:
		tail = st.Muted.Render(fmt.Sprintf("%3d%% (%d) too few", percent(*sk.Strength), sk.Answers()))
	default:
		tail = fmt.Sprintf("%3d%% (%d)", percent(*sk.Strength), sk.Answers())
	}
	return listRow{text: trunc(text, w), tail: tail}
}

// currentFocus is the focus in force: the newest set.
func (r *repScreen) currentFocus() string {
	for _, f := range r.data.focus {
		if f.SetIn != 0 {
			return f.Focus
		}
	}
	return ""
}

// Focus columns.
const (
	focusNameW = 28
	focusSetW  = 7
)

// focusRow is one focus: when it was set, and when a 1:1 asked about it,
// the answer and its evidence.
func (r *repScreen) focusRow(i, w int) listRow {
	st := r.c.styles
	f := r.data.focus[i]
	set := "—"
	if !f.SetOn.IsZero() {
		set = f.SetOn.Format("Jan 2")
	}
	text := padRight(coaching.SafeLine(f.Focus), focusNameW) + " " + padRight(set, focusSetW) + " "
	var tail string
	switch {
	case !f.Reviewed():
		tail = st.Muted.Render("current · not asked yet")
	case f.Practised == "":
		tail = st.Muted.Render(f.ReviewedOn.Format("Jan 2") + ": not answered")
	default:
		word := map[coaching.Outcome]string{coaching.OutcomeYes: "yes", coaching.OutcomePartly: "partly", coaching.OutcomeNo: "no"}[f.Practised]
		style := map[coaching.Outcome]func(...string) string{coaching.OutcomeYes: st.Yes.Render, coaching.OutcomePartly: st.Unsure.Render,
			coaching.OutcomeNo: st.No.Render}[f.Practised]
		tail = st.Muted.Render(f.ReviewedOn.Format("Jan 2")+": ") + style(word)
		if f.Evidence != "" {
			tail += st.Muted.Render(" · " + coaching.SafeLine(f.Evidence))
		}
	}
	return listRow{text: text, tail: trunc(tail, max(0, w-lipgloss.Width(text)))}
}
