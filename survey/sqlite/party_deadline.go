package sqlite

import (
	"context"
	"kravlistan/survey/internal/storage"
	"time"
)

// SetPartyDeadline sets the campaign-wide answer deadline and moves the end of every answer
// link of the campaign that is not revoked to expires, so that one date holds for all.
func (s *Store) SetPartyDeadline(ctx context.Context, campaignID int64, day string, expires time.Time) error {
	if err := storage.CheckDeadline(day); err != nil {
		return err
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := s.upsertSettings(ctx, tx, campaignID, `deadline = ?`, day); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE party_links SET expires_at = ? WHERE revoked_at IS NULL
		AND party_id IN (SELECT id FROM parties WHERE campaign_id = ?)`, timeText(expires), campaignID); err != nil {
		return err
	}
	return tx.Commit()
}
