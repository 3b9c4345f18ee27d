package orgstore

import (
	"context"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"dealcoach/coaching"
)

// Rep is one rep of a manager, scored over the window.
type Rep struct {
	ID     int64
	Name   string
	Stages []coaching.StageScore // the manager's playbook groups, in order
	// LastOneOnOne is when the rep's last 1:1 started; zero if never.
	LastOneOnOne time.Time
}

// Manager is one manager's roll-up over the window.
type Manager struct {
	Name string
	Reps []Rep // in name order
	// Stages is §5 strength over all the manager's reps.
	Stages     []coaching.StageScore
	OneOnOnes  int // 1:1s started in the window
	RideAlongs int
	// NoOneOnOne30 names the reps without a 1:1 in the last 30 days.
	NoOneOnOne30 []string
	// Steps and ManagerSteps count the next steps agreed in the window, and
	// those the manager took on: the ownership guardrail.
	Steps, ManagerSteps    int
	Done, NotDone, Dropped int
	Focus                  FocusStats
	weakBelow              float64
	minAnswers             int
	groupKeys, groupNames  []string
	repIndex               map[int64]int
}

// FocusStats is how the manager's reps keep a focus skill: runs of
// consecutive 1:1s with the same focus, within the window.
type FocusStats struct {
	Runs int
	// AvgSessions is the mean run length in 1:1s, AvgDays from its first
	// to its last 1:1.
	AvgSessions, AvgDays float64
	// Practised counts the 1:1s whose check of the last focus was "yes",
	// of Checked asked.
	Practised, Checked int
	// Rose counts the runs of two 1:1s or more in which the skill's
	// strength (DESIGN §10: yes/(yes+no+unsure) of the answers to its items
	// in that 1:1) was higher in the last 1:1 than in the first, of
	// Compared runs with a strength in both.
	Rose, Compared int
}

// Window is a roll-up's time span: the days up to and including now.
type Window struct {
	Now  time.Time
	Days int
}

// bounds are the window in whole unix seconds, both ends included, as
// coaching.Summarize reads times stored in seconds: at >= now-days and
// at < now+1ns.
func (w Window) bounds() (lo, hi int64) {
	from := w.Now.Add(-time.Duration(w.Days) * 24 * time.Hour)
	lo = from.Unix()
	if from.Nanosecond() > 0 {
		lo++
	}
	return lo, w.Now.Unix()
}

// PerRepMonth is 1:1s per rep per 30 days in the window; 0 without reps.
func (m Manager) PerRepMonth(days int) float64 {
	if len(m.Reps) == 0 {
		return 0
	}
	return round2(float64(m.OneOnOnes) / float64(len(m.Reps)) / (float64(days) / 30))
}

// RideAlongsPerMonth is ride-alongs per 30 days in the window.
func (m Manager) RideAlongsPerMonth(days int) float64 {
	return round2(float64(m.RideAlongs) / (float64(days) / 30))
}

// ManagerShare is the share of next steps the manager owns; nil without
// steps.
func (m Manager) ManagerShare() *float64 {
	if m.Steps == 0 {
		return nil
	}
	v := round2(float64(m.ManagerSteps) / float64(m.Steps))
	return &v
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// Rollup reads every manager the role may see (a director all, a manager
// itself), in name order.
func Rollup(ctx context.Context, connString string, w Window) ([]Manager, error) {
	conn, err := connectReady(ctx, connString)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	var out []Manager
	// One snapshot, so the numbers agree with each other.
	err = pgx.BeginTxFunc(ctx, conn, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		// The roll-up's statements cost past jit_above_cost on 50
		// managers' 90 days, and compiling them took longer than running
		// them (an index range scan and hash aggregates).
		if _, err := tx.Exec(ctx, "SET LOCAL jit = off"); err != nil {
			return err
		}
		var err error
		out, err = rollupTx(ctx, tx, w)
		return err
	})
	return out, scrub(connString, conn.Config().Password, err)
}

func rollupTx(ctx context.Context, tx pgx.Tx, w Window) ([]Manager, error) {
	lo, hi := w.bounds()
	byName := map[string]*Manager{}
	get := func(name string) *Manager {
		m := byName[name]
		if m == nil {
			m = &Manager{Name: name, repIndex: map[int64]int{}, weakBelow: 0.6, minAnswers: 3}
			byName[name] = m
		}
		return m
	}
	each := func(q string, args []any, scan func(pgx.Rows) error) error {
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}

	err := each("SELECT manager, weak_below, min_answers FROM dealcoach.playbook", nil, func(r pgx.Rows) error {
		var name string
		var wb float64
		var ma int64
		if err := r.Scan(&name, &wb, &ma); err != nil {
			return err
		}
		m := get(name)
		m.weakBelow, m.minAnswers = wb, int(ma)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each("SELECT manager, grp, name FROM dealcoach.playbook_groups ORDER BY manager, position", nil, func(r pgx.Rows) error {
		var name, key, gname string
		if err := r.Scan(&name, &key, &gname); err != nil {
			return err
		}
		m := get(name)
		m.groupKeys = append(m.groupKeys, key)
		m.groupNames = append(m.groupNames, gname)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(`SELECT r.manager, r.id, r.name,
  (SELECT max(s.started_at) FROM dealcoach.sessions s
    WHERE s.manager = r.manager AND s.rep_id = r.id AND s.kind = 'one_on_one' AND s.started_at <= $1)
FROM dealcoach.reps r`, []any{hi}, func(r pgx.Rows) error {
		var name, rep string
		var id int64
		var last *int64
		if err := r.Scan(&name, &id, &rep, &last); err != nil {
			return err
		}
		m := get(name)
		rp := Rep{ID: id, Name: rep}
		if last != nil {
			rp.LastOneOnOne = time.Unix(*last, 0)
		}
		m.Reps = append(m.Reps, rp)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, m := range byName {
		sort.SliceStable(m.Reps, func(i, j int) bool { return repLess(m.Reps[i].Name, m.Reps[j].Name) })
		for i := range m.Reps {
			m.repIndex[m.Reps[i].ID] = i
			m.Reps[i].Stages = m.emptyStages()
		}
		m.Stages = m.emptyStages()
	}

	// §5 strength: the latest answer per (deal, item) in the window (the
	// one whose next, if any, is after it: see migration 0004),
	// counted for the item's group in the manager's playbook, else for the
	// answer's stage if that is still a group, else not at all.
	err = each(`SELECT l.manager, l.rep_id, coalesce(i.grp, g.grp), l.value, count(*)
FROM dealcoach.answers l
LEFT JOIN dealcoach.playbook_items i ON i.manager = l.manager AND i.item = l.item
LEFT JOIN dealcoach.playbook_groups g ON g.manager = l.manager AND g.grp = l.stage
WHERE l.answered_at BETWEEN $1 AND $2 AND (l.next_at IS NULL OR l.next_at > $2)
  AND coalesce(i.grp, g.grp) IS NOT NULL
GROUP BY 1, 2, 3, 4`, []any{lo, hi}, func(r pgx.Rows) error {
		var name, grp, value string
		var rep, n int64
		if err := r.Scan(&name, &rep, &grp, &value, &n); err != nil {
			return err
		}
		m := get(name)
		gi := indexOf(m.groupKeys, grp)
		ri, ok := m.repIndex[rep]
		if gi < 0 || !ok {
			return nil // a rep deleted since; the laptop's summary has no row for it either
		}
		count(&m.Reps[ri].Stages[gi], value, int(n))
		count(&m.Stages[gi], value, int(n))
		return nil
	})
	if err != nil {
		return nil, err
	}

	err = each(`SELECT manager, kind, count(*) FROM dealcoach.sessions
WHERE started_at BETWEEN $1 AND $2 GROUP BY 1, 2`, []any{lo, hi}, func(r pgx.Rows) error {
		var name, kind string
		var n int64
		if err := r.Scan(&name, &kind, &n); err != nil {
			return err
		}
		m := get(name)
		if kind == "one_on_one" {
			m.OneOnOnes = int(n)
		} else {
			m.RideAlongs = int(n)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(`SELECT manager, count(*), count(*) FILTER (WHERE owner = 'manager'),
  count(*) FILTER (WHERE status = 'done'), count(*) FILTER (WHERE status = 'not_done'), count(*) FILTER (WHERE status = 'dropped')
FROM dealcoach.actions WHERE created_at BETWEEN $1 AND $2 GROUP BY 1`, []any{lo, hi}, func(r pgx.Rows) error {
		var name string
		var steps, mine, done, notDone, dropped int64
		if err := r.Scan(&name, &steps, &mine, &done, &notDone, &dropped); err != nil {
			return err
		}
		m := get(name)
		m.Steps, m.ManagerSteps = int(steps), int(mine)
		m.Done, m.NotDone, m.Dropped = int(done), int(notDone), int(dropped)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := focusRuns(ctx, each, get, lo, hi); err != nil {
		return nil, err
	}

	cut := w.Now.Add(-30 * 24 * time.Hour)
	out := make([]Manager, 0, len(byName))
	for _, m := range byName {
		for i := range m.Reps {
			for g := range m.Reps[i].Stages {
				coaching.JudgeStage(&m.Reps[i].Stages[g], m.minAnswers, m.weakBelow)
			}
			if last := m.Reps[i].LastOneOnOne; last.IsZero() || last.Before(cut) {
				m.NoOneOnOne30 = append(m.NoOneOnOne30, m.Reps[i].Name)
			}
		}
		for g := range m.Stages {
			coaching.JudgeStage(&m.Stages[g], m.minAnswers, m.weakBelow)
		}
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool { return repLess(out[i].Name, out[j].Name) })
	return out, nil
}

// focusRuns finds, per rep, runs of consecutive 1:1s in the window with
// the same focus skill, and whether the skill's strength rose in each.
func focusRuns(ctx context.Context, each func(string, []any, func(pgx.Rows) error) error, get func(string) *Manager, lo, hi int64) error {
	type run struct {
		manager     string
		rep         int64
		focus       string
		n           int
		first, at   int64
		firstID, id int64
	}
	var cur run
	var runs []run
	close := func() {
		if cur.focus != "" && cur.n > 0 {
			runs = append(runs, cur)
		}
	}
	err := each(`SELECT manager, rep_id, id, focus_skill, focus_practised, started_at FROM dealcoach.sessions
WHERE started_at BETWEEN $1 AND $2 AND kind = 'one_on_one'
ORDER BY manager, rep_id, started_at, id`, []any{lo, hi}, func(r pgx.Rows) error {
		var name, focus, practised string
		var rep, id, at int64
		if err := r.Scan(&name, &rep, &id, &focus, &practised, &at); err != nil {
			return err
		}
		m := get(name)
		if practised != "" {
			m.Focus.Checked++
			if practised == "yes" {
				m.Focus.Practised++
			}
		}
		if name != cur.manager || rep != cur.rep || focus != cur.focus {
			close()
			cur = run{manager: name, rep: rep, focus: focus, first: at, firstID: id}
		}
		cur.n++
		cur.at, cur.id = at, id
		return nil
	})
	if err != nil {
		return err
	}
	close()

	// The skill's strength in the first and last 1:1 of each longer run.
	type key struct {
		manager string
		id      int64
	}
	var names, skills []string
	var ids []int64
	for _, r := range runs {
		if r.n > 1 {
			names = append(names, r.manager, r.manager)
			ids = append(ids, r.firstID, r.id)
			skills = append(skills, r.focus, r.focus)
		}
	}
	strength := map[key]float64{}
	if len(ids) > 0 {
		err = each(`SELECT e.manager, e.id,
  count(*) FILTER (WHERE a.value = 'yes')::float8 / count(*) FILTER (WHERE a.value IN ('yes', 'no', 'unsure'))
FROM unnest($1::text[], $2::bigint[], $3::text[]) AS e(manager, id, skill)
JOIN dealcoach.reviews r ON r.manager = e.manager AND r.session_id = e.id
JOIN dealcoach.answers a ON a.manager = e.manager AND a.review_id = r.id
JOIN dealcoach.playbook_skills k ON k.manager = e.manager AND k.skill = e.skill AND k.item = a.item
GROUP BY 1, 2
HAVING count(*) FILTER (WHERE a.value IN ('yes', 'no', 'unsure')) > 0`, []any{names, ids, skills}, func(r pgx.Rows) error {
			var k key
			var v float64
			if err := r.Scan(&k.manager, &k.id, &v); err != nil {
				return err
			}
			strength[k] = v
			return nil
		})
		if err != nil {
			return err
		}
	}

	type acc struct{ runs, sessions, days, rose, compared int }
	accs := map[string]*acc{}
	for _, r := range runs {
		a := accs[r.manager]
		if a == nil {
			a = &acc{}
			accs[r.manager] = a
		}
		a.runs++
		a.sessions += r.n
		a.days += int((r.at - r.first) / 86400)
		from, ok1 := strength[key{r.manager, r.firstID}]
		to, ok2 := strength[key{r.manager, r.id}]
		if r.n > 1 && ok1 && ok2 {
			a.compared++
			if to > from {
				a.rose++
			}
		}
	}
	for name, a := range accs {
		m := get(name)
		m.Focus.Runs = a.runs
		m.Focus.AvgSessions = round2(float64(a.sessions) / float64(a.runs))
		m.Focus.AvgDays = round2(float64(a.days) / float64(a.runs))
		m.Focus.Rose, m.Focus.Compared = a.rose, a.compared
	}
	return nil
}

func (m *Manager) emptyStages() []coaching.StageScore {
	out := make([]coaching.StageScore, len(m.groupKeys))
	for i := range out {
		out[i] = coaching.StageScore{Key: m.groupKeys[i], Name: m.groupNames[i]}
	}
	return out
}

func count(s *coaching.StageScore, value string, n int) {
	switch coaching.Value(value) {
	case coaching.Yes:
		s.Yes += n
	case coaching.No:
		s.No += n
	case coaching.Unsure:
		s.Unsure += n
	case coaching.NA:
		s.NA += n
	}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// repLess is coaching.Team's name order: case-blind, then exact.
func repLess(a, b string) bool {
	la, lb := strings.ToLower(a), strings.ToLower(b)
	if la != lb {
		return la < lb
	}
	return a < b
}
