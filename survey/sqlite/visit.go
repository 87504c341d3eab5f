package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// errVisitNotFound is the answer about a visit the campaign does not have.
func errVisitNotFound() error { return storage.VisitNotFound() }

// AddVisit stores a visit to one of the campaign's workplaces (survey.VisitStore). The
// caller has checked it against the campaign (survey.Visit.Validate).
func (s *Store) AddVisit(ctx context.Context, campaignID int64, v *survey.Visit) error {
	res, err := s.w.ExecContext(ctx, `INSERT INTO workplace_visits (campaign_id, workplace, day, kind, note, who)
		VALUES (?, ?, ?, ?, ?, ?)`, campaignID, v.Workplace, v.Day, string(v.Kind), v.Note, v.Who)
	if err != nil {
		return fmt.Errorf("add visit: %w", err)
	}
	v.ID, err = res.LastInsertId()
	return err
}

// Visits returns the campaign's visits, the newest day first.
func (s *Store) Visits(ctx context.Context, campaignID int64) ([]survey.Visit, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, workplace, day, kind, note, who FROM workplace_visits
		WHERE campaign_id = ? ORDER BY day DESC, id DESC`, campaignID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []survey.Visit
	for rows.Next() {
		v, err := storage.ScanVisit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Visit returns one of the campaign's visits.
func (s *Store) Visit(ctx context.Context, campaignID, id int64) (survey.Visit, error) {
	v, err := storage.ScanVisit(s.r.QueryRowContext(ctx, `SELECT id, workplace, day, kind, note, who FROM workplace_visits
		WHERE id = ? AND campaign_id = ?`, id, campaignID))
	if errors.Is(err, sql.ErrNoRows) {
		return survey.Visit{}, errVisitNotFound()
	} else if err != nil {
		return survey.Visit{}, err
	}
	return v, nil
}

// SaveVisit changes one of the campaign's visits.
func (s *Store) SaveVisit(ctx context.Context, campaignID int64, v *survey.Visit) error {
	res, err := s.w.ExecContext(ctx, `UPDATE workplace_visits SET workplace = ?, day = ?, kind = ?, note = ?, who = ?
		WHERE id = ? AND campaign_id = ?`, v.Workplace, v.Day, string(v.Kind), v.Note, v.Who, v.ID, campaignID)
	if err != nil {
		return fmt.Errorf("save visit: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errVisitNotFound()
	}
	return nil
}

// DeleteVisit removes one of the campaign's visits.
func (s *Store) DeleteVisit(ctx context.Context, campaignID, id int64) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM workplace_visits WHERE id = ? AND campaign_id = ?`, id, campaignID)
	if err != nil {
		return fmt.Errorf("delete visit: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errVisitNotFound()
	}
	return nil
}
