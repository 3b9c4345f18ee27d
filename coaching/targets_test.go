package coaching

import "testing"

// The plan's weak stage is a stage of the process: the every-deal group,
// weakest or not, is asked of every deal and so picks none.
func TestNewTargetsSkipsEveryDeal(t *testing.T) {
	pb := DefaultPlaybook()
	f := func(v float64) *float64 { return &v }
	sum := Summary{Stages: []StageScore{
		{Key: "qualify", Strength: f(0.8), Enough: true},
		{Key: "propose", Strength: f(0.5), Enough: true},
		{Key: "negotiate", Strength: f(0.1)}, // too few answers to say
		{Key: EveryKey, Strength: f(0.2), Enough: true},
	}}
	tg := NewTargets(pb, sum, "Multi-threading")
	if !tg.HasWeak || tg.Weak.Key != "propose" {
		t.Errorf("weak stage %+v (%v), want propose", tg.Weak, tg.HasWeak)
	}
	if len(tg.FocusItems) != 3 || !tg.TestsFocus(pb, "discover") || tg.TestsFocus(pb, "propose") {
		t.Errorf("focus items %v", tg.FocusItems)
	}
	if tg := NewTargets(pb, Summary{Stages: []StageScore{{Key: EveryKey, Strength: f(0), Enough: true}}}, ""); tg.HasWeak {
		t.Errorf("only the every-deal group scored, yet a weak stage: %+v", tg.Weak)
	}
}
