package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// Count is the number of responses in one group (survey.Count).
type Count = survey.Count

// Progress is how many responses a campaign has (survey.Progress).
type Progress = survey.Progress

// Progress counts the responses of a campaign by day, by workplace and by the answer to
// every background question, live and exact: for tools and tests. What an organiser sees
// comes from ProgressAt. It reads only aggregates. With a tally, the groups are the
// tally's plus the pending responses (fewer than the threshold), read in one transaction
// with the counts by day; a workplace code or option the campaign does not have counts as
// "".
func (s *Store) Progress(ctx context.Context, campaignID int64) (*Progress, error) {
	if s.tallier != nil {
		p, err := s.liveProgress(ctx, campaignID)
		if p != nil || err != nil {
			return p, err
		}
	}
	p := &Progress{ByAnswer: map[string][]Count{}}
	err := s.readTx(ctx, func(tx pgx.Tx) error {
		var err error
		if p.ByDay, err = countBy(ctx, tx, `SELECT day, n FROM response_days WHERE campaign_id = $1 ORDER BY day`, campaignID); err != nil {
			return err
		}
		for _, c := range p.ByDay {
			p.Total += c.N
		}
		if p.ByWorkplace, err = countBy(ctx, tx, `SELECT workplace, COUNT(*) FROM responses WHERE campaign_id = $1 GROUP BY workplace ORDER BY workplace COLLATE "C"`, campaignID); err != nil {
			return err
		}
		if p.ByChannel, err = countBy(ctx, tx, `SELECT channel, COUNT(*) FROM responses WHERE campaign_id = $1 GROUP BY channel ORDER BY channel COLLATE "C"`, campaignID); err != nil {
			return err
		}
		// Background answers are stored as one "q=o&q2=o2" string per response. Grouping by
		// the whole string gives one row per combination; the per-question sums are made here.
		combos, err := countBy(ctx, tx, `SELECT background, COUNT(*) FROM responses WHERE campaign_id = $1 GROUP BY background`, campaignID)
		if err != nil {
			return err
		}
		p.ByAnswer = storage.AnswerCounts(combos, p.Total)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// liveProgress is Progress from the tally and the pending rows; nil when the campaign has
// no tally.
func (s *Store) liveProgress(ctx context.Context, campaignID int64) (*Progress, error) {
	var p *Progress
	err := s.readTx(ctx, func(tx pgx.Tx) error {
		t, err := s.loadTally(ctx, tx, campaignID)
		if err != nil || t == nil {
			return err
		}
		if err := eachRow(ctx, tx, campaignID, onlyPending, nil, t.Add); err != nil {
			return err
		}
		p = &Progress{}
		if p.ByDay, err = countBy(ctx, tx, `SELECT day, n FROM response_days WHERE campaign_id = $1 ORDER BY day`, campaignID); err != nil {
			return err
		}
		for _, c := range p.ByDay {
			p.Total += c.N
		}
		p.ByWorkplace, p.ByAnswer = t.GroupCounts()
		p.ByChannel = t.ChannelCounts()
		storage.ClearCellKeys(p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// countBy reads groups: key, count and, when the query has a third column, the sum of the
// record keys.
func countBy(ctx context.Context, q queryer, query string, args ...any) ([]Count, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	withKey := len(rows.FieldDescriptions()) == 3
	var out []Count
	for rows.Next() {
		var c Count
		if withKey {
			var key int64
			if err := rows.Scan(&c.Key, &c.N, &key); err != nil {
				return nil, err
			}
			c.CellKey = uint32(key)
		} else if err := rows.Scan(&c.Key, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ProgressAt is Progress under the rules of the figures at time now: the total and the
// counts by day are live (how many have answered may be known), while the counts by
// workplace and by background answer come from the snapshot of counted responses while the
// campaign is open (all responses once it is closed), each with its cell key. Live group
// counts would tell which workplace and union the latest answer came from. The caller
// perturbs and suppresses the groups as the report does.
func (s *Store) ProgressAt(ctx context.Context, c *survey.Campaign, now time.Time) (*Progress, error) {
	p := &Progress{ByAnswer: map[string][]Count{}}
	var err error
	if p.ByDay, err = countBy(ctx, s.pool, `SELECT day, n, 0::bigint FROM response_days WHERE campaign_id = $1 ORDER BY day`, c.ID); err != nil {
		return nil, err
	}
	for _, d := range p.ByDay {
		p.Total += d.N
	}
	// The groups come from the tally when the store keeps one (the same counts and cell
	// keys, without reading the rows).
	if t, err := s.CountedTally(ctx, c, now); err != nil {
		return nil, err
	} else if t != nil {
		p.ByWorkplace, p.ByAnswer = t.GroupCounts()
		p.ByChannel = t.ChannelCounts()
		return p, nil
	}
	closed := c.ClosedAt(now)
	err = s.readTx(ctx, func(tx pgx.Tx) error {
		const snap = ` FROM responses WHERE campaign_id = $1 AND ($2 OR ` + unlisted + `) `
		// SUM(rkey) modulo 2^32 is what the cell key needs; bigint sums do not overflow here.
		var err error
		if p.ByWorkplace, err = countBy(ctx, tx, `SELECT workplace, COUNT(*), SUM(rkey)::bigint`+snap+`GROUP BY workplace ORDER BY workplace COLLATE "C"`, c.ID, closed); err != nil {
			return err
		}
		if p.ByChannel, err = countBy(ctx, tx, `SELECT channel, COUNT(*), SUM(rkey)::bigint`+snap+`GROUP BY channel ORDER BY channel COLLATE "C"`, c.ID, closed); err != nil {
			return err
		}
		combos, err := countBy(ctx, tx, `SELECT background, COUNT(*), SUM(rkey)::bigint`+snap+`GROUP BY background`, c.ID, closed)
		if err != nil {
			return err
		}
		var counted int
		var allKeys uint32
		for _, w := range p.ByWorkplace {
			counted += w.N
			allKeys += w.CellKey
		}
		p.ByAnswer = storage.AnswerCountsKeyed(combos, c.Questions, counted, allKeys)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}
