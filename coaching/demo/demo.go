package demo

import (
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"dealcoach/coaching"
)

// Defaults for Config's zero fields: a team the size a first-line manager has.
const (
	DefaultReps           = 6
	DefaultDealsPerRep    = 12
	DefaultSessionsPerRep = 8
	DefaultSeed           = 1
)

// Config sizes the sample team. Zero counts and a zero Seed take the
// defaults; Now is required and is the moment the data is "as of".
type Config struct {
	Reps, DealsPerRep, SessionsPerRep int
	Seed                              int64
	Now                               time.Time
}

// Sink receives the rows in an order that satisfies foreign keys; the ids it
// returns are used to point at the rows it wrote. *store.Loader is one.
type Sink interface {
	Rep(coaching.Rep) (int64, error)
	Deal(coaching.Deal) (int64, error)
	Session(coaching.Session) (int64, error)
	Review(coaching.Review) (int64, error)
	Answer(coaching.Answer) error
	Action(coaching.Action) (int64, error)
	Debrief(coaching.Debrief) error
	Snapshot(coaching.Snapshot) error
}

const day = 24 * time.Hour

// Generate writes the sample team described by cfg, using the stages and
// checklist of pb, into sink. Sessions record pb.Version, or 1 (the version
// under which the store keeps its first playbook) when pb has none.
func Generate(cfg Config, pb *coaching.Playbook, sink Sink) error {
	if cfg.Now.IsZero() {
		return errors.New("demo: Config.Now is not set")
	}
	if cfg.Reps < 0 || cfg.DealsPerRep < 0 || cfg.SessionsPerRep < 0 {
		return errors.New("demo: counts must not be negative")
	}
	if pb == nil || len(pb.Stages) == 0 {
		return errors.New("demo: the playbook has no stages")
	}
	if cfg.Reps == 0 {
		cfg.Reps = DefaultReps
	}
	if cfg.DealsPerRep == 0 {
		cfg.DealsPerRep = DefaultDealsPerRep
	}
	if cfg.SessionsPerRep == 0 {
		cfg.SessionsPerRep = DefaultSessionsPerRep
	}
	if cfg.Seed == 0 {
		cfg.Seed = DefaultSeed
	}
	t := newTeam(cfg, pb)
	for ri := range cfg.Reps {
		if err := t.writeRep(ri, sink); err != nil {
			return err
		}
	}
	return nil
}

// team holds what every rep's generator shares, worked out once so that the
// per-row work stays small: data set L writes about a million answers.
type team struct {
	cfg     Config
	pb      *coaching.Playbook
	now     time.Time
	version int
	// items[i] are the item keys of stage i; every those of the every group.
	items    [][]string
	every    []string
	keys     []string
	expected []int
	// gapDays is the usual time between two sessions with a rep: weekly,
	// but stretched for short histories so that they cover four months and
	// the trend has a window before to compare with.
	gapDays int
	// The two CRM imports the snapshots pretend happened.
	lastImport, prevImport time.Time
}

func newTeam(cfg Config, pb *coaching.Playbook) *team {
	// The store keeps unix seconds; generating them keeps a recorded run
	// equal to what a read back gives.
	now := cfg.Now.Truncate(time.Second)
	t := &team{
		cfg:        cfg,
		pb:         pb,
		now:        now,
		version:    max(pb.Version, 1),
		gapDays:    max(7, 120/cfg.SessionsPerRep),
		lastImport: now.Add(-50 * time.Hour),
		prevImport: now.Add(-16 * day),
	}
	for _, s := range pb.Stages {
		keys := make([]string, len(s.Items))
		for i, it := range s.Items {
			keys[i] = it.Key
		}
		t.items = append(t.items, keys)
		t.keys = append(t.keys, s.Key)
		exp := s.ExpectedDays
		if exp <= 0 {
			exp = 21
		}
		t.expected = append(t.expected, exp)
	}
	for _, it := range pb.Every.Items {
		t.every = append(t.every, it.Key)
	}
	return t
}

// profile is how a rep handles the process: the chance of a yes per stage.
// The spread is what makes the app worth demonstrating — a stage weak for
// one rep is strong for another.
type profile struct {
	yes   []float64
	every float64
	// improving is a stage whose yes rate rises over the history (coaching
	// that works, visible as a trend), -1 for none.
	improving int
	// managerShare is the chance a next step lands on the manager.
	managerShare float64
}

// weakPattern is the weak stage of rep i%6; "" is an all-round rep.
var weakPattern = []string{"propose", "qualify", "negotiate", "", "discover", "validate"}

type deal struct {
	d     coaching.Deal
	stage int
	// created and closed bound the time the deal could be reviewed; closed
	// is zero while it is open.
	created, closed time.Time
}

func (d *deal) aliveAt(t time.Time) bool {
	return !d.created.After(t) && (d.closed.IsZero() || d.closed.After(t))
}

// stageAt guesses the stage the deal was in at t, assuming it moved through
// the earlier stages at an even pace between creation and StageSince.
func (d *deal) stageAt(t time.Time) int {
	if d.stage == 0 || !t.Before(d.d.StageSince) {
		return d.stage
	}
	whole := d.d.StageSince.Sub(d.created)
	if whole <= 0 || t.Before(d.created) {
		return 0
	}
	return min(int(float64(d.stage)*float64(t.Sub(d.created))/float64(whole)), d.stage-1)
}

type rideAlong struct {
	role     coaching.ManagerRole
	finished bool
}

type session struct {
	at    time.Time
	ride  *rideAlong
	picks []int // indexes into the rep's deals
	id    int64
}

// repGen makes one rep. Each rep has its own random stream, so a rep's data
// does not change when the team grows: "Dana Ruiz" is the same in every run.
type repGen struct {
	*team
	r        *rand.Rand
	ri       int
	id       int64
	prof     profile
	deals    []deal
	sessions []session
	spanDays int
	// scratch is reused when picking deals, to spare an allocation per session.
	scratch []int
	// fr draws the coaching thread (the focus and whether it was
	// practised) from a stream of its own, so the rest of the team is the
	// same whatever the playbook's skills; focus is the focus in force.
	fr    *rand.Rand
	focus string
}

func (t *team) writeRep(ri int, sink Sink) error {
	g := &repGen{
		team: t,
		r:    rand.New(rand.NewPCG(uint64(t.cfg.Seed), uint64(ri))),
		fr:   rand.New(rand.NewPCG(uint64(t.cfg.Seed)^0xf0c05, uint64(ri))),
		ri:   ri,
	}
	g.prof = g.makeProfile()
	g.planSessions()
	g.deals = make([]deal, t.cfg.DealsPerRep)
	for i := range g.deals {
		g.deals[i] = g.makeDeal(i)
	}
	g.markRideAlongs()
	for i := range g.sessions {
		g.pickDeals(&g.sessions[i])
	}

	// Everything is planned; write it in foreign-key order.
	id, err := sink.Rep(coaching.Rep{Name: repName(ri), CreatedAt: t.now.Add(-time.Duration(g.spanDays+60) * day)})
	if err != nil {
		return err
	}
	g.id = id
	for i := range g.deals {
		if err := g.writeDeal(&g.deals[i], sink); err != nil {
			return err
		}
	}
	for i := range g.sessions {
		if err := g.writeSession(i, sink); err != nil {
			return err
		}
	}
	for i := range g.sessions {
		if err := g.writeActions(i, sink); err != nil {
			return err
		}
	}
	return nil
}

// repName gives distinct names for the first len(firstNames)*len(lastNames)
// reps (see words.go), then adds a number.
func repName(i int) string {
	f, l := len(firstNames), len(lastNames)
	a, q := i%f, i/f
	name := firstNames[a] + " " + lastNames[(q*(f+1)+a)%l]
	if i >= f*l {
		name += " " + strconv.Itoa(i/(f*l)+1)
	}
	return name
}

func (g *repGen) makeProfile() profile {
	n := len(g.keys)
	base := 0.78 + 0.08*g.r.Float64()
	p := profile{
		yes:          make([]float64, n),
		every:        0.62 + 0.16*g.r.Float64(),
		improving:    -1,
		managerShare: 0.15,
	}
	weak := -1
	if k := weakPattern[g.ri%len(weakPattern)]; k != "" {
		if weak = g.pb.StageIndex(k); weak < 0 {
			weak = g.ri % n // a custom playbook without that stage
		}
	}
	for i := range p.yes {
		p.yes[i] = base + 0.06*(g.r.Float64()-0.5)
		if g.ri%6 == 0 && i < weak {
			p.yes[i] = min(p.yes[i]+0.08, 0.95) // strong early, weak late
		}
		if i == weak {
			p.yes[i] = 0.3 + 0.1*g.r.Float64()
		}
	}
	switch g.ri % 6 {
	case 1:
		p.improving = weak
	case 3:
		p.managerShare = 0.6 // good numbers, but leans on the manager
	case 4:
		p.every = 0.45
	}
	return p
}

// planSessions lays the sessions out oldest first, the newest within the
// last two weeks so that the default 90-day window has data.
func (g *repGen) planSessions() {
	n := g.cfg.SessionsPerRep
	g.sessions = make([]session, n)
	offset := 1 + g.r.IntN(12)
	for i := n - 1; i >= 0; i-- {
		day0 := time.Date(g.now.Year(), g.now.Month(), g.now.Day()-offset, 0, 0, 0, 0, g.now.Location())
		g.sessions[i].at = day0.Add(time.Duration(9+g.r.IntN(8))*time.Hour + time.Duration(g.r.IntN(4)*15)*time.Minute)
		offset += g.gapDays - 2 + g.r.IntN(5)
	}
	g.spanDays = offset + 14
}

func (g *repGen) makeDeal(di int) deal {
	n := len(g.keys)
	r := g.r
	acct := accounts[r.IntN(len(accounts))]
	d := deal{d: coaching.Deal{
		RepID:    g.id,
		Name:     acct + " – " + products[r.IntN(len(products))],
		Account:  acct,
		Amount:   amount(r),
		Currency: "USD",
		CRMID:    "DEMO-" + strconv.Itoa(g.ri+1) + "-" + strconv.Itoa(di+1),
		Status:   coaching.StatusOpen,
	}}
	x := r.Float64()
	switch {
	case di < n || x < 0.6:
		// The first deals go one to a stage so every stage has a deal.
		d.stage = r.IntN(n)
		if di < n {
			d.stage = di
		}
		exp := g.expected[d.stage]
		days := r.IntN(exp + 1)
		if r.IntN(10) < 3 {
			days = exp + 1 + r.IntN(2*exp) // stalled
		}
		d.d.StageSince = g.now.Add(-time.Duration(days)*day - time.Duration(r.IntN(24))*time.Hour)
		d.created = d.d.StageSince
		for j := range d.stage {
			d.created = d.created.Add(-time.Duration(float64(g.expected[j]) * (0.5 + r.Float64()) * float64(day)))
		}
		d.created = d.created.Add(-time.Duration(r.IntN(7)) * day)
		today := coaching.DateOf(g.now)
		switch y := r.IntN(20); {
		case y < 3:
			d.d.CloseDate = today.AddDays(-1 - r.IntN(30)) // slipped past
		case y < 10:
			d.d.CloseDate = today.AddDays(r.IntN(31))
		default:
			d.d.CloseDate = today.AddDays(31 + r.IntN(150))
		}
		if r.IntN(8) != 0 {
			d.d.NextStep = nextSteps[r.IntN(len(nextSteps))]
		}
		d.d.UpdatedAt = g.lastImport
	default:
		d.closed = g.now.Add(-time.Duration(1+r.IntN(g.spanDays))*day - time.Duration(r.IntN(24))*time.Hour)
		life := time.Duration(30+r.IntN(150)) * day
		d.created = d.closed.Add(-life)
		if x < 0.85 {
			d.d.Status = coaching.StatusWon
			d.stage = n - 1
		} else {
			d.d.Status = coaching.StatusLost
			d.stage = r.IntN(n)
		}
		d.d.StageSince = d.created
		if d.stage > 0 {
			d.d.StageSince = d.created.Add(time.Duration(float64(life) * (0.55 + 0.35*r.Float64())))
		}
		d.d.CloseDate = coaching.DateOf(d.closed)
		d.d.UpdatedAt = d.closed
	}
	d.d.Stage = g.keys[d.stage]
	return d
}

// amount is log-uniform between $5k and $400k, in whole $500s, in cents:
// many small deals, a few large ones.
func amount(r *rand.Rand) int64 {
	lo, hi := math.Log(5_000), math.Log(400_000)
	dollars := math.Exp(lo + r.Float64()*(hi-lo))
	return int64(math.Round(dollars/500)) * 500 * 100
}

// markRideAlongs turns a few sessions into ride-alongs, inside the session
// count so that data set L has exactly the sessions it promises. Rep 1 had
// the manager take a call over; rep 4's latest debrief is half done.
func (g *repGen) markRideAlongs() {
	n := len(g.sessions)
	mark := func(i int, role coaching.ManagerRole, finished bool) {
		if i >= 0 && i < n {
			g.sessions[i].ride = &rideAlong{role: role, finished: finished}
		}
	}
	switch g.ri % 6 {
	case 1:
		role := coaching.RoleSupport
		if g.ri == 1 {
			role = coaching.RoleLead
		}
		if n >= 3 {
			mark(n-2, role, true)
		}
		if n >= 6 {
			mark(n-5, coaching.RoleObserve, true)
		}
	case 2:
		if n >= 4 {
			mark(n-3, coaching.RoleLeadAsked, true)
		}
	case 4:
		if n >= 2 {
			mark(n-1, coaching.RoleObserve, g.ri != 4)
		}
	}
}

// pickDeals chooses the deals a session reviews among those open at the
// time. When too few were, it moves the creation of later deals back, so a
// small team still gets full sessions.
func (g *repGen) pickDeals(s *session) {
	want := 3 + g.r.IntN(3)
	if s.ride != nil {
		want = 1
	}
	c := g.scratch[:0]
	for i := range g.deals {
		if g.deals[i].aliveAt(s.at) {
			c = append(c, i)
		}
	}
	if len(c) < want {
		for i := range g.deals {
			d := &g.deals[i]
			if d.created.After(s.at) && (d.closed.IsZero() || d.closed.After(s.at)) {
				d.created = s.at.Add(-time.Duration(1+g.r.IntN(10)) * day)
				c = append(c, i)
				if len(c) == want {
					break
				}
			}
		}
	}
	want = min(want, len(c))
	for i := range want {
		j := i + g.r.IntN(len(c)-i)
		c[i], c[j] = c[j], c[i]
	}
	s.picks = append([]int(nil), c[:want]...)
	g.scratch = c
}

func (g *repGen) writeDeal(d *deal, sink Sink) error {
	d.d.RepID = g.id
	d.d.CreatedAt = d.created
	id, err := sink.Deal(d.d)
	if err != nil {
		return err
	}
	d.d.ID = id
	cur := coaching.Snapshot{
		DealID: id, TakenAt: g.lastImport, Stage: d.d.Stage, Status: d.d.Status,
		Amount: d.d.Amount, CloseDate: d.d.CloseDate,
	}
	if d.aliveAt(g.prevImport) {
		prev := cur
		prev.TakenAt = g.prevImport
		prev.Status = coaching.StatusOpen
		prev.Stage = g.keys[d.stageAt(g.prevImport)]
		if d.closed.IsZero() && g.r.IntN(3) == 0 {
			prev.CloseDate = cur.CloseDate.AddDays(-14 - g.r.IntN(45)) // pushed out since
		}
		if err := sink.Snapshot(prev); err != nil {
			return err
		}
	}
	if d.created.After(g.lastImport) {
		return nil // entered by hand after the last import
	}
	return sink.Snapshot(cur)
}

func (g *repGen) writeSession(i int, sink Sink) error {
	s := &g.sessions[i]
	r := g.r
	sess := coaching.Session{
		RepID:           g.id,
		Kind:            coaching.OneOnOne,
		PlaybookVersion: g.version,
		StartedAt:       s.at,
		EndedAt:         s.at.Add(time.Duration(25+r.IntN(21)) * time.Minute),
		TimeboxMinutes:  30,
		FocusSkill:      focusSkills[r.IntN(len(focusSkills))],
	}
	if s.ride == nil {
		g.thread(&sess)
	}
	if r.IntN(3) == 0 {
		sess.Notes = sessionNotes[r.IntN(len(sessionNotes))]
	}
	if s.ride != nil {
		sess.Kind = coaching.RideAlong
		sess.TimeboxMinutes = 5
		sess.FocusSkill = observeSkills[r.IntN(len(observeSkills))]
		if g.focus != "" {
			sess.FocusSkill = g.focus // the skill to observe is the rep's focus
		}
		sess.Notes = ""
		sess.EndedAt = s.at.Add(75 * time.Minute)
		if !s.ride.finished {
			sess.EndedAt = time.Time{}
		}
	}
	id, err := sink.Session(sess)
	if err != nil {
		return err
	}
	s.id = id

	// Progress through the history drives the improving stage's trend.
	progress := 1.0
	if first, last := g.sessions[0].at, g.sessions[len(g.sessions)-1].at; last.After(first) {
		progress = float64(s.at.Sub(first)) / float64(last.Sub(first))
	}
	if s.ride != nil {
		return g.writeRideAlong(s, sess, progress, sink)
	}
	for pos, di := range s.picks {
		d := &g.deals[di]
		at := s.at.Add(time.Duration(pos*7) * time.Minute)
		stage := d.stageAt(at)
		rev := coaching.Review{SessionID: id, DealID: d.d.ID, Stage: g.keys[stage], Position: pos, CreatedAt: at}
		if r.IntN(5) < 2 {
			rev.SharedNote = sharedNotes[r.IntN(len(sharedNotes))]
		}
		if r.IntN(5) == 0 {
			rev.PrivateNote = privateNotes[r.IntN(len(privateNotes))]
		}
		rid, err := sink.Review(rev)
		if err != nil {
			return err
		}
		at, err = g.writeAnswers(sink, rid, g.keys[stage], g.items[stage], g.stageYes(stage, progress), at)
		if err != nil {
			return err
		}
		if _, err := g.writeAnswers(sink, rid, coaching.EveryKey, g.every, g.prof.every, at); err != nil {
			return err
		}
	}
	return nil
}

func (g *repGen) stageYes(stage int, progress float64) float64 {
	p := g.prof.yes[stage]
	if stage == g.prof.improving {
		p += 0.2 * progress
	}
	return p
}

// writeAnswers answers items with a yes at chance pYes, and returns the time
// after the last answer. It is the innermost loop of data set L, so it draws
// one random number per answer where it can and formats nothing.
func (g *repGen) writeAnswers(sink Sink, reviewID int64, stage string, items []string, pYes float64, at time.Time) (time.Time, error) {
	for _, key := range items {
		a := coaching.Answer{ReviewID: reviewID, Stage: stage, Item: key, AnsweredAt: at}
		x := g.r.Float64()
		switch {
		case x < pYes:
			a.Value = coaching.Yes
			if x < pYes/4 {
				a.Evidence = evidenceYes[int(x*1e6)%len(evidenceYes)]
			}
		default:
			// Reuse the draw: its position past pYes picks among the gaps.
			y := (x - pYes) / (1 - pYes)
			switch {
			case y < 0.55:
				a.Value = coaching.No
			case y < 0.88:
				a.Value = coaching.Unsure
				if y < 0.66 {
					a.Evidence = evidenceUnsure[int(y*1e6)%len(evidenceUnsure)]
				}
			default:
				a.Value = coaching.NA
			}
		}
		if err := sink.Answer(a); err != nil {
			return at, err
		}
		at = at.Add(15 * time.Second)
	}
	return at, nil
}

func (g *repGen) writeRideAlong(s *session, sess coaching.Session, progress float64, sink Sink) error {
	r := g.r
	if len(s.picks) == 0 {
		return nil
	}
	d := &g.deals[s.picks[0]]
	db := coaching.Debrief{
		SessionID:        s.id,
		DealID:           d.d.ID,
		Objective:        objectives[r.IntN(len(objectives))],
		CommitmentWanted: commitments[r.IntN(len(commitments))],
		Fallback:         fallbacks[r.IntN(len(fallbacks))],
		Attendees:        attendees[r.IntN(len(attendees))],
		ManagerRole:      s.ride.role,
		ObserveSkill:     sess.FocusSkill,
	}
	if !s.ride.finished {
		return sink.Debrief(db)
	}
	db.Outcome = []coaching.Outcome{coaching.OutcomeYes, coaching.OutcomePartly, coaching.OutcomeNo}[r.IntN(3)]
	if s.ride.role == coaching.RoleLead {
		db.Outcome = coaching.OutcomePartly
	}
	db.CustomerNextStep = nextSteps[r.IntN(len(nextSteps))]
	db.CustomerNextDate = coaching.DateOf(s.at).AddDays(5 + r.IntN(10))
	db.WentWell = wentWell[r.IntN(len(wentWell))]
	db.DoDifferently = doDifferently[r.IntN(len(doDifferently))]
	db.Surprised = surprises[r.IntN(len(surprises))]
	db.Practise = practise[r.IntN(len(practise))]
	if err := sink.Debrief(db); err != nil {
		return err
	}
	// The call moved the deal on, so its stage checklist was answered.
	at := s.at.Add(time.Hour)
	stage := d.stageAt(at)
	rid, err := sink.Review(coaching.Review{SessionID: s.id, DealID: d.d.ID, Stage: g.keys[stage], CreatedAt: at})
	if err != nil {
		return err
	}
	_, err = g.writeAnswers(sink, rid, g.keys[stage], g.items[stage], g.stageYes(stage, progress), at)
	return err
}

// writeActions writes the next steps agreed in session i. Those of a session
// followed by another one-on-one were looked at there (done, not done,
// dropped); the rest are still open — the commitments the next session
// starts with.
func (g *repGen) writeActions(i int, sink Sink) error {
	s := &g.sessions[i]
	if s.ride != nil && !s.ride.finished {
		return nil
	}
	var reviewedIn int64
	for j := i + 1; j < len(g.sessions); j++ {
		if g.sessions[j].ride == nil {
			reviewedIn = g.sessions[j].id
			break
		}
	}
	r := g.r
	n := 1 + r.IntN(3)
	if s.ride != nil {
		n = 1
	}
	for range n {
		a := coaching.Action{
			SessionID: s.id,
			RepID:     g.id,
			Owner:     coaching.OwnerRep,
			Text:      repActions[r.IntN(len(repActions))],
			Due:       coaching.DateOf(s.at).AddDays(3 + r.IntN(12)),
			Status:    coaching.ActionOpen,
			CreatedAt: s.at.Add(30 * time.Minute),
		}
		if len(s.picks) > 0 && (s.ride != nil || r.IntN(7) != 0) {
			a.DealID = g.deals[s.picks[r.IntN(len(s.picks))]].d.ID
		}
		if r.Float64() < g.prof.managerShare || (s.ride != nil && s.ride.role == coaching.RoleLead) {
			a.Owner = coaching.OwnerManager
			a.Text = managerActions[r.IntN(len(managerActions))]
		}
		if reviewedIn != 0 {
			a.ReviewedIn = reviewedIn
			switch x := r.IntN(20); {
			case x < 13:
				a.Status = coaching.ActionDone
			case x < 17:
				a.Status = coaching.ActionNotDone
			default:
				a.Status = coaching.ActionDropped
			}
		}
		if _, err := sink.Action(a); err != nil {
			return err
		}
	}
	return nil
}

// thread sets a 1:1's focus as a manager keeps one: the focus in force is
// reviewed ("practised?") and kept, changed about one 1:1 in three to
// another of the playbook's skills. A playbook without skills keeps the
// free-text focus drawn for the session.
func (g *repGen) thread(sess *coaching.Session) {
	skills := g.pb.Skills
	if len(skills) == 0 {
		return
	}
	r := g.fr
	if g.focus != "" {
		sess.FocusReviewed = g.focus
		sess.FocusPractised = []coaching.Outcome{coaching.OutcomeYes, coaching.OutcomePartly, coaching.OutcomePartly, coaching.OutcomeNo}[r.IntN(4)]
		sess.FocusEvidence = focusEvidence[r.IntN(len(focusEvidence))]
	}
	if g.focus == "" || r.IntN(3) == 0 {
		g.focus = skills[r.IntN(len(skills))].Name
	}
	sess.FocusSkill = g.focus
}
