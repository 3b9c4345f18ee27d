package orgstore

import "dealcoach/coaching"

// StageColumns are the stage groups of every manager's playbook, in the
// order first seen: usually one playbook for the whole organisation. The
// org screen and `summary --org` lay out their managers × stages by them.
func StageColumns(ms []Manager) []coaching.StageScore {
	var cols []coaching.StageScore
	seen := map[string]bool{}
	for _, m := range ms {
		for _, s := range m.Stages {
			if !seen[s.Key] {
				seen[s.Key] = true
				cols = append(cols, coaching.StageScore{Key: s.Key, Name: s.Name})
			}
		}
	}
	return cols
}

// Stage is the manager's strength in the stage with this key, or an empty
// score (no answers) where their playbook has no such stage.
func (m Manager) Stage(key string) coaching.StageScore {
	for _, s := range m.Stages {
		if s.Key == key {
			return s
		}
	}
	return coaching.StageScore{Key: key}
}
