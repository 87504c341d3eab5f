package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
)

// InsertResponses stores already validated responses of one campaign in a single
// transaction, bypassing the group-commit writer: it is for bulk loading (demo data,
// benchmarks), not for members' submissions. An id that is already stored is skipped;
// the responses are inserted in the order of their random ids. Callers loading millions
// should pass batches of a few thousand.
func (s *Store) InsertResponses(ctx context.Context, campaignID int64, rs []*survey.Response) error {
	reqs := make([]*writeReq, len(rs))
	for i, r := range rs {
		reqs[i] = &writeReq{CampaignID: campaignID, R: r}
	}
	byID(reqs)
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := s.storeResponses(ctx, tx, reqs, bulkMode, false); err != nil {
			return fmt.Errorf("insert responses: %w", formatError(err))
		}
		return nil
	})
}
