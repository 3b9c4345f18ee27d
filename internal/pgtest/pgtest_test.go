package pgtest

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

func TestClusterAnswersOnItsSocket(t *testing.T) {
	d := NewDB(t)
	alice := d.Role(t, "alice")
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, d.URL(alice))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var who, db string
	if err := conn.QueryRow(ctx, "SELECT current_user, current_database()").Scan(&who, &db); err != nil {
		t.Fatal(err)
	}
	if who != alice || db != d.Name {
		t.Errorf("connected as %s to %s, want %s to %s", who, db, alice, d.Name)
	}
}
