package tui

import (
	"context"
	"errors"

	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
	"dealcoach/coaching/crmcsv"
	"dealcoach/store"
)

// newDealForm adds a deal for the rep, or edits d when d.ID is set.
func newDealForm(c *common, repID int64, d coaching.Deal) *form {
	stages := make([]option, len(c.pb.Stages))
	for i, s := range c.pb.Stages {
		stages[i] = option{s.Name, s.Key}
	}
	statuses := []option{
		{"open", string(coaching.StatusOpen)},
		{"won", string(coaching.StatusWon)},
		{"lost", string(coaching.StatusLost)},
	}
	name := textField("name", "Deal name", d.Name, "As your CRM names it, e.g. Acme renewal")
	name.required = "The deal needs a name, like Acme renewal."
	amount := textField("amount", "Amount", amountText(d.Amount), "In dollars, like 84,000 or 84000.50; empty if not known yet")
	amount.check = func(s string) error { _, err := parseAmount(s); return err }
	fields := []field{
		name,
		textField("account", "Account", d.Account, "The customer's company"),
		amount,
		choiceField("stage", "Stage", stages, d.Stage, "←/→ to pick the stage the deal is in"),
		choiceField("status", "Status", statuses, string(d.Status), "←/→: open, won or lost"),
		dateField("close", "Close date", d.CloseDate, "Like 2026-12-15 or 12/15/2026; empty if none"),
		textField("next", "Next step", d.NextStep, "The next step the customer agreed to, with its date"),
	}
	title, intro := "Add a deal", "The rep owns it; only the name is needed to start."
	if d.ID != 0 {
		title, intro = "Edit deal · "+d.Name, ""
	}
	return newForm(c, title, intro, fields, func(v map[string]string) tea.Cmd {
		nd := d // keeps the id, CRM id, currency and times of an edited deal
		nd.RepID = repID
		nd.Name, nd.Account, nd.NextStep = v["name"], v["account"], v["next"]
		nd.Stage, nd.Status = v["stage"], coaching.DealStatus(v["status"])
		nd.Amount, _ = parseAmount(v["amount"])         // checked by the form
		nd.CloseDate, _ = parseDay(v["close"], c.now()) // checked by the form
		if nd.ID != 0 {
			return c.save("deal "+nd.Name, func(ctx context.Context, st *store.Store) error {
				return st.UpdateDeal(ctx, nd)
			})
		}
		return c.save("new deal "+nd.Name, func(ctx context.Context, st *store.Store) error {
			_, err := st.CreateDeal(ctx, nd)
			return err
		})
	})
}

// amountText shows cents for editing: "84,000" or "84,000.50", "" for none.
func amountText(cents int64) string {
	if cents <= 0 {
		return ""
	}
	return coaching.FormatAmount(cents)
}

// parseAmount reads dollars as a manager types them ("84,000", "$84,000",
// "84000.50", "USD 1,200") into cents, as an import would; "" is no amount.
func parseAmount(s string) (int64, error) {
	cents, _, err := crmcsv.ParseAmount(s)
	if err != nil || cents < 0 {
		return 0, errors.New("The amount must be a number, like 84,000")
	}
	return cents, nil
}
