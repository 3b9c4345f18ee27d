// Package coaching is the domain of dealcoach: reps, deals, playbooks,
// sessions, reviews, answers, actions and debriefs, and the rules that work
// on them — stage strength, session planning and reading CRM exports.
//
// It knows nothing of SQL or terminals; the store and the screens depend on
// it, never the other way round.
package coaching
