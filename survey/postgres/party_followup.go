package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// AddFollowUp records what became of one party's promise on one item of the campaign's list.
func (s *Store) AddFollowUp(ctx context.Context, campaignID int64, f *survey.FollowUp) error {
	if err := f.Validate(); err != nil {
		return err
	}
	err := s.pool.QueryRow(ctx, `INSERT INTO party_followups (party_id, item_id, status, day, note)
		SELECT p.id, i.id, $1, $2, $3 FROM parties p JOIN party_items i ON i.campaign_id = p.campaign_id
		WHERE p.id = $4 AND i.id = $5 AND p.campaign_id = $6 RETURNING id`,
		string(f.Status), f.Day, f.Note, f.PartyID, f.ItemID, campaignID).Scan(&f.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return storage.PartyErr(survey.ENOTFOUND, "party_not_found")
	} else if err != nil {
		return fmt.Errorf("add follow-up: %w", err)
	}
	return nil
}

// FollowUps returns every follow-up record of a campaign, in the order of the list and the
// parties, then by day.
func (s *Store) FollowUps(ctx context.Context, campaignID int64) ([]survey.FollowUp, error) {
	return collect(ctx, s.pool, storage.ScanFollowUp, `SELECT f.id, f.party_id, f.item_id, f.status, f.day, f.note
		FROM party_followups f JOIN parties p ON p.id = f.party_id JOIN party_items i ON i.id = f.item_id
		WHERE p.campaign_id = $1 ORDER BY i.position, p.position, f.day, f.id`, campaignID)
}

// DeleteFollowUp removes a follow-up record entered by mistake.
func (s *Store) DeleteFollowUp(ctx context.Context, campaignID, id int64) error {
	return execOne(ctx, s.pool, storage.PartyErr(survey.ENOTFOUND, "party_not_found"),
		`DELETE FROM party_followups WHERE id = $1 AND party_id IN (SELECT id FROM parties WHERE campaign_id = $2)`, id, campaignID)
}
