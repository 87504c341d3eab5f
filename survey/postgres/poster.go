package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// Poster returns a campaign's poster settings; a campaign without any gets the zero value.
func (s *Store) Poster(ctx context.Context, campaignID int64) (survey.Poster, error) {
	p, err := storage.ScanPoster(s.pool.QueryRow(ctx, `SELECT sender, election_day, call, logo_type, logo FROM posters WHERE campaign_id = $1`, campaignID))
	if errors.Is(err, pgx.ErrNoRows) {
		return survey.Poster{}, nil
	} else if err != nil {
		return p, fmt.Errorf("read poster: %w", err)
	}
	return p, nil
}

// SavePoster saves p's text fields, keeping the logo.
func (s *Store) SavePoster(ctx context.Context, campaignID int64, p survey.Poster) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO posters (campaign_id, sender, election_day, call) VALUES ($1, $2, $3, $4)
		ON CONFLICT (campaign_id) DO UPDATE SET sender = excluded.sender, election_day = excluded.election_day, call = excluded.call`,
		campaignID, p.Sender, p.ElectionDay, p.Call); err != nil {
		return fmt.Errorf("save poster: %w", err)
	}
	return nil
}

// SetPosterLogo stores a campaign's logo; nil data removes it.
func (s *Store) SetPosterLogo(ctx context.Context, campaignID int64, typ string, data []byte) error {
	if len(data) == 0 {
		typ, data = "", nil
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO posters (campaign_id, logo_type, logo) VALUES ($1, $2, $3)
		ON CONFLICT (campaign_id) DO UPDATE SET logo_type = excluded.logo_type, logo = excluded.logo`, campaignID, typ, data); err != nil {
		return fmt.Errorf("save poster logo: %w", err)
	}
	return nil
}

// PosterLogo returns a campaign's logo, ENOTFOUND when it has none.
func (s *Store) PosterLogo(ctx context.Context, campaignID int64) (string, []byte, error) {
	var typ string
	var data []byte
	err := s.pool.QueryRow(ctx, `SELECT logo_type, logo FROM posters WHERE campaign_id = $1 AND logo_type <> '' AND length(logo) > 0`,
		campaignID).Scan(&typ, &data)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil, storage.NoLogo()
	} else if err != nil {
		return "", nil, fmt.Errorf("read poster logo: %w", err)
	}
	return typ, data, nil
}
