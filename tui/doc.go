// Package tui is dealcoach's terminal interface: a root model that owns the
// window size, the pending saves and a stack of screens, and one file per
// screen. Screens never call each other; they ask the root to open another
// screen with a typed message (open*Msg), and every write to the store runs
// in a tea.Cmd built by common.save.
package tui
