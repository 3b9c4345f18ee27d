// Package demo invents a deterministic sample team: reps, deals across every
// stage, coaching sessions with answers, next steps, ride-along debriefs and
// CRM snapshots. It backs `dealcoach --demo`, `dealcoach demo` and the
// benchmark data set L.
//
// The package is pure: it writes through a Sink (the store's bulk Loader in
// the app, a recorder in tests) and reads the clock only from Config.Now, so
// the same Config gives the same rows, byte for byte.
package demo
