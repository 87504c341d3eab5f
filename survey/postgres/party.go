package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// The party confrontation. Writers that read the parties or the list of a campaign and
// then change them take the campaign's lock first (lockParties), so that two instances
// never both check the set and then both write.

// lockParties makes the party writers of one campaign take turns until tx ends (FOR NO KEY
// UPDATE on the campaign's row, which does not hold up inserts that only refer to it).
func lockParties(ctx context.Context, tx pgx.Tx, campaignID int64) error {
	if _, err := tx.Exec(ctx, `SELECT 1 FROM campaigns WHERE id = $1 FOR NO KEY UPDATE`, campaignID); err != nil {
		return fmt.Errorf("lock parties: %w", err)
	}
	return nil
}

// InitParties gives a campaign its settings, the default assembly and the default parties
// the first time the organiser opens its party pages. It does nothing once the campaign has
// an assembly (from the campaign file, a duplicate or an earlier visit).
func (s *Store) InitParties(ctx context.Context, campaignID int64) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockParties(ctx, tx, campaignID); err != nil {
			return err
		}
		if err := upsertSettings(ctx, tx, campaignID, `campaign_id = $1`); err != nil {
			return fmt.Errorf("init parties: %w", err)
		}
		var found bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM assemblies WHERE campaign_id = $1)`, campaignID).Scan(&found); err != nil {
			return fmt.Errorf("init parties: %w", err)
		}
		if found {
			return nil
		}
		return insertDefaultParties(ctx, tx, campaignID)
	})
}

// insertDefaultParties adds the default assembly with survey.DefaultParties to a campaign.
func insertDefaultParties(ctx context.Context, tx pgx.Tx, campaignID int64) error {
	a := survey.DefaultAssembly()
	if err := insertAssembly(ctx, tx, campaignID, &a); err != nil {
		return fmt.Errorf("add default assembly: %w", err)
	}
	for i, p := range survey.DefaultParties() {
		if err := insertParty(ctx, tx, campaignID, a.ID, i, &p); err != nil {
			return fmt.Errorf("add default parties: %w", err)
		}
	}
	return nil
}

// PartySettings returns the campaign's settings, or the defaults when none are stored.
func (s *Store) PartySettings(ctx context.Context, campaignID int64) (survey.PartySettings, error) {
	return partySettings(ctx, s.pool, campaignID)
}

func partySettings(ctx context.Context, q queryer, campaignID int64) (survey.PartySettings, error) {
	ps := storage.DefaultSettings()
	var (
		frozen *string
		prev   *int64
	)
	err := q.QueryRow(ctx, `SELECT s.published, s.filter, s.frozen_at, s.deadline,
		s.previous_campaign_id, COALESCE(c.slug, '')
		FROM party_settings s LEFT JOIN campaigns c ON c.id = s.previous_campaign_id WHERE s.campaign_id = $1`, campaignID).
		Scan(&ps.Published, &ps.Filter, &frozen, &ps.Deadline, &prev, &ps.PreviousSlug)
	if errors.Is(err, pgx.ErrNoRows) {
		return ps, nil
	} else if err != nil {
		return ps, fmt.Errorf("party settings: %w", err)
	}
	ps.FrozenAt = storage.ParseTime(frozen)
	if prev != nil {
		ps.Previous = *prev
	}
	as, err := assemblies(ctx, q, campaignID)
	if err != nil {
		return ps, err
	}
	if len(as) > 0 {
		ps.Assemblies = as
	}
	return ps, nil
}

// SetPartiesPublished switches the public party page on or off; filter switches the
// members' own-demands filter on it.
func (s *Store) SetPartiesPublished(ctx context.Context, campaignID int64, published, filter bool) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		return upsertSettings(ctx, tx, campaignID, `published = $2, filter = $3`, published, filter)
	})
}

// upsertSettings makes sure the settings row exists and then updates it with set, in
// which $1 is the campaign id and $2, $3, … are args.
func upsertSettings(ctx context.Context, tx pgx.Tx, campaignID int64, set string, args ...any) error {
	// assembly_kind and assembly_seats are unused since the assemblies table (0002).
	if _, err := tx.Exec(ctx, `INSERT INTO party_settings (campaign_id, assembly_kind, assembly_seats)
		VALUES ($1, 'riksdag', $2) ON CONFLICT (campaign_id) DO NOTHING`, campaignID, survey.RiksdagSeats); err != nil {
		return fmt.Errorf("party settings: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE party_settings SET `+set+` WHERE campaign_id = $1`, append([]any{campaignID}, args...)...); err != nil {
		return fmt.Errorf("party settings: %w", err)
	}
	return nil
}

// Parties returns a campaign's parties in their order, with their progress.
func (s *Store) Parties(ctx context.Context, campaignID int64) ([]survey.PartyRow, error) {
	return parties(ctx, s.pool, campaignID)
}

func parties(ctx context.Context, q queryer, campaignID int64) ([]survey.PartyRow, error) {
	ps, err := collect(ctx, q, storage.ScanParty, `SELECT `+storage.PartyCols+` FROM parties p WHERE campaign_id = $1 ORDER BY `+storage.PartyOrder, campaignID)
	if err != nil {
		return nil, fmt.Errorf("parties: %w", err)
	}
	return ps, nil
}

// Party returns one party of a campaign; another campaign's party is ENOTFOUND.
func (s *Store) Party(ctx context.Context, campaignID, partyID int64) (survey.PartyRow, error) {
	p, err := storage.ScanParty(s.pool.QueryRow(ctx, `SELECT `+storage.PartyCols+` FROM parties WHERE id = $1 AND campaign_id = $2`, partyID, campaignID))
	if errors.Is(err, pgx.ErrNoRows) {
		return p, storage.PartyErr(survey.ENOTFOUND, "party_not_found")
	}
	return p, err
}

// SaveParty adds p to its assembly (p.ID 0; it goes last; p.AssemblyID 0: the campaign's
// first assembly) or updates it. The parties of its assembly are validated together
// against the assembly, with field paths "parties[i]...".
func (s *Store) SaveParty(ctx context.Context, campaignID int64, p *survey.Party) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockParties(ctx, tx, campaignID); err != nil {
			return err
		}
		as, err := assemblies(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		rows, err := parties(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		a, err := storage.PartyAssembly(as, rows, p)
		if err != nil {
			return err
		}
		if err := storage.CheckParty(rows, p, a); err != nil {
			return err
		}
		if p.ID == 0 {
			var pos int
			if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(position), -1) + 1 FROM parties WHERE assembly_id = $1`, a.ID).Scan(&pos); err != nil {
				return err
			}
			return formatError(insertParty(ctx, tx, campaignID, a.ID, pos, p))
		}
		_, err = tx.Exec(ctx, `UPDATE parties SET short = $1, name = $2, colour = $3, seats = $4, refused = $5
			WHERE id = $6 AND campaign_id = $7`, p.Short, p.Name, p.Colour, p.Seats, p.Refused, p.ID, campaignID)
		return formatError(err)
	})
}

// DeleteParty removes a party that has saved no answers.
func (s *Store) DeleteParty(ctx context.Context, campaignID, partyID int64) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM parties WHERE id = $1 AND campaign_id = $2 AND saved_at IS NULL`, partyID, campaignID)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		if _, err := s.Party(ctx, campaignID, partyID); err != nil {
			return err
		}
		return storage.PartyErr(survey.ECONFLICT, "party_has_answers")
	}
	return nil
}
