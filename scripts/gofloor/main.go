// Command gofloor runs one SQL file through modernc.org/sqlite and prints
// the rows: the floor of this stack (Go's start plus the pure-Go SQLite)
// for the same statement the sqlite3 CLI runs in scripts/bench.sh.
package main

import (
	"database/sql"
	"fmt"
	"os"
	"strings"

	_ "modernc.org/sqlite"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: gofloor DB FILE.sql [:name=value ...]")
		os.Exit(2)
	}
	q, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	db, err := sql.Open("sqlite", "file:"+os.Args[1]+"?mode=ro")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var args []any
	for _, a := range os.Args[3:] {
		name, val, _ := strings.Cut(strings.TrimPrefix(a, ":"), "=")
		args = append(args, sql.Named(name, val))
	}
	rows, err := db.Query(string(q), args...)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(vals...)
	}
	if err := rows.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
