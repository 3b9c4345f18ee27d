package store

import (
	"context"
	"database/sql"
	"fmt"

	sqlite3 "modernc.org/sqlite/lib"

	"dealcoach/coaching"
)

const upsertDebrief = `INSERT INTO debriefs(session_id, deal_id, objective, commitment_wanted, fallback, attendees, manager_role,
  observe_skill, outcome, customer_next_step, customer_next_date, went_well, do_differently, surprised, practise,
  observe_outcome)
VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
ON CONFLICT (session_id) DO UPDATE SET deal_id = excluded.deal_id, objective = excluded.objective,
  commitment_wanted = excluded.commitment_wanted, fallback = excluded.fallback, attendees = excluded.attendees,
  manager_role = excluded.manager_role, observe_skill = excluded.observe_skill, outcome = excluded.outcome,
  customer_next_step = excluded.customer_next_step, customer_next_date = excluded.customer_next_date,
  went_well = excluded.went_well, do_differently = excluded.do_differently, surprised = excluded.surprised,
  practise = excluded.practise, observe_outcome = excluded.observe_outcome`

func debriefArgs(d coaching.Debrief) ([]any, error) {
	switch d.ManagerRole {
	case "", coaching.RoleObserve, coaching.RoleSupport, coaching.RoleLeadAsked, coaching.RoleLead:
	default:
		return nil, fmt.Errorf("unknown manager role %q", d.ManagerRole)
	}
	for _, o := range []coaching.Outcome{d.Outcome, d.ObserveOutcome} {
		switch o {
		case "", coaching.OutcomeYes, coaching.OutcomePartly, coaching.OutcomeNo:
		default:
			return nil, fmt.Errorf("unknown outcome %q", o)
		}
	}
	return []any{d.SessionID, d.DealID, d.Objective, d.CommitmentWanted, d.Fallback, d.Attendees, string(d.ManagerRole),
		d.ObserveSkill, string(d.Outcome), d.CustomerNextStep, d.CustomerNextDate.String(), d.WentWell, d.DoDifferently,
		d.Surprised, d.Practise, string(d.ObserveOutcome)}, nil
}

func debriefErr(err error, d coaching.Debrief) error {
	if isConstraint(err, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY) {
		return fmt.Errorf("debrief of session %d, deal %d: session or deal %w", d.SessionID, d.DealID, ErrNotFound)
	}
	return err
}

// SaveDebrief saves a ride-along's before- and after-call fields.
func (s *Store) SaveDebrief(ctx context.Context, d coaching.Debrief) error {
	args, err := debriefArgs(d)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, upsertDebrief, args...)
		return debriefErr(err, d)
	})
}

// Debrief returns a session's debrief, or ErrNotFound.
func (s *Store) Debrief(ctx context.Context, sessionID int64) (coaching.Debrief, error) {
	var d coaching.Debrief
	var role, outcome, next, observed string
	err := s.db.QueryRowContext(ctx, `SELECT session_id, deal_id, objective, commitment_wanted, fallback, attendees,
  manager_role, observe_skill, outcome, customer_next_step, customer_next_date, went_well, do_differently, surprised, practise,
  observe_outcome
FROM debriefs WHERE session_id = ?`, sessionID).Scan(&d.SessionID, &d.DealID, &d.Objective, &d.CommitmentWanted,
		&d.Fallback, &d.Attendees, &role, &d.ObserveSkill, &outcome, &d.CustomerNextStep, &next, &d.WentWell,
		&d.DoDifferently, &d.Surprised, &d.Practise, &observed)
	d.ManagerRole, d.Outcome, d.CustomerNextDate = coaching.ManagerRole(role), coaching.Outcome(outcome), date(next)
	d.ObserveOutcome = coaching.Outcome(observed)
	return d, notFound(err, fmt.Sprintf("debrief of session %d", sessionID))
}
