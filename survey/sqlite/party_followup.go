package sqlite

import (
	"context"
	"fmt"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// AddFollowUp records what became of one party's promise on one item of the campaign's list.
func (s *Store) AddFollowUp(ctx context.Context, campaignID int64, f *survey.FollowUp) error {
	if err := f.Validate(); err != nil {
		return err
	}
	res, err := s.w.ExecContext(ctx, `INSERT INTO party_followups (party_id, item_id, status, day, note)
		SELECT p.id, i.id, ?, ?, ? FROM parties p JOIN party_items i ON i.campaign_id = p.campaign_id
		WHERE p.id = ? AND i.id = ? AND p.campaign_id = ?`, string(f.Status), f.Day, f.Note, f.PartyID, f.ItemID, campaignID)
	if err != nil {
		return fmt.Errorf("add follow-up: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return partyErr(survey.ENOTFOUND, "party_not_found")
	}
	f.ID, _ = res.LastInsertId()
	return nil
}

// FollowUps returns every follow-up record of a campaign, in the order of the list and the
// parties, then by day.
func (s *Store) FollowUps(ctx context.Context, campaignID int64) ([]survey.FollowUp, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT f.id, f.party_id, f.item_id, f.status, f.day, f.note
		FROM party_followups f JOIN parties p ON p.id = f.party_id JOIN party_items i ON i.id = f.item_id
		WHERE p.campaign_id = ? ORDER BY i.position, p.position, f.day, f.id`, campaignID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []survey.FollowUp
	for rows.Next() {
		f, err := storage.ScanFollowUp(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// DeleteFollowUp removes a follow-up record entered by mistake.
func (s *Store) DeleteFollowUp(ctx context.Context, campaignID, id int64) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM party_followups WHERE id = ?
		AND party_id IN (SELECT id FROM parties WHERE campaign_id = ?)`, id, campaignID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return partyErr(survey.ENOTFOUND, "party_not_found")
	}
	return nil
}
