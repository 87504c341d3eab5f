package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kravlistan/survey/internal/storage"
)

// SetPartyDeadline sets the campaign-wide answer deadline and moves the end of every answer
// link of the campaign that is not revoked to expires, so that one date holds for all.
func (s *Store) SetPartyDeadline(ctx context.Context, campaignID int64, day string, expires time.Time) error {
	if err := storage.CheckDeadline(day); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := upsertSettings(ctx, tx, campaignID, `deadline = $2`, day); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE party_links SET expires_at = $1 WHERE revoked_at IS NULL
			AND party_id IN (SELECT id FROM parties WHERE campaign_id = $2)`, storage.TimeText(expires), campaignID)
		return err
	})
}
