// Package report counts a campaign's ballots into results: pure functions from a campaign
// and its responses to rankings and breakdowns. It never touches SQL or HTTP.
package report

import (
	"sort"
	"time"

	"kravlistan/survey"
)

// Results is the report document (JSON).
type Results struct {
	Campaign    string         `json:"campaign"`
	Title       string         `json:"title"`
	Responses   int            `json:"responses"`
	Method      survey.Method  `json:"method"`
	GeneratedAt time.Time      `json:"generated_at"`
	Demands     []DemandResult `json:"demands"`
}

// DemandResult holds every measure of one demand.
type DemandResult struct {
	Key          string `json:"key"`
	Title        string `json:"title"`
	Area         string `json:"area"`
	Rank         int    `json:"rank"`
	Picks        int    `json:"picks"`
	FirstChoices int    `json:"first_choices"`
}

// Tally accumulates ballots one at a time so that a million responses can be counted
// while they stream from the store.
type Tally struct {
	c      *survey.Campaign
	index  map[string]int
	n      int
	picks  []int
	firsts []int
}

// NewTally starts counting for campaign c.
func NewTally(c *survey.Campaign) *Tally {
	t := &Tally{c: c, index: make(map[string]int, len(c.Demands)),
		picks: make([]int, len(c.Demands)), firsts: make([]int, len(c.Demands))}
	for i, d := range c.Demands {
		t.index[d.Key] = i
	}
	return t
}

// Add counts one response. Demand keys the campaign no longer has are ignored.
func (t *Tally) Add(r *survey.Response) error {
	t.n++
	for rank, key := range r.Ranking {
		i, ok := t.index[key]
		if !ok {
			continue
		}
		t.picks[i]++
		if rank == 0 {
			t.firsts[i]++
		}
	}
	return nil
}

// Results returns the report as of now.
func (t *Tally) Results(now time.Time) *Results {
	res := &Results{Campaign: t.c.Slug, Title: t.c.Title, Responses: t.n, Method: t.c.Method,
		GeneratedAt: now.UTC().Truncate(time.Second), Demands: make([]DemandResult, len(t.c.Demands))}
	for i, d := range t.c.Demands {
		res.Demands[i] = DemandResult{Key: d.Key, Title: d.Title, Area: d.Area, Picks: t.picks[i], FirstChoices: t.firsts[i]}
	}
	order := make([]int, len(res.Demands))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		da, db := res.Demands[order[a]], res.Demands[order[b]]
		if da.Picks != db.Picks {
			return da.Picks > db.Picks
		}
		return da.FirstChoices > db.FirstChoices
	})
	sorted := make([]DemandResult, len(order))
	for rank, i := range order {
		sorted[rank] = res.Demands[i]
		sorted[rank].Rank = rank + 1
	}
	res.Demands = sorted
	return res
}
