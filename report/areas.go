package report

import "kravlistan/survey"

// Results by policy area (issue 14): the Trondheim model asks which areas members want the
// parties to focus on, so the report also says, for each area, how many members picked at
// least one of its demands, and what share of all members that is. Campaign-wide the
// figures are exact; in a breakdown group they are protected by the cell key method like
// every other count of a group (cellkey.go). A ballot counts once per area however many of
// the area's demands it picked. Rating ballots have no picks: their area summary is empty.

// AreaResult is one area's line: Members picked at least one of its demands; Share is
// Members divided by the responses of the campaign (or the group).
type AreaResult struct {
	Area    string  `json:"area"`
	Members int     `json:"members"`
	Share   float64 `json:"share"`
}

// areasOf numbers the areas of c's demands in the order they first appear (hidden demands
// included: ballots that picked them still count) and returns the area of each demand
// and the names.
func areasOf(c *survey.Campaign) ([]int, []string) {
	of := make([]int, len(c.Demands))
	idx := map[string]int{}
	var names []string
	for i, d := range c.Demands {
		a, ok := idx[d.Area]
		if !ok {
			a = len(names)
			idx[d.Area] = a
			names = append(names, d.Area)
		}
		of[i] = a
	}
	return of, names
}

// areaCount is the number of areas in an area-of-demand list numbered by first appearance.
func areaCount(of []int) int {
	n := 0
	for _, a := range of {
		n = max(n, a+1)
	}
	return n
}

// addAreas counts one ballot in each of the areas hits (distinct).
func (c *counts) addAreas(hits []int) {
	for _, a := range hits {
		c.areas[a]++
	}
}

// areaResults turns counts into the area summary, in area order; nil for rating ballots.
func (t *Tally) areaResults(c *counts) []AreaResult {
	if t.points > 0 {
		return nil
	}
	_, names := areasOf(t.c)
	out := make([]AreaResult, 0, len(c.areas))
	for i, n := range c.areas {
		ar := AreaResult{Members: n}
		if i < len(names) {
			ar.Area = names[i]
		}
		if c.n > 0 {
			ar.Share = float64(n) / float64(c.n)
		}
		out = append(out, ar)
	}
	return out
}

// AddProvenance sets the provenance of every campaign-wide demand of res from the
// campaign's proposals ps; a demand no proposal was merged into gets zeros, so that every
// demand of the JSON document carries one. res.Provenance gets the whole list's, each
// workplace counted once, when any proposal was merged.
func AddProvenance(res *Results, ps []survey.Proposal) {
	pv := survey.ProvenanceOf(ps)
	for i := range res.Demands {
		p := pv[res.Demands[i].Key]
		res.Demands[i].Provenance = &p
	}
	res.Provenance = nil
	if n, w := ProvenanceTotal(ps); n > 0 {
		total := survey.Provenance{Proposals: n, Workplaces: w}
		for _, p := range pv {
			total.MeetingMembers += p.MeetingMembers
		}
		res.Provenance = &total
	}
}

// ProvenanceTotal is how many proposals the demands of res were built from, and from how
// many workplaces (each counted once, from the proposals themselves).
func ProvenanceTotal(ps []survey.Proposal) (proposals, workplaces int) {
	wps := map[string]bool{}
	for _, p := range ps {
		if p.Status != survey.ProposalMerged || p.Demand == "" {
			continue
		}
		proposals++
		if p.Workplace != "" {
			wps[p.Workplace] = true
		}
	}
	return proposals, len(wps)
}
