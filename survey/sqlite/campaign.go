package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// cacheTTL bounds how long a campaign read from the database is served from memory. Changes
// made through this store invalidate at once; the TTL covers changes made by another
// process on the same file (for example the CLI while the server runs).
const cacheTTL = 2 * time.Second

// Campaign returns the campaign with the given slug. The value is shared and cached: callers
// must not modify it (use Clone). Missing campaigns give ENOTFOUND.
func (s *Store) Campaign(ctx context.Context, slug string) (*survey.Campaign, error) {
	return s.cache.Campaign(slug, func() (*survey.Campaign, error) { return s.loadCampaign(ctx, s.r, slug) })
}

func notFound(slug string) error { return storage.NotFound(slug) }

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Store) loadCampaign(ctx context.Context, q queryer, slug string) (*survey.Campaign, error) {
	var (
		id        int64
		state     string
		doc       []byte
		published bool
	)
	err := q.QueryRowContext(ctx, `SELECT id, state, doc, published FROM campaigns WHERE slug = ?`, slug).
		Scan(&id, &state, &doc, &published)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(slug)
	} else if err != nil {
		return nil, fmt.Errorf("load campaign %s: %w", slug, err)
	}
	return storage.DecodeDoc(doc, id, slug, state, published)
}

// CreateCampaign stores a new campaign after validating it; a taken slug gives ECONFLICT.
// On success c.ID is set.
func (s *Store) CreateCampaign(ctx context.Context, c *survey.Campaign) error {
	doc, err := storage.PrepareCreate(c, false)
	if err != nil {
		return err
	}
	res, err := s.insertCampaign(ctx, c, `INSERT INTO campaigns (slug, state, doc, created_day) VALUES (?, ?, ?, ?)`,
		c.Slug, string(c.State), doc, c.Day(s.Now()))
	if err != nil {
		if survey.ErrorCode(formatError(err)) == survey.ECONFLICT {
			return storage.SlugTaken(c.Slug)
		}
		return fmt.Errorf("create campaign: %w", err)
	}
	c.ID, _ = res.LastInsertId()
	s.cache.Drop(c.Slug)
	return nil
}

// UpdateCampaign replaces the stored campaign with the same slug.
func (s *Store) UpdateCampaign(ctx context.Context, c *survey.Campaign) error {
	doc, err := storage.PrepareCreate(c, false)
	if err != nil {
		return err
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := s.loadCampaign(ctx, tx, c.Slug)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE campaigns SET state = ?, doc = ?, version = version + 1 WHERE id = ?`,
		string(c.State), doc, old.ID); err != nil {
		return fmt.Errorf("update campaign: %w", err)
	}
	if err := s.keepClosedCounted(ctx, tx, old); err != nil {
		return err
	}
	if err := s.refreshTallyAs(ctx, tx, c, old.ID); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.cache.Drop(c.Slug)
	return nil
}

// keepClosedCounted marks every pending response of a campaign counted when the campaign
// was closed before the change being saved. Closed, its figures included every response;
// if it opens again, the snapshot must not fall back behind them, or the next snapshot
// would differ from the closed figures by fewer than k ballots.
func (s *Store) keepClosedCounted(ctx context.Context, tx *sql.Tx, old *survey.Campaign) error {
	if !old.ClosedAt(s.Now()) {
		return nil
	}
	return s.countPending(ctx, tx, old.ID, true)
}

// refreshTallyAs runs refreshTally for the campaign c being saved under id.
func (s *Store) refreshTallyAs(ctx context.Context, tx *sql.Tx, c *survey.Campaign, id int64) error {
	cc := *c
	cc.ID = id
	return s.refreshTally(ctx, tx, &cc)
}

// SetState moves a campaign to another state.
func (s *Store) SetState(ctx context.Context, slug string, st survey.State) error {
	c, err := s.Campaign(ctx, slug)
	if err != nil {
		return err
	}
	cp := c.Clone()
	cp.State = st
	return s.UpdateCampaign(ctx, cp)
}

// SetPublished switches the public results page of a campaign on or off.
func (s *Store) SetPublished(ctx context.Context, slug string, on bool) error {
	res, err := s.w.ExecContext(ctx, `UPDATE campaigns SET published = ?, version = version + 1 WHERE slug = ?`, on, slug)
	if err != nil {
		return fmt.Errorf("publish campaign: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound(slug)
	}
	s.cache.Drop(slug)
	return nil
}

// CampaignSummary is a campaign's line in a list.
type CampaignSummary = survey.CampaignSummary

// Campaigns lists every campaign with its number of responses, newest first.
func (s *Store) Campaigns(ctx context.Context) ([]CampaignSummary, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT c.slug, json_extract(c.doc, '$.title'), c.state, c.published,
		(SELECT COUNT(*) FROM responses r WHERE r.campaign_id = c.id)
		FROM campaigns c ORDER BY c.id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CampaignSummary
	for rows.Next() {
		var cs CampaignSummary
		var st string
		if err := rows.Scan(&cs.Slug, &cs.Title, &st, &cs.Published, &cs.Responses); err != nil {
			return nil, err
		}
		cs.State = survey.State(st)
		out = append(out, cs)
	}
	return out, rows.Err()
}
