package report

import "math"

// Difference says whether a group's share differs from the rest of the respondents'
// share by more than chance would explain at the 95 % level.
type Difference int

// The differences.
const (
	Same   Difference = 0  // no significant difference (or too few answers to tell)
	Higher Difference = 1  // the group's share is significantly higher than the rest's
	Lower  Difference = -1 // the group's share is significantly lower than the rest's
)

// CompareToRest tests a group's share (picks x of n ballots) against the rest of all
// ballots (picks X−x of N−n) with the two-sided two-proportion z-test with pooled
// variance, at the 95 % level, as pollsters' crosstabs mark "significantly different
// from the rest". It returns Same when either side has no ballots or nobody (or
// everybody) picked the demand.
func CompareToRest(x, n, allX, allN int) Difference {
	rx, rn := allX-x, allN-n
	if n <= 0 || rn <= 0 || x < 0 || rx < 0 || x > n || rx > rn {
		return Same
	}
	p1, p2 := float64(x)/float64(n), float64(rx)/float64(rn)
	p := float64(x+rx) / float64(n+rn)
	se := math.Sqrt(p * (1 - p) * (1/float64(n) + 1/float64(rn)))
	if se == 0 {
		return Same
	}
	z := (p1 - p2) / se
	switch {
	case z > z95:
		return Higher
	case z < -z95:
		return Lower
	}
	return Same
}

// Margin returns the margin of error of a share in percentage points: the larger
// distance from the share to either end of its 95 % Wilson interval, times 100.
// It returns 0 when there is no interval.
func Margin(d DemandResult) float64 {
	if d.ShareCI == nil {
		return 0
	}
	return 100 * math.Max(d.Share-d.ShareCI[0], d.ShareCI[1]-d.Share)
}

// Overlaps reports whether the 95 % intervals of two shares overlap.
func Overlaps(a, b DemandResult) bool {
	if a.ShareCI == nil || b.ShareCI == nil {
		return false
	}
	return a.ShareCI[0] <= b.ShareCI[1] && b.ShareCI[0] <= a.ShareCI[1]
}
