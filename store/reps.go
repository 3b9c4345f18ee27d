package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	sqlite3 "modernc.org/sqlite/lib"

	"dealcoach/coaching"
)

// RepRow is one line of the home screen.
type RepRow struct {
	Rep       coaching.Rep
	OpenDeals int
	// Pipeline is the open deals' amounts, summed per currency.
	Pipeline coaching.Amounts
	// LastOneOnOne is when the latest one-on-one started, zero if none.
	LastOneOnOne time.Time
	// Unfinished is an unfinished one-on-one to resume, 0 if none.
	Unfinished int64
}

// repName trims a rep's name and refuses an empty one.
func repName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", errors.New("a rep needs a name")
	}
	return name, nil
}

func duplicateRep(err error, name string) error {
	if isConstraint(err, sqlite3.SQLITE_CONSTRAINT_UNIQUE) {
		return fmt.Errorf("a rep named %s already exists", name)
	}
	return err
}

// CreateRep adds a rep. Names are unique regardless of case.
func (s *Store) CreateRep(ctx context.Context, name string) (coaching.Rep, error) {
	name, err := repName(name)
	if err != nil {
		return coaching.Rep{}, err
	}
	r := coaching.Rep{Name: name, CreatedAt: time.Unix(s.now().Unix(), 0)}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "INSERT INTO reps(name, created_at) VALUES (?, ?)", r.Name, unix(r.CreatedAt))
		if err != nil {
			return duplicateRep(err, name)
		}
		r.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return coaching.Rep{}, err
	}
	return r, nil
}

// RenameRep changes a rep's name.
func (s *Store) RenameRep(ctx context.Context, id int64, name string) error {
	name, err := repName(name)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE reps SET name = ? WHERE id = ?", name, id)
		if err != nil {
			return duplicateRep(err, name)
		}
		return mustAffect(res, fmt.Sprintf("rep %d", id))
	})
}

const repCols = "id, name, created_at"

func scanRep(row scanner) (coaching.Rep, error) {
	var r coaching.Rep
	var created int64
	err := row.Scan(&r.ID, &r.Name, &created)
	r.CreatedAt = fromUnix(created)
	return r, err
}

// Rep returns one rep, or ErrNotFound.
func (s *Store) Rep(ctx context.Context, id int64) (coaching.Rep, error) {
	r, err := scanRep(s.db.QueryRowContext(ctx, "SELECT "+repCols+" FROM reps WHERE id = ?", id))
	return r, notFound(err, fmt.Sprintf("rep %d", id))
}

// RepByName finds a rep by name, ignoring case and surrounding spaces.
func (s *Store) RepByName(ctx context.Context, name string) (coaching.Rep, error) {
	name = strings.TrimSpace(name)
	// The column is COLLATE NOCASE, so = ignores case and uses the index.
	r, err := scanRep(s.db.QueryRowContext(ctx, "SELECT "+repCols+" FROM reps WHERE name = ?", name))
	return r, notFound(err, fmt.Sprintf("rep %q", name))
}

// Reps lists every rep in name order.
func (s *Store) Reps(ctx context.Context) ([]coaching.Rep, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+repCols+" FROM reps ORDER BY name, id")
	if err != nil {
		return nil, err
	}
	return collect(rows, scanRep)
}

// RepRows is the home screen in one query: each correlated subquery is an
// index probe (deals_rep is covering and in currency order, so the sums per
// currency need no sort; sessions_kind and sessions_unfinished
// answer max/newest directly), so 200 reps cost 800 probes, not 800 queries.
func (s *Store) RepRows(ctx context.Context) ([]RepRow, error) {
	rows, err := s.db.QueryContext(ctx, repRowsSQL)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row scanner) (RepRow, error) {
		var x RepRow
		var created, last int64
		var pipe string
		err := row.Scan(&x.Rep.ID, &x.Rep.Name, &created, &pipe, &last, &x.Unfinished)
		if err != nil {
			return x, err
		}
		x.Rep.CreatedAt, x.LastOneOnOne = fromUnix(created), fromUnix(last)
		// "USD␟2␟35000␞GBP␟1␟20000": separators no currency code holds.
		for _, c := range strings.Split(pipe, "\x1e") {
			f := strings.Split(c, "\x1f")
			if len(f) != 3 {
				continue // no open deals: pipe is ""
			}
			n, err1 := strconv.Atoi(f[1])
			cents, err2 := strconv.ParseInt(f[2], 10, 64)
			if err := errors.Join(err1, err2); err != nil {
				return x, fmt.Errorf("rep %d pipeline: %w", x.Rep.ID, err)
			}
			x.OpenDeals += n
			x.Pipeline.AddSum(f[0], cents, n)
		}
		return x, nil
	})
}

const repRowsSQL = `
SELECT r.id, r.name, r.created_at,
  (SELECT coalesce(group_concat(c || char(31) || n || char(31) || s, char(30)), '') FROM
    (SELECT d.currency c, count(*) n, sum(d.amount) s FROM deals d
     WHERE d.rep_id = r.id AND d.status = 'open' GROUP BY d.currency)),
  (SELECT coalesce(max(x.started_at), 0) FROM sessions x WHERE x.rep_id = r.id AND x.kind = 'one_on_one'),
  coalesce((SELECT x.id FROM sessions x WHERE x.rep_id = r.id AND x.kind = 'one_on_one' AND x.ended_at IS NULL
            ORDER BY x.started_at DESC LIMIT 1), 0)
FROM reps r ORDER BY r.name, r.id`
