package sqlite

import (
	"context"
	"fmt"

	"kravlistan/survey"
)

// CopyParties gives campaign to the assembly and parties of campaign from (a duplicate for
// the next election): names, colours and seats, in their order. Answers, links, refusals,
// the list and publication stay behind. A campaign whose party pages were never opened
// gives the default parties. from is recorded as to's previous
// campaign either way.
func (s *Store) CopyParties(ctx context.Context, from, to int64) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM party_settings WHERE campaign_id = ?`, from).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		// The upsert below makes the settings row, after which InitParties adds nothing:
		// add the default parties here.
		for i, p := range survey.DefaultParties() {
			if _, err := tx.ExecContext(ctx, `INSERT INTO parties (campaign_id, position, short, name, colour, seats)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, to, i, p.Short, p.Name, p.Colour, p.Seats); err != nil {
				return fmt.Errorf("copy parties: %w", err)
			}
		}
	} else {
		if _, err := tx.ExecContext(ctx, `INSERT INTO party_settings (campaign_id, assembly_kind, assembly_seats, filter)
			SELECT ?, assembly_kind, assembly_seats, filter FROM party_settings WHERE campaign_id = ?
			ON CONFLICT (campaign_id) DO NOTHING`, to, from); err != nil {
			return fmt.Errorf("copy parties: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO parties (campaign_id, position, short, name, colour, seats)
			SELECT ?, position, short, name, colour, seats FROM parties WHERE campaign_id = ? ORDER BY position, id`, to, from); err != nil {
			return fmt.Errorf("copy parties: %w", err)
		}
	}
	if err := s.upsertSettings(ctx, tx, to, `previous_campaign_id = ?`, from); err != nil {
		return err
	}
	return tx.Commit()
}
