package sqlite

import (
	"context"
	"kravlistan/survey"
	"strings"
)

// Count is the number of responses in one group (survey.Count).
type Count = survey.Count

// Progress is how many responses a campaign has (survey.Progress).
type Progress = survey.Progress

// Progress counts the responses of a campaign by day, by workplace and by the answer to
// every background question. It reads only aggregates: no row of a response leaves SQLite.
func (s *Store) Progress(ctx context.Context, campaignID int64) (*Progress, error) {
	p := &Progress{ByAnswer: map[string][]Count{}}
	var err error
	if p.ByDay, err = s.countBy(ctx, `SELECT day, COUNT(*) FROM responses WHERE campaign_id = ? GROUP BY day ORDER BY day`, campaignID); err != nil {
		return nil, err
	}
	for _, c := range p.ByDay {
		p.Total += c.N
	}
	if p.ByWorkplace, err = s.countBy(ctx, `SELECT workplace, COUNT(*) FROM responses WHERE campaign_id = ? GROUP BY workplace ORDER BY workplace`, campaignID); err != nil {
		return nil, err
	}
	// Background answers are stored as one "q=o&q2=o2" string per response. Grouping by the
	// whole string gives one row per combination (few: the product of the options at most,
	// bounded by the responses); the per-question sums are made here.
	combos, err := s.countBy(ctx, `SELECT background, COUNT(*) FROM responses WHERE campaign_id = ? GROUP BY background`, campaignID)
	if err != nil {
		return nil, err
	}
	sums := map[string]map[string]int{}
	for _, c := range combos {
		if c.Key == "" {
			continue
		}
		for kv := range strings.SplitSeq(c.Key, "&") {
			q, o, _ := strings.Cut(kv, "=")
			if sums[q] == nil {
				sums[q] = map[string]int{}
			}
			sums[q][o] += c.N
		}
	}
	for q, m := range sums {
		answered := 0
		for o, n := range m {
			p.ByAnswer[q] = append(p.ByAnswer[q], Count{Key: o, N: n})
			answered += n
		}
		if skipped := p.Total - answered; skipped > 0 {
			p.ByAnswer[q] = append(p.ByAnswer[q], Count{Key: "", N: skipped})
		}
	}
	return p, nil
}

func (s *Store) countBy(ctx context.Context, query string, campaignID int64) ([]Count, error) {
	rows, err := s.r.QueryContext(ctx, query, campaignID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Count
	for rows.Next() {
		var c Count
		if err := rows.Scan(&c.Key, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
