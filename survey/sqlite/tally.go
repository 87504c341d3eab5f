package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"kravlistan/survey"
)

// The tally (issue 18, migration 0007). Every campaign has at most one row in tallies: the
// sums of its counted responses (survey.Tally, encoded by the Tallier the store was opened
// with). It changes only inside write transactions that change what it counts:
//
//   - when pending responses become counted (the snapshot moves, see countPending), they
//     are added to it in the same transaction, once per batch;
//   - when a campaign is saved, a tally that no longer fits its shape (demands, max picks,
//     scale, questions, workplaces) is counted again from the rows in the same transaction;
//   - a store opened without a Tallier cannot keep tallies: it deletes the tally of every
//     campaign it changes, in the same transaction, so no stale tally survives;
//   - when the store opens (after migrations), every campaign without a tally that fits
//     is counted from its rows.
//
// So the tally commits with its rows or not at all, and a tally that is present always
// counts exactly the counted responses. Readers (CountedTally) add the pending responses,
// fewer than the anonymity threshold, from their rows once a campaign is closed.

// Options configure a store.
type Options struct {
	// Tallier makes and reads the tally of each campaign (report.Tallies). Without one the
	// store keeps no tallies and readers count the rows.
	Tallier survey.Tallier
	// KeepTallies leaves missing and stale tallies as they are when the store opens
	// (kravlistan verify -tally reads them as a crash left them).
	KeepTallies bool
}

type txQueryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// loadTally reads and decodes the tally of a campaign; nil when there is none (or the store
// has no Tallier).
func (s *Store) loadTally(ctx context.Context, q txQueryer, campaignID int64) (survey.Tally, error) {
	if s.tallier == nil {
		return nil, nil
	}
	var b []byte
	err := q.QueryRowContext(ctx, `SELECT data FROM tallies WHERE campaign_id = ?`, campaignID).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read tally: %w", err)
	}
	t, err := s.tallier.DecodeTally(b)
	if err != nil {
		// A tally that cannot be read is recounted, never trusted.
		return nil, nil
	}
	return t, nil
}

func (s *Store) saveTally(ctx context.Context, tx *sql.Tx, campaignID int64, t survey.Tally) error {
	b, err := t.AppendBinary(s.tallyBuf[:0])
	if err != nil {
		return err
	}
	s.tallyBuf = b
	if _, err := tx.ExecContext(ctx, `INSERT INTO tallies (campaign_id, responses, data) VALUES (?, ?, ?)
		ON CONFLICT (campaign_id) DO UPDATE SET responses = excluded.responses, data = excluded.data`, campaignID, t.Responses(), b); err != nil {
		return fmt.Errorf("store tally: %w", err)
	}
	return nil
}

func dropTally(ctx context.Context, tx *sql.Tx, campaignID int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM tallies WHERE campaign_id = ?`, campaignID)
	return err
}

// rebuildTally counts the counted responses of c from its rows into a new tally and stores
// it, inside tx.
func (s *Store) rebuildTally(ctx context.Context, tx *sql.Tx, c *survey.Campaign) error {
	if s.tallier == nil {
		return dropTally(ctx, tx, c.ID)
	}
	t := s.tallier.NewTally(c)
	if err := eachRow(ctx, tx, c.ID, onlyCounted, t.Add); err != nil {
		return fmt.Errorf("count tally of %s: %w", c.Slug, err)
	}
	return s.saveTally(ctx, tx, c.ID, t)
}

// insertCampaign runs the INSERT of a new campaign c with its empty tally, in one
// transaction, so that every campaign of a store with a Tallier has a tally.
func (s *Store) insertCampaign(ctx context.Context, c *survey.Campaign, insert string, args ...any) (sql.Result, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, insert, args...)
	if err != nil {
		return nil, err
	}
	if len(c.Assemblies) > 0 {
		id, err := res.LastInsertId()
		if err != nil {
			return nil, err
		}
		if err := s.replaceAssemblies(ctx, tx, id, c.Assemblies); err != nil {
			return nil, err
		}
	} else if err := survey.UnknownAssemblies(c, []survey.Assembly{survey.DefaultAssembly()}); err != nil {
		return nil, err
	}
	if s.tallier != nil {
		id, err := res.LastInsertId()
		if err != nil {
			return nil, err
		}
		if err := s.saveTally(ctx, tx, id, s.tallier.NewTally(c)); err != nil {
			return nil, err
		}
	}
	return res, tx.Commit()
}

// campaignByID loads a campaign (defaults applied) inside q.
func (s *Store) campaignByID(ctx context.Context, q txQueryer, id int64) (*survey.Campaign, error) {
	var slug string
	if err := q.QueryRowContext(ctx, `SELECT slug FROM campaigns WHERE id = ?`, id).Scan(&slug); err != nil {
		return nil, fmt.Errorf("campaign %d: %w", id, err)
	}
	return s.loadCampaign(ctx, q, slug)
}

// threshold returns the anonymity threshold of a campaign, read in tx.
func threshold(ctx context.Context, tx *sql.Tx, campaignID int64) (int, error) {
	var k int
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(NULLIF(json_extract(doc, '$.anonymity_threshold'), 0), ?2)
		FROM campaigns WHERE id = ?1`, campaignID, survey.DefaultAnonymityThreshold).Scan(&k)
	return k, err
}

// countPending marks every pending response of a campaign counted, adding them to its
// tally (read from their rows), when there are at least the campaign's anonymity threshold
// of them or when force is set (see migration 0006): the snapshot that readers of an open
// campaign see moves by at least k ballots at once. The tally and the flags change in tx,
// together. Batches of new responses use pendingBatch, which needs no rows read back.
func (s *Store) countPending(ctx context.Context, tx *sql.Tx, campaignID int64, force bool) error {
	if !force {
		var pending int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pending WHERE campaign_id = ?`,
			campaignID).Scan(&pending); err != nil {
			return fmt.Errorf("advance snapshot: %w", err)
		}
		k, err := threshold(ctx, tx, campaignID)
		if err != nil {
			return fmt.Errorf("advance snapshot: %w", err)
		}
		if pending == 0 || pending < k {
			return nil
		}
	}
	return s.markCounted(ctx, tx, campaignID, nil)
}

// markCounted adds the pending responses of a campaign to its tally and marks them
// counted. pending, when not nil, holds them already (pendingBatch); else they are read
// from their rows. A campaign without a tally gets one counted from all its rows.
func (s *Store) markCounted(ctx context.Context, tx *sql.Tx, campaignID int64, pending []*survey.Response) error {
	if s.tallier == nil {
		if err := dropTally(ctx, tx, campaignID); err != nil {
			return err
		}
	} else {
		t, err := s.loadTally(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		switch {
		case t == nil:
			// No tally (a store opened without a Tallier changed the campaign): count the
			// rows, pending ones included since they are counted now.
			c, err := s.campaignByID(ctx, tx, campaignID)
			if err != nil {
				return err
			}
			t = s.tallier.NewTally(c)
			if err := eachRow(ctx, tx, campaignID, allRows, t.Add); err != nil {
				return err
			}
		case pending != nil:
			for _, r := range pending {
				if err := t.Add(r); err != nil {
					return err
				}
			}
		default:
			if err := eachRow(ctx, tx, campaignID, onlyPending, t.Add); err != nil {
				return err
			}
		}
		if err := s.saveTally(ctx, tx, campaignID, t); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM pending WHERE campaign_id = ?`, campaignID); err != nil {
		return fmt.Errorf("advance snapshot: %w", err)
	}
	return nil
}

// pendingBatch follows, per campaign, the pending responses of a write transaction that
// stores new ones: those pending before it (fewer than the threshold, read once) and those
// it creates, so that when they reach the threshold they are added to the tally without
// reading them back.
type pendingBatch struct {
	s    *Store
	m    map[int64][]*survey.Response
	days map[campaignDay]int // new responses by campaign and day (response_days)
}

type campaignDay struct {
	id  int64
	day string
}

func (s *Store) newPendingBatch() *pendingBatch {
	return &pendingBatch{s: s, m: map[int64][]*survey.Response{}, days: map[campaignDay]int{}}
}

// before reads the responses of a campaign pending before the transaction; call it before
// the transaction stores the campaign's first new response.
func (p *pendingBatch) before(ctx context.Context, tx *sql.Tx, campaignID int64) error {
	if _, ok := p.m[campaignID]; ok {
		return nil
	}
	old := []*survey.Response{}
	err := eachRow(ctx, tx, campaignID, onlyPending, func(r *survey.Response) error {
		cp := *r
		cp.Ranking = slices.Clone(r.Ranking)
		cp.Background = maps.Clone(r.Background)
		cp.Ratings = maps.Clone(r.Ratings)
		old = append(old, &cp)
		return nil
	})
	p.m[campaignID] = old
	return err
}

// created notes a response the transaction stored, pending, with record key key.
func (p *pendingBatch) created(campaignID int64, r *survey.Response, key int64) {
	cp := *r
	cp.Key = uint32(key)
	p.m[campaignID] = append(p.m[campaignID], &cp)
	p.days[campaignDay{campaignID, r.Day}]++
}

// advance adds the new responses to the counts by day and moves the snapshot of every
// campaign whose pending responses reached its threshold, adding them to its tally.
func (p *pendingBatch) advance(ctx context.Context, tx *sql.Tx) error {
	for cd, n := range p.days {
		if _, err := tx.ExecContext(ctx, `INSERT INTO response_days (campaign_id, day, n) VALUES (?, ?, ?)
			ON CONFLICT (campaign_id, day) DO UPDATE SET n = n + excluded.n`, cd.id, cd.day, n); err != nil {
			return fmt.Errorf("count by day: %w", err)
		}
	}
	for id, pending := range p.m {
		if len(pending) == 0 {
			continue
		}
		k, err := threshold(ctx, tx, id)
		if err != nil {
			return fmt.Errorf("advance snapshot: %w", err)
		}
		if len(pending) < k {
			continue
		}
		if err := p.s.markCounted(ctx, tx, id, pending); err != nil {
			return err
		}
	}
	return nil
}

// refreshTally runs in the transaction that saves campaign c (new version, its id set):
// a tally that no longer fits c's shape is counted again from the rows.
func (s *Store) refreshTally(ctx context.Context, tx *sql.Tx, c *survey.Campaign) error {
	t, err := s.loadTally(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	if t != nil && t.Fits(c) {
		return nil
	}
	return s.rebuildTally(ctx, tx, c)
}

// refreshTallies counts again, each in its own transaction, the tally of every campaign
// that has none or one that does not fit (after a migration, or after a store without a
// Tallier wrote). It runs when the store opens.
func (s *Store) refreshTallies(ctx context.Context) error {
	if s.tallier == nil {
		return nil
	}
	rows, err := s.w.QueryContext(ctx, `SELECT slug FROM campaigns ORDER BY id`)
	if err != nil {
		return err
	}
	var slugs []string
	for rows.Next() {
		var slug string
		if err := rows.Scan(&slug); err != nil {
			rows.Close()
			return err
		}
		slugs = append(slugs, slug)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, slug := range slugs {
		if err := s.RefreshTally(ctx, slug, false); err != nil {
			return err
		}
	}
	return nil
}

// RefreshTally counts the tally of a campaign again from its rows when it is missing or
// does not fit the campaign, or always when force is set (on demand: kravlistan verify
// -tally -fix).
func (s *Store) RefreshTally(ctx context.Context, slug string, force bool) error {
	if s.tallier == nil {
		return errors.New("this store keeps no tallies")
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	c, err := s.loadCampaign(ctx, tx, slug)
	if err != nil {
		return err
	}
	if force {
		err = s.rebuildTally(ctx, tx, c)
	} else {
		err = s.refreshTally(ctx, tx, c)
	}
	if err != nil {
		return err
	}
	return tx.Commit()
}

// CountedTally returns the tally of exactly the responses EachCounted walks for c at time
// now (survey.TallyReader): the stored tally, plus the pending responses read from their
// rows (fewer than the anonymity threshold) once c is closed, all in one read
// transaction. It returns nil when the store keeps no tally that fits c; the caller then
// counts the rows.
func (s *Store) CountedTally(ctx context.Context, c *survey.Campaign, now time.Time) (survey.Tally, error) {
	if s.tallier == nil {
		return nil, nil
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	t, err := s.loadTally(ctx, tx, c.ID)
	if err != nil || t == nil || !t.Fits(c) {
		return nil, err
	}
	if c.ClosedAt(now) {
		if err := eachRow(ctx, tx, c.ID, onlyPending, t.Add); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// DayCountsMatch reports whether the counts by day (response_days) of a campaign are the
// counts of its rows, for kravlistan verify -tally.
func (s *Store) DayCountsMatch(ctx context.Context, campaignID int64) (bool, error) {
	var n int
	const days, rows = `SELECT day, n FROM response_days WHERE campaign_id = ?1 AND n > 0`,
		`SELECT day, COUNT(*) FROM responses WHERE campaign_id = ?1 GROUP BY day`
	err := s.r.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM (`+days+` EXCEPT `+rows+`)) + (SELECT COUNT(*) FROM (`+rows+` EXCEPT `+days+`))`,
		campaignID).Scan(&n)
	return n == 0, err
}

// StoredTally returns the stored tally of the campaign with slug (counted responses only)
// and the tally counted again from its rows now, read in one transaction, for kravlistan
// verify -tally. stored is nil when there is none.
func (s *Store) StoredTally(ctx context.Context, slug string) (stored, recount survey.Tally, err error) {
	if s.tallier == nil {
		return nil, nil, errors.New("this store keeps no tallies")
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback()
	c, err := s.loadCampaign(ctx, tx, slug)
	if err != nil {
		return nil, nil, err
	}
	var b []byte
	err = tx.QueryRowContext(ctx, `SELECT data FROM tallies WHERE campaign_id = ?`, c.ID).Scan(&b)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, nil, err
	default:
		if stored, err = s.tallier.DecodeTally(b); err != nil {
			return nil, nil, fmt.Errorf("the stored tally of %s cannot be read: %w", slug, err)
		}
	}
	recount = s.tallier.NewTally(c)
	if err := eachRow(ctx, tx, c.ID, onlyCounted, recount.Add); err != nil {
		return nil, nil, err
	}
	return stored, recount, nil
}
