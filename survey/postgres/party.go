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

// InitParties gives a campaign its default settings and the default parties the first time
// the organiser opens its party pages. It does nothing afterwards.
func (s *Store) InitParties(ctx context.Context, campaignID int64) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		def := storage.DefaultSettings.Assembly
		tag, err := tx.Exec(ctx, `INSERT INTO party_settings (campaign_id, assembly_kind, assembly_seats)
			VALUES ($1, $2, $3) ON CONFLICT (campaign_id) DO NOTHING`, campaignID, string(def.Kind), def.Seats)
		if err != nil {
			return fmt.Errorf("init parties: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return nil
		}
		return insertDefaultParties(ctx, tx, campaignID)
	})
}

// insertDefaultParties adds survey.DefaultParties to a campaign.
func insertDefaultParties(ctx context.Context, tx pgx.Tx, campaignID int64) error {
	for i, p := range survey.DefaultParties() {
		if _, err := tx.Exec(ctx, `INSERT INTO parties (campaign_id, position, short, name, colour, seats)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, campaignID, i, p.Short, p.Name, p.Colour, p.Seats); err != nil {
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
	ps := storage.DefaultSettings
	var (
		kind   string
		frozen *string
		prev   *int64
	)
	err := q.QueryRow(ctx, `SELECT s.assembly_kind, s.assembly_seats, s.published, s.filter, s.frozen_at, s.deadline,
		s.previous_campaign_id, COALESCE(c.slug, '')
		FROM party_settings s LEFT JOIN campaigns c ON c.id = s.previous_campaign_id WHERE s.campaign_id = $1`, campaignID).
		Scan(&kind, &ps.Assembly.Seats, &ps.Published, &ps.Filter, &frozen, &ps.Deadline, &prev, &ps.PreviousSlug)
	if errors.Is(err, pgx.ErrNoRows) {
		return storage.DefaultSettings, nil
	} else if err != nil {
		return ps, fmt.Errorf("party settings: %w", err)
	}
	ps.Assembly.Kind, ps.FrozenAt = survey.AssemblyKind(kind), storage.ParseTime(frozen)
	if prev != nil {
		ps.Previous = *prev
	}
	return ps, nil
}

// SetAssembly sets the assembly the demands are put to. The parties' seats must fit in it.
func (s *Store) SetAssembly(ctx context.Context, campaignID int64, a survey.Assembly) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockParties(ctx, tx, campaignID); err != nil {
			return err
		}
		ps, err := parties(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		if err := storage.CheckAssembly(ps, a); err != nil {
			return err
		}
		return upsertSettings(ctx, tx, campaignID, `assembly_kind = $2, assembly_seats = $3`, string(a.Kind), a.Seats)
	})
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
	def := storage.DefaultSettings.Assembly
	if _, err := tx.Exec(ctx, `INSERT INTO party_settings (campaign_id, assembly_kind, assembly_seats)
		VALUES ($1, $2, $3) ON CONFLICT (campaign_id) DO NOTHING`, campaignID, string(def.Kind), def.Seats); err != nil {
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
	ps, err := collect(ctx, q, storage.ScanParty, `SELECT `+storage.PartyCols+` FROM parties WHERE campaign_id = $1 ORDER BY position, id`, campaignID)
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

// SaveParty adds p to the campaign (p.ID 0; it goes last) or updates it. The whole set of
// parties is validated against the assembly, with field paths "parties[i]...".
func (s *Store) SaveParty(ctx context.Context, campaignID int64, p *survey.Party) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockParties(ctx, tx, campaignID); err != nil {
			return err
		}
		set, err := partySettings(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		rows, err := parties(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		if err := storage.CheckParty(rows, p, set.Assembly); err != nil {
			return err
		}
		if p.ID == 0 {
			err := tx.QueryRow(ctx, `INSERT INTO parties (campaign_id, position, short, name, colour, seats, refused)
				VALUES ($1, (SELECT COALESCE(MAX(position), -1) + 1 FROM parties WHERE campaign_id = $1), $2, $3, $4, $5, $6) RETURNING id`,
				campaignID, p.Short, p.Name, p.Colour, p.Seats, p.Refused).Scan(&p.ID)
			return formatError(err)
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
