package report

import "slices"

// shown is a group of a breakdown that is shown, with its exact counts, before its
// figures are perturbed and filled in.
type shown struct {
	exact *counts
	group *Group
	salt  int
	noisy *counts
	wins  [][]int
}

// breakdown turns one dimension's counts into groups, suppressing small ones. The shown
// groups get their figures later, in fill, once every breakdown is known.
func (t *Tally) breakdown(dim *dimension) (Breakdown, []*shown) {
	keys := append(slices.Clone(dim.keys), KeyNone)
	labels := append(slices.Clone(dim.labels), LabelNone)
	sizes := make([]int, len(dim.groups))
	for i, g := range dim.groups {
		sizes[i] = g.n
	}
	hidden := Suppress(sizes, t.c.AnonymityThreshold)
	b := Breakdown{By: dim.by, Groups: make([]Group, 0, len(keys)+1)}
	var other *counts
	var idx []int
	var exact []*counts
	for i, g := range dim.groups {
		if dim.question == channelDim && i == len(dim.keys) && g.n == 0 {
			continue // every stored response has a known channel: no "Ej angett" row
		}
		grp := Group{Key: keys[i], Label: labels[i], Suppressed: hidden[i]}
		if hidden[i] {
			if other == nil {
				other = newCounts(len(t.c.Demands), t.points, len(t.areaSeen))
			}
			other.merge(g)
		} else {
			idx, exact = append(idx, len(b.Groups)), append(exact, g)
		}
		b.Groups = append(b.Groups, grp)
	}
	if other != nil {
		idx, exact = append(idx, len(b.Groups)), append(exact, other)
		b.Groups = append(b.Groups, Group{Key: KeyOther, Label: LabelOther})
	}
	out := make([]*shown, len(idx))
	for j, i := range idx {
		out[j] = &shown{exact: exact[j], group: &b.Groups[i]}
	}
	return b, out
}

// fill perturbs the figures of every shown group (cell key method) and fills them in: every
// figure about a group, of ranking and rating ballots alike, is computed here from the
// group's perturbed counts, so disclosure control of group figures lives in this one place.
// Two shown groups whose records differ but whose noise came out the same on every
// figure would differ by exactly the difference of their members' ballots (for example
// workplace A and union K, when K is A but one member): the later one of such a pair
// reads the table again at other positions (salt) until the noise differs. The choice
// depends only on the counts, so the same responses always give the same report.
func (t *Tally) fill(groups []*shown) {
	k, m := t.c.AnonymityThreshold, t.c.MaxPicks
	for i, g := range groups {
		for {
			g.noisy, g.wins = g.exact.protect(k, m, g.salt)
			clash := false
			for _, h := range groups[:i] {
				if !g.exact.equal(h.exact) && sameNoise(g, h) {
					clash = true
					break
				}
			}
			if !clash || g.salt == maxSalt {
				break
			}
			g.salt++
		}
		g.group.Responses = &g.noisy.n
		g.group.Demands = demandResults(t.c, g.noisy, g.wins)
		g.group.Areas = t.areaResults(g.noisy)
	}
}

// maxSalt bounds the retries of fill; with at least one non-empty group in a pair the
// noise of its size alone differs with probability 0.74 per try.
const maxSalt = 64

// sameNoise reports whether two shown groups got the same noise on the group size and on
// every demand's picks (and, for ratings, every cell of the distributions). Those are the
// figures every output shows (the Excel crosstabs only sizes and shares), so a pair that
// differs there differs in every output.
func sameNoise(g, h *shown) bool {
	ge, gn, he, hn := g.exact, g.noisy, h.exact, h.noisy
	if gn.n-ge.n != hn.n-he.n {
		return false
	}
	for a := range ge.picks {
		if gn.picks[a]-ge.picks[a] != hn.picks[a]-he.picks[a] {
			return false
		}
	}
	for i := range ge.dist {
		if gn.dist[i]-ge.dist[i] != hn.dist[i]-he.dist[i] {
			return false
		}
	}
	return true
}

// Suppress decides which groups of one breakdown are hidden, given each group's number of
// responses and the anonymity threshold k. A group with 1 to k−1 responses is hidden. The
// hidden groups are shown together as "Övriga"; so that no hidden group can be worked out
// by subtracting the shown groups from the total, more groups are hidden, smallest first
// (ties by position), until at least two groups are hidden and together they have at least
// k responses (or every non-empty group is hidden). Empty groups are shown: they hide no one.
func Suppress(sizes []int, k int) []bool {
	hidden := make([]bool, len(sizes))
	nHidden, sum := 0, 0
	for i, n := range sizes {
		if n > 0 && n < k {
			hidden[i] = true
			nHidden++
			sum += n
		}
	}
	if nHidden == 0 {
		return hidden
	}
	order := make([]int, 0, len(sizes))
	for i, n := range sizes {
		if n > 0 && !hidden[i] {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return sizes[a] - sizes[b] })
	for _, i := range order {
		if nHidden >= 2 && sum >= k {
			break
		}
		hidden[i] = true
		nHidden++
		sum += sizes[i]
	}
	return hidden
}
