package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// Campaign returns the campaign with the given slug. The value is shared and cached: callers
// must not modify it (use Clone). Missing campaigns give ENOTFOUND. A change made through
// any instance drops the cached copy (changed, notify.go); the cache's TTL covers a lost
// notification.
func (s *Store) Campaign(ctx context.Context, slug string) (*survey.Campaign, error) {
	return s.cache.Campaign(slug, func() (*survey.Campaign, error) { return s.loadCampaign(ctx, s.pool, slug) })
}

// loadCampaign reads a campaign in q (the pool or a transaction).
func (s *Store) loadCampaign(ctx context.Context, q queryer, slug string) (*survey.Campaign, error) {
	return scanCampaign(q.QueryRow(ctx, `SELECT id, state, doc, published FROM campaigns WHERE slug = $1`, slug), slug)
}

// lockCampaign reads a campaign in tx and locks its row until tx ends, so that edits of
// one campaign take turns. FOR NO KEY UPDATE does not hold up inserts that only refer to
// the campaign (responses, proposals).
func lockCampaign(ctx context.Context, tx pgx.Tx, slug string) (*survey.Campaign, error) {
	return scanCampaign(tx.QueryRow(ctx, `SELECT id, state, doc, published FROM campaigns WHERE slug = $1 FOR NO KEY UPDATE`, slug), slug)
}

func scanCampaign(row pgx.Row, slug string) (*survey.Campaign, error) {
	var (
		id         int64
		state, doc string
		published  bool
	)
	err := row.Scan(&id, &state, &doc, &published)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, storage.NotFound(slug)
	} else if err != nil {
		return nil, fmt.Errorf("load campaign %s: %w", slug, err)
	}
	return storage.DecodeDoc([]byte(doc), id, slug, state, published)
}

// CreateCampaign stores a new campaign after validating it; a taken slug gives ECONFLICT.
// On success c.ID is set.
func (s *Store) CreateCampaign(ctx context.Context, c *survey.Campaign) error {
	doc, err := storage.PrepareCreate(c, false)
	if err != nil {
		return err
	}
	id, err := s.insertCampaign(ctx, c, `INSERT INTO campaigns (slug, state, doc, created_day) VALUES ($1, $2, $3, $4) RETURNING id`,
		c.Slug, string(c.State), string(doc), c.Day(s.Now()))
	if isUnique(err) {
		return storage.SlugTaken(c.Slug)
	} else if err != nil {
		return fmt.Errorf("create campaign: %w", err)
	}
	c.ID = id
	s.cache.Drop(c.Slug)
	return nil
}

// UpdateCampaign replaces the stored campaign with the same slug (no edit rules: the
// command line and tests).
func (s *Store) UpdateCampaign(ctx context.Context, c *survey.Campaign) error {
	doc, err := storage.PrepareCreate(c, false)
	if err != nil {
		return err
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		old, err := lockCampaign(ctx, tx, c.Slug)
		if err != nil {
			return err
		}
		return s.replaceCampaign(ctx, tx, old, c, doc)
	})
	if err != nil {
		return err
	}
	s.cache.Drop(c.Slug)
	return nil
}

// replaceCampaign stores c, encoded as doc, over old (locked in tx), keeps its snapshot and
// tally right, and tells every instance.
func (s *Store) replaceCampaign(ctx context.Context, tx pgx.Tx, old, c *survey.Campaign, doc []byte) error {
	if _, err := tx.Exec(ctx, `UPDATE campaigns SET state = $1, doc = $2, version = version + 1 WHERE id = $3`,
		string(c.State), string(doc), old.ID); err != nil {
		return fmt.Errorf("save campaign: %w", err)
	}
	if err := s.keepClosedCounted(ctx, tx, old); err != nil {
		return err
	}
	if err := s.refreshTallyAs(ctx, tx, c, old.ID); err != nil {
		return err
	}
	return s.changed(ctx, tx, c.Slug)
}

// keepClosedCounted marks every pending response of a campaign counted when the campaign
// was closed before the change being saved. Closed, its figures included every response;
// if it opens again, the snapshot must not fall back behind them, or the next snapshot
// would differ from the closed figures by fewer than k ballots.
func (s *Store) keepClosedCounted(ctx context.Context, tx pgx.Tx, old *survey.Campaign) error {
	if !old.ClosedAt(s.Now()) {
		return nil
	}
	return s.countPending(ctx, tx, old.ID, true)
}

// refreshTallyAs runs refreshTally for the campaign c being saved under id.
func (s *Store) refreshTallyAs(ctx context.Context, tx pgx.Tx, c *survey.Campaign, id int64) error {
	cc := *c
	cc.ID = id
	return s.refreshTally(ctx, tx, &cc)
}

// SetState moves a campaign to another state.
func (s *Store) SetState(ctx context.Context, slug string, st survey.State) error {
	c, err := s.CampaignDoc(ctx, slug)
	if err != nil {
		return err
	}
	c.State = st
	return s.UpdateCampaign(ctx, c)
}

// SetPublished switches the public results page of a campaign on or off.
func (s *Store) SetPublished(ctx context.Context, slug string, on bool) error {
	return s.setFlag(ctx, slug, `UPDATE campaigns SET published = $2, version = version + 1 WHERE slug = $1`, on)
}

// setFlag runs update (of the campaign with slug $1, to $2) and tells every instance.
func (s *Store) setFlag(ctx context.Context, slug, update string, on bool) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := execOne(ctx, tx, storage.NotFound(slug), update, slug, on); err != nil {
			return err
		}
		return s.changed(ctx, tx, slug)
	})
	if err != nil {
		return err
	}
	s.cache.Drop(slug)
	return nil
}

// Campaigns lists every campaign with its number of responses, newest first.
func (s *Store) Campaigns(ctx context.Context) ([]survey.CampaignSummary, error) {
	return collect(ctx, s.pool, func(row storage.Scanner) (survey.CampaignSummary, error) {
		var cs survey.CampaignSummary
		var st string
		err := row.Scan(&cs.Slug, &cs.Title, &st, &cs.Published, &cs.Responses)
		cs.State = survey.State(st)
		return cs, err
	}, `SELECT c.slug, c.doc::jsonb ->> 'title', c.state, c.published,
		(SELECT COUNT(*) FROM responses r WHERE r.campaign_id = c.id)
		FROM campaigns c ORDER BY c.id DESC`)
}
