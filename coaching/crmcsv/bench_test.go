package crmcsv

import (
	"bytes"
	"testing"

	"dealcoach/coaching"
	"dealcoach/internal/fixtures"
)

// salesforceReport is fixtures.WriteExport's export of n deals, closing in 2027.
func salesforceReport(n int) []byte {
	var b bytes.Buffer
	b.Grow(n * 330)
	if err := fixtures.WriteExport(&b, n, 2027); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func BenchmarkParse100k(b *testing.B) {
	data := salesforceReport(100_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rows, err := Parse(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if len(rows) != 100_000 {
			b.Fatalf("%d rows, want 100000", len(rows))
		}
	}
}

func BenchmarkMap100k(b *testing.B) {
	rows, err := Parse(bytes.NewReader(salesforceReport(100_000)))
	if err != nil {
		b.Fatal(err)
	}
	pb := coaching.DefaultPlaybook()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Map(rows, pb, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
