package coaching

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"
)

// A prep is what the rep answers before a 1:1 (DESIGN §11): the checklist
// of the deals the plan suggests, where they want help and the deal they
// want to talk about. It travels as a plain TOML file by mail or chat, so
// it carries only the rep's own deals and the playbook's questions: no
// manager note, no manager answer, no evidence the manager wrote.

// The two open questions of every prep.
const (
	PrepHelpQuestion = "Where do you want help?"
	PrepPickQuestion = "Which deal should we spend time on, and why?"
)

// Prep is a prep file, as written or as read back.
type Prep struct {
	ID              string
	Rep             string
	PlaybookVersion int
	Created         Date
	// Focus is the rep's focus skill when the prep was written, "" none.
	Focus string
	// Help is the reply to PrepHelpQuestion.
	Help  string
	Picks []PrepPick
	Deals []PrepDeal
	// Lines of the header values, 0 when the file lacks them; HelpHeader
	// is the [help] table's.
	RepLine, VersionLine, IDLine, HelpLine, HelpHeader int
}

// PrepPick is a deal the rep wants to talk about: a CRM id or a name, and
// why. DealID is set once the deal is found among the rep's.
type PrepPick struct {
	Deal   string
	Reason string
	DealID int64
	// Line is the deal value's line (the header's when it is missing), for
	// errors; Header is the [[pick]] line, ReasonLine the reply's (0: none).
	Line, Header, ReasonLine int
}

// PrepDeal is one deal of a prep with the items the rep answers.
type PrepDeal struct {
	ID        int64
	CRMID     string
	Name      string
	Account   string
	Stage     string // the stage key when the prep was written
	StageName string
	Items     []PrepItem
	Line      int
}

// PrepItem is one checklist question of a deal and the rep's answer ("" for
// none yet). Group is the deal's stage key, or EveryKey.
type PrepItem struct {
	Group    string
	Key      string
	Question string
	Value    Value
	Evidence string
	// Line is the item's table header; ValueLine and EvidenceLine the
	// lines of its two values (0 when missing).
	Line, ValueLine, EvidenceLine int
}

// PrepError is a problem in a prep file.
type PrepError = FileError

// NewPrepID is a random id that tells one prep from another, so that the
// same file imported again replaces, never adds.
func NewPrepID() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic("coaching: no randomness: " + err.Error())
	}
	return hex.EncodeToString(b)
}

// NewPrep builds the prep of a rep for deals, each with its stage's
// checklist and the every-deal items, unanswered.
func NewPrep(pb *Playbook, rep string, deals []Deal, focus string, created Date, id string) *Prep {
	p := &Prep{ID: id, Rep: rep, PlaybookVersion: pb.Version, Created: created, Focus: focus}
	for _, d := range deals {
		pd := PrepDeal{ID: d.ID, CRMID: d.CRMID, Name: d.Name, Account: d.Account, Stage: d.Stage, StageName: pb.StageName(d.Stage)}
		if s, ok := pb.Stage(d.Stage); ok && s.Key != EveryKey {
			for _, it := range s.Items {
				pd.Items = append(pd.Items, PrepItem{Group: s.Key, Key: it.Key, Question: it.Question})
			}
		}
		for _, it := range pb.Every.Items {
			pd.Items = append(pd.Items, PrepItem{Group: EveryKey, Key: it.Key, Question: it.Question})
		}
		p.Deals = append(p.Deals, pd)
	}
	return p
}

// Answered counts the items the rep answered.
func (p *Prep) Answered() int {
	n := 0
	for _, d := range p.Deals {
		for _, it := range d.Items {
			if it.Value != "" {
				n++
			}
		}
	}
	return n
}

const answerComment = "  # yes, no, unsure or na"

// Text is the prep as TOML a rep can fill in any editor. Values are TOML
// strings escaped so that every byte of a name comes back as it was;
// comments are made one safe line.
func (p *Prep) Text() string {
	var b strings.Builder
	c := func(format string, args ...any) { b.WriteString("# " + fmt.Sprintf(format, args...) + "\n") }
	kv := func(k, v string) { b.WriteString(k + " = " + TOMLString(v) + "\n") }
	c("dealcoach prep for %s, before your next 1:1.", SafeLine(p.Rep))
	c("Fill it in any text editor (or with: dealcoach prep fill FILE) and send it back.")
	c("Each answer is yes, no, unsure or na (not applicable); \"\" leaves it open.")
	c("Evidence is who said it, or what shows it. Your answers are your view of the deal.")
	kv("rep", p.Rep)
	fmt.Fprintf(&b, "playbook_version = %d\n", p.PlaybookVersion)
	kv("prep_id", p.ID)
	kv("created", p.Created.String())
	if p.Focus != "" {
		c("The skill you are working on: %s", SafeLine(p.Focus))
		kv("focus", p.Focus)
	}
	b.WriteString("\n")
	c("%s", PrepHelpQuestion)
	b.WriteString("[help]\n")
	kv("reply", p.Help)
	b.WriteString("\n")
	c("%s", PrepPickQuestion)
	c("deal: its CRM id or name, one below or another of yours; reply: why.")
	c("For another pick, copy the [[pick]] block.")
	picks := p.Picks
	if len(picks) == 0 {
		picks = []PrepPick{{}}
	}
	for _, pk := range picks {
		b.WriteString("[[pick]]\n")
		kv("deal", pk.Deal)
		kv("reply", pk.Reason)
	}
	for i, d := range p.Deals {
		b.WriteString("\n")
		c("── Deal %d of %d: %s · %s ──", i+1, len(p.Deals), SafeLine(d.Name), SafeLine(d.StageName))
		b.WriteString("[[deal]]\n")
		fmt.Fprintf(&b, "id = %d\n", d.ID)
		kv("crm_id", d.CRMID)
		kv("name", d.Name)
		kv("account", d.Account)
		kv("stage", d.Stage)
		kv("stage_name", d.StageName)
		for _, it := range d.Items {
			b.WriteString("\n")
			c("%s", SafeLine(it.Question))
			table := "item"
			if it.Group == EveryKey {
				table = EveryKey
			}
			b.WriteString("[deal." + table + "." + tomlKey(it.Key) + "]\n")
			b.WriteString("answer = " + TOMLString(string(it.Value)) + answerComment + "\n")
			kv("evidence", it.Evidence)
		}
	}
	return SafeTOML(b.String())
}

// TOMLString quotes s as a TOML basic string that reads back as s and
// prints safely: quotes and backslashes escaped, every control character
// (C0, DEL, C1), bidi control and line separator as \uXXXX; bytes that are
// not UTF-8 become U+FFFD, as TOML allows no others.
func TOMLString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune('\uFFFD')
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r < 0x20 || r == 0x7f || tomlUnsafe(r):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
	return b.String()
}

// tomlKey is k bare when TOML allows it, quoted otherwise.
func tomlKey(k string) string {
	if k == "" {
		return `""`
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return TOMLString(k)
		}
	}
	return k
}

// PrepPlaybook is the playbook a prep's own questions make: each deal's
// stage with its items and the every-deal items. `prep fill` shows the
// rep's checklist from it, so a rep needs no database.
func (p *Prep) PrepPlaybook() *Playbook {
	pb := &Playbook{Name: "prep", Version: p.PlaybookVersion, Every: Stage{Key: EveryKey, Name: "Every deal"}}
	seen := map[string]bool{}
	for _, d := range p.Deals {
		var si int = -1
		for i, s := range pb.Stages {
			if s.Key == d.Stage {
				si = i
			}
		}
		if si < 0 && d.Stage != "" && d.Stage != EveryKey {
			pb.Stages = append(pb.Stages, Stage{Key: d.Stage, Name: d.StageName})
			si = len(pb.Stages) - 1
		}
		for _, it := range d.Items {
			id := it.Group + "/" + it.Key
			if seen[id] {
				continue
			}
			seen[id] = true
			item := Item{Key: it.Key, Question: it.Question}
			if item.Question == "" {
				item.Question = it.Key
			}
			switch {
			case it.Group == EveryKey:
				pb.Every.Items = append(pb.Every.Items, item)
			case si >= 0:
				pb.Stages[si].Items = append(pb.Stages[si].Items, item)
			}
		}
	}
	return pb
}

// Calibration is how far a rep's own view matches the evidence: of the
// rep's prep answers the manager answered too in a later 1:1, how many
// the manager agreed with.
type Calibration struct {
	Answers, Agreed int
}

// Share is Agreed over Answers, nil with nothing to compare.
func (c Calibration) Share() *float64 {
	if c.Answers == 0 {
		return nil
	}
	s := float64(c.Agreed) / float64(c.Answers)
	return &s
}

// Line says it in words: "agreed with 4 of 5 of Dana's own answers (80%)".
func (c Calibration) Line() string {
	if c.Answers == 0 {
		return "no prep answers to compare yet"
	}
	return fmt.Sprintf("you agreed with %d of %d of the rep's own answers (%.0f%%)", c.Agreed, c.Answers, 100**c.Share())
}

// IsGap reports a gap in view: the rep says yes where the manager, with
// the evidence, says no or unsure. These are the coaching targets.
func IsGap(rep, manager Value) bool {
	return rep == Yes && (manager == No || manager == Unsure)
}

// GapLine says a gap in the manager's words: "Dana sees “the economic
// buyer is known by name” as met; the evidence says not yet". The text is
// raw: the caller makes it safe where it is shown.
func GapLine(rep, question string, manager Value) string {
	evidence := "the evidence says not yet"
	if manager == Unsure {
		evidence = "the evidence does not show it yet"
	}
	return fmt.Sprintf("%s sees “%s” as met; %s", firstWord(rep), strings.TrimRight(question, ". "), evidence)
}

func firstWord(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return name
}

// RepView is what the rep said in the prep for a 1:1: where they want
// help, the deals they picked with why, and their own answers per deal
// and item. It is shown beside the manager's answers, never counted.
type RepView struct {
	Rep     string
	Help    string
	Picks   []PrepPick
	Answers map[int64]map[string]Answer
}

// PickReason is why the rep picked the deal, and whether they did.
func (v RepView) PickReason(dealID int64) (string, bool) {
	for _, p := range v.Picks {
		if p.DealID == dealID {
			return p.Reason, true
		}
	}
	return "", false
}
