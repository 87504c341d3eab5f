package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// This file holds the store methods of the organiser workspace: who may see a campaign,
// the campaign list, archiving, and edits that respect the ballots already cast.

// CreateCampaignBy stores a new campaign created by the account userID (0: nobody, as for
// campaigns imported from the command line). A taken slug gives ECONFLICT with a field error
// on "slug" that suggests a free one.
func (s *Store) CreateCampaignBy(ctx context.Context, c *survey.Campaign, userID int64) error {
	doc, err := storage.PrepareCreate(c, true)
	if err != nil {
		return err
	}
	var by *int64
	if userID > 0 {
		by = &userID
	}
	id, err := s.insertCampaign(ctx, c, `INSERT INTO campaigns (slug, state, doc, created_day, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		c.Slug, string(c.State), string(doc), c.Day(s.Now()), by)
	if isUnique(err) {
		return s.SlugTaken(ctx, c.Slug)
	} else if err != nil {
		return fmt.Errorf("create campaign: %w", err)
	}
	c.ID = id
	s.cache.Drop(c.Slug)
	return nil
}

// SlugTaken returns the ECONFLICT error for a taken slug, with a free slug suggested.
func (s *Store) SlugTaken(ctx context.Context, slug string) error {
	free, err := s.FreeSlug(ctx, slug)
	if err != nil {
		return err
	}
	return storage.SlugSuggest(slug, free)
}

// FreeSlug returns base when no campaign uses it, else the first free base-2, base-3, …
// (cut so that the result is still a valid slug).
func (s *Store) FreeSlug(ctx context.Context, base string) (string, error) {
	rows, err := s.pool.Query(ctx, `SELECT slug FROM campaigns WHERE slug = $1 OR slug LIKE $2 ESCAPE '\'`, base, storage.SlugLike(base))
	if err != nil {
		return "", err
	}
	used, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", err
	}
	return storage.FreeSlug(base, used), nil
}

// AdminCampaigns lists the campaigns user may see (every one for an admin), newest first,
// archived ones only when archived is true.
func (s *Store) AdminCampaigns(ctx context.Context, user *survey.User, archived bool) ([]survey.AdminSummary, error) {
	return collect(ctx, s.pool, func(row storage.Scanner) (survey.AdminSummary, error) {
		var (
			a            survey.AdminSummary
			st           string
			opens, close *string
		)
		err := row.Scan(&a.Slug, &a.Title, &st, &a.Published, &a.Archived, &a.Responses, &a.CreatedDay, &opens, &close)
		a.State = survey.State(st)
		a.OpensAt, a.ClosesAt = storage.DocTime(opens), storage.DocTime(close)
		return a, err
	}, `SELECT c.slug, c.doc::jsonb ->> 'title', c.state, c.published, c.archived,
		(SELECT COUNT(*) FROM responses r WHERE r.campaign_id = c.id), c.created_day,
		c.doc::jsonb ->> 'opens_at', c.doc::jsonb ->> 'closes_at'
		FROM campaigns c
		WHERE c.archived = $1 AND ($2 OR c.created_by = $3 OR EXISTS (SELECT 1 FROM campaign_access a WHERE a.campaign_id = c.id AND a.user_id = $3))
		ORDER BY c.id DESC`, archived, user.IsAdmin(), user.ID)
}

// CampaignMeta returns the workspace facts about the campaign with id.
func (s *Store) CampaignMeta(ctx context.Context, id int64) (survey.CampaignMeta, error) {
	var m survey.CampaignMeta
	var by *int64
	err := s.pool.QueryRow(ctx, `SELECT created_by, archived, created_day,
		(SELECT COUNT(*) FROM responses r WHERE r.campaign_id = c.id) FROM campaigns c WHERE id = $1`, id).
		Scan(&by, &m.Archived, &m.CreatedDay, &m.Responses)
	if by != nil {
		m.CreatedBy = *by
	}
	return m, formatError(err)
}

// CanAccess reports whether user may work on the campaign with id: admins always,
// organisers when they created it or were given access.
func (s *Store) CanAccess(ctx context.Context, user *survey.User, campaignID int64) (bool, error) {
	if user.IsAdmin() {
		return true, nil
	}
	var ok bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM campaigns WHERE id = $1 AND created_by = $2)
		OR EXISTS (SELECT 1 FROM campaign_access WHERE campaign_id = $1 AND user_id = $2)`, campaignID, user.ID).Scan(&ok)
	return ok, err
}

// GrantAccess lets the account userID work on the campaign; granting twice is harmless.
func (s *Store) GrantAccess(ctx context.Context, campaignID, userID int64) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO campaign_access (campaign_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, campaignID, userID)
	return err
}

// RevokeAccess takes a granted access away (the creator keeps theirs).
func (s *Store) RevokeAccess(ctx context.Context, campaignID, userID int64) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM campaign_access WHERE campaign_id = $1 AND user_id = $2`, campaignID, userID)
	return err
}

// CampaignUsers lists the accounts given access to the campaign (not its creator).
func (s *Store) CampaignUsers(ctx context.Context, campaignID int64) ([]survey.User, error) {
	return s.queryUsers(ctx, `SELECT `+userCols+` FROM users WHERE id IN
		(SELECT user_id FROM campaign_access WHERE campaign_id = $1) ORDER BY lower(name)`, campaignID)
}

// SetArchived archives or restores a campaign. Archiving hides it from the list only.
func (s *Store) SetArchived(ctx context.Context, slug string, on bool) error {
	return s.setFlag(ctx, slug, `UPDATE campaigns SET archived = $2, version = version + 1 WHERE slug = $1`, on)
}

// SaveCampaign replaces the stored campaign with the same slug, enforcing survey.CheckEdit
// against the stored version and the responses stored, both read in the same transaction
// with the campaign's row locked, and recording every wording change of an answered
// demand in the edit log (by, at, reason apply to all of them). Nothing is saved when any
// rule fails.
func (s *Store) SaveCampaign(ctx context.Context, c *survey.Campaign, by, reason string) error {
	doc, err := storage.PrepareSave(c, reason)
	if err != nil {
		return err
	}
	var id int64
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		id, err = s.saveCampaignTx(ctx, tx, c, doc, by, reason)
		return err
	})
	if err != nil {
		return err
	}
	c.ID = id
	s.cache.Drop(c.Slug)
	return nil
}

// saveCampaignTx is SaveCampaign inside tx, after c is validated and encoded as doc. It
// returns the campaign's id.
func (s *Store) saveCampaignTx(ctx context.Context, tx pgx.Tx, c *survey.Campaign, doc []byte, by, reason string) (int64, error) {
	old, err := lockCampaign(ctx, tx, c.Slug)
	if err != nil {
		return 0, err
	}
	var answered bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM responses WHERE campaign_id = $1)`, old.ID).Scan(&answered); err != nil {
		return 0, err
	}
	edits, err := survey.CheckEdit(old, c, answered)
	if err != nil {
		return 0, err
	}
	if err := s.replaceCampaign(ctx, tx, old, c, doc); err != nil {
		return 0, err
	}
	if err := saveAssemblies(ctx, tx, old.ID, c); err != nil {
		return 0, err
	}
	at := s.Now().UTC().Format(time.RFC3339)
	for _, e := range edits {
		if _, err := tx.Exec(ctx, `INSERT INTO demand_edits (campaign_id, demand_key, by_name, at, old_title, new_title, old_body, new_body, reason)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, old.ID, e.Key, by, at, e.OldTitle, e.NewTitle, e.OldBody, e.NewBody, reason); err != nil {
			return 0, err
		}
	}
	return old.ID, nil
}

// DemandEdits returns the recorded wording changes of a campaign's demands, newest first.
func (s *Store) DemandEdits(ctx context.Context, campaignID int64) ([]survey.DemandEdit, error) {
	return collect(ctx, s.pool, storage.ScanDemandEdit, `SELECT demand_key, by_name, at, old_title, new_title, old_body, new_body, reason
		FROM demand_edits WHERE campaign_id = $1 ORDER BY id DESC`, campaignID)
}

// CampaignDoc returns the campaign as freshly read from the database (not the cache), for
// editors that must start from the stored version.
func (s *Store) CampaignDoc(ctx context.Context, slug string) (*survey.Campaign, error) {
	return s.loadCampaign(ctx, s.pool, slug)
}
