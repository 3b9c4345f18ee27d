package tui

import (
	"context"
	"errors"
	"time"

	"dealcoach/coaching"
	"dealcoach/store"
)

// loadRepData reads the rep's deals, answers, sessions and commitments and
// works out the flags, the 90-day stage and skill strength and the
// history of focus skills.
func loadRepData(ctx context.Context, st *store.Store, pb *coaching.Playbook, repID int64, now time.Time) (repData, error) {
	var d repData
	var err error
	if d.rep, err = st.Rep(ctx, repID); err != nil {
		return d, err
	}
	deals, err := st.Deals(ctx, repID, false)
	if err != nil {
		return d, err
	}
	hist, err := dealHistories(ctx, st, pb, repID, deals, now)
	if err != nil {
		return d, err
	}
	// Only the window: the page shows no trend, so the window before is not read.
	facts, err := st.Facts(ctx, repID, now.AddDate(0, 0, -coaching.DefaultWindowDays), now.Add(time.Second))
	if err != nil {
		return d, err
	}
	if d.sessions, err = st.Sessions(ctx, repID, repHistoryLimit); err != nil {
		return d, err
	}
	if d.actions, err = st.OpenActions(ctx, repID); err != nil {
		return d, err
	}
	if d.focus, err = st.FocusHistory(ctx, repID); err != nil {
		return d, err
	}
	if d.calib, err = st.Calibration(ctx, repID, now.AddDate(0, 0, -coaching.DefaultWindowDays), now.Add(time.Second)); err != nil {
		return d, err
	}
	d.unfinished, err = st.UnfinishedSession(ctx, repID, coaching.OneOnOne)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return d, err
	}

	d.sum = coaching.Summarize(pb, d.rep.Name, facts, now, coaching.DefaultWindowDays)
	reasons := make(map[int64][]string, len(deals))
	for _, s := range coaching.PlanAll(pb, deals, hist, now, 0, 0) {
		reasons[s.Deal.ID] = s.Reasons
	}
	d.deals = make([]repDeal, len(deals))
	for i, dl := range deals {
		h := hist[dl.ID]
		days := dl.DaysInStage(now)
		if dl.StageSince.IsZero() {
			days = h.Changes.DaysInStage
		}
		rd := repDeal{deal: dl, reasons: reasons[dl.ID], reviewed: h.LastReviewed, daysInStage: days}
		if !h.LastReviewed.IsZero() && h.Changes.Changed() {
			ch := h.Changes
			ch.DaysInStage = 0 // the details say it from the deal itself
			rd.changes = ch.Lines()
		}
		for _, r := range rd.reasons {
			rd.flags = append(rd.flags, shortReason(r))
		}
		d.deals[i] = rd
		if dl.Status == coaching.StatusOpen {
			d.openDeals++
			d.pipeline.Add(dl.Currency, dl.Amount)
		}
	}
	return d, nil
}

// dealHistories reads what changed on each of a rep's deals since its last
// review, for the planner and the deal's flags.
func dealHistories(ctx context.Context, st *store.Store, pb *coaching.Playbook, repID int64, deals []coaching.Deal, now time.Time) (map[int64]coaching.DealHistory, error) {
	last, err := st.LastReviewed(ctx, repID)
	if err != nil {
		return nil, err
	}
	snaps, err := st.RepSnapshots(ctx, repID)
	if err != nil {
		return nil, err
	}
	hist := make(map[int64]coaching.DealHistory, len(deals))
	for _, d := range deals {
		hist[d.ID] = coaching.HistoryOf(pb, snaps[d.ID], last[d.ID], now)
	}
	return hist, nil
}
