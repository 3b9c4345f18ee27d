// Command goimportfloor does what `sqlite3 DB ".import --csv FILE deals"`
// does, through modernc.org/sqlite: a table of the header's columns, every
// row inserted with one prepared statement in one transaction. It is the
// floor of this stack (Go's start, encoding/csv, the pure-Go SQLite) for
// the import scripts/bench.sh pairs with the stock sqlite3.
package main

import (
	"bufio"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strings"

	_ "modernc.org/sqlite"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: goimportfloor DB FILE.csv")
		os.Exit(2)
	}
	if err := load(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "goimportfloor:", err)
		os.Exit(1)
	}
}

func load(dbPath, csvPath string) error {
	f, err := os.Open(csvPath)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	if b, _ := br.Peek(3); string(b) == "\ufeff" {
		br.Discard(3)
	}
	r := csv.NewReader(br)
	r.ReuseRecord = true
	r.FieldsPerRecord = -1 // a Salesforce export ends in a footer of one-cell rows
	head, err := r.Read()
	if err != nil {
		return err
	}
	cols := make([]string, len(head))
	marks := make([]string, len(head))
	for i, h := range head {
		cols[i] = `"` + strings.ReplaceAll(h, `"`, `""`) + `" TEXT`
		marks[i] = "?"
	}
	db, err := sql.Open("sqlite", dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("CREATE TABLE deals (" + strings.Join(cols, ", ") + ")"); err != nil {
		return err
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.Prepare("INSERT INTO deals VALUES (" + strings.Join(marks, ", ") + ")")
	if err != nil {
		return err
	}
	args := make([]any, len(head))
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if len(rec) != len(args) {
			continue // sqlite3 .import pads these with NULLs
		}
		for i := range args {
			args[i] = rec[i]
		}
		if _, err := ins.Exec(args...); err != nil {
			return err
		}
	}
	return tx.Commit()
}
