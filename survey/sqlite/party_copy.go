package sqlite

import (
	"context"
	"fmt"

	"kravlistan/survey"
)

// CopyParties gives campaign to the assemblies and parties of campaign from (a duplicate
// for the next election): the assemblies with their keys, names, levels and seats, and
// their parties' names, colours and seats, in their order. Answers, links, refusals, the
// list and publication stay behind. A campaign whose party pages were never opened gives
// the default assembly and parties. from is recorded as to's previous campaign either way.
func (s *Store) CopyParties(ctx context.Context, from, to int64) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	as, err := assembliesQ(ctx, tx, from)
	if err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM party_settings WHERE campaign_id = ?`, from).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO party_settings (campaign_id, assembly_kind, assembly_seats, filter)
			SELECT ?, assembly_kind, assembly_seats, filter FROM party_settings WHERE campaign_id = ?
			ON CONFLICT (campaign_id) DO NOTHING`, to, from); err != nil {
			return fmt.Errorf("copy parties: %w", err)
		}
	}
	if len(as) == 0 {
		// The settings row made below keeps InitParties from adding anything: add the
		// default assembly and parties here.
		a := survey.DefaultAssembly()
		if err := insertAssembly(ctx, tx, to, &a); err != nil {
			return fmt.Errorf("copy parties: %w", err)
		}
		for i, p := range survey.DefaultParties() {
			if err := insertParty(ctx, tx, to, a.ID, i, &p); err != nil {
				return fmt.Errorf("copy parties: %w", err)
			}
		}
	}
	for _, a := range as {
		old := a.ID
		if err := insertAssembly(ctx, tx, to, &a); err != nil {
			return fmt.Errorf("copy parties: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO parties (campaign_id, assembly_id, position, short, name, colour, seats)
			SELECT ?, ?, position, short, name, colour, seats FROM parties WHERE assembly_id = ? ORDER BY position, id`,
			to, a.ID, old); err != nil {
			return fmt.Errorf("copy parties: %w", err)
		}
	}
	if err := s.upsertSettings(ctx, tx, to, `previous_campaign_id = ?`, from); err != nil {
		return err
	}
	return tx.Commit()
}
