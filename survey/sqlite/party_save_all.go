package sqlite

import (
	"context"
	"fmt"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// SaveParties stores the assembly and all parties of a campaign from one form, in one
// transaction: the set as it will be after the save is validated against the assembly
// first (field paths "parties[i]..." in the order given), so nothing is half saved.
func (s *Store) SaveParties(ctx context.Context, campaignID int64, a survey.Assembly, parties []survey.Party, remove []int64) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if err := survey.ValidateParties(parties, a); err != nil {
		return err
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := s.partiesTx(ctx, tx, campaignID)
	if err != nil {
		return err
	}
	if err := storage.CheckPartySet(rows, parties, remove); err != nil {
		return err
	}
	for _, id := range remove {
		if _, err := tx.ExecContext(ctx, `DELETE FROM parties WHERE id = ? AND campaign_id = ?`, id, campaignID); err != nil {
			return err
		}
	}
	// Short names are unique per campaign: park the kept ones first so that two parties
	// can swap names in one save.
	if _, err := tx.ExecContext(ctx, `UPDATE parties SET short = '#' || id WHERE campaign_id = ?`, campaignID); err != nil {
		return err
	}
	for i := range parties {
		p := &parties[i]
		if p.ID == 0 {
			res, err := tx.ExecContext(ctx, `INSERT INTO parties (campaign_id, position, short, name, colour, seats, refused)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, campaignID, i, p.Short, p.Name, p.Colour, p.Seats, p.Refused)
			if err != nil {
				return formatError(err)
			}
			p.ID, _ = res.LastInsertId()
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE parties SET position = ?, short = ?, name = ?, colour = ?, seats = ?, refused = ?
			WHERE id = ? AND campaign_id = ?`, i, p.Short, p.Name, p.Colour, p.Seats, p.Refused, p.ID, campaignID); err != nil {
			return formatError(err)
		}
	}
	if err := s.upsertSettings(ctx, tx, campaignID, `assembly_kind = ?, assembly_seats = ?`, string(a.Kind), a.Seats); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save parties: %w", err)
	}
	return nil
}
