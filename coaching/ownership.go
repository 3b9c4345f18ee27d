package coaching

import "fmt"

// ManagerOwned counts the next steps the manager holds, and says whether
// that is more than half: the manager is taking the deals over (DESIGN §1,
// rule 2).
func ManagerOwned(actions []Action) (mine int, tooMany bool) {
	for _, a := range actions {
		if a.Owner == OwnerManager {
			mine++
		}
	}
	return mine, len(actions) > 0 && mine*2 > len(actions)
}

// OwnershipWarning is the warning to show over a list of next steps, or ""
// when the rep holds at least half of them.
func OwnershipWarning(actions []Action) string {
	mine, tooMany := ManagerOwned(actions)
	if !tooMany {
		return ""
	}
	return fmt.Sprintf("You own %d of %d next steps — whose deal is this?", mine, len(actions))
}
