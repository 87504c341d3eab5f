package report

import (
	"context"
	"time"

	"kravlistan/survey"
)

// Compute counts every stored response of campaign c, read from src, into its report as
// of now. When combos is not nil it also collects the combinations of workplace and
// background answers (for the anonymity check of breakdowns).
func Compute(ctx context.Context, src survey.ResponseReader, c *survey.Campaign, combos *Combos, now time.Time) (*Results, error) {
	t := NewTally(c)
	add := t.Add
	if combos != nil {
		add = func(r *survey.Response) error {
			_ = combos.Add(r)
			return t.Add(r)
		}
	}
	if err := src.EachResponse(ctx, c.ID, survey.Unordered, add); err != nil {
		return nil, err
	}
	return t.Results(now), nil
}
