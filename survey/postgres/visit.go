package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// AddVisit stores a visit to one of the campaign's workplaces (survey.VisitStore). The
// caller has checked it against the campaign (survey.Visit.Validate).
func (s *Store) AddVisit(ctx context.Context, campaignID int64, v *survey.Visit) error {
	if err := s.pool.QueryRow(ctx, `INSERT INTO workplace_visits (campaign_id, workplace, day, kind, note, who)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, campaignID, v.Workplace, v.Day, string(v.Kind), v.Note, v.Who).Scan(&v.ID); err != nil {
		return fmt.Errorf("add visit: %w", err)
	}
	return nil
}

// Visits returns the campaign's visits, the newest day first.
func (s *Store) Visits(ctx context.Context, campaignID int64) ([]survey.Visit, error) {
	return collect(ctx, s.pool, storage.ScanVisit, `SELECT id, workplace, day, kind, note, who FROM workplace_visits
		WHERE campaign_id = $1 ORDER BY day DESC, id DESC`, campaignID)
}

// Visit returns one of the campaign's visits.
func (s *Store) Visit(ctx context.Context, campaignID, id int64) (survey.Visit, error) {
	v, err := storage.ScanVisit(s.pool.QueryRow(ctx, `SELECT id, workplace, day, kind, note, who FROM workplace_visits
		WHERE id = $1 AND campaign_id = $2`, id, campaignID))
	if errors.Is(err, pgx.ErrNoRows) {
		return survey.Visit{}, storage.VisitNotFound()
	} else if err != nil {
		return survey.Visit{}, err
	}
	return v, nil
}

// SaveVisit changes one of the campaign's visits.
func (s *Store) SaveVisit(ctx context.Context, campaignID int64, v *survey.Visit) error {
	return execOne(ctx, s.pool, storage.VisitNotFound(), `UPDATE workplace_visits SET workplace = $1, day = $2, kind = $3, note = $4, who = $5
		WHERE id = $6 AND campaign_id = $7`, v.Workplace, v.Day, string(v.Kind), v.Note, v.Who, v.ID, campaignID)
}

// DeleteVisit removes one of the campaign's visits.
func (s *Store) DeleteVisit(ctx context.Context, campaignID, id int64) error {
	return execOne(ctx, s.pool, storage.VisitNotFound(), `DELETE FROM workplace_visits WHERE id = $1 AND campaign_id = $2`, id, campaignID)
}
