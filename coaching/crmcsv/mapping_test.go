package crmcsv

import (
	"errors"
	"strings"
	"testing"

	"dealcoach/coaching"
	"dealcoach/internal/fixtures"
)

func TestMapUnknownStages(t *testing.T) {
	rows, err := parseTestdata(t, "unknown-stages.csv")
	if err != nil {
		t.Fatal(err)
	}
	pb := coaching.DefaultPlaybook()
	_, err = Map(rows, pb, Options{})
	want := `3: unknown stages "Discovery Call" (line 3), "Demo" (line 5); ` +
		`map them with --stage-map "Discovery Call=discover" --stage-map "Demo=qualify" ` +
		`(keys guessed; stages: qualify, discover, validate, propose, negotiate)`
	if err == nil || err.Error() != want {
		t.Fatalf("error\n got %v\nwant %s", err, want)
	}
	var le *LineError
	if !errors.As(err, &le) || le.Line != 3 {
		t.Errorf("error %T is not a *LineError at line 3", err)
	}

	// The flags the message suggests do fix the import.
	sm, err := ParseStageMap([]string{"Discovery Call=discover", "Demo=validate"}, pb)
	if err != nil {
		t.Fatal(err)
	}
	deals, err := Map(rows, pb, Options{StageMap: sm})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, d := range deals {
		got = append(got, d.StageKey)
	}
	if strings.Join(got, " ") != "qualify discover discover validate discover" {
		t.Errorf("stages %v", got)
	}
}

func TestMapOneUnknownStage(t *testing.T) {
	rows := []Row{{Line: 9, Name: "A", Owner: "Lee", Stage: "Contract Negotiation"}}
	_, err := Map(rows, coaching.DefaultPlaybook(), Options{})
	want := `9: unknown stage "Contract Negotiation" (line 9); map it with --stage-map "Contract Negotiation=negotiate" ` +
		`(keys guessed; stages: qualify, discover, validate, propose, negotiate)`
	if err == nil || err.Error() != want {
		t.Errorf("error\n got %v\nwant %s", err, want)
	}
}

func TestMapOwner(t *testing.T) {
	rows, err := parseTestdata(t, "no-owner.csv")
	if err != nil {
		t.Fatal(err)
	}
	pb := coaching.DefaultPlaybook()
	if _, err := Map(rows, pb, Options{}); err == nil ||
		err.Error() != `2: deal "Acme" has no owner; name the rep with --rep NAME` {
		t.Errorf("error %v", err)
	}
	deals, err := Map(rows, pb, Options{Rep: " Lee Chen "})
	if err != nil {
		t.Fatal(err)
	}
	checkTally(t, deals, 2, map[string]int{"Lee Chen": 2}, 0, 0, 2)

	// An owner in the file wins over --rep, which only fills the gaps.
	rows = []Row{{Line: 2, Name: "A", Owner: "Dana", Stage: "Prospecting"}, {Line: 3, Name: "B", Stage: "Prospecting"}}
	deals, err = Map(rows, pb, Options{Rep: "Lee"})
	if err != nil {
		t.Fatal(err)
	}
	if deals[0].Owner != "Dana" || deals[1].Owner != "Lee" {
		t.Errorf("owners %q, %q; want Dana, Lee", deals[0].Owner, deals[1].Owner)
	}
	if rows[1].Owner != "" {
		t.Error("Map changed its input rows")
	}
}

func TestMapSeveralProblems(t *testing.T) {
	rows := []Row{
		{Line: 2, Name: "A", Stage: "Demo"},
		{Line: 4, Name: "B", Stage: "Prospecting"},
	}
	_, err := Map(rows, coaching.DefaultPlaybook(), Options{})
	var es Errors
	if !errors.As(err, &es) || len(es) != 2 {
		t.Fatalf("error %T %v, want Errors of 2", err, err)
	}
	want := `2: deal "A" has no owner; name the rep with --rep NAME; 2: unknown stage "Demo" (line 2); ` +
		`map it with --stage-map "Demo=qualify" (keys guessed; stages: qualify, discover, validate, propose, negotiate)`
	if err.Error() != want {
		t.Errorf("error\n got %s\nwant %s", err, want)
	}
	var le *LineError
	if !errors.As(err, &le) || le.Line != 2 {
		t.Errorf("errors.As found no *LineError at line 2 in %v", err)
	}
}

func TestMapStageMapWinsOverAliases(t *testing.T) {
	pb := coaching.DefaultPlaybook()
	sm, err := ParseStageMap([]string{"Prospecting=discover"}, pb)
	if err != nil {
		t.Fatal(err)
	}
	deals, err := Map([]Row{{Line: 2, Name: "A", Owner: "L", Stage: "prospecting"}}, pb, Options{StageMap: sm})
	if err != nil || deals[0].StageKey != "discover" {
		t.Errorf("deals %+v, %v; want stage discover", deals, err)
	}
}

func TestParseStageMap(t *testing.T) {
	pb := coaching.DefaultPlaybook()
	tests := []struct {
		flags []string
		want  map[string]string
		err   string
	}{
		{flags: nil, want: map[string]string{}},
		{flags: []string{"Discovery Call=discover", " Demo = Validate "},
			want: map[string]string{"discoverycall": "discover", "demo": "validate"}},
		{flags: []string{"Demo=Perception Analysis"}, want: map[string]string{"demo": "validate"}},
		{flags: []string{"a=b=negotiate"}, want: map[string]string{"ab": "negotiate"}},
		{flags: []string{"Demo=Discover", "demo=discover"}, want: map[string]string{"demo": "discover"}},

		{flags: []string{"Demo"}, err: `--stage-map "Demo": want "CRM stage=key" (stages: qualify, discover, validate, propose, negotiate)`},
		{flags: []string{"=discover"}, err: `--stage-map "=discover": no CRM stage name before "="`},
		{flags: []string{"Demo=demo"}, err: `--stage-map "Demo=demo": no stage "demo" (stages: qualify, discover, validate, propose, negotiate)`},
		{flags: []string{"Demo=every"}, err: `--stage-map "Demo=every": no stage "every" (stages: qualify, discover, validate, propose, negotiate)`},
		{flags: []string{"Demo=Closed Won"}, err: `--stage-map "Demo=Closed Won": no stage "Closed Won" (stages: qualify, discover, validate, propose, negotiate)`},
		{flags: []string{"Demo=discover", "DEMO=validate"}, err: `--stage-map "DEMO=validate": "DEMO" is already mapped to "discover"`},
	}
	for _, tt := range tests {
		got, err := ParseStageMap(tt.flags, pb)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParseStageMap(%q): error %v, want %s", tt.flags, err, tt.err)
			}
			continue
		}
		if err != nil || len(got) != len(tt.want) {
			t.Errorf("ParseStageMap(%q) = %v, %v; want %v", tt.flags, got, err, tt.want)
			continue
		}
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("ParseStageMap(%q)[%q] = %q, want %q", tt.flags, k, got[k], v)
			}
		}
	}
}

func TestGuessStage(t *testing.T) {
	pb := coaching.DefaultPlaybook()
	for crm, want := range map[string]string{
		"Discovery Call": "discover", "Contract Negotiation": "negotiate", "Proposal Sent": "propose",
		"Validation": "validate", "Qualifying": "qualify", "Demo": "qualify", "12345678": "qualify",
	} {
		if got := guessStage(crm, pb); got != want {
			t.Errorf("guessStage(%q) = %q, want %q", crm, got, want)
		}
	}
}

// The fixtures together: the Data Loader file is a newer export of the
// report's deals and names the same CRM ids.
func TestFixturesShareIDs(t *testing.T) {
	report := mapFile(t, fixtures.Path(t, "salesforce-report.csv"))
	loader := mapFile(t, fixtures.Path(t, "salesforce-dataloader.csv"))
	ids := map[string]Deal{}
	for _, d := range report {
		ids[d.CRMID] = d
	}
	shared := 0
	for _, d := range loader {
		if old, ok := ids[d.CRMID]; ok {
			shared++
			if old.Name != d.Name {
				t.Errorf("%s: name %q in the report, %q in the Data Loader file", d.CRMID, old.Name, d.Name)
			}
		}
	}
	if shared != 4 {
		t.Errorf("%d deals in both files, want 4", shared)
	}
}
