package report

import (
	"context"
	"time"

	"kravlistan/survey"
)

// Compute counts the responses of campaign c that its figures may show at time now, read
// from src, into its report: every response once c is closed, the store's snapshot while
// it is open (see survey.ResponseReader.EachCounted: it moves by at least the anonymity
// threshold at a time, so two reports never differ by fewer than k ballots). When src
// keeps a tally that fits c (survey.TallyReader) and combos is nil, the report comes from
// the tally without reading the rows; it is the same report. When combos is not nil it
// also collects the combinations of workplace and background answers (for the raw rows'
// anonymity check), which needs the rows.
func Compute(ctx context.Context, src survey.ResponseReader, c *survey.Campaign, combos *Combos, now time.Time) (*Results, error) {
	if tr, ok := src.(survey.TallyReader); ok && combos == nil {
		st, err := tr.CountedTally(ctx, c, now)
		if err != nil {
			return nil, err
		}
		if t, ok := st.(*Tally); ok && t.Fits(c) {
			res, err := t.ResultsFor(c, now)
			if err != nil {
				return nil, err
			}
			return addAccess(ctx, src, c, res)
		}
	}
	return Recount(ctx, src, c, combos, now)
}

// addAccess adds what accessOf says to a report (issue 12): who could answer.
func addAccess(ctx context.Context, src survey.ResponseReader, c *survey.Campaign, res *Results) (*Results, error) {
	var err error
	if res.Access, err = accessOf(ctx, src, c); err != nil {
		return nil, err
	}
	return res, nil
}

// Recount is Compute from the rows, never from a tally.
func Recount(ctx context.Context, src survey.ResponseReader, c *survey.Campaign, combos *Combos, now time.Time) (*Results, error) {
	t := NewTally(c)
	add := t.Add
	if combos != nil {
		add = func(r *survey.Response) error {
			_ = combos.Add(r)
			return t.Add(r)
		}
	}
	// Reading the store and counting run on two cores (see Pipelined).
	walk := func(fn func(*survey.Response) error) error { return src.EachCounted(ctx, c, now, fn) }
	if err := Pipelined(walk, c)(add); err != nil {
		return nil, err
	}
	return addAccess(ctx, src, c, t.Results(now))
}
