// Package sample makes random but realistic responses for a campaign: for the generate
// command, benchmarks and tests that need many ballots.
package sample

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"kravlistan/survey"

	"github.com/google/uuid"
)

// generator makes random valid responses that look like a real campaign: a few demands
// are far more popular than the rest, most members use all their picks, most answer the
// background questions (some options much more common), many come through a workplace
// link and a few write a proposal.
type generator struct {
	c         *survey.Campaign
	rng       *rand.Rand
	weights   []float64 // demand popularity
	options   [][]float64
	wpWeights []float64
	days      []string
}

var demoProposals = []string{
	"Bättre kollektivtrafik till industriområdet på helgerna.",
	"Gratis arbetskläder i hemtjänsten.",
	"Fler vårdplatser på akuten i stället för korridorsvård.",
	"Kommunen ska anställa egna vikarier i stället för att hyra in.",
	"Stoppa nedskärningarna i skolans elevhälsa.",
	"Laddplatser vid arbetsplatserna för oss som pendlar.",
	"Rätt till heltid även för timanställda i handeln.",
	"Skyddsombud i alla butiker med kvällsöppet.",
	"Friskvårdsbidrag för alla anställda, även de som jobbar deltid.",
	"Mer personal på nätterna inom LSS.",
}

func newGenerator(c *survey.Campaign, seed uint64) *generator {
	g := &generator{c: c, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	// Zipf-like popularity in a shuffled order, so the favourites are not simply the first demands.
	g.weights = zipf(len(c.Demands), 0.9)
	g.rng.Shuffle(len(g.weights), func(i, j int) { g.weights[i], g.weights[j] = g.weights[j], g.weights[i] })
	for _, q := range c.Questions {
		w := zipf(len(q.Options), 0.8)
		g.rng.Shuffle(len(w), func(i, j int) { w[i], w[j] = w[j], w[i] })
		g.options = append(g.options, w)
	}
	g.wpWeights = zipf(len(c.Workplaces), 1.1)
	start := time.Now().AddDate(0, 0, -30)
	if c.OpensAt != nil {
		start = *c.OpensAt
	}
	for i := range 30 {
		g.days = append(g.days, survey.Day(start.AddDate(0, 0, i)))
	}
	return g
}

func zipf(n int, s float64) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1 / math.Pow(float64(i+1), s)
	}
	return w
}

// pick returns an index drawn with the given weights, skipping those in taken.
func (g *generator) pick(w []float64, taken []int) int {
	total := 0.0
	for i, x := range w {
		if !contains(taken, i) {
			total += x
		}
	}
	u := g.rng.Float64() * total
	last := -1
	for i, x := range w {
		if contains(taken, i) {
			continue
		}
		last = i
		if u -= x; u < 0 {
			return i
		}
	}
	return last
}

func contains(s []int, x int) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// next fills r with a new random response.
func (g *generator) next(r *survey.Response) {
	c := g.c
	r.ID = uuid.New()
	r.Channel = survey.ChannelWeb
	if g.rng.IntN(10) == 0 {
		r.Channel = survey.ChannelPaper
	}
	r.Day = g.days[g.rng.IntN(len(g.days))]
	r.Ranking = r.Ranking[:0]
	r.Ratings = nil
	if c.Rates() && c.Scale != nil {
		g.rate(r)
	} else {
		n := c.MaxPicks
		if k := g.rng.IntN(10); k < 3 { // 30 % use fewer than all their picks
			n = max(c.MinPicks, 1+g.rng.IntN(c.MaxPicks))
		}
		var taken []int
		for range min(n, len(c.Demands)) {
			i := g.pick(g.weights, taken)
			taken = append(taken, i)
			r.Ranking = append(r.Ranking, c.Demands[i].Key)
		}
	}
	r.Background = nil
	for qi, q := range c.Questions {
		if g.rng.IntN(100) < 85 {
			if r.Background == nil {
				r.Background = map[string]string{}
			}
			r.Background[q.Key] = q.Options[g.pick(g.options[qi], nil)].Key
		}
	}
	r.Workplace = ""
	if len(c.Workplaces) > 0 && g.rng.IntN(100) < 70 {
		r.Workplace = c.Workplaces[g.pick(g.wpWeights, nil)].Code
	}
	r.Proposal = ""
	if c.AllowProposals && g.rng.IntN(100) < 4 {
		r.Proposal = demoProposals[g.rng.IntN(len(demoProposals))]
		if g.rng.IntN(2) == 0 {
			r.Proposal += " (förslag " + strconv.Itoa(g.rng.IntN(1000)) + ")"
		}
	}
}

// rate fills r's ratings for a rating campaign: every demand on offer (one in ten skipped
// unless every rating is required), popular demands rated higher, with a spread of about
// a fifth of the scale.
func (g *generator) rate(r *survey.Response) {
	s := g.c.Scale
	top := 0.0
	for _, w := range g.weights {
		top = max(top, w)
	}
	r.Ratings = map[string]int{}
	for i, d := range g.c.Demands {
		if d.Hidden || !s.RequireAll && g.rng.IntN(10) == 0 {
			continue
		}
		span := float64(s.Max - s.Min)
		mean := float64(s.Min) + span*(0.35+0.55*g.weights[i]/top)
		v := int(math.Round(mean + g.rng.NormFloat64()*span/5))
		r.Ratings[d.Key] = min(max(v, s.Min), s.Max)
	}
	if len(r.Ratings) == 0 { // at least one rating, as the rules ask
		for _, d := range g.c.Demands {
			if !d.Hidden {
				r.Ratings[d.Key] = s.Max
				break
			}
		}
	}
}

// Responses makes n random responses for c and hands them to fn in batches.
func Responses(c *survey.Campaign, n int, seed uint64, batchSize int, fn func([]*survey.Response) error) error {
	g := newGenerator(c, seed)
	batch := make([]*survey.Response, 0, batchSize)
	for i := range n {
		r := &survey.Response{}
		g.next(r)
		batch = append(batch, r)
		if len(batch) == batchSize || i == n-1 {
			if err := fn(batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	return nil
}
