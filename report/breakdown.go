package report

import "slices"

// breakdown turns one dimension's counts into groups, suppressing small ones.
func (t *Tally) breakdown(dim *dimension) Breakdown {
	keys := append(slices.Clone(dim.keys), KeyNone)
	labels := append(slices.Clone(dim.labels), LabelNone)
	sizes := make([]int, len(dim.groups))
	for i, g := range dim.groups {
		sizes[i] = g.n
	}
	hidden := Suppress(sizes, t.c.AnonymityThreshold)
	b := Breakdown{By: dim.by, Groups: make([]Group, 0, len(keys)+1)}
	var other *counts
	for i, g := range dim.groups {
		grp := Group{Key: keys[i], Label: labels[i], Suppressed: hidden[i]}
		if hidden[i] {
			if other == nil {
				other = newCounts(len(t.c.Demands), t.points)
			}
			other.merge(g)
		} else {
			grp.Responses = &g.n
			grp.Demands = t.groupResults(g)
		}
		b.Groups = append(b.Groups, grp)
	}
	if other != nil {
		n := other.n
		b.Groups = append(b.Groups, Group{Key: KeyOther, Label: LabelOther, Responses: &n,
			Demands: t.groupResults(other)})
	}
	return b
}

// groupResults computes the demand results of one shown group of a breakdown (the
// "Övriga" group included). Every figure about a group, of ranking and rating ballots
// alike, is computed here from the group's counts, so disclosure control of group
// figures belongs in this one function.
func (t *Tally) groupResults(g *counts) []DemandResult {
	return demandResults(t.c, g, g.wins())
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
