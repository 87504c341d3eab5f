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
