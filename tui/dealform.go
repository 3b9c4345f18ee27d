package tui

import (
	"context"
	"errors"

	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
	"dealcoach/coaching/crmcsv"
	"dealcoach/store"
)

// dealAddedMsg reports the id of a deal the form added.
type dealAddedMsg struct{ deal coaching.Deal }

// Deal form fields, in order.
const (
	dfName = iota
	dfAccount
	dfAmount
	dfStage
	dfStatus
	dfClose
	dfNext
)

var dealStatuses = []coaching.DealStatus{coaching.StatusOpen, coaching.StatusWon, coaching.StatusLost}

// newDealForm adds a deal for the rep, or edits d when d.ID is set.
func newDealForm(c *common, repID int64, d coaching.Deal) *form {
	stages := make([]string, len(c.pb.Stages))
	for i, s := range c.pb.Stages {
		stages[i] = s.Name
	}
	statuses := []string{"open", "won", "lost"}
	status := 0
	for i, s := range dealStatuses {
		if s == d.Status {
			status = i
		}
	}
	fields := []field{
		dfName:    textField("Deal name", d.Name, "As your CRM names it, e.g. Acme renewal"),
		dfAccount: textField("Account", d.Account, "The customer's company"),
		dfAmount:  textField("Amount", amountText(d.Amount), "In dollars, like 84,000 or 84000.50; empty if not known yet"),
		dfStage:   choiceField("Stage", stages, c.pb.StageIndex(d.Stage), "←/→ to pick the stage the deal is in"),
		dfStatus:  choiceField("Status", statuses, status, "←/→: open, won or lost"),
		dfClose:   textField("Close date", d.CloseDate.String(), "Like 2026-12-15 or 12/15/2026; empty if none"),
		dfNext:    textField("Next step", d.NextStep, "The next step the customer agreed to, with its date"),
	}
	title, intro := "Add a deal", "The rep owns it; only the name is needed to start."
	if d.ID != 0 {
		title, intro = "Edit deal · "+d.Name, ""
	}
	return newForm(c, title, intro, fields, func(v []string) (tea.Cmd, error) {
		nd := d // keeps the id, CRM id, currency and times of an edited deal
		nd.RepID = repID
		nd.Name, nd.Account, nd.NextStep = v[dfName], v[dfAccount], v[dfNext]
		if nd.Name == "" {
			return nil, errors.New("The deal needs a name, like Acme renewal.")
		}
		amount, err := parseAmount(v[dfAmount])
		if err != nil {
			return nil, err
		}
		nd.Amount = amount
		closeDate, err := parseDay(v[dfClose], c.now())
		if err != nil {
			return nil, err
		}
		nd.CloseDate = closeDate
		for i, name := range stages {
			if name == v[dfStage] {
				nd.Stage = c.pb.Stages[i].Key
			}
		}
		for i, s := range statuses {
			if s == v[dfStatus] {
				nd.Status = dealStatuses[i]
			}
		}
		if nd.ID != 0 {
			return c.save("deal "+nd.Name, func(ctx context.Context, st *store.Store) error {
				return st.UpdateDeal(ctx, nd)
			}), nil
		}
		return c.saveResult("new deal "+nd.Name, func(ctx context.Context, st *store.Store) (tea.Msg, error) {
			created, err := st.CreateDeal(ctx, nd)
			return dealAddedMsg{created}, err
		}), nil
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
