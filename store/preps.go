package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"dealcoach/coaching"
)

// PrepResult says what importing a prep did.
type PrepResult struct {
	Rep              coaching.Rep
	Answers, Picks   int
	Unchanged, Again bool // Again: a prep of this id was there before
}

// ImportPrep checks the prep p read from file against the database (its
// rep, the playbook version it was written under, every item of every
// deal) and stores it in one transaction: on any problem nothing is
// written. The same file again changes nothing; a changed file with the
// same prep id replaces that prep: the rep changed their mind.
func (s *Store) ImportPrep(ctx context.Context, file string, p *coaching.Prep) (PrepResult, error) {
	var res PrepResult
	fail := func(line int, format string, args ...any) error {
		return &coaching.PrepError{File: file, Line: line, Problem: fmt.Sprintf(format, args...)}
	}
	rep, err := s.RepByName(ctx, p.Rep)
	switch {
	case errors.Is(err, ErrNotFound):
		return res, coaching.CheckPrep(file, p, "", 0, nil, nil)
	case err != nil:
		return res, err
	}
	res.Rep = rep
	newest, err := s.Playbook(ctx)
	if err != nil {
		return res, err
	}
	pb := newest
	if p.PlaybookVersion > 0 && p.PlaybookVersion < newest.Version {
		if pb, err = s.PlaybookVersion(ctx, p.PlaybookVersion); errors.Is(err, ErrNotFound) {
			return res, fail(p.VersionLine, "this database has no playbook version %d", p.PlaybookVersion)
		} else if err != nil {
			return res, err
		}
	}
	deals, err := s.Deals(ctx, rep.ID, false)
	if err != nil {
		return res, err
	}
	if err := coaching.CheckPrep(file, p, rep.Name, newest.Version, pb, deals); err != nil {
		return res, err
	}
	digest := prepDigest(p)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var id, owner int64
		var had string
		err := tx.QueryRowContext(ctx, "SELECT id, rep_id, digest FROM preps WHERE prep_id = ?", p.ID).Scan(&id, &owner, &had)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			id, err = inserted(tx.ExecContext(ctx, `INSERT INTO preps(prep_id, rep_id, playbook_version, created, help, digest, imported_at)
VALUES (?,?,?,?,?,?,?)`, p.ID, rep.ID, p.PlaybookVersion, p.Created.String(), p.Help, digest, s.now().Unix()))
			if err != nil {
				return err
			}
		case err != nil:
			return err
		case owner != rep.ID:
			return fail(p.IDLine, "this prep id is already stored for another rep: was the rep line changed?")
		case had == digest:
			res.Unchanged, res.Again = true, true
			return nil
		default:
			res.Again = true
			if _, err := tx.ExecContext(ctx, `UPDATE preps SET playbook_version = ?, created = ?, help = ?, digest = ?, imported_at = ? WHERE id = ?`,
				p.PlaybookVersion, p.Created.String(), p.Help, digest, s.now().Unix(), id); err != nil {
				return err
			}
			for _, t := range []string{"prep_answers", "prep_picks"} {
				if _, err := tx.ExecContext(ctx, "DELETE FROM "+t+" WHERE prep = ?", id); err != nil {
					return err
				}
			}
		}
		for _, d := range p.Deals {
			for _, it := range d.Items {
				if it.Value == "" {
					continue
				}
				if _, err := tx.ExecContext(ctx, "INSERT INTO prep_answers(prep, deal_id, stage, item, value, evidence) VALUES (?,?,?,?,?,?)",
					id, d.ID, it.Group, it.Key, string(it.Value), it.Evidence); err != nil {
					return err
				}
				res.Answers++
			}
		}
		for i, pk := range p.Picks {
			if pk.DealID == 0 {
				continue
			}
			// A deal picked twice keeps its first reason.
			r, err := tx.ExecContext(ctx, "INSERT INTO prep_picks(prep, deal_id, reason, position) VALUES (?,?,?,?) ON CONFLICT DO NOTHING",
				id, pk.DealID, pk.Reason, i)
			if err != nil {
				return err
			}
			if n, _ := r.RowsAffected(); n > 0 {
				res.Picks++
			}
		}
		return nil
	})
	if err != nil {
		return PrepResult{}, err
	}
	if res.Unchanged {
		res.Answers, res.Picks = p.Answered(), len(p.Picks)
	}
	return res, nil
}

// prepDigest fingerprints what a prep says, so the same file imported
// again (or one only reformatted) is seen as unchanged.
func prepDigest(p *coaching.Prep) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d\x00%s\x00%q\x00", p.PlaybookVersion, p.Created, p.Help)
	for _, pk := range p.Picks {
		fmt.Fprintf(&b, "pick\x00%d\x00%q\x00", pk.DealID, pk.Reason)
	}
	for _, d := range p.Deals {
		for _, it := range d.Items {
			if it.Value != "" {
				fmt.Fprintf(&b, "%d\x00%s\x00%s\x00%q\x00", d.ID, it.Key, it.Value, it.Evidence)
			}
		}
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// prepForSQL finds the prep for a 1:1: the newest one of the rep imported
// since the rep's previous 1:1 began (?2: that start, -1 for none) and,
// for a 1:1 already over, before it ended (?3).
const prepForSQL = `SELECT id, help FROM preps WHERE rep_id = ?1 AND imported_at >= ?2 AND imported_at <= ?3
ORDER BY imported_at DESC, id DESC LIMIT 1`

// RepView is what the rep said before the 1:1 beforeSession (0: the rep's
// next 1:1, not yet started): ok is false when no prep is for it.
func (s *Store) RepView(ctx context.Context, repID, session int64) (coaching.RepView, bool, error) {
	view := coaching.RepView{Answers: map[int64]map[string]coaching.Answer{}}
	rep, err := s.Rep(ctx, repID)
	if err != nil {
		return view, false, err
	}
	view.Rep = rep.Name
	prev := sql.NullInt64{}
	until := int64(1<<63 - 1)
	if session == 0 {
		err = s.db.QueryRowContext(ctx, "SELECT max(started_at) FROM sessions WHERE rep_id = ? AND kind = 'one_on_one'", repID).Scan(&prev)
	} else {
		var cur coaching.Session
		if cur, err = s.Session(ctx, session); err != nil {
			return view, false, err
		}
		if cur.Ended() {
			until = cur.EndedAt.Unix()
		}
		err = s.db.QueryRowContext(ctx, `SELECT max(started_at) FROM sessions WHERE rep_id = ? AND kind = 'one_on_one'
AND (started_at, id) < (?, ?)`, repID, unix(cur.StartedAt), cur.ID).Scan(&prev)
	}
	if err != nil {
		return view, false, err
	}
	if !prev.Valid {
		prev.Int64 = -1
	}
	var id int64
	err = s.db.QueryRowContext(ctx, prepForSQL, repID, prev.Int64, until).Scan(&id, &view.Help)
	if errors.Is(err, sql.ErrNoRows) {
		return view, false, nil
	} else if err != nil {
		return view, false, err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT deal_id, stage, item, value, evidence FROM prep_answers WHERE prep = ?", id)
	if err != nil {
		return view, false, err
	}
	type dealAnswer struct {
		deal int64
		a    coaching.Answer
	}
	as, err := collect(rows, func(r scanner) (dealAnswer, error) {
		var x dealAnswer
		var v string
		err := r.Scan(&x.deal, &x.a.Stage, &x.a.Item, &v, &x.a.Evidence)
		x.a.Value = coaching.Value(v)
		return x, err
	})
	if err != nil {
		return view, false, err
	}
	for _, x := range as {
		if view.Answers[x.deal] == nil {
			view.Answers[x.deal] = map[string]coaching.Answer{}
		}
		view.Answers[x.deal][x.a.Item] = x.a
	}
	rows, err = s.db.QueryContext(ctx, "SELECT deal_id, reason FROM prep_picks WHERE prep = ? ORDER BY position", id)
	if err != nil {
		return view, false, err
	}
	view.Picks, err = collect(rows, func(r scanner) (coaching.PrepPick, error) {
		var p coaching.PrepPick
		return p, r.Scan(&p.DealID, &p.Reason)
	})
	return view, err == nil, err
}

// calibrationSQL pairs each of the rep's prep answers, of preps imported
// in the window, with the manager's first answer to the same deal and item
// after the import, in a 1:1 not over by then. The manager's answer is reached through
// reviews_deal and the answers' primary key.
const calibrationSQL = `SELECT count(m), coalesce(sum(m = v), 0) FROM (
  SELECT pa.value AS v, (
    SELECT a.value FROM reviews r JOIN answers a ON a.review_id = r.id AND a.item = pa.item
    JOIN sessions s ON s.id = r.session_id
    WHERE r.deal_id = pa.deal_id AND s.kind = 'one_on_one' AND a.answered_at >= p.imported_at
      AND (s.ended_at IS NULL OR s.ended_at > p.imported_at)
    ORDER BY a.answered_at LIMIT 1) AS m
  FROM preps p JOIN prep_answers pa ON pa.prep = p.id
  WHERE p.rep_id = ? AND p.imported_at >= ? AND p.imported_at < ?)`

// Calibration is how far the rep's own answers, in preps imported in
// [from, to), matched the manager's in the 1:1s after.
func (s *Store) Calibration(ctx context.Context, repID int64, from, to time.Time) (coaching.Calibration, error) {
	var c coaching.Calibration
	lo, hi := window(from, to)
	err := s.db.QueryRowContext(ctx, calibrationSQL, repID, lo, hi).Scan(&c.Answers, &c.Agreed)
	return c, err
}
