package coaching

// Targets is what a 1:1's plan coaches, ahead of deal risk (DESIGN §10):
// the rep's weakest stage and the focus skill under review.
type Targets struct {
	// Weak is the weakest stage with enough answers; HasWeak is false
	// when no stage has enough.
	Weak    StageScore
	HasWeak bool
	// Focus is the focus the 1:1 reviews ("" when none was ever set) and
	// FocusItems the checklist items that show it, nil when it is not one
	// of the playbook's skills (the manager typed their own).
	Focus      string
	FocusItems []string
}

// NewTargets takes the weakest stage of a rep's summary and the items of
// the focus skill.
func NewTargets(pb *Playbook, sum Summary, focus string) Targets {
	t := Targets{Focus: focus}
	// The weakest stage of the process: every deal asks the every-deal
	// items, so that group picks no deal over another.
	for _, st := range sum.Stages {
		if st.Key == EveryKey || !st.Enough || st.Strength == nil {
			continue
		}
		if !t.HasWeak || *st.Strength < *t.Weak.Strength {
			t.Weak, t.HasWeak = st, true
		}
	}
	if sk, ok := pb.Skill(focus); ok && focus != "" {
		t.FocusItems = sk.Items
	}
	return t
}

// TestsFocus reports whether a deal in stage would be asked an item of the
// focus skill from its stage's checklist. Every-deal items are left out:
// every deal asks them, so they pick no deal over another.
func (t Targets) TestsFocus(pb *Playbook, stage string) bool {
	if len(t.FocusItems) == 0 {
		return false
	}
	for _, key := range t.FocusItems {
		if _, in, ok := pb.Item(key); ok && in == stage && in != EveryKey {
			return true
		}
	}
	return false
}
