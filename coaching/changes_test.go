package coaching

import (
	"reflect"
	"testing"
	"time"
)

func snap(n int, stage string, amount int64, close Date) Snapshot {
	return Snapshot{DealID: 1, TakenAt: day(n), Stage: stage, Status: StatusOpen, Amount: amount, CloseDate: close}
}

func TestDealChanges(t *testing.T) {
	pb := DefaultPlaybook()
	dec := func(d int) Date { return NewDate(2026, time.December, d) }
	tests := []struct {
		name  string
		snaps []Snapshot
		since time.Time
		want  Changes
		lines []string
		// unchanged: Changed() is false.
		unchanged bool
	}{
		{name: "no snapshots", want: Changes{}, unchanged: true},
		{
			name:  "nothing changed",
			snaps: []Snapshot{snap(0, "propose", 8400000, dec(15)), snap(10, "propose", 8400000, dec(15))},
			since: day(5),
			want: Changes{StageFrom: "propose", StageTo: "propose", StageFromName: "Propose", StageToName: "Propose",
				StatusFrom: StatusOpen, StatusTo: StatusOpen, CloseFrom: dec(15), CloseTo: dec(15),
				AmountFrom: 8400000, AmountTo: 8400000, DaysInStage: 20},
			lines:     []string{"20 days in Propose"},
			unchanged: true,
		},
		{
			name: "forward, pushed twice, amount up",
			snaps: []Snapshot{
				snap(0, "validate", 100, dec(1)), // before the last review
				snap(5, "propose", 8400000, dec(15)),
				snap(9, "propose", 8400000, dec(17)),
				snap(12, "negotiate", 8600000, dec(19)),
				snap(14, "negotiate", 8600000, dec(19)),
			},
			since: day(6),
			want: Changes{StageMoves: 1, StageFrom: "propose", StageTo: "negotiate", StageFromName: "Propose", StageToName: "Negotiate",
				Direction: 1, StatusFrom: StatusOpen, StatusTo: StatusOpen, ClosePushes: 2, CloseFrom: dec(15), CloseTo: dec(19),
				AmountFrom: 8400000, AmountTo: 8600000, DaysInStage: 8},
			lines: []string{"Stage Propose → Negotiate", "Close date pushed 2× (Dec 15 → Dec 19)", "Amount up $84,000 → $86,000", "8 days in Negotiate"},
		},
		{
			name:  "back a stage, pulled in, amount down",
			snaps: []Snapshot{snap(0, "negotiate", 5000000, dec(19)), snap(3, "propose", 4000000, dec(10))},
			want: Changes{StageMoves: 1, StageFrom: "negotiate", StageTo: "propose", StageFromName: "Negotiate", StageToName: "Propose",
				Direction: -1, StatusFrom: StatusOpen, StatusTo: StatusOpen, CloseFrom: dec(19), CloseTo: dec(10),
				AmountFrom: 5000000, AmountTo: 4000000, DaysInStage: 17},
			lines: []string{"Stage moved back Negotiate → Propose", "Close date pulled in (Dec 19 → Dec 10)", "Amount down $50,000 → $40,000", "17 days in Propose"},
		},
		{
			name: "there and back, one push into next year",
			snaps: []Snapshot{
				snap(0, "propose", 0, dec(20)),
				snap(2, "negotiate", 0, NewDate(2027, time.January, 5)),
				snap(4, "propose", 100000, NewDate(2027, time.January, 5)),
			},
			want: Changes{StageMoves: 2, StageFrom: "propose", StageTo: "propose", StageFromName: "Propose", StageToName: "Propose",
				StatusFrom: StatusOpen, StatusTo: StatusOpen, ClosePushes: 1, CloseFrom: dec(20), CloseTo: NewDate(2027, time.January, 5),
				AmountTo: 100000, DaysInStage: 16},
			lines: []string{"Stage moved 2× and is back in Propose", "Close date pushed (Dec 20, 2026 → Jan 5, 2027)", "Amount set to $1,000", "16 days in Propose"},
		},
		{
			name: "closed won without a stage, date set",
			snaps: []Snapshot{
				snap(0, "negotiate", 100, Date{}),
				{DealID: 1, TakenAt: day(3), Status: StatusWon, Amount: 0, CloseDate: dec(2)},
			},
			want: Changes{StageFrom: "negotiate", StageFromName: "Negotiate", StatusFrom: StatusOpen, StatusTo: StatusWon,
				CloseTo: dec(2), AmountFrom: 100},
			lines: []string{"Closed won", "Close date set to Dec 2", "Amount removed (was $1)"},
		},
		{
			name:  "since after every snapshot: nothing since",
			snaps: []Snapshot{snap(0, "qualify", 100, dec(1)), snap(1, "discover", 100, dec(9))},
			since: day(15),
			want: Changes{StageFrom: "discover", StageTo: "discover", StageFromName: "Discover", StageToName: "Discover",
				StatusFrom: StatusOpen, StatusTo: StatusOpen, CloseFrom: dec(9), CloseTo: dec(9), AmountFrom: 100, AmountTo: 100, DaysInStage: 19},
			lines:     []string{"19 days in Discover"},
			unchanged: true,
		},
		{
			name:  "close date removed",
			snaps: []Snapshot{snap(0, "qualify", 0, dec(1)), snap(1, "qualify", 0, Date{})},
			want: Changes{StageFrom: "qualify", StageTo: "qualify", StageFromName: "Qualify", StageToName: "Qualify",
				StatusFrom: StatusOpen, StatusTo: StatusOpen, CloseFrom: dec(1), DaysInStage: 20},
			lines: []string{"Close date removed (was Dec 1)", "20 days in Qualify"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DealChanges(pb, tt.snaps, tt.since, day(20))
			if c != tt.want {
				t.Errorf("changes\n got %+v\nwant %+v", c, tt.want)
			}
			if got := c.Lines(); !reflect.DeepEqual(got, tt.lines) {
				t.Errorf("lines\n got %q\nwant %q", got, tt.lines)
			}
			if c.Changed() == tt.unchanged {
				t.Errorf("Changed() = %v", c.Changed())
			}
		})
	}
}

func TestChangesLinesCurrency(t *testing.T) {
	c := Changes{AmountFrom: 120000, AmountTo: 150000, Currency: "eur"}
	if got := c.Lines(); !reflect.DeepEqual(got, []string{"Amount up €1,200 → €1,500"}) {
		t.Errorf("lines = %q", got)
	}
}

// The close date's move is evidence for "the close date has not moved":
// only a move between two dates counts.
func TestCloseMoved(t *testing.T) {
	dec := func(d int) Date { return NewDate(2026, time.December, d) }
	for _, tc := range []struct {
		c    Changes
		want string
		ok   bool
	}{
		{Changes{CloseFrom: dec(1), CloseTo: dec(1)}, "", false},
		{Changes{CloseTo: dec(1)}, "", false},
		{Changes{CloseFrom: dec(1)}, "", false},
		{Changes{CloseFrom: dec(1), CloseTo: dec(15), ClosePushes: 1}, "pushed Dec 1 → Dec 15", true},
		{Changes{CloseFrom: dec(1), CloseTo: dec(15), ClosePushes: 2}, "pushed 2× Dec 1 → Dec 15", true},
		{Changes{CloseFrom: dec(15), CloseTo: dec(1)}, "pulled in Dec 15 → Dec 1", true},
		{Changes{CloseFrom: dec(1), CloseTo: dec(1), ClosePushes: 1}, "pushed and back to Dec 1", true},
		{Changes{CloseFrom: dec(31), CloseTo: NewDate(2027, time.January, 15), ClosePushes: 1}, "pushed Dec 31, 2026 → Jan 15, 2027", true},
	} {
		got, ok := tc.c.CloseMoved()
		if got != tc.want || ok != tc.ok {
			t.Errorf("%+v: %q %v, want %q %v", tc.c, got, ok, tc.want, tc.ok)
		}
	}
}
