package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// CopyParties gives campaign to the assemblies and parties of campaign from (a duplicate
// for the next election): the assemblies with their keys, names, levels and seats, and
// their parties' names, colours and seats, in their order. Answers, links, refusals, the
// list and publication stay behind. A campaign whose party pages were never opened gives
// the default assembly and parties. from is recorded as to's previous campaign either way.
func (s *Store) CopyParties(ctx context.Context, from, to int64) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		as, err := assemblies(ctx, tx, from)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO party_settings (campaign_id, assembly_kind, assembly_seats, filter)
			SELECT $1, assembly_kind, assembly_seats, filter FROM party_settings WHERE campaign_id = $2
			ON CONFLICT (campaign_id) DO NOTHING`, to, from); err != nil {
			return fmt.Errorf("copy parties: %w", err)
		}
		if len(as) == 0 {
			// The settings row made below keeps InitParties from adding anything: add the
			// default assembly and parties here.
			if err := insertDefaultParties(ctx, tx, to); err != nil {
				return err
			}
		}
		for _, a := range as {
			old := a.ID
			if err := insertAssembly(ctx, tx, to, &a); err != nil {
				return fmt.Errorf("copy parties: %w", err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO parties (campaign_id, assembly_id, position, short, name, colour, seats)
				SELECT $1, $2, position, short, name, colour, seats FROM parties WHERE assembly_id = $3 ORDER BY position, id`,
				to, a.ID, old); err != nil {
				return fmt.Errorf("copy parties: %w", err)
			}
		}
		return upsertSettings(ctx, tx, to, `previous_campaign_id = $2`, from)
	})
}
