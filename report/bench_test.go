package report

import (
	"encoding/json"
	"io"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"kravlistan/survey"
)

// BenchmarkTally counts 1,000,000 ballots of 20 demands in memory (no store): the pure
// part of the JSON report.
func BenchmarkTally(b *testing.B) {
	var keys []string
	for i := range 20 {
		keys = append(keys, "d"+strconv.Itoa(i))
	}
	c := campaign(survey.MethodSchulze, 5, keys...)
	c.Questions = []survey.Question{{Key: "q", Label: "Q", Options: []survey.Option{{Key: "x", Label: "X"}, {Key: "y", Label: "Y"}}}}
	c.Workplaces = []survey.Workplace{{Code: "w1", Name: "W1"}, {Code: "w2", Name: "W2"}, {Code: "w3", Name: "W3"}}
	rng := rand.New(rand.NewPCG(1, 2))
	pool := make([]survey.Response, 4096)
	for i := range pool {
		perm := rng.Perm(20)
		r := &pool[i]
		for _, p := range perm[:1+rng.IntN(5)] {
			r.Ranking = append(r.Ranking, keys[p])
		}
		r.Workplace = []string{"", "w1", "w2", "w3"}[rng.IntN(4)]
		r.Background = map[string]string{"q": []string{"x", "y"}[rng.IntN(2)]}
	}
	b.ResetTimer()
	for range b.N {
		t := NewTally(c)
		for i := range 1_000_000 {
			_ = t.Add(&pool[i%len(pool)])
		}
		_ = json.NewEncoder(io.Discard).Encode(t.Results(time.Now()))
	}
}

// demoTally counts n random ballots of the demo campaign (16 demands, three background
// questions, max picks 5) with 40 workplaces: the shape of a large real campaign.
func demoTally(n int) (*survey.Campaign, *Tally) {
	c := survey.Demo()
	c.ApplyDefaults()
	for i := range 40 {
		c.Workplaces = append(c.Workplaces, survey.Workplace{Code: "w" + strconv.Itoa(i), Name: "Arbetsplats " + strconv.Itoa(i)})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	t := NewTally(c)
	for range n {
		_ = t.Add(randomResponse(rng, c))
	}
	return c, t
}

// BenchmarkResultsFromTally: the counting part of a report of a kept tally (decode the
// stored bytes, compute every figure and breakdown, encode the JSON), independent of the
// number of answers.
func BenchmarkResultsFromTally(b *testing.B) {
	c, t := demoTally(20000)
	blob, _ := t.MarshalBinary()
	b.ReportMetric(float64(len(blob)), "tally-bytes")
	b.ResetTimer()
	for range b.N {
		t, err := DecodeTally(blob)
		if err != nil {
			b.Fatal(err)
		}
		res, err := t.ResultsFor(c, time.Now())
		if err != nil {
			b.Fatal(err)
		}
		_ = json.NewEncoder(io.Discard).Encode(res)
	}
}

// BenchmarkTallyBatch: what keeping the tally adds to one group-commit batch of 64
// answers: decode the stored tally, add the batch, encode it again.
func BenchmarkTallyBatch(b *testing.B) {
	c, t := demoTally(20000)
	blob, _ := t.MarshalBinary()
	rng := rand.New(rand.NewPCG(3, 4))
	batch := make([]*survey.Response, 64)
	for i := range batch {
		batch[i] = randomResponse(rng, c)
	}
	buf := make([]byte, 0, len(blob))
	b.ResetTimer()
	for range b.N {
		t, err := DecodeTally(blob)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range batch {
			_ = t.Add(r)
		}
		buf, _ = t.AppendBinary(buf[:0])
	}
}
