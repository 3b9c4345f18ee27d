package coaching

import (
	"fmt"
	"strings"
)

// Recap is everything said and agreed in one session, the input of the
// exported Markdown (the TUI's wrap-up and `dealcoach export`).
type Recap struct {
	Rep     string
	Session Session
	Deals   []RecapDeal
	// Actions are the next steps agreed in the session.
	Actions []Action
	// Commitments are the steps from earlier 1:1s this session went
	// through, each with this session's verdict as Status and, when not
	// done, how many 1:1s have carried it so far (Carried).
	Commitments []Action
	FocusSkill  string
	// Debrief is set for a ride-along.
	Debrief *Debrief
}

// RecapDeal is one deal reviewed in the session.
type RecapDeal struct {
	Deal    Deal
	Review  Review
	Answers []Answer
	// Gaps are the questions answered no or unsure, in playbook order.
	Gaps []string
}

// NewRecapDeal builds a reviewed deal with its gaps found, in the order of
// the playbook's checklist.
func NewRecapDeal(pb *Playbook, d Deal, r Review, answers []Answer) RecapDeal {
	return RecapDeal{Deal: d, Review: r, Answers: answers, Gaps: Gaps(pb, answers)}
}

// Gaps lists the questions answered no or unsure, in playbook order, then
// any item the playbook no longer has, by key.
func Gaps(pb *Playbook, answers []Answer) []string {
	byItem := make(map[string]Answer, len(answers))
	for _, a := range answers {
		byItem[a.Item] = a
	}
	var out []string
	seen := make(map[string]bool, len(answers))
	if pb != nil {
		for _, g := range pb.Groups() {
			for _, it := range g.Items {
				a, ok := byItem[it.Key]
				seen[it.Key] = true
				if ok && (a.Value == No || a.Value == Unsure) {
					out = append(out, it.Question)
				}
			}
		}
	}
	for _, a := range answers {
		if !seen[a.Item] && (a.Value == No || a.Value == Unsure) {
			out = append(out, a.Item)
		}
	}
	return out
}

// Markdown renders the recap for the rep (private=false: shared notes only)
// or for the manager's own records (private=true: private notes too).
func (r Recap) Markdown(pb *Playbook, private bool) string {
	var b strings.Builder
	kind := "1:1"
	if r.Session.Kind == RideAlong {
		kind = "Ride-along debrief"
	}
	day := r.Session.StartedAt.Format("Jan 2, 2006")
	fmt.Fprintf(&b, "# %s with %s — %s\n\n", kind, MarkdownLine(r.Rep), day)
	fmt.Fprintf(&b, "- Date: %s\n", r.Session.StartedAt.Format("2006-01-02"))
	fmt.Fprintf(&b, "- Deals reviewed: %d\n", len(r.Deals))
	if r.FocusSkill != "" {
		fmt.Fprintf(&b, "- Focus skill: %s\n", MarkdownLine(r.FocusSkill))
	}
	if !private {
		b.WriteString("\nShared recap: the manager's private notes are not included.\n")
	}

	if r.Debrief != nil {
		writeDebrief(&b, *r.Debrief, r.Deals)
	}
	r.writeSinceLast(&b)

	if len(r.Deals) > 0 {
		b.WriteString("\n## Deals reviewed\n")
	}
	for _, d := range r.Deals {
		fmt.Fprintf(&b, "\n### %s", MarkdownLine(d.Deal.Name))
		if a := d.Deal.Account; a != "" && !strings.Contains(strings.ToLower(d.Deal.Name), strings.ToLower(a)) {
			fmt.Fprintf(&b, " — %s", MarkdownLine(a))
		}
		b.WriteString("\n\n")
		facts := []string{"Stage: " + MarkdownLine(stageName(pb, d.Review.Stage))}
		if d.Deal.Amount != 0 {
			facts = append(facts, "Amount: "+FormatMoney(d.Deal.Amount, d.Deal.Currency))
		}
		if !d.Deal.CloseDate.IsZero() {
			facts = append(facts, "Close date: "+d.Deal.CloseDate.String())
		}
		b.WriteString(strings.Join(facts, " · ") + "\n")

		yes, asked := 0, 0
		for _, a := range d.Answers {
			if a.Value == NA {
				continue
			}
			asked++
			if a.Value == Yes {
				yes++
			}
		}
		if asked > 0 {
			fmt.Fprintf(&b, "\nChecklist: %d of %d answered yes.\n", yes, asked)
		}
		if len(d.Gaps) > 0 {
			b.WriteString("\nGaps found:\n\n")
			ev := evidenceByQuestion(pb, d.Answers)
			for _, g := range d.Gaps {
				line := "- " + MarkdownLine(g)
				if e := ev[g]; e != "" {
					line += " (" + MarkdownLine(e) + ")"
				}
				b.WriteString(line + "\n")
			}
		}
		if strings.TrimSpace(d.Review.SharedNote) != "" {
			b.WriteString("\nNote:\n\n" + MarkdownQuote(d.Review.SharedNote))
		}
		if private && strings.TrimSpace(d.Review.PrivateNote) != "" {
			b.WriteString("\nPrivate note (manager only):\n\n" + MarkdownQuote(d.Review.PrivateNote))
		}
		var steps []Action
		for _, a := range r.Actions {
			if a.DealID == d.Deal.ID {
				steps = append(steps, a)
			}
		}
		if len(steps) > 0 {
			b.WriteString("\nNext steps:\n\n")
			for _, a := range steps {
				b.WriteString(actionMD(a) + "\n")
			}
		}
	}

	if len(r.Actions) > 0 {
		b.WriteString("\n## Next steps\n\n")
		names := make(map[int64]string, len(r.Deals))
		for _, d := range r.Deals {
			names[d.Deal.ID] = d.Deal.Name
		}
		mgr := 0
		for _, a := range r.Actions {
			line := actionMD(a)
			if n := names[a.DealID]; n != "" {
				line += " — " + MarkdownLine(n)
			}
			b.WriteString(line + "\n")
			if a.Owner == OwnerManager {
				mgr++
			}
		}
		fmt.Fprintf(&b, "\nThe rep owns %d of %d next steps.\n", len(r.Actions)-mgr, len(r.Actions))
	}

	switch {
	case r.FocusSkill != "":
		b.WriteString("\n## Focus until next time\n\n" + MarkdownLine(r.FocusSkill) + "\n")
	case r.Session.FocusReviewed != "":
		// The focus stays until the manager changes it.
		b.WriteString("\n## Focus until next time\n\n" + MarkdownLine(r.Session.FocusReviewed) + " (kept from last time)\n")
	}
	return b.String()
}

// writeSinceLast is how last time's focus and commitments went: the
// "practised?" asked at the start and the verdict on each commitment.
func (r Recap) writeSinceLast(b *strings.Builder) {
	s := r.Session
	if s.FocusReviewed == "" && len(r.Commitments) == 0 {
		return
	}
	b.WriteString("\n## Since last time\n\n")
	if s.FocusReviewed != "" {
		practised := "not answered"
		if s.FocusPractised != "" {
			practised = string(s.FocusPractised)
		}
		fmt.Fprintf(b, "Last focus: %s — practised: %s\n", MarkdownLine(s.FocusReviewed), practised)
		if strings.TrimSpace(s.FocusEvidence) != "" {
			b.WriteString("\n" + MarkdownQuote(s.FocusEvidence))
		}
	}
	if len(r.Commitments) > 0 {
		if s.FocusReviewed != "" {
			b.WriteString("\n")
		}
		b.WriteString("Commitments from earlier 1:1s:\n\n")
		for _, a := range r.Commitments {
			b.WriteString(actionMD(a) + " — " + Verdict(a) + "\n")
		}
	}
}

// Verdict says what became of a commitment: "done", "dropped", "not done
// (carried 2×)", or "open" while not gone through.
func Verdict(a Action) string {
	switch a.Status {
	case ActionDone:
		return "done"
	case ActionDropped:
		return "dropped"
	case ActionNotDone:
		if a.Carried > 0 {
			return fmt.Sprintf("not done (carried %d×)", a.Carried)
		}
		return "not done"
	}
	return "open"
}

func writeDebrief(b *strings.Builder, d Debrief, deals []RecapDeal) {
	b.WriteString("\n## The call\n\n")
	for _, rd := range deals {
		if rd.Deal.ID == d.DealID {
			fmt.Fprintf(b, "- Deal: %s\n", MarkdownLine(rd.Deal.Name))
		}
	}
	field := func(label, v string) {
		if strings.TrimSpace(v) != "" {
			fmt.Fprintf(b, "- %s: %s\n", label, MarkdownLine(v))
		}
	}
	field("Objective", d.Objective)
	field("Commitment wanted", d.CommitmentWanted)
	field("Fallback", d.Fallback)
	field("Attendees", d.Attendees)
	field("Manager's role", d.ManagerRole.Describe())
	if d.ObserveSkill != "" && d.ObserveOutcome != "" {
		field("Observed", d.ObserveSkill+" — did it: "+string(d.ObserveOutcome))
	} else {
		field("Skill to observe", d.ObserveSkill)
	}
	field("Got the commitment", string(d.Outcome))
	next := d.CustomerNextStep
	if !d.CustomerNextDate.IsZero() {
		next = strings.TrimSpace(next + " (" + d.CustomerNextDate.String() + ")")
	}
	field("Customer's next step", next)
	field("What went well", d.WentWell)
	field("What to do differently", d.DoDifferently)
	field("What surprised us", d.Surprised)
	field("One thing to practise", d.Practise)
}

func actionMD(a Action) string {
	box := "[ ]"
	switch a.Status {
	case ActionDone:
		box = "[x]"
	case ActionDropped:
		box = "[~]"
	}
	s := fmt.Sprintf("- %s %s — owner: %s", box, MarkdownLine(a.Text), a.Owner)
	if !a.Due.IsZero() {
		s += ", due " + a.Due.String()
	}
	return s
}

func evidenceByQuestion(pb *Playbook, answers []Answer) map[string]string {
	out := make(map[string]string, len(answers))
	for _, a := range answers {
		if a.Evidence == "" {
			continue
		}
		q := a.Item
		if pb != nil {
			if it, _, ok := pb.Item(a.Item); ok {
				q = it.Question
			}
		}
		out[q] = a.Evidence
	}
	return out
}

func stageName(pb *Playbook, key string) string {
	if pb == nil {
		return key
	}
	return pb.StageName(key)
}
