package coaching

import (
	"strings"
	"testing"
	"time"
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
