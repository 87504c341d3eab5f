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

// BenchmarkRatingTally counts 1,000,000 rating ballots of 21 demands on a 1–10 scale (one
// in ten demands skipped) in memory, with a question and workplaces, and encodes the
// report: the pure part of a rating campaign's JSON report.
func BenchmarkRatingTally(b *testing.B) {
	var keys []string
	for i := range 21 {
		keys = append(keys, "d"+strconv.Itoa(i))
	}
	c := rateCampaign(survey.MethodMean, 1, 10, keys...)
	c.Questions = []survey.Question{{Key: "q", Label: "Q", Options: []survey.Option{{Key: "x", Label: "X"}, {Key: "y", Label: "Y"}}}}
	c.Workplaces = []survey.Workplace{{Code: "w1", Name: "W1"}, {Code: "w2", Name: "W2"}, {Code: "w3", Name: "W3"}}
	rng := rand.New(rand.NewPCG(1, 2))
	pool := make([]survey.Response, 4096)
	for i := range pool {
		r := &pool[i]
		r.Ratings = map[string]int{}
		for _, k := range keys {
			if rng.IntN(10) > 0 {
				r.Ratings[k] = 1 + rng.IntN(10)
			}
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
