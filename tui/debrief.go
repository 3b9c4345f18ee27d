package tui

// newDebriefPick starts a ride-along debrief for a rep. The debrief screens
// are to be built (issue 4); until then the rep's page opens.
func newDebriefPick(c *common, repID int64) screen { return newRepScreen(c, repID) }
