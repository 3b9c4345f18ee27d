// Command genexport writes the benchmarks' generated Salesforce report
// export (internal/fixtures.WriteExport) to stdout, for scripts/bench.sh:
//
//	genexport -rows 100000 > big.csv
package main

import (
	"flag"
	"fmt"
	"os"

	"dealcoach/internal/fixtures"
)

func main() {
	rows := flag.Int("rows", 100_000, "how many deals")
	year := flag.Int("close-year", 2027, "the year the close dates fall in")
	flag.Parse()
	if err := fixtures.WriteExport(os.Stdout, *rows, *year); err != nil {
		fmt.Fprintln(os.Stderr, "genexport:", err)
		os.Exit(1)
	}
}
