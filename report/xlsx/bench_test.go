package xlsx

import (
	"io"
	"testing"
	"time"

	"kravlistan/report"
	"kravlistan/survey"
)

// benchWrite writes the demo campaign's workbook for n answers, without the store: the
// walks replay a pool of 20,000 generated answers. It measures the writer alone (the
// CLI benchmarks in cmd/kravlistan add the store).
func benchWrite(b *testing.B, n int) {
	c := survey.Demo()
	c.ApplyDefaults()
	pool := demoResponses(c, 20_000)
	walk := func(fn func(*survey.Response) error) error {
		var r survey.Response
		for i := range n {
			r = pool[i%len(pool)]
			if err := fn(&r); err != nil {
				return err
			}
		}
		return nil
	}
	tl := report.NewTally(c)
	_ = walk(tl.Add)
	res := tl.Results(time.Now())
	combos := report.NewCombos(c)
	_ = walk(combos.Add)
	b.ResetTimer()
	for range b.N {
		if err := Write(io.Discard, c, res, combos, walk); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrite20k: the workbook of 20,000 answers (demo campaign, 16 demands).
func BenchmarkWrite20k(b *testing.B) { benchWrite(b, 20_000) }

// BenchmarkWrite1M: the workbook of 1,000,000 answers.
func BenchmarkWrite1M(b *testing.B) { benchWrite(b, 1_000_000) }
