package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"dealcoach/coaching"
	"dealcoach/coaching/crmcsv"
)

// ImportOptions change how Import behaves.
type ImportOptions struct {
	// DryRun does all the work, then rolls it back: the result says what an
	// import would change, and the database is left as it was.
	DryRun bool
	// Now stamps new deals, moved stages and snapshots; zero means the
	// store's clock.
	Now time.Time
}

// ImportResult counts what an import did (or, dry, would do) to deals.
type ImportResult struct {
	New, Updated, Unchanged, NewReps int
	// Changes lists the new and updated deals in file order. Only a dry run
	// fills it: it is what --dry-run prints, and a 100,000-row import has
	// no use for 100,000 before-and-after pairs held in memory.
	Changes []DealChange
}

// DealChange is one deal a dry run would add or update.
type DealChange struct {
	// Line is the row's line in the CSV file.
	Line int
	// Rep is the owner's name as the database has it (or the file gives it,
	// for a new rep).
	Rep string
	New bool
	// Before is the deal as stored, zero for a new deal; After is what the
	// import makes of it.
	Before, After coaching.Deal
}

// importCacheKiB is the page cache during an import, as PRAGMA cache_size
// takes it (negative: KiB). 100,000 new deals write about 40 MB of pages;
// a 16 MB cache cut the import's time by a quarter, and a 64 MB one by a
// third but took the process past DESIGN §9's 150 MB.
const importCacheKiB = -16 << 10

// errDryRun rolls a dry run back through Load's error path.
var errDryRun = errors.New("dry run")

// Import writes deals from a CRM export in one transaction: all of it or,
// on any error, nothing. Owners become reps (matched ignoring case; new
// names are created). A deal is matched by CRM id, else by rep, account
// and name; a deal whose stage, status, amount, close date, next step,
// name, account, rep and currency all equal the export's is left alone, so
// importing the same file twice writes nothing. New and updated deals get
// a snapshot of stage, status, amount and close date at opt.Now, from
// which coaching.DealChanges tells stage moves and close-date pushes. A
// won or lost row keeps the deal's stage (a new one gets the playbook's
// last stage) and sets its status. Two rows for one deal are an error.
// Errors about a row are *crmcsv.LineError.
func (s *Store) Import(ctx context.Context, deals []crmcsv.Deal, opt ImportOptions) (ImportResult, error) {
	if opt.Now.IsZero() {
		opt.Now = s.now()
	}
	pb, err := s.Playbook(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	if len(pb.Stages) == 0 {
		return ImportResult{}, errors.New("the playbook has no stages")
	}
	im := &importer{
		now:         time.Unix(opt.Now.Unix(), 0),
		closedStage: pb.Stages[len(pb.Stages)-1].Key,
		dryRun:      opt.DryRun,
		seed:        maphash.MakeSeed(),
		reps:        map[string]int64{},
		repNames:    map[int64]string{},
		byCRM:       map[string]*known{},
		byKey:       map[uint64][]*known{},
		newByCRM:    map[string]int{},
		newByKey:    map[uint64]int{},
		interned:    map[string]string{},
	}
	err = s.Load(ctx, func(l *Loader) error {
		im.l = l
		// A large import dirties more pages than the default 2 MB cache
		// holds; spilling them to the WAL mid-transaction, and reading them
		// back, was a fifth of its time. (cache_spill = OFF would avoid it,
		// but takes effect only outside a transaction.)
		var cache int
		if err := l.tx.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache); err != nil {
			return err
		}
		if _, err := l.tx.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = %d", importCacheKiB)); err != nil {
			return err
		}
		// The connection goes back to the pool afterwards. Dirty pages
		// stay until the commit writes them; only then does the smaller
		// cache let them go.
		defer l.tx.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA cache_size = %d", cache))
		if err := im.loadReps(deals); err != nil {
			return err
		}
		if err := im.loadDeals(deals); err != nil {
			return err
		}
		for i := range deals {
			if err := im.apply(&deals[i]); err != nil {
				return err
			}
		}
		if opt.DryRun {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return ImportResult{}, err
	}
	return im.res, nil
}

// known is a stored deal as the import needs it. Re-importing 100,000
// deals holds 100,000 of these, so the text the import only compares —
// name, account, next step — is kept as hashes, and the few stage, status
// and currency values are interned.
type known struct {
	id, repID int64
	crm       string
	stage     string
	status    coaching.DealStatus
	currency  string
	amount    int64
	closeDate coaching.Date
	updatedAt int64
	// key hashes rep, account and name ignoring case: what a row without a
	// CRM id is matched on. names hashes account and name as written, and
	// state every field an unchanged deal must equal.
	key, names, state uint64
	// line is the file line that matched the deal, 0 while none has: a
	// second row for the same deal is an error, not a silent overwrite.
	line int
	// snapped says the deal has snapshots; one without gets its stored
	// state snapshotted before the first update, so the change shows.
	snapped bool
}

type importer struct {
	l           *Loader
	now         time.Time
	closedStage string
	dryRun      bool
	res         ImportResult

	// seed keys the hashes. With 64 bits, the chance that two of 100,000
	// deals share a key, or that a changed deal hashes as unchanged, is
	// below one in a billion.
	seed maphash.Seed

	reps     map[string]int64 // folded name → id
	repNames map[int64]string
	// existingReps are the reps the file names that were already stored:
	// only their deals can match a row without a CRM id.
	existingReps []int64
	byCRM        map[string]*known
	// byKey may list a deal under a key it had before this import renamed
	// or moved it; match skips those.
	byKey map[uint64][]*known
	// Deals this import adds are only looked up to refuse a second row for
	// them, so they are kept as the line that added them.
	newByCRM map[string]int
	newByKey map[uint64]int
	interned map[string]string
	// before reads a stored deal whole, for a dry run's listing.
	before *sql.Stmt
}

// fold is how owner names are compared: trimmed and ignoring case. It folds
// all of Unicode, more than SQLite's NOCASE, so it never tells apart two
// names the reps table's UNIQUE NOCASE would call one.
func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func (im *importer) intern(s string) string {
	if v, ok := im.interned[s]; ok {
		return v
	}
	im.interned[s] = s
	return s
}

// hashes builds the three hashes of known from a deal's fields.
type hashes struct{ h maphash.Hash }

func (x *hashes) str(s string) {
	var n [binary.MaxVarintLen64]byte
	x.h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))]) // length first: "ab","c" ≠ "a","bc"
	x.h.WriteString(s)
}

func (x *hashes) num(v int64) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(v))
	x.h.Write(n[:])
}

// folded writes s lower-cased without building the lower-case string.
// It ends with 0xff, which UTF-8 never holds: a length would differ
// between two spellings of one name ("K" and the Kelvin sign).
func (x *hashes) folded(s string) {
	var buf [utf8.UTFMax]byte
	for _, r := range s {
		x.h.Write(buf[:utf8.EncodeRune(buf[:], unicode.ToLower(r))])
	}
	x.h.WriteByte(0xff)
}

func (im *importer) keyHash(rep int64, account, name string) uint64 {
	var x hashes
	x.h.SetSeed(im.seed)
	x.num(rep)
	x.folded(account)
	x.folded(name)
	return x.h.Sum64()
}

func (im *importer) namesHash(account, name string) uint64 {
	var x hashes
	x.h.SetSeed(im.seed)
	x.str(account)
	x.str(name)
	return x.h.Sum64()
}

func (im *importer) stateHash(d *coaching.Deal) uint64 {
	var x hashes
	x.h.SetSeed(im.seed)
	x.num(d.RepID)
	x.str(d.Name)
	x.str(d.Account)
	x.str(d.Stage)
	x.str(string(d.Status))
	x.num(d.Amount)
	x.str(d.CloseDate.String())
	x.str(d.NextStep)
	x.str(d.Currency)
	x.str(d.CRMID)
	return x.h.Sum64()
}

// loadReps finds or creates the owner of every row. The reps table is
// small (a manager's team), so it is read whole.
func (im *importer) loadReps(deals []crmcsv.Deal) error {
	rows, err := im.l.tx.QueryContext(im.l.ctx, "SELECT id, name FROM reps")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		im.reps[fold(name)] = id
		im.repNames[id] = name
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()

	seen := map[int64]bool{}
	for i := range deals {
		d := &deals[i]
		f := fold(d.Owner)
		if f == "" {
			return &crmcsv.LineError{Line: d.Line, Problem: fmt.Sprintf("deal %q has no owner; name the rep with --rep NAME", d.Name)}
		}
		id, ok := im.reps[f]
		if !ok {
			name := strings.TrimSpace(d.Owner)
			if id, err = im.l.Rep(coaching.Rep{Name: name, CreatedAt: im.now}); err != nil {
				return &crmcsv.LineError{Line: d.Line, Problem: err.Error()}
			}
			im.reps[f], im.repNames[id] = id, name
			im.res.NewReps++
			seen[id] = true // a new rep has no deals to load
			continue
		}
		if !seen[id] {
			seen[id] = true
			im.existingReps = append(im.existingReps, id)
		}
	}
	return nil
}

const knownCols = `d.id, d.rep_id, d.name, d.account, d.amount, d.currency, d.stage, d.status, d.close_date,
  d.next_step, d.crm_id, d.updated_at, EXISTS (SELECT 1 FROM snapshots sn WHERE sn.deal_id = d.id)`

// loadDeals reads, once, every stored deal a row could match: all deals of
// the reps the file names (deals_rep finds them), then deals of other reps
// whose CRM id the file has, as a deal may have changed hands in the CRM.
func (im *importer) loadDeals(deals []crmcsv.Deal) error {
	ctx, tx := im.l.ctx, im.l.tx
	st, err := tx.PrepareContext(ctx, "SELECT "+knownCols+" FROM deals d WHERE d.rep_id = ?")
	if err != nil {
		return err
	}
	defer st.Close()
	loaded := 0
	for _, rep := range im.existingReps {
		rows, err := st.QueryContext(ctx, rep)
		if err != nil {
			return err
		}
		n, err := im.scanKnown(rows)
		if err != nil {
			return err
		}
		loaded += n
	}

	var total int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM deals").Scan(&total); err != nil {
		return err
	}
	if total == loaded {
		return nil
	}
	var ids []string
	for i := range deals {
		if id := deals[i].CRMID; id != "" && im.byCRM[id] == nil {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	// One query for all of them: json_each turns the list into a table
	// that probes deals_crm once per id.
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+knownCols+" FROM deals d WHERE d.crm_id IN (SELECT value FROM json_each(?))", string(list))
	if err != nil {
		return err
	}
	_, err = im.scanKnown(rows)
	return err
}

func (im *importer) scanKnown(rows *sql.Rows) (int, error) {
	defer rows.Close()
	n := 0
	for rows.Next() {
		var d coaching.Deal
		var status, closeDate string
		var updated int64
		var snapped bool
		if err := rows.Scan(&d.ID, &d.RepID, &d.Name, &d.Account, &d.Amount, &d.Currency, &d.Stage, &status,
			&closeDate, &d.NextStep, &d.CRMID, &updated, &snapped); err != nil {
			return n, err
		}
		d.Status, d.CloseDate = coaching.DealStatus(im.intern(status)), date(closeDate)
		k := &known{id: d.ID, repID: d.RepID, crm: d.CRMID, stage: im.intern(d.Stage), status: d.Status,
			currency: im.intern(d.Currency), amount: d.Amount, closeDate: d.CloseDate,
			key: im.keyHash(d.RepID, d.Account, d.Name), names: im.namesHash(d.Account, d.Name),
			updatedAt: updated, state: im.stateHash(&d), snapped: snapped}
		if d.CRMID != "" {
			im.byCRM[d.CRMID] = k
		}
		im.byKey[k.key] = append(im.byKey[k.key], k)
		n++
	}
	return n, rows.Err()
}

// match finds the stored deal a row means. A row with a CRM id matches
// that id, else a deal of the rep, account and name that has no CRM id yet
// (typed in by hand before the first import). A row without one matches a
// deal of the rep, account and name. Deals another row of this file
// already matched or added are passed over; dup names that row's line
// when they are why nothing matched.
func (im *importer) match(d *crmcsv.Deal, rep int64) (k *known, dup int) {
	if d.CRMID != "" {
		if k := im.byCRM[d.CRMID]; k != nil {
			if k.line != 0 {
				return nil, k.line
			}
			return k, 0
		}
		if line := im.newByCRM[d.CRMID]; line != 0 {
			return nil, line
		}
		if len(im.byKey) == 0 {
			return nil, 0 // nothing stored to fall back on
		}
	}
	key := im.keyHash(rep, d.Account, d.Name)
	if d.CRMID == "" {
		if line := im.newByKey[key]; line != 0 {
			return nil, line
		}
	}
	for _, k := range im.byKey[key] {
		if k.key != key || (d.CRMID != "" && k.crm != "") {
			continue // renamed or moved by this import, or another CRM deal
		}
		if k.line != 0 {
			dup = k.line
			continue
		}
		return k, 0
	}
	if d.CRMID != "" {
		return nil, 0 // a deal of the same name with another CRM id is another deal
	}
	return nil, dup
}

// apply adds, updates or leaves alone the deal of one row.
func (im *importer) apply(d *crmcsv.Deal) error {
	lineErr := func(format string, args ...any) error {
		return &crmcsv.LineError{Line: d.Line, Problem: fmt.Sprintf(format, args...)}
	}
	// A refused row names its line; a failing database (disk full, locked)
	// is not the row's fault and keeps its own words.
	rowErr := func(err error) error {
		var se *sqlite.Error
		if errors.As(err, &se) && se.Code()&0xff != sqlite3.SQLITE_CONSTRAINT {
			return err
		}
		return lineErr("%v", err)
	}
	rep := im.reps[fold(d.Owner)]
	k, dup := im.match(d, rep)
	if dup != 0 {
		if d.CRMID != "" {
			return lineErr("deal %q: CRM id %s is also on line %d", d.Name, d.CRMID, dup)
		}
		return lineErr("deal %q (%s, %s) is also on line %d; export the CRM id column to tell them apart",
			d.Name, im.repNames[rep], d.Account, dup)
	}

	next := coaching.Deal{RepID: rep, Name: d.Name, Account: d.Account, Amount: d.Amount, Currency: d.Currency,
		Stage: d.StageKey, Status: d.Status, CloseDate: d.CloseDate, NextStep: d.NextStep, CRMID: d.CRMID,
		UpdatedAt: im.now, StageSince: im.now}
	if next.Status == "" {
		next.Status = coaching.StatusOpen
	}

	if k == nil {
		if next.Stage == "" {
			// Closed before we ever saw it: it went through the process.
			next.Stage = im.closedStage
		}
		next.CreatedAt = im.now
		if c := d.Created.Time(); !d.Created.IsZero() && c.Before(im.now) {
			next.CreatedAt = c
		}
		id, err := im.l.Deal(next)
		if err != nil {
			return rowErr(err)
		}
		if err := im.snapshot(id, next, im.now); err != nil {
			return rowErr(err)
		}
		im.res.New++
		if im.dryRun {
			im.res.Changes = append(im.res.Changes, DealChange{Line: d.Line, Rep: im.repNames[rep], New: true, After: next})
		}
		if next.CRMID != "" {
			im.newByCRM[next.CRMID] = d.Line
		} else {
			im.newByKey[im.keyHash(rep, next.Account, next.Name)] = d.Line
		}
		return nil
	}

	k.line = d.Line
	next.ID = k.id
	if next.Stage == "" {
		next.Stage = k.stage // won or lost: the stage it closed from
	}
	if next.Currency == "" {
		next.Currency = k.currency
	}
	if next.CRMID == "" {
		next.CRMID = k.crm
	}
	state := im.stateHash(&next)
	if state == k.state {
		im.res.Unchanged++
		return nil
	}

	var before coaching.Deal
	if im.dryRun {
		var err error
		if before, err = im.stored(k.id); err != nil {
			return err
		}
	}
	if !k.snapped {
		// Keep the state the deal had before this import, or the first
		// snapshot would already be the new one and no change would show.
		was := coaching.Deal{Stage: k.stage, Status: k.status, Amount: k.amount, CloseDate: k.closeDate}
		if err := im.snapshot(k.id, was, time.Unix(min(k.updatedAt, im.now.Unix()), 0)); err != nil {
			return rowErr(err)
		}
	}
	names := im.namesHash(next.Account, next.Name)
	if err := im.update(k, &next, names); err != nil {
		return rowErr(err)
	}
	if err := im.snapshot(k.id, next, im.now); err != nil {
		return rowErr(err)
	}
	im.res.Updated++
	if im.dryRun {
		im.res.Changes = append(im.res.Changes, DealChange{Line: d.Line, Rep: im.repNames[rep], Before: before, After: next})
	}

	if key := im.keyHash(next.RepID, next.Account, next.Name); key != k.key {
		k.key = key // renamed or moved: findable under its new key too
		im.byKey[key] = append(im.byKey[key], k)
	}
	if next.CRMID != k.crm {
		k.crm = next.CRMID
		im.byCRM[k.crm] = k
	}
	k.repID, k.stage, k.status, k.currency = next.RepID, im.intern(next.Stage), next.Status, im.intern(next.Currency)
	k.amount, k.closeDate, k.names, k.state, k.snapped = next.Amount, next.CloseDate, names, state, true
	return nil
}

// updateUnindexed writes the columns no index holds. Most updates (a stage
// move, a pushed close date, a new next step) change only these, and
// SQLite then leaves the three indexes of deals alone.
const updateUnindexed = `UPDATE deals SET currency = ?1,
  stage_since = CASE WHEN stage <> ?2 THEN ?3 ELSE stage_since END,
  stage = ?2, close_date = ?4, next_step = ?5, updated_at = ?3
WHERE id = ?6`

func (im *importer) update(k *known, next *coaching.Deal, names uint64) error {
	if next.RepID != k.repID || names != k.names || next.Amount != k.amount || next.Status != k.status || next.CRMID != k.crm {
		_, err := im.l.Deal(*next)
		return err
	}
	_, err := im.l.exec(updateUnindexed, next.Currency, next.Stage, unix(im.now), next.CloseDate.String(), next.NextStep, k.id)
	return err
}

// stored reads a deal inside the import's transaction.
func (im *importer) stored(id int64) (coaching.Deal, error) {
	if im.before == nil {
		st, err := im.l.tx.PrepareContext(im.l.ctx, "SELECT "+dealCols+" FROM deals WHERE id = ?")
		if err != nil {
			return coaching.Deal{}, err
		}
		im.before = st // closed with the transaction
	}
	return scanDeal(im.before.QueryRowContext(im.l.ctx, id))
}

func (im *importer) snapshot(id int64, d coaching.Deal, at time.Time) error {
	return im.l.Snapshot(coaching.Snapshot{DealID: id, TakenAt: at, Stage: d.Stage, Status: d.Status,
		Amount: d.Amount, CloseDate: d.CloseDate})
}
