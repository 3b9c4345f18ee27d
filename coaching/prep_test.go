package coaching_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"dealcoach/coaching"
	"dealcoach/internal/hostile"
)

func samplePrep(t *testing.T, rep, deal string) (*coaching.Playbook, *coaching.Prep) {
	t.Helper()
	pb := coaching.DefaultPlaybook()
	pb.Version = 2
	deals := []coaching.Deal{
		{ID: 7, CRMID: "006A", Name: deal, Account: "Acme", Stage: "propose"},
		{ID: 9, Name: "Globex pilot", Stage: "qualify"},
	}
	return pb, coaching.NewPrep(pb, rep, deals, "Multi-threading", coaching.NewDate(2026, 11, 29), "00ff00ff00ff00ff")
}

func TestPrepTextReadsBack(t *testing.T) {
	pb, p := samplePrep(t, "Dana Ruiz", "Acme renewal")
	text := p.Text()
	// Plain TOML: any TOML reader takes it.
	var any map[string]any
	if _, err := toml.Decode(text, &any); err != nil {
		t.Fatalf("not TOML: %v\n%s", err, text)
	}
	for _, want := range []string{
		"# The rep has met the economic buyer",
		"[deal.item.met-economic-buyer]\nanswer = \"\"  # yes, no, unsure or na\nevidence = \"\"",
		"[deal.every.close-date-held]",
		"# Where do you want help?\n[help]\nreply = \"\"",
		"# Which deal should we spend time on, and why?",
		"focus = \"Multi-threading\"",
		"playbook_version = 2",
		"prep_id = \"00ff00ff00ff00ff\"",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("prep text lacks %q:\n%s", want, text)
		}
	}
	got, err := coaching.ParsePrep("p.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if got.Rep != "Dana Ruiz" || got.ID != p.ID || got.PlaybookVersion != 2 || len(got.Deals) != 2 || got.Focus != "Multi-threading" {
		t.Fatalf("read back %+v", got)
	}
	d := got.Deals[0]
	want := len(pb.Stages[3].Items) + len(pb.Every.Items)
	if d.ID != 7 || d.CRMID != "006A" || d.Stage != "propose" || len(d.Items) != want {
		t.Fatalf("deal read back as %+v, want %d items", d, want)
	}
	if d.Items[0].Question != pb.Stages[3].Items[0].Question || d.Items[0].Group != "propose" || d.Items[len(d.Items)-1].Group != coaching.EveryKey {
		t.Errorf("items read back as %+v … %+v", d.Items[0], d.Items[len(d.Items)-1])
	}
	if err := coaching.CheckPrep("p.toml", got, "Dana Ruiz", 2, pb, []coaching.Deal{{ID: 7, Name: "Acme renewal"}, {ID: 9, Name: "Globex pilot"}}); err != nil {
		t.Fatal(err)
	}
}

// A rep fills the file in a text editor: answers, evidence, a pick.
func TestPrepEditedByHand(t *testing.T) {
	_, p := samplePrep(t, "Dana Ruiz", "Acme renewal")
	text := p.Text()
	text = strings.Replace(text, "[deal.item.met-economic-buyer]\nanswer = \"\"", "[deal.item.met-economic-buyer]\nanswer = \"Yes\"", 1)
	text = strings.Replace(text, "[help]\nreply = \"\"", "[help]\nreply = 'pricing talk'", 1)
	text = strings.Replace(text, "[[pick]]\ndeal = \"\"\nreply = \"\"", "[[pick]]\ndeal = \"globex pilot\"\nreply = \"stuck on legal\"", 1)
	got, err := coaching.ParsePrep("p.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if got.Deals[0].Items[0].Key != "met-economic-buyer" || got.Deals[0].Items[0].Value != coaching.Yes {
		t.Errorf("answer read as %+v", got.Deals[0].Items[0])
	}
	if got.Help != "pricing talk" || len(got.Picks) != 1 || got.Picks[0].Reason != "stuck on legal" {
		t.Errorf("help %q picks %+v", got.Help, got.Picks)
	}
	pb := coaching.DefaultPlaybook()
	if err := coaching.CheckPrep("p.toml", got, "Dana Ruiz", 2, pb, []coaching.Deal{{ID: 7, Name: "Acme renewal"}, {ID: 9, Name: "Globex pilot"}}); err != nil {
		t.Fatal(err)
	}
	if got.Picks[0].DealID != 9 {
		t.Errorf("pick resolved to deal %d, want 9", got.Picks[0].DealID)
	}
}

func TestPrepBadFiles(t *testing.T) {
	pb, p := samplePrep(t, "Dana Ruiz", "Acme renewal")
	text := p.Text()
	lineOf := func(s, sub string) int { return strings.Count(s[:strings.Index(s, sub)], "\n") + 1 }
	deals := []coaching.Deal{{ID: 7, Name: "Acme renewal"}, {ID: 9, Name: "Globex pilot"}}
	cases := []struct {
		name, from, to, at, want string
		check                    bool
	}{
		{"value", `[deal.item.met-economic-buyer]` + "\nanswer = \"\"", `[deal.item.met-economic-buyer]` + "\nanswer = \"maybe\"", `answer = "maybe"`, `answer "maybe" is not yes, no, unsure or na`, false},
		{"duplicate", "[deal.item.budget-confirmed]", "[deal.item.met-economic-buyer]", "[deal.item.met-economic-buyer]", `item "met-economic-buyer" appears twice`, false},
		{"unknown item", "[deal.item.budget-confirmed]", "[deal.item.budget-confrimed]", "[deal.item.budget-confrimed]", `unknown item "budget-confrimed"`, true},
		{"unknown key", "[help]\nreply", "[help]\nanswr", "answr", `unknown key "answr"`, false},
		{"newer playbook", "playbook_version = 2", "playbook_version = 3", "playbook_version = 3", "playbook version 3", true},
		{"wrong rep", "deal = \"\"", "deal = \"Initech\"", "deal = \"Initech\"", `deal "Initech" is not one of Dana Ruiz's deals`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := strings.Replace(text, c.from, c.to, 1)
			if bad == text {
				t.Fatalf("nothing replaced")
			}
			got, err := coaching.ParsePrep("p.toml", []byte(bad))
			if c.check && err == nil {
				err = coaching.CheckPrep("p.toml", got, "Dana Ruiz", 2, pb, deals)
			}
			if err == nil {
				t.Fatal("no error")
			}
			// Before the replaced text the two files are the same.
			idx := strings.Index(text, c.from) + strings.Index(c.to, c.at)
			at := strings.Count(bad[:idx], "\n") + 1
			want := "p.toml:" + strconv.Itoa(at) + ": "
			if msg := err.Error(); !strings.HasPrefix(msg, want) || !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q, want %q…%q on one line", msg, want, c.want)
			}
		})
	}
	// A deal of another rep's.
	got, _ := coaching.ParsePrep("p.toml", []byte(text))
	err := coaching.CheckPrep("p.toml", got, "Sam Lee", 2, pb, []coaching.Deal{{ID: 11, Name: "Sam's deal"}})
	if err == nil || !strings.HasPrefix(err.Error(), "p.toml:"+strconv.Itoa(lineOf(text, "rep = "))+": ") {
		t.Errorf("another rep's prep: %v", err)
	}
}

func TestPrepHostileNamesRoundTrip(t *testing.T) {
	for _, name := range hostile.Names {
		_, p := samplePrep(t, name, name)
		p.Deals[0].Account = hostile.Markup
		text := p.Text()
		hostile.Check(t, "prep text", text)
		got, err := coaching.ParsePrep("p.toml", []byte(text))
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		// Not UTF-8 cannot live in TOML: it comes back as U+FFFD, the rest
		// byte for byte.
		want := strings.ToValidUTF8(name, "\uFFFD")
		if got.Rep != want || got.Deals[0].Name != want || got.Deals[0].Account != hostile.Markup {
			t.Errorf("%q read back as rep %q, deal %q", name, got.Rep, got.Deals[0].Name)
		}
		var any map[string]any
		if _, err := toml.Decode(text, &any); err != nil || any["rep"] != want {
			t.Errorf("%q: TOML reads %q, %v", name, any["rep"], err)
		}
	}
}

func TestFillPrepKeepsComments(t *testing.T) {
	_, p := samplePrep(t, "Dana Ruiz", "Acme renewal")
	src := []byte(p.Text())
	got, err := coaching.ParsePrep("p.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	got.Deals[0].Items[0].Value = coaching.Yes
	got.Deals[0].Items[0].Evidence = `CFO "Pat" said so`
	got.Deals[1].Items[1].Value = coaching.No
	out := coaching.FillPrep(src, got)
	want := strings.Replace(string(src), "[deal.item.met-economic-buyer]\nanswer = \"\"  # yes, no, unsure or na\nevidence = \"\"",
		"[deal.item.met-economic-buyer]\nanswer = \"yes\"  # yes, no, unsure or na\nevidence = \"CFO \\\"Pat\\\" said so\"", 1)
	k := got.Deals[1].Items[1].Key
	want = strings.Replace(want, "[deal.item."+k+"]\nanswer = \"\"", "[deal.item."+k+"]\nanswer = \"no\"", 1)
	if string(out) != want {
		t.Errorf("filled file differs:\n%s", out)
	}
	again, err := coaching.ParsePrep("p.toml", out)
	if err != nil || again.Answered() != 2 || again.Deals[0].Items[0].Evidence != `CFO "Pat" said so` {
		t.Errorf("filled file reads back as %v answered, %v", again.Answered(), err)
	}
	// An answer line the rep deleted comes back under its item.
	cut := strings.Replace(string(src), "[deal.every.close-date-held]\nanswer = \"\"  # yes, no, unsure or na\n", "[deal.every.close-date-held]\n", 1)
	got2, err := coaching.ParsePrep("p.toml", []byte(cut))
	if err != nil {
		t.Fatal(err)
	}
	for i := range got2.Deals[0].Items {
		if got2.Deals[0].Items[i].Key == "close-date-held" {
			got2.Deals[0].Items[i].Value = coaching.Unsure
		}
	}
	out2, err := coaching.ParsePrep("p.toml", coaching.FillPrep([]byte(cut), got2))
	if err != nil || out2.Answered() != 1 {
		t.Errorf("deleted answer line: %v answered, %v", out2.Answered(), err)
	}
}

func TestCalibrationAndGaps(t *testing.T) {
	if s := (coaching.Calibration{}).Share(); s != nil {
		t.Errorf("share with nothing to compare = %v, want nil", *s)
	}
	c := coaching.Calibration{Answers: 5, Agreed: 4}
	if s := c.Share(); s == nil || *s != 0.8 {
		t.Errorf("share = %v", s)
	}
	if !coaching.IsGap(coaching.Yes, coaching.No) || !coaching.IsGap(coaching.Yes, coaching.Unsure) ||
		coaching.IsGap(coaching.Yes, coaching.Yes) || coaching.IsGap(coaching.No, coaching.Yes) || coaching.IsGap(coaching.Yes, coaching.NA) {
		t.Error("IsGap is wrong")
	}
	if got := coaching.GapLine("Dana Ruiz", "The economic buyer is known by name", coaching.No); got != "Dana sees “The economic buyer is known by name” as met; the evidence says not yet" {
		t.Errorf("gap line %q", got)
	}
}

// The help and the pick, as prep fill gives them, land in their reply and
// deal lines; every other byte of the file, comments included, stays.
func TestFillPrepHelpAndPick(t *testing.T) {
	_, p := samplePrep(t, "Dana Ruiz", "Acme renewal")
	src := []byte(p.Text())
	got, err := coaching.ParsePrep("p.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	got.Help = `getting to the "CFO"`
	got.Picks[0].Deal, got.Picks[0].Reason = "006A", "legal is stuck"
	out := string(coaching.FillPrep(src, got))
	want := strings.Replace(string(src), "[help]\nreply = \"\"", "[help]\nreply = \"getting to the \\\"CFO\\\"\"", 1)
	want = strings.Replace(want, "[[pick]]\ndeal = \"\"\nreply = \"\"", "[[pick]]\ndeal = \"006A\"\nreply = \"legal is stuck\"", 1)
	if out != want {
		t.Errorf("filled file differs:\n%s", out)
	}
	back, err := coaching.ParsePrep("p.toml", []byte(out))
	if err != nil || back.Help != got.Help || back.Picks[0].Deal != "006A" || back.Picks[0].Reason != "legal is stuck" {
		t.Errorf("reads back as %q %+v, %v", back.Help, back.Picks, err)
	}

	// Tables and lines the rep deleted come back, and read back.
	cut := strings.Replace(string(src), "[help]\nreply = \"\"\n", "", 1)
	cut = strings.Replace(cut, "[[pick]]\ndeal = \"\"\nreply = \"\"\n", "", 1)
	got, err = coaching.ParsePrep("p.toml", []byte(cut))
	if err != nil || len(got.Picks) != 0 {
		t.Fatalf("%v, picks %+v", err, got.Picks)
	}
	got.Help = "pricing"
	got.Picks = []coaching.PrepPick{{Deal: "Globex pilot", Reason: "no champion"}}
	back, err = coaching.ParsePrep("p.toml", coaching.FillPrep([]byte(cut), got))
	if err != nil || back.Help != "pricing" || len(back.Picks) != 1 || back.Picks[0].Deal != "Globex pilot" || back.Picks[0].Reason != "no champion" || len(back.Deals) != 2 {
		t.Errorf("deleted tables: %q %+v, %v", back.Help, back.Picks, err)
	}
	noReply := strings.Replace(string(src), "[[pick]]\ndeal = \"\"\nreply = \"\"\n", "[[pick]]\n", 1)
	got, _ = coaching.ParsePrep("p.toml", []byte(noReply))
	got.Picks[0].Deal, got.Picks[0].Reason = "006A", "why"
	filled := string(coaching.FillPrep([]byte(noReply), got))
	if !strings.Contains(filled, "[[pick]]\ndeal = \"006A\"\nreply = \"why\"\n") {
		t.Errorf("deleted pick lines come back in order:\n%s", filled)
	}
}

// A pick naming a closed deal is refused at its line.
func TestCheckPrepClosedPick(t *testing.T) {
	pb, p := samplePrep(t, "Dana Ruiz", "Acme renewal")
	text := strings.Replace(p.Text(), "[[pick]]\ndeal = \"\"", "[[pick]]\ndeal = \"Old Initech\"", 1)
	got, err := coaching.ParsePrep("p.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	deals := []coaching.Deal{
		{ID: 7, CRMID: "006A", Name: "Acme renewal", Stage: "propose", Status: coaching.StatusOpen},
		{ID: 9, Name: "Globex pilot", Stage: "qualify", Status: coaching.StatusOpen},
		{ID: 11, Name: "Old Initech", Stage: "negotiate", Status: coaching.StatusWon},
	}
	line := strings.Count(text[:strings.Index(text, `deal = "Old Initech"`)], "\n") + 1
	err = coaching.CheckPrep("p.toml", got, "Dana Ruiz", pb.Version, pb, deals)
	want := "p.toml:" + strconv.Itoa(line) + `: deal "Old Initech" is closed; pick an open deal`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	deals[2].Status = coaching.StatusOpen
	if err := coaching.CheckPrep("p.toml", got, "Dana Ruiz", pb.Version, pb, deals); err != nil || got.Picks[0].DealID != 11 {
		t.Errorf("open again: %v, pick %+v", err, got.Picks[0])
	}
}
