package report

import (
	"slices"
	"time"

	"kravlistan/survey"
)

// counts are the sums every measure is computed from. They add up: the counts of a union
// of groups are the sums of the groups' counts, which is how "Övriga" is made.
type counts struct {
	n int
	// key is the cell key: the sum of the counted responses' record keys modulo 2^32.
	key     uint32
	picks   []int
	firsts  []int
	borda   []int
	rankSum []int
	// above[a*d+b] is the number of ballots that picked both a and b with a ranked above b.
	// With picks it gives the whole pairwise matrix: a ballot ranks a above b when it picked
	// a and either left b out or ranked b lower, so wins(a, b) = picks[a] − above[b*d+a].
	above []int
	// dist[i*points+v] is the number of ratings scale.Min+v given to demand i (rating
	// ballots only; nil otherwise). See rating.go.
	dist []int
	// areas[j] is the number of ballots that picked at least one demand of area j (ranking
	// ballots; see areas.go).
	areas []int
	// all holds every slice above, one after the other, in this order (one allocation;
	// the encoding writes it as is).
	all []int
}

// newCounts returns empty counts for d demands in na areas; points is the number of
// values on the rating scale, 0 for ranking ballots.
func newCounts(d, points, na int) *counts {
	all := make([]int, 4*d+d*d+d*points+na)
	c := &counts{all: all}
	c.picks, all = all[:d:d], all[d:]
	c.firsts, all = all[:d:d], all[d:]
	c.borda, all = all[:d:d], all[d:]
	c.rankSum, all = all[:d:d], all[d:]
	c.above, all = all[:d*d:d*d], all[d*d:]
	if points > 0 {
		c.dist, all = all[:d*points:d*points], all[d*points:]
	}
	c.areas = all[:na:na]
	return c
}

// add counts one ballot given as demand indexes in rank order.
func (c *counts) add(ballot []int, maxPicks int, key uint32) {
	d := len(c.picks)
	c.n++
	c.key += key
	for r, a := range ballot {
		c.picks[a]++
		if r == 0 {
			c.firsts[a]++
		}
		if p := maxPicks - r; p > 0 {
			c.borda[a] += p
		}
		c.rankSum[a] += r + 1
		row := c.above[a*d:]
		for _, b := range ballot[r+1:] {
			row[b]++
		}
	}
}

func (c *counts) merge(o *counts) {
	c.n += o.n
	c.key += o.key
	for i := range c.picks {
		c.picks[i] += o.picks[i]
		c.firsts[i] += o.firsts[i]
		c.borda[i] += o.borda[i]
		c.rankSum[i] += o.rankSum[i]
	}
	for i := range c.above {
		c.above[i] += o.above[i]
	}
	for i := range c.dist {
		c.dist[i] += o.dist[i]
	}
	for i := range c.areas {
		c.areas[i] += o.areas[i]
	}
}

// equal reports whether c and o hold the same counts (most likely the same responses).
func (c *counts) equal(o *counts) bool {
	return c.n == o.n && c.key == o.key && slices.Equal(c.picks, o.picks) && slices.Equal(c.firsts, o.firsts) &&
		slices.Equal(c.borda, o.borda) && slices.Equal(c.dist, o.dist) && slices.Equal(c.areas, o.areas)
}

// wins returns the pairwise matrix: wins[a][b] ballots rank a above b.
func (c *counts) wins() [][]int {
	d := len(c.picks)
	w := make([][]int, d)
	for a := range w {
		w[a] = make([]int, d)
		for b := range w[a] {
			if a != b {
				w[a][b] = c.picks[a] - c.above[b*d+a]
			}
		}
	}
	return w
}

// dimension is one breakdown: a background question or the workplaces. Group i < len(keys)
// is option or workplace i; the last group is "Ej angett".
type dimension struct {
	by       string
	question string // the background question's key; "" for workplaces
	keys     []string
	labels   []string
	index    map[string]int
	groups   []*counts
}

// Tally accumulates ballots one at a time so that a million responses can be counted
// while they stream from the store. It keeps only sums, never the ballots.
type Tally struct {
	c      *survey.Campaign
	keys   []string // the demand keys, in the campaign's order
	index  map[string]int
	all    *counts
	dims   []*dimension
	ballot []int
	seen   []int // seen[i] == ballot number when demand i is already on this ballot
	points int   // values on the rating scale; 0 for ranking ballots
	rates  []int // the ratings of the ballot being added, as offsets into the scale; -1 = not rated
	// maxPicks and scaleMin are the campaign's, as counted (see Fits).
	maxPicks, scaleMin int
	// areaOf[i] is the area of demand i (see areas.go); areaHits the areas of the ballot
	// being added, areaSeen[j] == ballot number when area j is already among them.
	areaOf, areaSeen, areaHits []int
}

// NewTally starts counting for campaign c. There is one breakdown per background question
// and, when the campaign has workplaces, one by workplace.
func NewTally(c *survey.Campaign) *Tally {
	t := shapeOf(c).tally()
	t.bind(c)
	return t
}

// Add counts one response; r may be reused by the caller afterwards. Demand keys the
// campaign no longer has are skipped (later picks move up) and a repeated pick counts
// once. An answer that is not one of the question's options counts as "Ej angett".
func (t *Tally) Add(r *survey.Response) error {
	stamp := t.all.n + 1
	t.ballot = t.ballot[:0]
	for _, key := range r.Ranking {
		i, ok := t.index[key]
		if !ok || t.seen[i] == stamp {
			continue
		}
		t.seen[i] = stamp
		t.ballot = append(t.ballot, i)
	}
	rated := t.points > 0 && t.readRatings(r)
	max := t.maxPicks
	t.areaHits = t.areaHits[:0]
	for _, i := range t.ballot {
		if a := t.areaOf[i]; t.areaSeen[a] != stamp {
			t.areaSeen[a] = stamp
			t.areaHits = append(t.areaHits, a)
		}
	}
	t.all.add(t.ballot, max, r.Key)
	t.all.addAreas(t.areaHits)
	if rated {
		t.all.addRatings(t.rates, t.points)
	}
	for _, dim := range t.dims {
		v := r.Workplace
		switch dim.question {
		case "":
		case channelDim:
			v = string(r.Channel)
		default:
			v = r.Background[dim.question]
		}
		g, ok := dim.index[v]
		if !ok {
			g = len(dim.keys)
		}
		dim.groups[g].add(t.ballot, max, r.Key)
		dim.groups[g].addAreas(t.areaHits)
		if rated {
			dim.groups[g].addRatings(t.rates, t.points)
		}
	}
	return nil
}

// Results returns the report as of now. The same ballots always give the same report
// (apart from generated_at). The campaign-wide figures are exact; every figure of a
// breakdown group is protected by the cell key method (see cellkey.go).
func (t *Tally) Results(now time.Time) *Results {
	c := t.c
	res := &Results{Campaign: c.Slug, Title: c.Title, Responses: t.all.n, Method: c.Method, TieBreak: TieBreakRule,
		Protection:  NoiseExplanation(c.MaxPicks),
		GeneratedAt: now.UTC().Truncate(time.Second), Breakdowns: []Breakdown{}, Ballot: survey.BallotRank}
	if t.points > 0 {
		res.Ballot, res.TieBreak, res.Protection = survey.BallotRate, RatingTieBreak(c), RatingNoiseExplanation()
		sc := *c.Scale
		res.Scale = &sc
	}
	wins := t.all.wins()
	res.Demands = demandResults(c, t.all, wins)
	res.Areas = t.areaResults(t.all)
	res.Pairwise = make(map[string]map[string]int, len(c.Demands))
	for a, da := range c.Demands {
		row := make(map[string]int, len(c.Demands)-1)
		for b, db := range c.Demands {
			if a != b {
				row[db.Key] = wins[a][b]
			}
		}
		res.Pairwise[da.Key] = row
	}
	var all []*shown
	res.Breakdowns = make([]Breakdown, 0, len(t.dims))
	for _, dim := range t.dims {
		if dim.question == channelDim {
			res.Channels = channelCounts(dim)
			if !dim.several() {
				// With one channel the breakdown would only repeat the campaign.
				continue
			}
		}
		b, s := t.breakdown(dim)
		res.Breakdowns = append(res.Breakdowns, b)
		all = append(all, s...)
	}
	t.fill(all)
	return res
}
