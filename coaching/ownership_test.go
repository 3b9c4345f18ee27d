package coaching

import "testing"

func TestOwnershipWarning(t *testing.T) {
	rep, mgr := Action{Owner: OwnerRep}, Action{Owner: OwnerManager}
	for _, tc := range []struct {
		steps []Action
		want  string
	}{
		{nil, ""},
		{[]Action{rep}, ""},
		{[]Action{rep, mgr}, ""}, // half is not more than half
		{[]Action{mgr}, "You own 1 of 1 next steps — whose deal is this?"},
		{[]Action{mgr, mgr, rep, mgr, rep, mgr}, "You own 4 of 6 next steps — whose deal is this?"},
	} {
		if got := OwnershipWarning(tc.steps); got != tc.want {
			t.Errorf("OwnershipWarning(%d steps) = %q, want %q", len(tc.steps), got, tc.want)
		}
	}
}
