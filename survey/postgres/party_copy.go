package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// CopyParties gives campaign to the assembly and parties of campaign from (a duplicate for
// the next election): names, colours and seats, in their order. Answers, links, refusals,
// the list and publication stay behind. A campaign whose party pages were never opened
// gives the default parties. from is recorded as to's previous campaign either way.
func (s *Store) CopyParties(ctx context.Context, from, to int64) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var opened bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM party_settings WHERE campaign_id = $1)`, from).Scan(&opened); err != nil {
			return err
		}
		if !opened {
			// The upsert below makes the settings row, after which InitParties adds nothing:
			// add the default parties here.
			if err := insertDefaultParties(ctx, tx, to); err != nil {
				return err
			}
		} else {
			if _, err := tx.Exec(ctx, `INSERT INTO party_settings (campaign_id, assembly_kind, assembly_seats, filter)
				SELECT $1, assembly_kind, assembly_seats, filter FROM party_settings WHERE campaign_id = $2
				ON CONFLICT (campaign_id) DO NOTHING`, to, from); err != nil {
				return fmt.Errorf("copy parties: %w", err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO parties (campaign_id, position, short, name, colour, seats)
				SELECT $1, position, short, name, colour, seats FROM parties WHERE campaign_id = $2 ORDER BY position, id`, to, from); err != nil {
				return fmt.Errorf("copy parties: %w", err)
			}
		}
		return upsertSettings(ctx, tx, to, `previous_campaign_id = $2`, from)
	})
}
