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
func defaultSettings() PartySettings { return storage.DefaultSettings() }

// PartyRow is a party with its progress.
type PartyRow = survey.PartyRow

// partyErr builds a domain error carrying a message key of survey's messages.
func partyErr(code, key string, args ...any) error { return storage.PartyErr(code, key, args...) }

func timeText(t time.Time) string { return storage.TimeText(t) }

// InitParties gives a campaign its settings, the default assembly and the default parties
// the first time the organiser opens its party pages. It does nothing once the campaign has
// an assembly (from the campaign file, a duplicate or an earlier visit).
func (s *Store) InitParties(ctx context.Context, campaignID int64) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := s.upsertSettings(ctx, tx, campaignID, `campaign_id = campaign_id`); err != nil {
		return fmt.Errorf("init parties: %w", err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM assemblies WHERE campaign_id = ?`, campaignID).Scan(&n); err != nil {
		return fmt.Errorf("init parties: %w", err)
	}
	if n > 0 {
		return nil
	}
	a := survey.DefaultAssembly()
	if err := insertAssembly(ctx, tx, campaignID, &a); err != nil {
		return fmt.Errorf("init parties: %w", err)
	}
	for i, p := range survey.DefaultParties() {
		if err := insertParty(ctx, tx, campaignID, a.ID, i, &p); err != nil {
			return fmt.Errorf("init parties: %w", err)
		}
	}
	return tx.Commit()
}

// PartySettings returns the campaign's settings, or the defaults when none are stored.
func (s *Store) PartySettings(ctx context.Context, campaignID int64) (PartySettings, error) {
	return s.partySettings(ctx, s.r, campaignID)
}

func (s *Store) partySettings(ctx context.Context, q txQueryer, campaignID int64) (PartySettings, error) {
	ps := defaultSettings()
	var frozen *string
	var prev sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT s.published, s.filter, s.frozen_at, s.deadline,
		s.previous_campaign_id, COALESCE(c.slug, '')
		FROM party_settings s LEFT JOIN campaigns c ON c.id = s.previous_campaign_id WHERE s.campaign_id = ?`, campaignID).
		Scan(&ps.Published, &ps.Filter, &frozen, &ps.Deadline, &prev, &ps.PreviousSlug)
	if errors.Is(err, sql.ErrNoRows) {
		return ps, nil
	} else if err != nil {
		return ps, fmt.Errorf("party settings: %w", err)
	}
	ps.FrozenAt, ps.Previous = storage.ParseTime(frozen), prev.Int64
	as, err := assembliesQ(ctx, q, campaignID)
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
	// assembly_kind and assembly_seats are unused since the assemblies table (0021).
	if _, err := tx.ExecContext(ctx, `INSERT INTO party_settings (campaign_id, assembly_kind, assembly_seats)
		VALUES (?, 'riksdag', ?) ON CONFLICT (campaign_id) DO NOTHING`, campaignID, survey.RiksdagSeats); err != nil {
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
	rows, err := q.QueryContext(ctx, `SELECT `+partyCols+` FROM parties p WHERE campaign_id = ? ORDER BY `+storage.PartyOrder, campaignID)
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

// SaveParty adds p to its assembly (p.ID 0; it goes last; p.AssemblyID 0: the campaign's
// first assembly) or updates it. The parties of its assembly are validated together
// against the assembly, with field paths "parties[i]...".
func (s *Store) SaveParty(ctx context.Context, campaignID int64, p *survey.Party) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	as, err := assembliesQ(ctx, tx, campaignID)
	if err != nil {
		return err
	}
	rows, err := s.partiesTx(ctx, tx, campaignID)
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
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), -1) + 1 FROM parties WHERE assembly_id = ?`, a.ID).Scan(&pos); err != nil {
			return err
		}
		if err := insertParty(ctx, tx, campaignID, a.ID, pos, p); err != nil {
			return formatError(err)
		}
	} else if _, err := tx.ExecContext(ctx, `UPDATE parties SET short = ?, name = ?, colour = ?, seats = ?, refused = ?
		WHERE id = ? AND campaign_id = ?`, p.Short, p.Name, p.Colour, p.Seats, p.Refused, p.ID, campaignID); err != nil {
		return formatError(err)
	}
	return tx.Commit()
}

// insertParty adds p to assembly assemblyID at position pos and sets p.ID.
func insertParty(ctx context.Context, tx *sql.Tx, campaignID, assemblyID int64, pos int, p *survey.Party) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO parties (campaign_id, assembly_id, position, short, name, colour, seats, refused)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, campaignID, assemblyID, pos, p.Short, p.Name, p.Colour, p.Seats, p.Refused)
	if err != nil {
		return err
	}
	p.ID, _ = res.LastInsertId()
	p.AssemblyID = assemblyID
	return nil
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
