package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

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
	var by any
	if userID > 0 {
		by = userID
	}
	res, err := s.insertCampaign(ctx, c, `INSERT INTO campaigns (slug, state, doc, created_day, created_by) VALUES (?, ?, ?, ?, ?)`,
		c.Slug, string(c.State), doc, c.Day(s.Now()), by)
	if err != nil {
		if survey.ErrorCode(formatError(err)) == survey.ECONFLICT {
			return s.SlugTaken(ctx, c.Slug)
		}
		return fmt.Errorf("create campaign: %w", err)
	}
	c.ID, _ = res.LastInsertId()
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
	rows, err := s.r.QueryContext(ctx, `SELECT slug FROM campaigns WHERE slug = ? OR slug LIKE ? ESCAPE '\'`,
		base, storage.SlugLike(base))
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var used []string
	for rows.Next() {
		var sl string
		if err := rows.Scan(&sl); err != nil {
			return "", err
		}
		used = append(used, sl)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return storage.FreeSlug(base, used), nil
}

// FreeName is survey.FreeName.
func FreeName(base string, max int, used func(string) bool) string {
	return survey.FreeName(base, max, used)
}

// AdminSummary is a campaign's line in the organiser's campaign list.
type AdminSummary = survey.AdminSummary

// AdminCampaigns lists the campaigns user may see (every one for an admin), newest first,
// archived ones only when archived is true.
func (s *Store) AdminCampaigns(ctx context.Context, user *survey.User, archived bool) ([]AdminSummary, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT c.slug, json_extract(c.doc, '$.title'), c.state, c.published, c.archived,
		(SELECT COUNT(*) FROM responses r WHERE r.campaign_id = c.id), c.created_day,
		json_extract(c.doc, '$.opens_at'), json_extract(c.doc, '$.closes_at')
		FROM campaigns c
		WHERE c.archived = ? AND (? OR c.created_by = ? OR EXISTS (SELECT 1 FROM campaign_access a WHERE a.campaign_id = c.id AND a.user_id = ?))
		ORDER BY c.id DESC`, archived, user.IsAdmin(), user.ID, user.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AdminSummary
	for rows.Next() {
		var (
			a            AdminSummary
			st           string
			opens, close *string
		)
		if err := rows.Scan(&a.Slug, &a.Title, &st, &a.Published, &a.Archived, &a.Responses, &a.CreatedDay, &opens, &close); err != nil {
			return nil, err
		}
		a.State = survey.State(st)
		a.OpensAt, a.ClosesAt = storage.DocTime(opens), storage.DocTime(close)
		out = append(out, a)
	}
	return out, rows.Err()
}

// CampaignMeta is what the workspace knows about a campaign beyond its file.
type CampaignMeta = survey.CampaignMeta

// CampaignMeta returns the workspace facts about the campaign with id.
func (s *Store) CampaignMeta(ctx context.Context, id int64) (CampaignMeta, error) {
	var m CampaignMeta
	var by sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT created_by, archived, created_day,
		(SELECT COUNT(*) FROM responses r WHERE r.campaign_id = c.id) FROM campaigns c WHERE id = ?`, id).
		Scan(&by, &m.Archived, &m.CreatedDay, &m.Responses)
	m.CreatedBy = by.Int64
	return m, formatError(err)
}

// CanAccess reports whether user may work on the campaign with id: admins always,
// organisers when they created it or were given access.
func (s *Store) CanAccess(ctx context.Context, user *survey.User, campaignID int64) (bool, error) {
	if user.IsAdmin() {
		return true, nil
	}
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM campaigns WHERE id = ? AND created_by = ?)
		+ (SELECT COUNT(*) FROM campaign_access WHERE campaign_id = ? AND user_id = ?)`,
		campaignID, user.ID, campaignID, user.ID).Scan(&n)
	return n > 0, err
}

// GrantAccess lets the account userID work on the campaign; granting twice is harmless.
func (s *Store) GrantAccess(ctx context.Context, campaignID, userID int64) error {
	_, err := s.w.ExecContext(ctx, `INSERT OR IGNORE INTO campaign_access (campaign_id, user_id) VALUES (?, ?)`, campaignID, userID)
	return err
}

// RevokeAccess takes a granted access away (the creator keeps theirs).
func (s *Store) RevokeAccess(ctx context.Context, campaignID, userID int64) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM campaign_access WHERE campaign_id = ? AND user_id = ?`, campaignID, userID)
	return err
}

// CampaignUsers lists the accounts given access to the campaign (not its creator).
func (s *Store) CampaignUsers(ctx context.Context, campaignID int64) ([]survey.User, error) {
	return s.queryUsers(ctx, `SELECT `+userCols+` FROM users WHERE id IN
		(SELECT user_id FROM campaign_access WHERE campaign_id = ?) ORDER BY name COLLATE NOCASE`, campaignID)
}

// SetArchived archives or restores a campaign. Archiving hides it from the list only.
func (s *Store) SetArchived(ctx context.Context, slug string, on bool) error {
	res, err := s.w.ExecContext(ctx, `UPDATE campaigns SET archived = ?, version = version + 1 WHERE slug = ?`, on, slug)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound(slug)
	}
	s.cache.Drop(slug)
	return nil
}

// SaveCampaign replaces the stored campaign with the same slug, enforcing survey.CheckEdit
// against the stored version and the responses counted inside the same transaction, and
// recording every wording change of an answered demand in the edit log (by, at, reason
// apply to all of them). Nothing is saved when any rule fails.
func (s *Store) SaveCampaign(ctx context.Context, c *survey.Campaign, by, reason string) error {
	doc, err := storage.PrepareSave(c, reason)
	if err != nil {
		return err
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	id, err := s.saveCampaignTx(ctx, tx, c, doc, by, reason)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	c.ID = id
	s.cache.Drop(c.Slug)
	return nil
}

// saveCampaignTx is SaveCampaign inside tx, after c is validated and encoded as doc. It
// returns the campaign's id.
func (s *Store) saveCampaignTx(ctx context.Context, tx *sql.Tx, c *survey.Campaign, doc []byte, by, reason string) (int64, error) {
	old, err := s.loadCampaign(ctx, tx, c.Slug)
	if err != nil {
		return 0, err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM responses WHERE campaign_id = ?`, old.ID).Scan(&n); err != nil {
		return 0, err
	}
	edits, err := survey.CheckEdit(old, c, n > 0)
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE campaigns SET state = ?, doc = ?, version = version + 1 WHERE id = ?`,
		string(c.State), doc, old.ID); err != nil {
		return 0, fmt.Errorf("save campaign: %w", err)
	}
	if err := s.keepClosedCounted(ctx, tx, old); err != nil {
		return 0, err
	}
	if err := s.refreshTallyAs(ctx, tx, c, old.ID); err != nil {
		return 0, err
	}
	if err := s.saveAssemblies(ctx, tx, old.ID, c); err != nil {
		return 0, err
	}
	at := s.Now().UTC().Format(time.RFC3339)
	for _, e := range edits {
		if _, err := tx.ExecContext(ctx, `INSERT INTO demand_edits (campaign_id, demand_key, by_name, at, old_title, new_title, old_body, new_body, reason)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, old.ID, e.Key, by, at, e.OldTitle, e.NewTitle, e.OldBody, e.NewBody, reason); err != nil {
			return 0, err
		}
	}
	return old.ID, nil
}

// DemandEdits returns the recorded wording changes of a campaign's demands, newest first.
func (s *Store) DemandEdits(ctx context.Context, campaignID int64) ([]survey.DemandEdit, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT demand_key, by_name, at, old_title, new_title, old_body, new_body, reason
		FROM demand_edits WHERE campaign_id = ? ORDER BY id DESC`, campaignID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []survey.DemandEdit
	for rows.Next() {
		e, err := storage.ScanDemandEdit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// CampaignDoc returns the campaign as freshly read from the database (not the cache), for
// editors that must start from the stored version.
func (s *Store) CampaignDoc(ctx context.Context, slug string) (*survey.Campaign, error) {
	c, err := s.loadCampaign(ctx, s.r, slug)
	if err != nil {
		return nil, err
	}
	return c, nil
}
