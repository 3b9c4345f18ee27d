package orgstore

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"dealcoach/store"
)

// PublishOptions say what a publish adds and how it reports.
type PublishOptions struct {
	// WithShared adds shared notes and evidence text. Private notes are
	// never read.
	WithShared bool
	// Progress, when set, is told the rows sent so far of total.
	Progress func(done, total int)
}

// Published counts the rows a publish sent (written or deleted), by table.
type Published map[string]int

// Total is every row sent.
func (p Published) Total() int {
	n := 0
	for _, v := range p {
		n += v
	}
	return n
}

// ErrCutOff wraps the error of a publish cut off before its commit: the
// org database is as it was, and the next publish sends it all again.
var ErrCutOff = errors.New("publish cut off, the org database is unchanged; publish again to complete it")

type row struct {
	vals []any
	hash int64
}

type localTable struct {
	t      store.OrgTable
	rows   map[string]row // by key
	digest int64
}

// Publish sends what changed in st since the last publish, in one
// transaction. The server's record of the last publish says how far the
// laptop's change log had been sent: when the log still holds everything
// since, only the logged rows are read and compared with the server's row
// hashes; otherwise (another server, another file, a log broken by a bulk
// load) every row is. Either way the server's hashes decide what is sent,
// so a publish that never came back, or a lost local write, costs at most
// a resend.
func Publish(ctx context.Context, connString string, st *store.Store, opt PublishOptions) (Published, error) {
	lg, err := st.StartOrgLog(ctx)
	if err != nil {
		return nil, err
	}
	conn, err := connectReady(ctx, connString)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	sent := Published{}
	var seq int64
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		var err error
		seq, err = publishTx(ctx, tx, st, lg, opt, sent)
		return err
	})
	if err != nil {
		err = scrub(connString, conn.Config().Password, err)
		if ctx.Err() != nil || conn.IsClosed() || isConnLoss(err) {
			return nil, fmt.Errorf("%w (%v)", ErrCutOff, err)
		}
		return nil, err
	}
	// Only after the commit: the log up to seq is on the server now.
	// Trimming is housekeeping; if it fails, the next publish trims.
	_ = st.OrgPublished(ctx, seq)
	return sent, nil
}

// isConnLoss tells a dropped connection or a server going away from a
// refused statement.
func isConnLoss(err error) bool {
	msg := err.Error()
	for _, s := range []string{"terminating connection", "conn closed", "unexpected EOF", "broken pipe", "connection reset", "server closed", "shutting down"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// readLocal reads the laptop's rows from one snapshot: every row when
// since < 0, else whole playbook tables and the rows of logged changes
// after since (changed, by table and key; a deleted row has vals nil).
func readLocal(ctx context.Context, st *store.Store, withShared bool, since int64) ([]*localTable, map[string]map[string]row, store.OrgLog, error) {
	var out []*localTable
	byName := map[string]*localTable{}
	for _, t := range store.OrgTables() {
		// A table without rows is still compared, so its rows there go.
		if since < 0 || isPlaybook(t) {
			lt := &localTable{t: t, rows: map[string]row{}}
			out = append(out, lt)
			byName[t.Name] = lt
		}
	}
	changed := map[string]map[string]row{}
	lg, err := st.OrgRowsSince(ctx, withShared, since, func(t store.OrgTable, key, vals []any) error {
		if since >= 0 && !isPlaybook(t) {
			m := changed[t.Name]
			if m == nil {
				m = map[string]row{}
				changed[t.Name] = m
			}
			r := row{vals: key}
			if vals != nil {
				r = row{vals, hashRow(vals)}
			}
			m[keyOf(key)] = r
			return nil
		}
		lt := byName[t.Name]
		h := hashRow(vals)
		lt.rows[keyOf(key)] = row{vals, h}
		lt.digest += h // wraps: a sum mod 2^64 is order-free
		return nil
	})
	if err != nil {
		return nil, nil, lg, err
	}
	return out, changed, lg, nil
}

// isPlaybook is a table made from the playbook, not logged: a few dozen
// rows, compared whole on every publish.
func isPlaybook(t store.OrgTable) bool { return strings.HasPrefix(t.Name, "playbook") }

// hashRow is FNV-1a over each value's type and bytes.
func hashRow(vals []any) int64 {
	h := fnv.New64a()
	var b [8]byte
	for _, v := range vals {
		switch x := v.(type) {
		case nil:
			h.Write([]byte{0})
		case int64:
			binary.LittleEndian.PutUint64(b[:], uint64(x))
			h.Write([]byte{1})
			h.Write(b[:])
		case float64:
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
			h.Write([]byte{2})
			h.Write(b[:])
		case string:
			binary.LittleEndian.PutUint64(b[:], uint64(len(x)))
			h.Write([]byte{3})
			h.Write(b[:])
			h.Write([]byte(x))
		default:
			fmt.Fprintf(h, "\x04%T%v", x, x)
		}
	}
	return int64(h.Sum64())
}

// keyOf is a row key as a map key; called for every local row, so no fmt.
func keyOf(vals []any) string {
	var b []byte
	for i, v := range vals {
		if i > 0 {
			b = append(b, 0)
		}
		switch x := v.(type) {
		case int64:
			b = strconv.AppendInt(b, x, 10)
		case string:
			b = append(b, x...)
		default:
			b = fmt.Append(b, x)
		}
	}
	return string(b)
}

// tablePlan is what a publish writes to one table.
type tablePlan struct {
	t                store.OrgTable
	upserts, deletes [][]any
	digest, n        int64
}

func publishTx(ctx context.Context, tx pgx.Tx, st *store.Store, lg store.OrgLog, opt PublishOptions, sent Published) (int64, error) {
	// A manager publishing from two places at once waits for the first.
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext('dealcoach publish ' || current_user))"); err != nil {
		return 0, err
	}
	var last struct {
		token  string
		seq    int64
		shared bool
	}
	err := tx.QueryRow(ctx, "SELECT token, seq, shared FROM dealcoach.publishes WHERE "+mine).Scan(&last.token, &last.seq, &last.shared)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return 0, err
	}
	have, err := serverDigests(ctx, tx)
	if err != nil {
		return 0, err
	}

	// The log serves if this server got this log up to a point it still
	// holds; a publish with or without shared notes changes every row.
	since := int64(-1)
	if last.token != "" && last.token == lg.Token && last.shared == opt.WithShared &&
		last.seq >= lg.Floor && last.seq <= lg.Seq {
		since = last.seq
	}
	local, changed, snap, err := readLocal(ctx, st, opt.WithShared, since)
	if err != nil {
		return 0, err
	}
	if since >= 0 && (snap.Token != last.token || snap.Floor > since) {
		// A bulk load or another publish's trim came in between.
		since = -1
		if local, changed, snap, err = readLocal(ctx, st, opt.WithShared, since); err != nil {
			return 0, err
		}
	}

	var plans []tablePlan
	total := 0
	for _, lt := range local {
		d, ok := have[lt.t.Name]
		if ok && d.sum == lt.digest && d.n == int64(len(lt.rows)) {
			continue
		}
		p, err := wholePlan(ctx, tx, lt)
		if err != nil {
			return 0, err
		}
		total += len(p.upserts) + len(p.deletes)
		plans = append(plans, p)
	}
	for _, t := range store.OrgTables() {
		if len(changed[t.Name]) == 0 {
			continue
		}
		p, err := changesPlan(ctx, tx, t, changed[t.Name], have[t.Name])
		if err != nil {
			return 0, err
		}
		total += len(p.upserts) + len(p.deletes)
		plans = append(plans, p)
	}

	done := 0
	report := func(n int) {
		done += n
		if opt.Progress != nil {
			opt.Progress(done, total)
		}
	}
	for _, p := range plans {
		t := p.t
		if err := deleteRows(ctx, tx, t, p.deletes); err != nil {
			return 0, fmt.Errorf("%s: %w", t.Name, err)
		}
		report(len(p.deletes))
		if err := upsertRows(ctx, tx, t, p.upserts, report); err != nil {
			return 0, fmt.Errorf("%s: %w", t.Name, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO dealcoach.digests (tbl, digest, n) VALUES ($1, $2, $3)
ON CONFLICT (manager, tbl) DO UPDATE SET digest = EXCLUDED.digest, n = EXCLUDED.n`, t.Name, p.digest, p.n); err != nil {
			return 0, err
		}
		sent[t.Name] += len(p.upserts) + len(p.deletes)
	}
	if total == 0 && last.token == snap.Token && last.seq == snap.Seq && last.shared == opt.WithShared {
		return snap.Seq, nil
	}
	_, err = tx.Exec(ctx, `INSERT INTO dealcoach.publishes (token, seq, shared) VALUES ($1, $2, $3)
ON CONFLICT (manager) DO UPDATE SET published_at = now(), token = EXCLUDED.token, seq = EXCLUDED.seq, shared = EXCLUDED.shared`,
		snap.Token, snap.Seq, opt.WithShared)
	return snap.Seq, err
}

type digest struct{ sum, n int64 }

// serverDigests are the manager's row-hash sums and counts, by table.
func serverDigests(ctx context.Context, tx pgx.Tx) (map[string]digest, error) {
	have := map[string]digest{}
	rows, err := tx.Query(ctx, "SELECT tbl, digest, n FROM dealcoach.digests WHERE "+mine)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		var d digest
		if err := rows.Scan(&t, &d.sum, &d.n); err != nil {
			return nil, err
		}
		have[t] = d
	}
	return have, rows.Err()
}

// wholePlan compares a whole local table with the server's rows.
func wholePlan(ctx context.Context, tx pgx.Tx, lt *localTable) (tablePlan, error) {
	p := tablePlan{t: lt.t, digest: lt.digest, n: int64(len(lt.rows))}
	theirs, fetched, err := changedHashes(ctx, tx, lt)
	if err != nil {
		return p, err
	}
	for k, r := range lt.rows {
		if !fetched(r) {
			continue
		}
		if h, ok := theirs[k]; !ok || h.hash != r.hash {
			p.upserts = append(p.upserts, append(pgValues(r.vals), r.hash))
		}
	}
	for k, r := range theirs {
		if _, ok := lt.rows[k]; !ok {
			p.deletes = append(p.deletes, r.vals)
		}
	}
	return p, nil
}

// pgValues is a row as PostgreSQL takes it: text may hold neither NUL nor
// invalid UTF-8, which a name from a CSV can; they become U+FFFD. The hash
// stays that of the local row.
func pgValues(vals []any) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		if s, ok := v.(string); ok {
			v = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
		}
		out[i] = v
	}
	return out
}

// mine picks the manager's own rows by the (manager, …) indexes:
// current_user is a name, and neither text = name nor text in name's
// collation "C" matches those indexes (a Seq Scan of every manager's rows).
const mine = `manager = (current_user::text COLLATE "default")`

// bucketBits groups rows by their first key >> bucketBits: a table's
// buckets are compared by count and XOR of hashes, and only the rows of
// buckets that differ are read from the server. After one 1:1 that is a
// few buckets of 64 rows, not 50,000 answers.
const bucketBits = 6

// maxBuckets is how many differing buckets are read one by one; beyond,
// the whole table is read at once.
const maxBuckets = 32

type bucket struct{ n, xor int64 }

// bucketOf is a row's bucket; ok is false for a table keyed by text (the
// playbook's, a few dozen rows), which is compared whole.
func bucketOf(r row) (int64, bool) {
	id, ok := r.vals[0].(int64)
	return id >> bucketBits, ok
}

// changedHashes reads the server's keys and hashes of the buckets of lt
// that differ from the laptop's, and says which local rows those buckets
// cover.
func changedHashes(ctx context.Context, tx pgx.Tx, lt *localTable) (map[string]row, func(row) bool, error) {
	all := func(row) bool { return true }
	local := map[int64]bucket{}
	for _, r := range lt.rows {
		b, ok := bucketOf(r)
		if !ok {
			theirs, err := serverHashes(ctx, tx, lt.t, "")
			return theirs, all, err
		}
		x := local[b]
		x.n++
		x.xor ^= r.hash
		local[b] = x
	}
	k0 := lt.t.Key[0]
	rows, err := tx.Query(ctx, fmt.Sprintf("SELECT %[1]s >> %[2]d, count(*), bit_xor(hash) FROM dealcoach.%[3]s WHERE %[4]s GROUP BY 1",
		k0, bucketBits, lt.t.Name, mine))
	if err != nil {
		return nil, nil, err
	}
	differ := map[int64]bool{}
	seen := map[int64]bool{}
	for rows.Next() {
		var b int64
		var x bucket
		if err := rows.Scan(&b, &x.n, &x.xor); err != nil {
			rows.Close()
			return nil, nil, err
		}
		seen[b] = true
		if local[b] != x {
			differ[b] = true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	for b := range local {
		if !seen[b] {
			differ[b] = true
		}
	}
	if len(differ) > maxBuckets {
		theirs, err := serverHashes(ctx, tx, lt.t, "")
		return theirs, all, err
	}
	theirs := map[string]row{}
	for b := range differ {
		part, err := serverHashes(ctx, tx, lt.t, fmt.Sprintf(" AND %s >= %d AND %s < %d", k0, b<<bucketBits, k0, (b+1)<<bucketBits))
		if err != nil {
			return nil, nil, err
		}
		for k, r := range part {
			theirs[k] = r
		}
	}
	return theirs, func(r row) bool { b, _ := bucketOf(r); return differ[b] }, nil
}

// serverHashes reads the manager's keys and row hashes of a table, and
// more is a further condition, with its arguments.
func serverHashes(ctx context.Context, tx pgx.Tx, t store.OrgTable, more string, args ...any) (map[string]row, error) {
	q := fmt.Sprintf("SELECT %s, hash FROM dealcoach.%s WHERE %s%s", strings.Join(t.Key, ", "), t.Name, mine, more)
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]row{}
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return nil, err
		}
		key := vals[:len(t.Key)]
		out[keyOf(key)] = row{vals: key, hash: vals[len(t.Key)].(int64)}
	}
	return out, rows.Err()
}

func deleteRows(ctx context.Context, tx pgx.Tx, t store.OrgTable, keys [][]any) error {
	if len(keys) == 0 {
		return nil
	}
	tmp := "del_" + t.Name
	if _, err := tx.Exec(ctx, fmt.Sprintf("CREATE TEMP TABLE %s ON COMMIT DROP AS SELECT %s FROM dealcoach.%s WITH NO DATA",
		tmp, strings.Join(t.Key, ", "), t.Name)); err != nil {
		return err
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{tmp}, t.Key, pgx.CopyFromRows(keys)); err != nil {
		return err
	}
	var match []string
	for _, k := range t.Key {
		match = append(match, fmt.Sprintf("d.%s = x.%s", k, k))
	}
	_, err := tx.Exec(ctx, fmt.Sprintf("DELETE FROM dealcoach.%s d USING %s x WHERE d.%s AND %s",
		t.Name, tmp, mine, strings.Join(match, " AND ")))
	return err
}

// upsertRows copies rows into a temp table and merges them in one
// statement: COPY is what makes a first publish of years of 1:1s fast.
func upsertRows(ctx context.Context, tx pgx.Tx, t store.OrgTable, rows [][]any, report func(int)) error {
	if len(rows) == 0 {
		return nil
	}
	cols := append(t.Columns(), "hash")
	tmp := "up_" + t.Name
	if _, err := tx.Exec(ctx, fmt.Sprintf("CREATE TEMP TABLE %s ON COMMIT DROP AS SELECT %s FROM dealcoach.%s WITH NO DATA",
		tmp, strings.Join(cols, ", "), t.Name)); err != nil {
		return err
	}
	src := &counted{rows: rows, i: -1, report: report}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{tmp}, cols, src); err != nil {
		return err
	}
	src.flush()
	var set []string
	for _, c := range append(append([]string{}, t.Cols...), "hash") {
		set = append(set, fmt.Sprintf("%s = EXCLUDED.%s", c, c))
	}
	list := strings.Join(cols, ", ")
	_, err := tx.Exec(ctx, fmt.Sprintf("INSERT INTO dealcoach.%s (%s) SELECT %s FROM %s ON CONFLICT (manager, %s) DO UPDATE SET %s",
		t.Name, list, list, tmp, strings.Join(t.Key, ", "), strings.Join(set, ", ")))
	return err
}

// counted is a CopyFromSource that reports progress every 1000 rows.
type counted struct {
	rows    [][]any
	i       int
	pending int
	report  func(int)
}

func (c *counted) Next() bool {
	if c.i+1 >= len(c.rows) {
		return false
	}
	c.i++
	if c.pending++; c.pending == 1000 {
		c.flush()
	}
	return true
}

func (c *counted) flush() {
	if c.pending > 0 {
		c.report(c.pending)
	}
	c.pending = 0
}

func (c *counted) Values() ([]any, error) { return c.rows[c.i], nil }
func (c *counted) Err() error             { return nil }
