package coaching

import (
	"strings"
	"testing"
	"time"

	"dealcoach/internal/hostile"
)

func TestRecapMarkdown(t *testing.T) {
	pb := DefaultPlaybook()
	d := Deal{ID: 7, Name: "Acme renewal", Account: "Acme Corp", Amount: 84_000_00, Stage: "propose", CloseDate: NewDate(2026, 12, 15)}
	answers := []Answer{
		{Stage: "propose", Item: "mutual-action-plan", Value: Unsure},
		{Stage: "propose", Item: "met-economic-buyer", Value: No, Evidence: "CFO skipped the call"},
		{Stage: "propose", Item: "budget-confirmed", Value: Yes},
		{Stage: "every", Item: "close-date-held", Value: NA},
		{Stage: "propose", Item: "retired-item", Value: No},
	}
	r := Recap{
		Rep:     "Dana Ruiz",
		Session: Session{Kind: OneOnOne, StartedAt: time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)},
		Deals: []RecapDeal{NewRecapDeal(pb, d, Review{Stage: "propose", SharedNote: "Good call.\n\nAsk for the signer.",
			PrivateNote: "Leans on discounts."}, answers)},
		Actions: []Action{
			{DealID: 7, Text: "Send the signer map", Owner: OwnerRep, Due: NewDate(2026, 12, 3)},
			{Text: "Share the ROI template", Owner: OwnerManager},
		},
		FocusSkill: "Get to the economic buyer",
	}
	want := []string{"The rep has met the economic buyer", "A mutual action plan with dates exists", "retired-item"}
	if strings.Join(r.Deals[0].Gaps, "|") != strings.Join(want, "|") {
		t.Errorf("gaps = %q, want %q in playbook order", r.Deals[0].Gaps, want)
	}

	shared := r.Markdown(pb, false)
	for _, s := range []string{
		"# 1:1 with Dana Ruiz — Nov 26, 2026", "- Date: 2026-11-26", "### Acme renewal — Acme Corp",
		"Stage: Propose · Amount: $84,000 · Close date: 2026-12-15", "Checklist: 1 of 4 answered yes.",
		"- The rep has met the economic buyer (CFO skipped the call)", "> Good call.\n>\n> Ask for the signer.\n",
		"- [ ] Send the signer map — owner: rep, due 2026-12-03 — Acme renewal", "- [ ] Share the ROI template — owner: manager\n",
		"The rep owns 1 of 2 next steps.", "## Focus until next time\n\nGet to the economic buyer",
	} {
		if !strings.Contains(shared, s) {
			t.Errorf("shared recap lacks %q:\n%s", s, shared)
		}
	}
	if strings.Contains(shared, "discounts") {
		t.Errorf("shared recap has the private note:\n%s", shared)
	}
	if private := r.Markdown(pb, true); !strings.Contains(private, "Private note (manager only):\n\n> Leans on discounts.") {
		t.Errorf("private recap lacks the private note:\n%s", private)
	}
}

func TestRecapDebrief(t *testing.T) {
	r := Recap{Rep: "Lee Park", Session: Session{Kind: RideAlong, StartedAt: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)},
		Deals: []RecapDeal{{Deal: Deal{ID: 3, Name: "Stark upgrade"}, Review: Review{Stage: "validate"}}},
		Debrief: &Debrief{DealID: 3, Objective: "Agree the pilot scope", Outcome: OutcomePartly, ManagerRole: RoleLeadAsked,
			CustomerNextStep: "Send security questionnaire", CustomerNextDate: NewDate(2026, 11, 27), WentWell: "Rep opened\nwith their numbers"}}
	md := r.Markdown(DefaultPlaybook(), false)
	for _, s := range []string{"# Ride-along debrief with Lee Park — Nov 20, 2026", "- Deal: Stark upgrade", "- Objective: Agree the pilot scope",
		"- Got the commitment: partly", "- Manager's role: led a part the rep asked for", "- Customer's next step: Send security questionnaire (2026-11-27)",
		"- What went well: Rep opened with their numbers"} {
		if !strings.Contains(md, s) {
			t.Errorf("debrief recap lacks %q:\n%s", s, md)
		}
	}
}

func TestManagerRoleSaysTakeover(t *testing.T) {
	r := Recap{Rep: "Lee Park", Session: Session{Kind: RideAlong}, Debrief: &Debrief{ManagerRole: RoleLead}}
	if md := r.Markdown(DefaultPlaybook(), false); !strings.Contains(md, "without the rep asking — that is taking the deal over") {
		t.Errorf("a manager leading uninvited is not called out:\n%s", md)
	}
}

// TestRecapHostileText fills every text of a recap with control sequences
// and Markdown: none reaches the document raw, and none changes its shape.
func TestRecapHostileText(t *testing.T) {
	pb := DefaultPlaybook()
	n := hostile.Names
	note := strings.Join(append(append([]string{}, n...), hostile.Markup, "# heading", "- item"), "\n")
	r := Recap{Rep: n[0] + " " + hostile.Markup,
		Session:    Session{Kind: RideAlong, StartedAt: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)},
		FocusSkill: n[1],
		Debrief: &Debrief{DealID: 1, Objective: n[2], CommitmentWanted: n[3], Fallback: n[4], Attendees: n[5], ObserveSkill: n[6],
			CustomerNextStep: n[7], WentWell: hostile.Markup, DoDifferently: n[0], Surprised: n[1], Practise: n[2]},
	}
	for i, name := range n {
		d := Deal{ID: int64(i + 1), Name: name + " " + hostile.Markup, Account: n[(i+1)%len(n)], Stage: "propose"}
		answers := []Answer{{Stage: "propose", Item: "met-economic-buyer", Value: No, Evidence: n[(i+2)%len(n)]},
			{Stage: "propose", Item: name, Value: Unsure}} // an item the playbook lacks shows its key
		r.Deals = append(r.Deals, NewRecapDeal(pb, d, Review{Stage: "propose", SharedNote: note, PrivateNote: note}, answers))
		r.Actions = append(r.Actions, Action{DealID: d.ID, Text: n[(i+3)%len(n)] + " | x", Owner: OwnerRep})
	}
	md := r.Markdown(pb, true)
	hostile.Check(t, "recap Markdown", md)
	for _, s := range []string{"<script>", "</script>"} {
		if strings.Contains(md, s) {
			t.Errorf("recap keeps HTML %q:\n%s", s, md)
		}
	}
	for _, want := range []string{
		"# Ride-along debrief with A ␛\\]0;PWNED␇ x &lt;script&gt;alert(1)&lt;/script&gt; \\| \\`code\\` \\*em\\*",
		"### B ␛\\[2J y &lt;script&gt;", "> &lt;script&gt;alert(1)&lt;/script&gt; \\| \\`code\\` \\*em\\*\n", "> \\# heading\n", "> \\- item\n",
		"- [ ] D \uFFFD31m w \\| x — owner: rep",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("recap lacks %q:\n%s", want, md)
		}
	}
	// Every line is a heading, a list item, a quote, or plain text that
	// begins with no Markdown marker: a name never opens a structure.
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "|") || strings.HasPrefix(l, "```") || strings.HasPrefix(l, "<") {
			t.Errorf("a name starts a structure: %q", l)
		}
		if strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "# ") && !strings.HasPrefix(l, "## ") && !strings.HasPrefix(l, "### ") {
			t.Errorf("odd heading: %q", l)
		}
	}
}

func TestVerdict(t *testing.T) {
	for _, c := range []struct {
		a    Action
		want string
	}{
		{Action{Status: ActionDone, Carried: 2}, "done"},
		{Action{Status: ActionDropped}, "dropped"},
		{Action{Status: ActionNotDone, Carried: 2}, "not done (carried 2×)"},
		{Action{Status: ActionNotDone}, "not done"},
		{Action{Status: ActionOpen}, "open"},
	} {
		if got := Verdict(c.a); got != c.want {
			t.Errorf("Verdict(%+v) = %q, want %q", c.a, got, c.want)
		}
	}
}

// The focus review's evidence is data: it reaches the Markdown quoted and
// without control sequences.
func TestRecapFocusReviewSafe(t *testing.T) {
	r := Recap{Rep: "Dana", Session: Session{Kind: OneOnOne, FocusReviewed: "Multi\x1b[31mthreading",
		FocusPractised: OutcomeNo, FocusEvidence: "line one\n# not a heading"}}
	md := r.Markdown(nil, false)
	if strings.Contains(md, "\x1b") {
		t.Errorf("control sequence in %q", md)
	}
	if !strings.Contains(md, "practised: no\n\n> line one\n> \\# not a heading\n") {
		t.Errorf("focus review:\n%s", md)
	}
}
