package coaching

import (
	"errors"
	"strings"
	"testing"
)

func TestDefaultPlaybook(t *testing.T) {
	pb := DefaultPlaybook()
	if pb.WeakBelow != 0.6 || pb.MinAnswers != 3 {
		t.Errorf("weak_below, min_answers = %v, %d; want 0.6, 3", pb.WeakBelow, pb.MinAnswers)
	}
	want := []struct {
		key, name string
		items     int
	}{
		{"qualify", "Qualify", 5},
		{"discover", "Discover", 5},
		{"validate", "Validate", 5},
		{"propose", "Propose", 5},
		{"negotiate", "Negotiate", 5},
		{"every", "Every deal", 3},
	}
	groups := pb.Groups()
	if len(groups) != len(want) {
		t.Fatalf("%d groups, want %d", len(groups), len(want))
	}
	for i, w := range want {
		g := groups[i]
		if g.Key != w.key || g.Name != w.name || len(g.Items) != w.items {
			t.Errorf("group %d = %s %q with %d items; want %s %q with %d", i, g.Key, g.Name, len(g.Items), w.key, w.name, w.items)
		}
		if w.key != EveryKey && g.ExpectedDays <= 0 {
			t.Errorf("%s has no expected_days", g.Key)
		}
		for _, it := range g.Items {
			if it.Key == "" || it.Question == "" {
				t.Errorf("%s has an item without key or question: %+v", g.Key, it)
			}
		}
	}
	if it, stage, ok := pb.Item("met-economic-buyer"); !ok || stage != "propose" || it.Question != "The rep has met the economic buyer" {
		t.Errorf("Item(met-economic-buyer) = %+v, %q, %v", it, stage, ok)
	}
}

func TestDefaultPlaybookMatchStage(t *testing.T) {
	pb := DefaultPlaybook()
	tests := []struct {
		crm    string
		key    string
		status DealStatus
	}{
		{"Qualify", "qualify", StatusOpen},
		{"Prospecting", "qualify", StatusOpen},
		{"Qualification", "qualify", StatusOpen},
		{"Needs Analysis", "discover", StatusOpen},
		{"Value Proposition", "discover", StatusOpen},
		{"Id. Decision Makers", "validate", StatusOpen},
		{"Perception Analysis", "validate", StatusOpen},
		{"Proposal/Price Quote", "propose", StatusOpen},
		{"Negotiation/Review", "negotiate", StatusOpen},
		// HubSpot's default pipeline, by label and by internal id.
		{"Appointment Scheduled", "qualify", StatusOpen},
		{"appointmentscheduled", "qualify", StatusOpen},
		{"Qualified To Buy", "qualify", StatusOpen},
		{"qualifiedtobuy", "qualify", StatusOpen},
		{"Presentation Scheduled", "validate", StatusOpen},
		{"presentationscheduled", "validate", StatusOpen},
		{"Decision Maker Bought-In", "propose", StatusOpen},
		{"decisionmakerboughtin", "propose", StatusOpen},
		{"Contract Sent", "negotiate", StatusOpen},
		{"contractsent", "negotiate", StatusOpen},
		{"  NEGOTIATION / review ", "negotiate", StatusOpen},
		{"Closed Won", "", StatusWon},
		{"closedwon", "", StatusWon},
		{"Closed Lost", "", StatusLost},
		{"closedlost", "", StatusLost},
	}
	for _, tt := range tests {
		key, status, ok := pb.MatchStage(tt.crm, nil)
		if !ok || key != tt.key || status != tt.status {
			t.Errorf("MatchStage(%q) = %q, %q, %v; want %q, %q, true", tt.crm, key, status, ok, tt.key, tt.status)
		}
	}
	if key, status, ok := pb.MatchStage("Pilot", nil); ok {
		t.Errorf("MatchStage(Pilot) = %q, %q, true; want not found", key, status)
	}
}

func TestMatchStageExtra(t *testing.T) {
	pb := DefaultPlaybook()
	for _, extra := range []map[string]string{
		{"pilot": "validate"},
		{"Pilot": "validate"},
		{"PILOT ": "validate"},
	} {
		if key, _, ok := pb.MatchStage("Pilot", extra); !ok || key != "validate" {
			t.Errorf("MatchStage(Pilot, %v) = %q, %v; want validate", extra, key, ok)
		}
	}
	// The map wins over the playbook's own aliases.
	if key, _, _ := pb.MatchStage("Contract Sent", map[string]string{"contractsent": "propose"}); key != "propose" {
		t.Errorf("extra did not win: %q", key)
	}
}

func TestParsePlaybookErrors(t *testing.T) {
	const twoStages = "[[stage]]\nkey = \"a\"\n\n[[stage]]\nkey = \"b\"\n"
	tests := []struct {
		name, src, want string
	}{
		{"syntax", "name = \"x\"\n[[stage\nkey = 'a'\n", "f.toml:2: expected '.' or ']' to end table name, but got '\\n' instead"},
		{"duplicate stage key",
			"[[stage]]\nkey = \"a\"\n\n[[stage]]\nkey = \"b\"\n\n[[stage]]\nkey = \"a\"\n",
			`f.toml:8: duplicate stage key "a"`},
		{"duplicate item key across stages",
			"[[stage]]\nkey = \"a\"\n  [[stage.item]]\n  key = \"x\"\n  question = \"q\"\n[[stage]]\nkey = \"b\"\n  [[stage.item]]\n  key = \"y\"\n  question = \"q\"\n  [[stage.item]]\n  key = \"x\"\n  question = \"q\"\n",
			`f.toml:12: duplicate item key "x" (in "a" and "b")`},
		{"duplicate item key in every",
			"[[stage]]\nkey = \"a\"\n[every]\n  [[every.item]]\n  key = \"x\"\n  question = \"q\"\n  [[every.item]]\n  key = \"x\"\n  question = \"q\"\n",
			`f.toml:8: duplicate item key "x" (in "every")`},
		{"item key used by a stage key too",
			"[[stage]]\nkey = \"x\"\n  [[stage.item]]\n  key = \"x\"\n  question = \"\"\n",
			`f.toml:5: item "x" has an empty question`},
		{"empty question", twoStages + "  [[stage.item]]\n  key = \"x\"\n  question = \"  \"\n",
			`f.toml:8: item "x" has an empty question`},
		{"missing question", twoStages + "  [[stage.item]]\n  key = \"x\"\n",
			`f.toml:6: item "x" has an empty question`},
		{"item without key", twoStages + "  [[stage.item]]\n  question = \"q\"\n",
			`f.toml:7: item 1 of "b" has no key`},
		{"unknown top-level field", "colour = \"red\"\n" + twoStages, `f.toml:1: unknown field "colour"`},
		{"unknown stage field", twoStages + "expectd_days = 3\n", `f.toml:6: unknown field "stage.expectd_days"`},
		{"unknown table", twoStages + "[settings]\nx = 1\n", `f.toml:6: unknown field "settings"`},
		{"weak_below a string", "name = \"n\"\nweak_below = \"x\"\n" + twoStages,
			"f.toml:2: weak_below: expected a number, got a string"},
		{"min_answers a fraction", "min_answers = 2.5\n" + twoStages,
			"f.toml:1: min_answers: expected a whole number, got a decimal number"},
		// The toml package would name the last stage's line.
		{"expected_days a string in the first stage",
			"[[stage]]\nkey = \"a\"\nexpected_days = \"ten\"\n[[stage]]\nkey = \"b\"\nexpected_days = 3\n[[stage]]\nkey = \"c\"\nexpected_days = 4\n",
			"f.toml:3: expected_days: expected a whole number, got a string"},
		{"aliases not a list", "[[stage]]\nkey = \"a\"\naliases = \"A\"\n",
			"f.toml:3: aliases: expected a list, got a string"},
		{"weak_below out of range", "weak_below = 1.5\n" + twoStages, "f.toml:1: weak_below must be between 0 and 1, not 1.5"},
		{"min_answers zero", "min_answers = 0\n" + twoStages, "f.toml:1: min_answers must be at least 1, not 0"},
		{"no stages", "name = \"empty\"\n", "f.toml: no stages: add at least one [[stage]]"},
		{"stage without key", twoStages + "[[stage]]\nname = \"C\"\n", "f.toml:6: stage 3 has no key"},
		{"reserved key", twoStages + "[[stage]]\nkey = \"every\"\n", `f.toml:7: stage key "every" is reserved for the every-deal items`},
		{"negative expected_days", twoStages + "expected_days = -1\n", `f.toml:6: stage "b": expected_days must not be negative`},
		{"alias used twice", "[[stage]]\nkey = \"a\"\naliases = [\"Pilot\"]\n[[stage]]\nkey = \"b\"\naliases = [\"pilot\"]\n",
			`f.toml:6: stage name "pilot" is used by both "a" and "b"`},
		{"closed status as alias", "[[stage]]\nkey = \"a\"\naliases = [\"Closed Won\"]\n",
			`f.toml:3: stage "a": "Closed Won" is a closed status, not a stage`},
		{"skill names an unknown item",
			"[[stage]]\nkey = \"a\"\n  [[stage.item]]\n  key = \"x\"\n  question = \"q\"\n[[skill]]\nkey = \"s\"\nitems = [\"x\"]\n[[skill]]\nkey = \"t\"\nitems = [\"x\", \"y\"]\n",
			`f.toml:11: skill "t" names item "y", which no stage has`},
		{"skill without items",
			"[[stage]]\nkey = \"a\"\n[[skill]]\nkey = \"s\"\nname = \"S\"\n",
			`f.toml:3: skill "s" names no checklist items`},
		{"duplicate skill key",
			"[[stage]]\nkey = \"a\"\n  [[stage.item]]\n  key = \"x\"\n  question = \"q\"\n[[skill]]\nkey = \"s\"\nitems = [\"x\"]\n[[skill]]\nkey = \"s\"\nitems = [\"x\"]\n",
			`f.toml:10: duplicate skill key "s"`},
		{"skill without key",
			"[[stage]]\nkey = \"a\"\n[[skill]]\nname = \"S\"\n",
			`f.toml:3: skill 1 has no key`},
		{"multi-line string hides keys",
			"[[stage]]\nkey = \"a\"\n  [[stage.item]]\n  key = \"x\"\n  question = \"q\"\n  hint = \"\"\"\n  key = \"x\"\n  \"\"\"\n  [[stage.item]]\n  key = \"x\"\n  question = \"q\"\n",
			`f.toml:10: duplicate item key "x" (in "a")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePlaybook("f.toml", []byte(tt.src))
			if err == nil {
				t.Fatalf("no error; want %s", tt.want)
			}
			var pe *PlaybookError
			if !errors.As(err, &pe) || pe.File != "f.toml" {
				t.Errorf("error %T %v is not a *PlaybookError for f.toml", err, err)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %s\nwant %s", err, tt.want)
			}
		})
	}
}

func TestParsePlaybookDefaults(t *testing.T) {
	pb, err := ParsePlaybook("f.toml", []byte("[[stage]]\nkey = \"a\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if pb.WeakBelow != 0.6 || pb.MinAnswers != 3 || pb.Stages[0].Name != "a" || pb.Every.Key != EveryKey || pb.Every.Name != "Every deal" {
		t.Errorf("defaults not applied: %+v", pb)
	}
	if !strings.Contains(pb.Source, `key = "a"`) {
		t.Errorf("Source not kept: %q", pb.Source)
	}
}

func TestDefaultPlaybookSkills(t *testing.T) {
	pb := DefaultPlaybook()
	if len(pb.Skills) < 6 {
		t.Fatalf("%d skills in the default playbook, want about 8", len(pb.Skills))
	}
	for _, sk := range pb.Skills {
		for _, it := range sk.Items {
			if _, _, ok := pb.Item(it); !ok {
				t.Errorf("skill %q: item %q is not in the playbook", sk.Key, it)
			}
		}
	}
	mt, ok := pb.Skill("multi-threading")
	if !ok || mt.Name != "Multi-threading" {
		t.Fatalf("Skill(multi-threading) = %+v, %v", mt, ok)
	}
	if byName, ok := pb.Skill("  multi-THREADING "); !ok || byName.Key != "multi-threading" {
		t.Errorf("a focus typed by name finds no skill: %+v %v", byName, ok)
	}
	if _, ok := pb.Skill("Juggling"); ok {
		t.Error("an unknown skill was found")
	}
	var keys []string
	for _, sk := range pb.SkillsOf("two-stakeholders") {
		keys = append(keys, sk.Key)
	}
	if len(keys) != 1 || keys[0] != "multi-threading" {
		t.Errorf("SkillsOf(two-stakeholders) = %v", keys)
	}
}
