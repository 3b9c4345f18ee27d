package crmcsv

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"dealcoach/coaching"
)

// Deal is a row placed in the playbook: StageKey is the stage key for an
// open deal, and for a won or lost one whose CRM keeps the stage it closed
// from (a status column); "" for other won or lost ones, whose stage the
// store leaves as it was.
type Deal struct {
	Row
	StageKey string
	Status   coaching.DealStatus
}

// Options are the import's flags.
type Options struct {
	// Rep owns every deal whose row names no owner (--rep).
	Rep string
	// StageMap maps normalized CRM stage names to stage keys (--stage-map),
	// as ParseStageMap builds it; it wins over the playbook's aliases.
	StageMap map[string]string
}

// ParseStageMap reads --stage-map flags of the form "CRM stage=key". The
// key may also be a stage's name or alias ("Demo=Validate"). A flag without
// "=", with no stage name, or with an unknown stage is an error.
func ParseStageMap(flags []string, pb *coaching.Playbook) (map[string]string, error) {
	m := make(map[string]string, len(flags))
	for _, f := range flags {
		// The key never holds "=", the CRM name might: split at the last.
		i := strings.LastIndexByte(f, '=')
		if i < 0 {
			return nil, fmt.Errorf(`--stage-map %q: want "CRM stage=key" (stages: %s)`, f, stageKeys(pb))
		}
		crm, key := strings.TrimSpace(f[:i]), strings.TrimSpace(f[i+1:])
		n := coaching.NormalizeStageName(crm)
		if n == "" {
			return nil, fmt.Errorf(`--stage-map %q: no CRM stage name before "="`, f)
		}
		k, status, ok := pb.MatchStage(key, nil)
		if !ok || status != coaching.StatusOpen {
			return nil, fmt.Errorf("--stage-map %q: no stage %q (stages: %s)", f, key, stageKeys(pb))
		}
		if prev, dup := m[n]; dup && prev != k {
			return nil, fmt.Errorf("--stage-map %q: %q is already mapped to %q", f, crm, prev)
		}
		m[n] = k
	}
	return m, nil
}

// Map places rows in the playbook. The problems it finds are reported
// together, so one re-run with the right flags fixes them: the first deal
// without an owner (when there is no --rep), and every unknown stage with
// the --stage-map flags that would map it. One problem is a *LineError,
// two are Errors.
func Map(rows []Row, pb *coaching.Playbook, opt Options) ([]Deal, error) {
	m := NewMapper(pb, opt)
	deals := make([]Deal, 0, len(rows))
	for _, r := range rows {
		if d, ok := m.Deal(r); ok {
			deals = append(deals, d)
		}
	}
	if err := m.Err(); err != nil {
		return nil, err
	}
	return deals, nil
}

// Mapper is Map one row at a time, for an export read as it streams. It
// keeps a little per stage and per owner, nothing per row.
type Mapper struct {
	pb  *coaching.Playbook
	opt Options
	rep string
	// A CRM has a handful of stage names; match each once, not per row.
	matched     map[string]stageMatch
	unknown     []unknownStage
	moreUnknown bool
	seenUnknown map[string]bool
	noOwner     *LineError
	owners      map[string]bool
	spelled     map[string]bool // owner names as rows spell them, seen
	ownerList   []Owner
}

// Owner is a deal owner the file names, at the first line naming it.
type Owner struct {
	Name string
	Line int
}

type stageMatch struct {
	key    string
	status coaching.DealStatus
	ok     bool
}

// maxUnknown is how many unknown stages one error lists.
const maxUnknown = 20

func NewMapper(pb *coaching.Playbook, opt Options) *Mapper {
	return &Mapper{pb: pb, opt: opt, rep: strings.TrimSpace(opt.Rep), matched: map[string]stageMatch{},
		seenUnknown: map[string]bool{}, owners: map[string]bool{}, spelled: map[string]bool{}}
}

// Deal places one row; false means the row has a problem, which Err
// reports with the others.
func (m *Mapper) Deal(r Row) (Deal, bool) {
	if r.Owner == "" {
		r.Owner = m.rep
	}
	if r.Owner == "" && m.noOwner == nil {
		m.noOwner = &LineError{r.Line, fmt.Sprintf("deal %q has no owner; name the rep with --rep NAME", r.Name)}
	}
	// Most rows repeat a spelling already seen: lower-casing each one was
	// an allocation a row.
	if r.Owner != "" && !m.spelled[r.Owner] {
		if f := strings.ToLower(r.Owner); !m.owners[f] {
			m.owners[f] = true
			m.ownerList = append(m.ownerList, Owner{r.Owner, r.Line})
		}
		if len(m.spelled) < 1000 {
			m.spelled[r.Owner] = true
		}
	}
	if st, ok := closedStatus(r.Status); ok {
		// The CRM's status column says won or lost: the stage is where it
		// closed from, kept when the playbook knows it, and no error when not.
		d := Deal{Row: r, Status: st}
		if key, status, ok := m.pb.MatchStage(r.Stage, m.opt.StageMap); ok && status == coaching.StatusOpen {
			d.StageKey = key
		}
		return d, m.noOwner == nil
	}
	sm, done := m.matched[r.Stage]
	if !done {
		sm.key, sm.status, sm.ok = m.pb.MatchStage(r.Stage, m.opt.StageMap)
		if len(m.matched) < 1000 { // a file of a million stage names is not a CRM's
			m.matched[r.Stage] = sm
		}
	}
	if !sm.ok {
		// "Demo" and "demo " are one stage to the user.
		if n := coaching.NormalizeStageName(r.Stage); !m.seenUnknown[n] {
			if len(m.unknown) == maxUnknown {
				m.moreUnknown = true
			} else {
				m.seenUnknown[n] = true
				m.unknown = append(m.unknown, unknownStage{r.Stage, r.Line})
			}
		}
		return Deal{}, false
	}
	return Deal{Row: r, StageKey: sm.key, Status: sm.status}, m.noOwner == nil
}

// statuses maps a normalized status cell to a closed status: Pipedrive's
// Status (Won, Lost, Open) and Dynamics 365's Status Reason (Won; Lost,
// Canceled, Out-Sold). Any other value leaves the deal to its stage.
var statuses = map[string]coaching.DealStatus{
	"won": coaching.StatusWon, "lost": coaching.StatusLost,
	"canceled": coaching.StatusLost, "cancelled": coaching.StatusLost, "outsold": coaching.StatusLost,
}

func closedStatus(cell string) (coaching.DealStatus, bool) {
	if cell == "" {
		return "", false
	}
	st, ok := statuses[coaching.NormalizeStageName(cell)]
	return st, ok
}

// Owners lists the owners of the rows so far (--rep for rows without
// one), each once ignoring case, in file order.
func (m *Mapper) Owners() []Owner { return m.ownerList }

// Err reports the problems of the rows so far, as Map does.
func (m *Mapper) Err() error {
	var errs Errors
	if m.noOwner != nil {
		errs = append(errs, m.noOwner)
	}
	if len(m.unknown) > 0 {
		errs = append(errs, unknownStagesError(m.unknown, m.moreUnknown, m.pb))
	}
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	sort.Slice(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
	return errs
}

type unknownStage struct {
	name string
	line int
}

// unknownStagesError lists the unknown stages with the flags that would map
// them, on one line. The keys in the flags are guesses from the words of
// the name, so the message says so and lists the real keys to choose from.
func unknownStagesError(unknown []unknownStage, more bool, pb *coaching.Playbook) *LineError {
	var names, flags []string
	for _, u := range unknown {
		names = append(names, fmt.Sprintf("%q (line %d)", u.name, u.line))
		flags = append(flags, fmt.Sprintf("--stage-map %q", u.name+"="+guessStage(u.name, pb)))
	}
	what, them := "stage", "it"
	if len(unknown) > 1 {
		what, them = "stages", "them"
	}
	if more {
		names = append(names, "and more")
	}
	return &LineError{unknown[0].line, fmt.Sprintf("unknown %s %s; map %s with %s (keys guessed; stages: %s)",
		what, strings.Join(names, ", "), them, strings.Join(flags, " "), stageKeys(pb))}
}

// guessStage picks the stage whose key, name or aliases share the longest
// word beginning (five letters or more) with the CRM name: "Discovery Call"
// → discover, "Contract Negotiation" → negotiate. With no such word it
// falls back to the first stage.
func guessStage(crm string, pb *coaching.Playbook) string {
	if len(pb.Stages) == 0 {
		return "KEY"
	}
	best, bestLen := pb.Stages[0].Key, 4
	for _, w := range words(crm) {
		for _, s := range pb.Stages {
			for _, cand := range append([]string{s.Key, s.Name}, s.Aliases...) {
				for _, cw := range words(cand) {
					if n := commonPrefix(w, cw); n > bestLen {
						best, bestLen = s.Key, n
					}
				}
			}
		}
	}
	return best
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func stageKeys(pb *coaching.Playbook) string {
	keys := make([]string, len(pb.Stages))
	for i, s := range pb.Stages {
		keys[i] = s.Key
	}
	return strings.Join(keys, ", ")
}
