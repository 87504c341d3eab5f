package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// PartySettings are a campaign's settings for putting its demands to the parties.
type PartySettings = survey.PartySettings

// defaultSettings are a campaign's settings before the organiser changes anything.
var defaultSettings = storage.DefaultSettings

// PartyRow is a party with its progress.
type PartyRow = survey.PartyRow

// partyErr builds a domain error carrying a message key of survey's messages.
func partyErr(code, key string, args ...any) error { return storage.PartyErr(code, key, args...) }

func timeText(t time.Time) string { return storage.TimeText(t) }

// InitParties gives a campaign its default settings and the default parties the first time
// the organiser opens its party pages. It does nothing afterwards.
func (s *Store) InitParties(ctx context.Context, campaignID int64) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO party_settings (campaign_id, assembly_kind, assembly_seats)
		VALUES (?, ?, ?) ON CONFLICT (campaign_id) DO NOTHING`,
		campaignID, string(defaultSettings.Assembly.Kind), defaultSettings.Assembly.Seats)
	if err != nil {
		return fmt.Errorf("init parties: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	for i, p := range survey.DefaultParties() {
		if _, err := tx.ExecContext(ctx, `INSERT INTO parties (campaign_id, position, short, name, colour, seats)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, campaignID, i, p.Short, p.Name, p.Colour, p.Seats); err != nil {
			return fmt.Errorf("init parties: %w", err)
		}
	}
	return tx.Commit()
}

// PartySettings returns the campaign's settings, or the defaults when none are stored.
func (s *Store) PartySettings(ctx context.Context, campaignID int64) (PartySettings, error) {
	return s.partySettings(ctx, s.r, campaignID)
}

func (s *Store) partySettings(ctx context.Context, q queryer, campaignID int64) (PartySettings, error) {
	ps := defaultSettings
	var kind string
	var frozen *string
	var prev sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT s.assembly_kind, s.assembly_seats, s.published, s.filter, s.frozen_at, s.deadline,
		s.previous_campaign_id, COALESCE(c.slug, '')
		FROM party_settings s LEFT JOIN campaigns c ON c.id = s.previous_campaign_id WHERE s.campaign_id = ?`, campaignID).
		Scan(&kind, &ps.Assembly.Seats, &ps.Published, &ps.Filter, &frozen, &ps.Deadline, &prev, &ps.PreviousSlug)
	if errors.Is(err, sql.ErrNoRows) {
		return defaultSettings, nil
	} else if err != nil {
		return ps, fmt.Errorf("party settings: %w", err)
	}
	ps.Assembly.Kind, ps.FrozenAt, ps.Previous = survey.AssemblyKind(kind), storage.ParseTime(frozen), prev.Int64
	return ps, nil
}

// SetAssembly sets the assembly the demands are put to. The parties' seats must fit in it.
func (s *Store) SetAssembly(ctx context.Context, campaignID int64, a survey.Assembly) error {
	if err := a.Validate(); err != nil {
		return err
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ps, err := s.partiesTx(ctx, tx, campaignID)
	if err != nil {
		return err
	}
	if err := storage.CheckAssembly(ps, a); err != nil {
		return err
	}
	if err := s.upsertSettings(ctx, tx, campaignID, `assembly_kind = ?, assembly_seats = ?`, string(a.Kind), a.Seats); err != nil {
		return err
	}
	return tx.Commit()
}

// SetPartiesPublished switches the public party page on or off; filter switches the
// members' own-demands filter on it.
func (s *Store) SetPartiesPublished(ctx context.Context, campaignID int64, published, filter bool) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := s.upsertSettings(ctx, tx, campaignID, `published = ?, filter = ?`, published, filter); err != nil {
		return err
	}
	return tx.Commit()
}

// upsertSettings makes sure the settings row exists and then updates it with set and args.
func (s *Store) upsertSettings(ctx context.Context, tx *sql.Tx, campaignID int64, set string, args ...any) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO party_settings (campaign_id, assembly_kind, assembly_seats)
		VALUES (?, ?, ?) ON CONFLICT (campaign_id) DO NOTHING`,
		campaignID, string(defaultSettings.Assembly.Kind), defaultSettings.Assembly.Seats); err != nil {
		return fmt.Errorf("party settings: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE party_settings SET `+set+` WHERE campaign_id = ?`, append(args, campaignID)...); err != nil {
		return fmt.Errorf("party settings: %w", err)
	}
	return nil
}

// Parties returns a campaign's parties in their order, with their progress.
func (s *Store) Parties(ctx context.Context, campaignID int64) ([]PartyRow, error) {
	return s.partiesQ(ctx, s.r, campaignID)
}

func (s *Store) partiesTx(ctx context.Context, tx *sql.Tx, campaignID int64) ([]PartyRow, error) {
	return s.partiesQ(ctx, tx, campaignID)
}

type rowsQueryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

const partyCols = storage.PartyCols

func scanParty(sc storage.Scanner) (PartyRow, error) { return storage.ScanParty(sc) }

func (s *Store) partiesQ(ctx context.Context, q rowsQueryer, campaignID int64) ([]PartyRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+partyCols+` FROM parties WHERE campaign_id = ? ORDER BY position, id`, campaignID)
	if err != nil {
		return nil, fmt.Errorf("parties: %w", err)
	}
	defer rows.Close()
	var out []PartyRow
	for rows.Next() {
		p, err := scanParty(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Party returns one party of a campaign; another campaign's party is ENOTFOUND.
func (s *Store) Party(ctx context.Context, campaignID, partyID int64) (PartyRow, error) {
	p, err := scanParty(s.r.QueryRowContext(ctx, `SELECT `+partyCols+` FROM parties WHERE id = ? AND campaign_id = ?`, partyID, campaignID))
	if errors.Is(err, sql.ErrNoRows) {
		return p, partyErr(survey.ENOTFOUND, "party_not_found")
	}
	return p, err
}

// SaveParty adds p to the campaign (p.ID 0; it goes last) or updates it. The whole set of
// parties is validated against the assembly, with field paths "parties[i]...".
func (s *Store) SaveParty(ctx context.Context, campaignID int64, p *survey.Party) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	set, err := s.partySettings(ctx, tx, campaignID)
	if err != nil {
		return err
	}
	rows, err := s.partiesTx(ctx, tx, campaignID)
	if err != nil {
		return err
	}
	if err := storage.CheckParty(rows, p, set.Assembly); err != nil {
		return err
	}
	if p.ID == 0 {
		res, err := tx.ExecContext(ctx, `INSERT INTO parties (campaign_id, position, short, name, colour, seats, refused)
			VALUES (?, (SELECT COALESCE(MAX(position), -1) + 1 FROM parties WHERE campaign_id = ?), ?, ?, ?, ?, ?)`,
			campaignID, campaignID, p.Short, p.Name, p.Colour, p.Seats, p.Refused)
		if err != nil {
			return formatError(err)
		}
		p.ID, _ = res.LastInsertId()
	} else if _, err := tx.ExecContext(ctx, `UPDATE parties SET short = ?, name = ?, colour = ?, seats = ?, refused = ?
		WHERE id = ? AND campaign_id = ?`, p.Short, p.Name, p.Colour, p.Seats, p.Refused, p.ID, campaignID); err != nil {
		return formatError(err)
	}
	return tx.Commit()
}

// DeleteParty removes a party that has saved no answers.
func (s *Store) DeleteParty(ctx context.Context, campaignID, partyID int64) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM parties WHERE id = ? AND campaign_id = ? AND saved_at IS NULL`, partyID, campaignID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := s.Party(ctx, campaignID, partyID); err != nil {
			return err
		}
		return partyErr(survey.ECONFLICT, "party_has_answers")
	}
	return nil
}
