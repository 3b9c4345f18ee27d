package orgstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"dealcoach/store"
)

// changesPlan compares the logged rows of one table with the server's
// rows of the same keys: a row whose hash differs is written, a row gone
// from the laptop is deleted there, and the table's digest moves by the
// difference, so the next whole comparison still finds it equal.
func changesPlan(ctx context.Context, tx pgx.Tx, t store.OrgTable, changed map[string]row, have digest) (tablePlan, error) {
	p := tablePlan{t: t, digest: have.sum, n: have.n}
	theirs, err := hashesOf(ctx, tx, t, changed)
	if err != nil {
		return p, err
	}
	for k, r := range changed {
		old, there := theirs[k]
		if there {
			p.digest -= old.hash // wraps, as the sum does
			p.n--
		}
		if r.vals == nil || len(r.vals) == len(t.Key) {
			if there {
				p.deletes = append(p.deletes, pgValues(old.vals))
			}
			continue
		}
		p.digest += r.hash
		p.n++
		if !there || old.hash != r.hash {
			p.upserts = append(p.upserts, append(pgValues(r.vals), r.hash))
		}
	}
	return p, nil
}

// hashesOf reads the server's hashes of the given keys, by key.
func hashesOf(ctx context.Context, tx pgx.Tx, t store.OrgTable, keys map[string]row) (map[string]row, error) {
	var types []string
	for i, k := range t.Key {
		if k == "item" {
			types = append(types, fmt.Sprintf("$%d::text[]", i+1))
		} else {
			types = append(types, fmt.Sprintf("$%d::bigint[]", i+1))
		}
	}
	strs := make([][]string, len(t.Key))
	ints := make([][]int64, len(t.Key))
	for _, r := range keys {
		for i, v := range r.vals[:len(t.Key)] {
			switch x := v.(type) {
			case int64:
				ints[i] = append(ints[i], x)
			case string:
				strs[i] = append(strs[i], strings.ToValidUTF8(x, "\uFFFD"))
			}
		}
	}
	args := make([]any, len(t.Key))
	for i := range t.Key {
		if t.Key[i] == "item" {
			args[i] = strs[i]
		} else {
			args[i] = ints[i]
		}
	}
	more := fmt.Sprintf(" AND (%s) IN (SELECT * FROM unnest(%s))", strings.Join(t.Key, ", "), strings.Join(types, ", "))
	return serverHashes(ctx, tx, t, more, args...)
}
