package report

import (
	"math"
	"strconv"

	"kravlistan/survey"
)

// RatingResult holds the measures of one demand of a rating ballot, overall or within one
// group. They are all computed from the distribution, which adds up across groups.
type RatingResult struct {
	// N is the number of members who rated the demand; Skipped the number who answered
	// but left it unrated.
	N       int `json:"n"`
	Skipped int `json:"skipped"`
	// Mean is the mean rating, MeanCI its 95 % interval (Student's t, kept within the
	// scale); null when too few rated the demand (no ratings; fewer than two for the
	// interval).
	Mean   *float64    `json:"mean"`
	MeanCI *[2]float64 `json:"mean_ci"`
	// Median is the middle rating (the mean of the two middle ones for an even number).
	Median *float64 `json:"median"`
	// Distribution[i] is the number of ratings Scale.Min+i.
	Distribution []int `json:"distribution"`
	// TopBox is the share of ratings in the top box (e.g. 8–10), TopBoxCI its 95 % Wilson
	// interval; null when nobody rated the demand.
	TopBox   *float64    `json:"top_box"`
	TopBoxCI *[2]float64 `json:"top_box_ci"`

	// The exact sums the headline order compares, so that rounding never decides it.
	sum, top int
}

// ratingResult computes the measures of one demand from its distribution over scale s
// (dist[i] ratings of s.Min+i); responses is the number of ballots in the group, of which
// those that did not rate the demand are Skipped.
func ratingResult(dist []int, s survey.Scale, responses int) *RatingResult {
	r := &RatingResult{Distribution: append([]int(nil), dist...)}
	var sumsq int
	for i, k := range dist {
		v := s.Min + i
		r.N += k
		r.sum += k * v
		sumsq += k * v * v
		if v >= s.TopBox {
			r.top += k
		}
	}
	r.Skipped = max(0, responses-r.N)
	if r.N == 0 {
		return r
	}
	n := float64(r.N)
	mean := float64(r.sum) / n
	r.Mean = ptr(round(mean, 3))
	r.Median = ptr(median(dist, s.Min, r.N))
	share := float64(r.top) / n
	r.TopBox = ptr(round(share, 4))
	lo, hi, _ := Wilson(r.top, r.N)
	r.TopBoxCI = &[2]float64{round(lo, 4), round(hi, 4)}
	if r.N >= 2 {
		// n·Σv² − (Σv)² in integers: exact, no cancellation.
		ss := float64(r.N*sumsq - r.sum*r.sum)
		sd := math.Sqrt(ss / (n * (n - 1)))
		half := TQuantile975(r.N-1) * sd / math.Sqrt(n)
		lo := math.Max(float64(s.Min), mean-half)
		hi := math.Min(float64(s.Max), mean+half)
		r.MeanCI = &[2]float64{round(lo, 3), round(hi, 3)}
	}
	return r
}

func ptr(x float64) *float64 { return &x }

// median returns the median of n ratings with distribution dist over a scale starting at
// min: the middle rating, or the mean of the two middle ones when n is even.
func median(dist []int, min, n int) float64 {
	// nth returns the k-th smallest rating (1-based).
	nth := func(k int) int {
		seen := 0
		for i, c := range dist {
			seen += c
			if seen >= k {
				return min + i
			}
		}
		return min + len(dist) - 1
	}
	if n%2 == 1 {
		return float64(nth((n + 1) / 2))
	}
	return float64(nth(n/2)+nth(n/2+1)) / 2
}

// compareRatings orders two demands of a rating ballot for the headline list: by mean
// (method mean) or top-box share (method top_box), descending, the other measure breaking
// ties; a demand nobody rated comes after every rated one. Fractions are compared
// exactly by cross-multiplying. Zero means a tie, which the caller breaks by position.
func compareRatings(a, b *RatingResult, m survey.Method) int {
	an, bn := 0, 0
	if a != nil {
		an = a.N
	}
	if b != nil {
		bn = b.N
	}
	if an == 0 || bn == 0 {
		return cmpInt(an == 0, bn == 0)
	}
	// x_a/n_a > x_b/n_b ⇔ x_a·n_b > x_b·n_a; descending, so b's side comes first.
	byMean := cmpInt64(int64(b.sum)*int64(an), int64(a.sum)*int64(bn))
	byTop := cmpInt64(int64(b.top)*int64(an), int64(a.top)*int64(bn))
	if m == survey.MethodTopBox {
		if byTop != 0 {
			return byTop
		}
		return byMean
	}
	if byMean != 0 {
		return byMean
	}
	return byTop
}

func cmpInt(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// readRatings turns r's ratings into offsets on the scale in t.rates (-1 where the demand
// is not rated) and reports whether any rating counts. Ratings of demands the campaign no
// longer has, and ratings off the current scale (the scale was changed after they were
// given), are left out.
func (t *Tally) readRatings(r *survey.Response) bool {
	// One lookup per demand of the campaign: cheaper than walking the map and looking
	// each key up in the index, and keys the campaign no longer has are never seen.
	any := false
	for i, key := range t.keys {
		t.rates[i] = -1
		if v, ok := r.Ratings[key]; ok && v >= t.scaleMin && v < t.scaleMin+t.points {
			t.rates[i] = v - t.scaleMin
			any = true
		}
	}
	return any
}

// addRatings counts one ballot's ratings (offsets on the scale, -1 = not rated).
func (c *counts) addRatings(rates []int, points int) {
	for i, v := range rates {
		if v >= 0 {
			c.dist[i*points+v]++
		}
	}
}

// RatingTieBreak explains in Swedish how a rating campaign's headline order is decided,
// ties included, and what a skipped rating means; every rating report carries it.
func RatingTieBreak(c *survey.Campaign) string {
	top := "andelen som gav " + c.Scale.TopBoxLabel()
	if c.Method == survey.MethodTopBox {
		return "Kraven är ordnade efter " + top + ". Lika andel avgörs av medelbetyget, sedan av kravets plats i kampanjens lista. " +
			"Den som hoppade över ett krav räknas inte för det kravet. Samma svar ger alltid samma ordning."
	}
	return "Kraven är ordnade efter medelbetyget. Lika medelbetyg avgörs av " + top + ", sedan av kravets plats i kampanjens lista. " +
		"Den som hoppade över ett krav räknas inte för det kravet. Samma svar ger alltid samma ordning."
}

// RatingExplanation explains the measures of a rating campaign in plain Swedish.
func RatingExplanation(c *survey.Campaign) string {
	s := c.Scale
	return "Medlemmarna gav varje krav ett betyg från " + strconv.Itoa(s.Min) + " till " + strconv.Itoa(s.Max) + ". " +
		"Medelbetyget visas med ett 95-procentigt konfidensintervall (t-fördelningen), andelen som gav " +
		s.TopBoxLabel() + " med ett 95-procentigt Wilsonintervall."
}

// TQuantile975 returns the 97.5 % quantile of Student's t distribution with df degrees of
// freedom: the factor of a two-sided 95 % interval of a mean. It solves
// I_x(df/2, 1/2) = 0.05 with x = df/(df+t²) by bisection on t.
func TQuantile975(df int) float64 {
	if df < 1 {
		return math.NaN()
	}
	v := float64(df)
	// tail(t) = P(|T| > t), decreasing in t.
	tail := func(t float64) float64 { return regIncBeta(v/2, 0.5, v/(v+t*t)) }
	lo, hi := 0.0, 1.0
	for tail(hi) > 0.05 {
		hi *= 2
	}
	for range 100 {
		mid := (lo + hi) / 2
		if tail(mid) > 0.05 {
			lo = mid
		} else {
			hi = mid
		}
		if hi-lo < 1e-12 {
			break
		}
	}
	return (lo + hi) / 2
}

// regIncBeta returns the regularized incomplete beta function I_x(a, b), by the continued
// fraction of Numerical Recipes (§6.4) evaluated with the modified Lentz method.
func regIncBeta(a, b, x float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(lab - la - lb + a*math.Log(x) + b*math.Log(1-x))
	if x < (a+1)/(a+b+2) {
		return front * betaCF(a, b, x) / a
	}
	return 1 - front*betaCF(b, a, 1-x)/b
}

func betaCF(a, b, x float64) float64 {
	const tiny = 1e-300
	c, d := 1.0, 1-(a+b)*x/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 300; m++ {
		mf := float64(m)
		aa := mf * (b - mf) * x / ((a + 2*mf - 1) * (a + 2*mf))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		aa = -(a + mf) * (a + b + mf) * x / ((a + 2*mf) * (a + 2*mf + 1))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-15 {
			break
		}
	}
	return h
}
