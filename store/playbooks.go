package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"dealcoach/coaching"
)

// Playbook returns the current playbook: the highest saved version.
func (s *Store) Playbook(ctx context.Context) (*coaching.Playbook, error) {
	return s.playbook(ctx, "SELECT version, source FROM playbooks ORDER BY version DESC LIMIT 1")
}

// PlaybookVersion returns the playbook a session was run under.
func (s *Store) PlaybookVersion(ctx context.Context, v int) (*coaching.Playbook, error) {
	return s.playbook(ctx, "SELECT version, source FROM playbooks WHERE version = ?", v)
}

func (s *Store) playbook(ctx context.Context, q string, args ...any) (*coaching.Playbook, error) {
	var v int
	var src string
	if err := s.db.QueryRowContext(ctx, q, args...).Scan(&v, &src); err != nil {
		return nil, notFound(err, "playbook")
	}
	pb, err := coaching.ParsePlaybook(fmt.Sprintf("playbook version %d", v), []byte(src))
	if err != nil {
		return nil, err
	}
	pb.Version = v
	return pb, nil
}

// UsePlaybook makes pb the current playbook, saving its source as a new
// version unless it is the current one already; it returns the version
// and sets pb.Version. Old versions stay, so old sessions stay readable.
func (s *Store) UsePlaybook(ctx context.Context, pb *coaching.Playbook) (int, error) {
	if pb.Source == "" {
		return 0, errors.New("the playbook has no source text to save")
	}
	var v int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var cur int
		var src string
		err := tx.QueryRowContext(ctx, "SELECT version, source FROM playbooks ORDER BY version DESC LIMIT 1").Scan(&cur, &src)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err == nil && src == pb.Source {
			v = cur
			return nil
		}
		v = cur + 1
		_, err = tx.ExecContext(ctx, "INSERT INTO playbooks(version, name, source, created_at) VALUES (?, ?, ?, ?)",
			v, pb.Name, pb.Source, unix(s.now()))
		return err
	})
	if err != nil {
		return 0, err
	}
	pb.Version = v
	return v, nil
}
