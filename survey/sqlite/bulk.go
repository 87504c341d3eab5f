package sqlite

import (
	"context"
	"fmt"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// InsertResponses stores already validated responses of one campaign in a single
// transaction, bypassing the group-commit writer queue: it is for bulk loading (demo data,
// benchmarks), not for members' submissions. An id that is already stored is skipped.
// Callers loading millions should pass batches of a few thousand.
func (s *Store) InsertResponses(ctx context.Context, campaignID int64, rs []*survey.Response) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, insertResponse)
	if err != nil {
		return err
	}
	defer stmt.Close()
	pend, err := tx.PrepareContext(ctx, insertPending)
	if err != nil {
		return err
	}
	defer pend.Close()
	pb := s.newPendingBatch()
	if err := pb.before(ctx, tx, campaignID); err != nil {
		return err
	}
	for _, r := range rs {
		key := storage.NewRecordKey()
		res, err := stmt.ExecContext(ctx, r.ID.String(), campaignID, r.Workplace, string(r.Channel), r.Day,
			storage.EncodeRanking(r.Ranking), storage.EncodeBackground(r.Background), r.Proposal, storage.EncodeRatings(r.Ratings), key)
		if err != nil {
			return fmt.Errorf("insert response %s: %w", r.ID, formatError(err))
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue // already stored
		}
		if _, err := pend.ExecContext(ctx, campaignID, r.ID.String()); err != nil {
			return fmt.Errorf("insert response %s: %w", r.ID, formatError(err))
		}
		pb.created(campaignID, r, key)
	}
	if err := pb.advance(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}
