package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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
	// OnChange, when set, gets each change as it is found, of a dry run
	// (instead of ImportResult.Changes holding them all) or of an import.
	OnChange func(DealChange) error
}

// ImportResult counts what an import did (or, dry, would do) to deals.
type ImportResult struct {
	New, Updated, Unchanged, NewReps int
	// Changes lists the new and updated deals in file order. Only a dry run
	// without OnChange fills it.
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

// ImportSource is a CRM export read as it streams, so that a file of any
// size is imported without being held in memory.
type ImportSource struct {
	// Owners are every owner the deals name, found by a first pass over
	// the file (crmcsv.Mapper.Owners).
	Owners []crmcsv.Owner
	// Next returns the deals in file order, and io.EOF after the last.
	Next func() (crmcsv.Deal, error)
	// Rows is how many deals Next returns, 0 if not known. Many more rows
	// than stored deals make the import rebuild indexes once at the end.
	Rows int
	// OwnersAsRead says Owners may not name every owner: the others are
	// found or created as their deals come, which a single pass over the
	// file needs. Only a database without deals allows it (no stored deal
	// of theirs to load first); with deals, ImportFrom returns
	// ErrOwnersFirst before it reads a deal.
	OwnersAsRead bool
}

// ErrOwnersFirst is ImportFrom refusing OwnersAsRead: the database has
// deals, and matching rows to them needs every owner before the first row.
var ErrOwnersFirst = errors.New("the database has deals: an import must name its owners first")

// importCacheKiB is the page cache during an import, as PRAGMA cache_size
// takes it (negative: KiB). 100,000 new deals write about 40 MB of pages;
// a 16 MB cache cut the import's time by a quarter, and a 64 MB one by a
// third but took the process past DESIGN §9's 150 MB.
const importCacheKiB = -16 << 10

// errDryRun rolls a dry run back through Load's error path.
var errDryRun = errors.New("dry run")

// Import is ImportFrom for deals already in memory.
func (s *Store) Import(ctx context.Context, deals []crmcsv.Deal, opt ImportOptions) (ImportResult, error) {
	var owners []crmcsv.Owner
	seen := map[string]bool{}
	for _, d := range deals {
		if f := fold(d.Owner); f != "" && !seen[f] {
			seen[f] = true
			owners = append(owners, crmcsv.Owner{Name: d.Owner, Line: d.Line})
		}
	}
	i := 0
	return s.ImportFrom(ctx, ImportSource{Owners: owners, Rows: len(deals), Next: func() (crmcsv.Deal, error) {
		if i == len(deals) {
			return crmcsv.Deal{}, io.EOF
		}
		i++
		return deals[i-1], nil
	}}, opt)
}

// ImportFrom writes deals from a CRM export in one transaction: all of it
// or, on any error (a cancelled ctx too), nothing. Owners become reps
// (matched ignoring case; new names are created). A deal is matched by CRM
// id, else by rep, account and name; a deal whose stage, status, amount,
// close date, next step, name, account, rep and currency all equal the
// export's is left alone, so importing the same file twice writes
// nothing. New and updated deals get a snapshot of stage, status, amount
// and close date at opt.Now, from which coaching.DealChanges tells stage
// moves and close-date pushes. A won or lost row keeps the deal's stage (a
// new one gets the playbook's last stage) and sets its status. Two rows
// for one deal are an error. Errors about a row are *crmcsv.LineError.
func (s *Store) ImportFrom(ctx context.Context, src ImportSource, opt ImportOptions) (ImportResult, error) {
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
		report:      opt.DryRun || opt.OnChange != nil,
		onChange:    opt.OnChange,
		seed:        maphash.MakeSeed(),
		reps:        map[string]int64{},
		spelled:     map[string]int64{},
		repNames:    map[int64]string{},
		newByCRM:    map[uint64]int32{},
		newByKey:    map[uint64]int32{},
		movedTo:     map[uint64]int32{},
		valIndex:    map[string]uint16{},
		inserts:     map[int]*sql.Stmt{},
	}
	if im.onChange == nil {
		im.onChange = func(c DealChange) error { im.res.Changes = append(im.res.Changes, c); return nil }
	}
	// Without foreign keys (loadOptions): every rep id comes from
	// loadReps, every deal id from the deals table. Temporary data on
	// disk: rebuilding the indexes of a million deals sorts 100 MB.
	var lopt loadOptions
	if src.OwnersAsRead {
		// Checked again inside the transaction; here it picks the journal.
		var hasDeals bool
		if err := s.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM deals)").Scan(&hasDeals); err != nil {
			return ImportResult{}, err
		}
		if hasDeals {
			return ImportResult{}, ErrOwnersFirst
		}
		lopt.rollbackJournal = !opt.DryRun
	}
	err = s.load(ctx, lopt, func(l *Loader) error {
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
		if err := im.loadReps(src.Owners); err != nil {
			return err
		}
		if err := im.loadDeals(); err != nil {
			return err
		}
		if src.OwnersAsRead {
			if im.total > 0 {
				return ErrOwnersFirst
			}
			im.ownersAsRead = true
		}
		if im.maxID, err = maxStoredID(l); err != nil {
			return err
		}
		im.lastID = im.maxID
		// Into a database without deals, an import of unknown size drops
		// them too: rebuilding over a few rows costs a millisecond, and
		// growing them over 100,000 a third of the import.
		if (src.Rows >= rebuildMin && src.Rows > im.total) || (src.Rows == 0 && im.ownersAsRead) {
			if err := im.dropIndexes(); err != nil {
				return err
			}
		}
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			d, err := src.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			if err := im.apply(&d); err != nil {
				return err
			}
		}
		if err := im.flushNew(); err != nil {
			return err
		}
		if opt.DryRun {
			return errDryRun // the rollback brings back any dropped index
		}
		if err := im.snapshotNew(); err != nil {
			return err
		}
		return im.restoreIndexes()
	})
	if err != nil && !errors.Is(err, errDryRun) {
		// On a cancel database/sql rolls the transaction back on a goroutine
		// of its own, so the statement running then may fail with "statement
		// is closed" rather than the context's error: a cancelled import is
		// reported as cancelled, whatever failed first.
		if cerr := ctx.Err(); cerr != nil {
			return ImportResult{}, cerr
		}
		return ImportResult{}, err
	}
	return im.res, nil
}

// known is a stored deal as the import needs it to match a row and tell
// whether it changed. Re-importing a million deals holds a million of
// these, so it is small: the deal's fields are a hash, and the rest is
// read from the database only for a deal that changed.
type known struct {
	id    int64
	state uint64 // stateHash of the stored deal
	// line is the file line that matched the deal, 0 while none has: a
	// second row for the same deal is an error, not a silent overwrite.
	line int32
	// stage and currency index im.vals: a won or lost row keeps the
	// stored stage, and a row without a currency the stored one.
	stage, currency uint16
	hasCRM          bool
	// moved says this import renamed the deal or gave it to another rep:
	// its old key no longer finds it.
	moved bool
}

// hashRef finds known deals by a hash: sorted by h, searched by halves.
// Sorted slices take a third of the memory of maps.
type hashRef struct {
	h uint64
	i int32
}

type hashIndex []hashRef

func (x hashIndex) sort() {
	slices.SortFunc(x, func(a, b hashRef) int { return cmp.Compare(a.h, b.h) })
}

// find returns the entries with hash h.
func (x hashIndex) find(h uint64) hashIndex {
	i, _ := slices.BinarySearchFunc(x, h, func(r hashRef, h uint64) int { return cmp.Compare(r.h, h) })
	j := i
	for j < len(x) && x[j].h == h {
		j++
	}
	return x[i:j]
}

type importer struct {
	l           *Loader
	now         time.Time
	closedStage string
	dryRun      bool
	report      bool // onChange is called
	onChange    func(DealChange) error
	res         ImportResult

	// seed keys the hashes. With 64 bits, the chance that two of a million
	// deals share a key, or that a changed deal hashes as unchanged, is
	// below one in ten million.
	seed maphash.Seed

	reps     map[string]int64 // folded name → id
	spelled  map[string]int64 // name as a row spells it → id (repOf)
	repNames map[int64]string
	// existingReps are the reps the file names that were already stored:
	// only their deals can match a row without a CRM id.
	existingReps []int64
	known        []known
	byKey, byCRM hashIndex
	// others says the database has deals of reps the file does not name;
	// a CRM id not found among the loaded deals is looked up there, as a
	// deal may have changed hands in the CRM.
	others bool
	// The keys and CRM ids this import gave a deal (a new one, or one it
	// renamed or moved), with the line that did: another row for them is a
	// second row for one deal.
	newByCRM, newByKey map[uint64]int32
	movedTo            map[uint64]int32
	// vals interns stored stages and currencies for known.
	vals     []string
	valIndex map[string]uint16
	// stmts read a stored deal: by id for a changed one, by CRM id for one
	// of another rep, whole for a dry run's listing.
	byID, byCRMID, before *sql.Stmt

	// New deals wait in pending to be written in batches (importbatch.go)
	// by the inserts statements, one per batch size, with args reused.
	pending []pendingDeal
	inserts map[int]*sql.Stmt
	args    []any
	// maxID is the largest deal id before the import: the deals above it
	// are the new ones.
	// lastID is the id of the last deal written.
	maxID, lastID int64
	// total is how many deals were stored; dropped holds the SQL of the
	// indexes dropped for a large import, to build them again, and trigger
	// that of the insert trigger dropped with them.
	total   int
	dropped []string
	trigger string
	// ownersAsRead: ImportSource.OwnersAsRead, into a database without
	// deals.
	ownersAsRead bool
}

// fold is how owner names are compared: trimmed and ignoring case. It folds
// all of Unicode, more than SQLite's NOCASE, so it never tells apart two
// names the reps table's UNIQUE NOCASE would call one.
func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func (im *importer) val(s string) (uint16, error) {
	if v, ok := im.valIndex[s]; ok {
		return v, nil
	}
	if len(im.vals) == math.MaxUint16 {
		return 0, errors.New("the database holds more than 65,535 stage names and currencies")
	}
	v := uint16(len(im.vals))
	im.vals = append(im.vals, s)
	im.valIndex[s] = v
	return v, nil
}

func line32(line int) int32 { return int32(min(line, math.MaxInt32)) }

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

func (im *importer) crmHash(id string) uint64 {
	var x hashes
	x.h.SetSeed(im.seed)
	x.str(id)
	return x.h.Sum64()
}

// stateHash covers every field an unchanged deal must equal but the CRM
// id: a row matched by its id has it, a row without one keeps the stored
// one, and a row with one matched by name changes it only if the stored
// deal had none (known.hasCRM).
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
	return x.h.Sum64()
}

// loadReps finds or creates the owner of every row. The reps table is
// small (a manager's team), so it is read whole.
func (im *importer) loadReps(owners []crmcsv.Owner) error {
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
	for _, o := range owners {
		f := fold(o.Name)
		if f == "" {
			continue // apply refuses the row
		}
		id, ok := im.reps[f]
		if !ok {
			if id, err = im.newRep(o.Name, o.Line); err != nil {
				return err
			}
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

// repOf finds the rep of an owner name as the file spells it: folding
// the name at every row was an allocation a row.
func (im *importer) repOf(owner string) (int64, bool) {
	if id, ok := im.spelled[owner]; ok {
		return id, true
	}
	id, ok := im.reps[fold(owner)]
	if ok && len(im.spelled) < 1000 {
		im.spelled[owner] = id
	}
	return id, ok
}

// newRep creates the rep the owner name at line names.
func (im *importer) newRep(owner string, line int) (int64, error) {
	name := strings.TrimSpace(owner)
	id, err := im.l.Rep(coaching.Rep{Name: name, CreatedAt: im.now})
	if err != nil {
		return 0, &crmcsv.LineError{Line: line, Problem: err.Error()}
	}
	im.reps[fold(owner)], im.repNames[id] = id, name
	im.res.NewReps++
	return id, nil
}

const knownCols = `d.id, d.rep_id, d.name, d.account, d.amount, d.currency, d.stage, d.status, d.close_date,
  d.next_step, d.crm_id, d.updated_at`

// loadDeals reads, once, every stored deal of the reps the file names
// (deals_rep finds them).
func (im *importer) loadDeals() error {
	ctx, tx := im.l.ctx, im.l.tx
	var total, mine int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM deals").Scan(&total); err != nil {
		return err
	}
	if len(im.existingReps) > 0 {
		ids, _ := json.Marshal(im.existingReps)
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM deals WHERE rep_id IN (SELECT value FROM json_each(?))",
			string(ids)).Scan(&mine); err != nil {
			return err
		}
	}
	im.others, im.total = total > mine, total
	// Sized once: a million deals grown by appending would copy and
	// leave behind half again as much.
	im.known = make([]known, 0, mine)
	im.byKey = make(hashIndex, 0, mine)
	im.byCRM = make(hashIndex, 0, mine)
	st, err := tx.PrepareContext(ctx, "SELECT "+knownCols+" FROM deals d WHERE d.rep_id = ?")
	if err != nil {
		return err
	}
	defer st.Close()
	for _, rep := range im.existingReps {
		rows, err := st.QueryContext(ctx, rep)
		if err != nil {
			return err
		}
		if err := im.scanKnown(rows); err != nil {
			return err
		}
	}
	im.byKey.sort()
	im.byCRM.sort()
	return nil
}

func (im *importer) scanKnown(rows *sql.Rows) error {
	defer rows.Close()
	for rows.Next() {
		d, _, err := scanStored(rows)
		if err != nil {
			return err
		}
		if _, err := im.add(&d); err != nil {
			return err
		}
	}
	return rows.Err()
}

// add makes a stored deal known; the caller indexes it.
func (im *importer) add(d *coaching.Deal) (int32, error) {
	stage, err := im.val(d.Stage)
	if err != nil {
		return 0, err
	}
	currency, err := im.val(d.Currency)
	if err != nil {
		return 0, err
	}
	i := int32(len(im.known))
	im.known = append(im.known, known{id: d.ID, state: im.stateHash(d), stage: stage, currency: currency, hasCRM: d.CRMID != ""})
	im.byKey = append(im.byKey, hashRef{im.keyHash(d.RepID, d.Account, d.Name), i})
	if d.CRMID != "" {
		im.byCRM = append(im.byCRM, hashRef{im.crmHash(d.CRMID), i})
	}
	return i, nil
}

// scanStored reads knownCols.
func scanStored(row scanner) (coaching.Deal, int64, error) {
	var d coaching.Deal
	var status, closeDate string
	var updated int64
	err := row.Scan(&d.ID, &d.RepID, &d.Name, &d.Account, &d.Amount, &d.Currency, &d.Stage, &status,
		&closeDate, &d.NextStep, &d.CRMID, &updated)
	d.Status, d.CloseDate = coaching.DealStatus(status), date(closeDate)
	return d, updated, err
}

func (im *importer) stmt(p **sql.Stmt, q string) (*sql.Stmt, error) {
	if *p == nil {
		st, err := im.l.tx.PrepareContext(im.l.ctx, q)
		if err != nil {
			return nil, err
		}
		*p = st // closed with the transaction
	}
	return *p, nil
}

// otherRepsDeal finds a deal of a rep the file does not name by its CRM
// id, or returns nil.
func (im *importer) otherRepsDeal(crmID string) (*known, error) {
	st, err := im.stmt(&im.byCRMID, "SELECT "+knownCols+" FROM deals d WHERE d.crm_id = ?")
	if err != nil {
		return nil, err
	}
	d, _, err := scanStored(st.QueryRowContext(im.l.ctx, crmID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	// Not indexed: this row takes it, and newByCRM finds it afterwards.
	n := len(im.byKey)
	i, err := im.add(&d)
	im.byKey, im.byCRM = im.byKey[:n], im.byCRM[:len(im.byCRM)-1]
	if err != nil {
		return nil, err
	}
	return &im.known[i], nil
}

// match finds the stored deal a row means. A row with a CRM id matches
// that id, else a deal of the rep, account and name that has no CRM id yet
// (typed in by hand before the first import). A row without one matches a
// deal of the rep, account and name. Deals another row of this file
// already matched or added are passed over; dup names that row's line
// when they are why nothing matched.
func (im *importer) match(d *crmcsv.Deal, rep int64) (k *known, dup int, err error) {
	if d.CRMID != "" {
		h := im.crmHash(d.CRMID)
		for _, r := range im.byCRM.find(h) {
			if k := &im.known[r.i]; k.line != 0 {
				return nil, int(k.line), nil
			}
			return &im.known[r.i], 0, nil
		}
		if line := im.newByCRM[h]; line != 0 {
			return nil, int(line), nil
		}
		if im.others {
			if k, err := im.otherRepsDeal(d.CRMID); k != nil || err != nil {
				im.newByCRM[h] = line32(d.Line) // not in byCRM: another row for it is found here
				return k, 0, err
			}
		}
		if len(im.byKey) == 0 {
			return nil, 0, nil // nothing stored to fall back on
		}
	}
	key := im.keyHash(rep, d.Account, d.Name)
	if d.CRMID == "" {
		if line := im.newByKey[key]; line != 0 {
			return nil, int(line), nil
		}
	}
	for _, r := range im.byKey.find(key) {
		k := &im.known[r.i]
		if k.moved || (d.CRMID != "" && k.hasCRM) {
			continue // renamed or moved by this import, or another CRM deal
		}
		if k.line != 0 {
			dup = int(k.line)
			continue
		}
		return k, 0, nil
	}
	if d.CRMID != "" {
		return nil, 0, nil // a deal of the same name with another CRM id is another deal
	}
	if dup == 0 {
		dup = int(im.movedTo[key])
	}
	return nil, dup, nil
}

// apply adds, updates or leaves alone the deal of one row.
func (im *importer) apply(d *crmcsv.Deal) error {
	lineErr := func(format string, args ...any) error {
		return &crmcsv.LineError{Line: d.Line, Problem: fmt.Sprintf(format, args...)}
	}
	// A refused row names its line.
	rowErr := func(err error) error { return rowErr(d.Line, err) }
	rep, ok := im.repOf(d.Owner)
	if !ok && im.ownersAsRead && fold(d.Owner) != "" {
		var err error
		if rep, err = im.newRep(d.Owner, d.Line); err != nil {
			return err
		}
		ok = true
	}
	if !ok {
		return lineErr("deal %q has no owner; name the rep with --rep NAME", d.Name)
	}
	k, dup, err := im.match(d, rep)
	if err != nil {
		return err
	}
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
		if err := im.addNew(next, d.Line); err != nil {
			return err
		}
		im.res.New++
		if im.report {
			if err := im.onChange(DealChange{Line: d.Line, Rep: im.repNames[rep], New: true, After: next}); err != nil {
				return err
			}
		}
		if next.CRMID != "" {
			im.newByCRM[im.crmHash(next.CRMID)] = line32(d.Line)
		} else {
			im.newByKey[im.keyHash(rep, next.Account, next.Name)] = line32(d.Line)
		}
		return nil
	}

	k.line = line32(d.Line)
	next.ID = k.id
	if next.Stage == "" {
		next.Stage = im.vals[k.stage] // won or lost: the stage it closed from
	}
	if next.Currency == "" {
		next.Currency = im.vals[k.currency]
	}
	if im.stateHash(&next) == k.state && (d.CRMID == "" || k.hasCRM) {
		im.res.Unchanged++
		return nil
	}

	// Changed: write the new deals before it, then read it whole.
	if err := im.flushNew(); err != nil {
		return err
	}
	st, err := im.stmt(&im.byID, "SELECT "+knownCols+", EXISTS (SELECT 1 FROM snapshots sn WHERE sn.deal_id = d.id) FROM deals d WHERE d.id = ?")
	if err != nil {
		return err
	}
	var stored coaching.Deal
	var status, closeDate string
	var updatedAt int64
	var snapped bool
	if err := st.QueryRowContext(im.l.ctx, k.id).Scan(&stored.ID, &stored.RepID, &stored.Name, &stored.Account,
		&stored.Amount, &stored.Currency, &stored.Stage, &status, &closeDate, &stored.NextStep, &stored.CRMID,
		&updatedAt, &snapped); err != nil {
		return err
	}
	stored.Status, stored.CloseDate = coaching.DealStatus(status), date(closeDate)
	if next.CRMID == "" {
		next.CRMID = stored.CRMID
	} else if stored.CRMID != "" && stored.CRMID != next.CRMID {
		return lineErr("deal %q: CRM id %s matched another deal's; import again", d.Name, d.CRMID) // a hash collision
	}

	var before coaching.Deal
	if im.report {
		if before, err = im.stored(k.id); err != nil {
			return err
		}
	}
	if !snapped {
		// Keep the state the deal had before this import, or the first
		// snapshot would already be the new one and no change would show.
		if err := im.snapshot(k.id, stored, time.Unix(min(updatedAt, im.now.Unix()), 0)); err != nil {
			return rowErr(err)
		}
	}
	if err := im.update(&stored, &next); err != nil {
		return rowErr(err)
	}
	if err := im.snapshot(k.id, next, im.now); err != nil {
		return rowErr(err)
	}
	im.res.Updated++
	if im.report {
		if err := im.onChange(DealChange{Line: d.Line, Rep: im.repNames[rep], Before: before, After: next}); err != nil {
			return err
		}
	}

	if key := im.keyHash(next.RepID, next.Account, next.Name); key != im.keyHash(stored.RepID, stored.Account, stored.Name) {
		k.moved = true // renamed or moved: findable under its new key only
		im.movedTo[key] = k.line
	}
	if next.CRMID != stored.CRMID {
		k.hasCRM = true
		im.newByCRM[im.crmHash(next.CRMID)] = k.line
	}
	return nil
}

// updateUnindexed writes the columns no index holds. Most updates (a stage
// move, a pushed close date, a new next step) change only these, and
// SQLite then leaves the three indexes of deals alone.
const updateUnindexed = `UPDATE deals SET currency = ?1,
  stage_since = CASE WHEN stage <> ?2 THEN ?3 ELSE stage_since END,
  stage = ?2, close_date = ?4, next_step = ?5, updated_at = ?3
WHERE id = ?6`

func (im *importer) update(stored, next *coaching.Deal) error {
	if next.RepID != stored.RepID || next.Name != stored.Name || next.Account != stored.Account ||
		next.Amount != stored.Amount || next.Status != stored.Status || next.CRMID != stored.CRMID {
		_, err := im.l.Deal(*next)
		return err
	}
	_, err := im.l.exec(updateUnindexed, next.Currency, next.Stage, unix(im.now), next.CloseDate.String(), next.NextStep, stored.ID)
	return err
}

// stored reads a deal inside the import's transaction.
func (im *importer) stored(id int64) (coaching.Deal, error) {
	st, err := im.stmt(&im.before, "SELECT "+dealCols+" FROM deals WHERE id = ?")
	if err != nil {
		return coaching.Deal{}, err
	}
	return scanDeal(st.QueryRowContext(im.l.ctx, id))
}

func (im *importer) snapshot(id int64, d coaching.Deal, at time.Time) error {
	return im.l.Snapshot(coaching.Snapshot{DealID: id, TakenAt: at, Stage: d.Stage, Status: d.Status,
		Amount: d.Amount, CloseDate: d.CloseDate})
}
