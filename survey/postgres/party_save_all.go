package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// SaveParties stores the assembly and all parties of a campaign from one form, in one
// transaction: the set as it will be after the save is validated against the assembly
// first (field paths "parties[i]..." in the order given), so nothing is half saved.
func (s *Store) SaveParties(ctx context.Context, campaignID int64, a survey.Assembly, list []survey.Party, remove []int64) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if err := survey.ValidateParties(list, a); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockParties(ctx, tx, campaignID); err != nil {
			return err
		}
		stored, err := parties(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		if err := storage.CheckPartySet(stored, list, remove); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM parties WHERE campaign_id = $1 AND id = ANY($2)`, campaignID, remove); err != nil {
			return err
		}
		// Short names are unique per campaign: park the kept ones first so that two parties
		// can swap names in one save.
		if _, err := tx.Exec(ctx, `UPDATE parties SET short = '#' || id WHERE campaign_id = $1`, campaignID); err != nil {
			return err
		}
		for i := range list {
			p := &list[i]
			if p.ID == 0 {
				err := tx.QueryRow(ctx, `INSERT INTO parties (campaign_id, position, short, name, colour, seats, refused)
					VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, campaignID, i, p.Short, p.Name, p.Colour, p.Seats, p.Refused).Scan(&p.ID)
				if err != nil {
					return formatError(err)
				}
				continue
			}
			if _, err := tx.Exec(ctx, `UPDATE parties SET position = $1, short = $2, name = $3, colour = $4, seats = $5, refused = $6
				WHERE id = $7 AND campaign_id = $8`, i, p.Short, p.Name, p.Colour, p.Seats, p.Refused, p.ID, campaignID); err != nil {
				return formatError(err)
			}
		}
		return upsertSettings(ctx, tx, campaignID, `assembly_kind = $2, assembly_seats = $3`, string(a.Kind), a.Seats)
	})
}
