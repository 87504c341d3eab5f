package report

import (
	"math"
	"slices"

	"kravlistan/survey"
)

// z95 is the standard normal quantile for a two-sided 95 % interval.
const z95 = 1.959963984540054

// Wilson returns the 95 % Wilson score interval for k successes out of n.
// It is undefined for n = 0, when ok is false.
func Wilson(k, n int) (low, high float64, ok bool) {
	if n <= 0 {
		return 0, 0, false
	}
	nf := float64(n)
	p := float64(k) / nf
	z2 := z95 * z95
	den := 1 + z2/nf
	center := (p + z2/(2*nf)) / den
	half := z95 / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return math.Max(0, center-half), math.Min(1, center+half), true
}

// SchulzeStrengths returns the strengths of the strongest paths for the pairwise matrix d
// (d[a][b] = ballots ranking a above b): p[a][b] is the largest, over all paths from a to b,
// of the weakest link, where a link a→b exists when d[a][b] > d[b][a] and weighs d[a][b].
func SchulzeStrengths(d [][]int) [][]int {
	n := len(d)
	p := make([][]int, n)
	for i := range p {
		p[i] = make([]int, n)
		for j := range p[i] {
			if i != j && d[i][j] > d[j][i] {
				p[i][j] = d[i][j]
			}
		}
	}
	for k := 0; k < n; k++ {
		for i := 0; i < n; i++ {
			if i == k || p[i][k] == 0 {
				continue
			}
			for j := 0; j < n; j++ {
				if j == i || j == k {
					continue
				}
				if s := min(p[i][k], p[k][j]); s > p[i][j] {
					p[i][j] = s
				}
			}
		}
	}
	return p
}

// SchulzeOrder returns the candidates of the pairwise matrix d from first to last by
// Schulze's method. Schulze's relation (a beats b when p[a][b] > p[b][a]) is transitive but
// may leave candidates tied; each place goes to a candidate no remaining candidate beats,
// and when there are several, to the first by less: the tie-break is deterministic.
func SchulzeOrder(d [][]int, less func(a, b int) bool) []int {
	p := SchulzeStrengths(d)
	n := len(d)
	left := make([]int, n)
	for i := range left {
		left[i] = i
	}
	order := make([]int, 0, n)
	for len(left) > 0 {
		best := -1
		for _, a := range left {
			beaten := false
			for _, b := range left {
				if b != a && p[b][a] > p[a][b] {
					beaten = true
					break
				}
			}
			if !beaten && (best < 0 || less(a, best)) {
				best = a
			}
		}
		order = append(order, best)
		left = slices.DeleteFunc(left, func(x int) bool { return x == best })
	}
	return order
}

// demandResults computes every measure of every demand from counts and returns the demands
// in headline order by the campaign's method.
func demandResults(c *survey.Campaign, k *counts, wins [][]int) []DemandResult {
	ds := make([]DemandResult, len(c.Demands))
	for i, d := range c.Demands {
		r := DemandResult{Key: d.Key, Title: d.Title, Area: d.Area, Picks: k.picks[i],
			FirstChoices: k.firsts[i], Borda: k.borda[i]}
		if k.n > 0 {
			r.Share = round(float64(r.Picks)/float64(k.n), 4)
			lo, hi, _ := Wilson(r.Picks, k.n)
			r.ShareCI = &[2]float64{round(lo, 4), round(hi, 4)}
		}
		if r.Picks > 0 {
			m := round(float64(k.rankSum[i])/float64(r.Picks), 3)
			r.MeanRank = &m
		}
		ds[i] = r
	}
	// tie is the tie-break shared by every method: picks, first choices, position.
	tie := func(a, b int) int {
		if ds[a].Picks != ds[b].Picks {
			return ds[b].Picks - ds[a].Picks
		}
		if ds[a].FirstChoices != ds[b].FirstChoices {
			return ds[b].FirstChoices - ds[a].FirstChoices
		}
		return a - b
	}
	for place, i := range SchulzeOrder(wins, func(a, b int) bool { return tie(a, b) < 0 }) {
		ds[i].SchulzeRank = place + 1
	}
	if k.dist != nil {
		for i := range ds {
			ds[i].Ratings = ratingResult(k.dist[i*c.Scale.Points():(i+1)*c.Scale.Points()], *c.Scale, k.n)
		}
	}
	order := make([]int, len(ds))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		switch c.Method {
		case survey.MethodMean, survey.MethodTopBox:
			if r := compareRatings(ds[a].Ratings, ds[b].Ratings, c.Method); r != 0 {
				return r
			}
			return a - b
		case survey.MethodSchulze:
			return ds[a].SchulzeRank - ds[b].SchulzeRank
		case survey.MethodBorda, "":
			if ds[a].Borda != ds[b].Borda {
				return ds[b].Borda - ds[a].Borda
			}
		}
		return tie(a, b)
	})
	out := make([]DemandResult, len(ds))
	for place, i := range order {
		out[place] = ds[i]
		out[place].Rank = place + 1
	}
	return out
}

func round(x float64, places int) float64 {
	f := math.Pow(10, float64(places))
	return math.Round(x*f) / f
}
