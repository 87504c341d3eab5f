package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// Paper batches (survey.PaperStore).

var errNoBatch = &survey.Error{Code: survey.ENOTFOUND, Message: "bunten finns inte", Key: "batch_not_found"}

// CreatePaperBatch stores a new, empty batch and sets b.ID.
func (s *Store) CreatePaperBatch(ctx context.Context, campaignID int64, b *survey.PaperBatch) error {
	err := s.pool.QueryRow(ctx, `INSERT INTO paper_batches (campaign_id, workplace, channel, cover, double, day)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, campaignID, b.Workplace, string(b.Channel), b.Cover, b.Double, b.Day).Scan(&b.ID)
	if err != nil {
		return fmt.Errorf("create paper batch: %w", err)
	}
	return nil
}

// PaperBatches lists a campaign's batches, newest first.
func (s *Store) PaperBatches(ctx context.Context, campaignID int64) ([]survey.PaperBatch, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+storage.PaperBatchCols+` FROM paper_batches b WHERE b.campaign_id = $1 ORDER BY b.id DESC`, campaignID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []survey.PaperBatch
	for rows.Next() {
		b, err := storage.ScanPaperBatch(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *b)
	}
	return out, rows.Err()
}

// PaperBatch returns one batch of the campaign; ENOTFOUND when there is none.
func (s *Store) PaperBatch(ctx context.Context, campaignID, batchID int64) (*survey.PaperBatch, error) {
	b, err := storage.ScanPaperBatch(s.pool.QueryRow(ctx, `SELECT `+storage.PaperBatchCols+` FROM paper_batches b WHERE b.campaign_id = $1 AND b.id = $2`, campaignID, batchID))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errNoBatch
	}
	return b, err
}

// ClaimPaperPass makes userID the typist of pass unless another account is; a committed
// batch cannot be claimed. One statement: two instances claiming at once get one winner.
func (s *Store) ClaimPaperPass(ctx context.Context, campaignID, batchID int64, pass int, userID int64) error {
	col := "typist1"
	if pass == 1 {
		col = "typist2"
	}
	tag, err := s.pool.Exec(ctx, `UPDATE paper_batches SET `+col+` = $1 WHERE campaign_id = $2 AND id = $3 AND NOT committed
		AND (`+col+` IS NULL OR `+col+` = $1)`, userID, campaignID, batchID)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return &survey.Error{Code: survey.ECONFLICT, Message: "någon annan skriver redan in den här omgången", Key: "pass_taken"}
	}
	return nil
}

// PaperLines returns a pass's lines in pile order.
func (s *Store) PaperLines(ctx context.Context, batchID int64, pass int) ([]survey.PaperLine, error) {
	rows, err := s.pool.Query(ctx, `SELECT seq, line, code FROM paper_lines WHERE batch_id = $1 AND pass = $2 ORDER BY seq`, batchID, pass)
	if err != nil {
		return nil, err
	}
	var out []survey.PaperLine
	var l survey.PaperLine
	_, err = pgx.ForEachRow(rows, []any{&l.Seq, &l.Line, &l.Code}, func() error {
		out = append(out, l)
		return nil
	})
	return out, err
}

// lockPass makes the transactions that change the lines of one pass take turns (two
// browser tabs, or two instances, typing into one pile): the row of the batch is locked
// until tx ends.
func lockPass(ctx context.Context, tx pgx.Tx, batchID int64) error {
	_, err := tx.Exec(ctx, `SELECT 1 FROM paper_batches WHERE id = $1 FOR UPDATE`, batchID)
	return err
}

// AddPaperLine appends a line to the end of a pass and sets l.Seq.
func (s *Store) AddPaperLine(ctx context.Context, batchID int64, pass int, l survey.PaperLine) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockPass(ctx, tx, batchID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO paper_lines (batch_id, pass, seq, line, code)
			VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM paper_lines WHERE batch_id = $1 AND pass = $2), $3, $4)`,
			batchID, pass, l.Line, l.Code)
		return err
	})
}

// SetPaperLine replaces the line at l.Seq in each of passes (adding it when the pass is
// that long less one).
func (s *Store) SetPaperLine(ctx context.Context, batchID int64, passes []int, l survey.PaperLine) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockPass(ctx, tx, batchID); err != nil {
			return err
		}
		for _, p := range passes {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM paper_lines WHERE batch_id = $1 AND pass = $2`, batchID, p).Scan(&n); err != nil {
				return err
			}
			if l.Seq < 1 || l.Seq > n+1 {
				return &survey.Error{Code: survey.EINVALID, Message: "ingen sådan blankett", Key: "no_such_ballot"}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO paper_lines (batch_id, pass, seq, line, code) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (batch_id, pass, seq) DO UPDATE SET line = excluded.line, code = excluded.code`,
				batchID, p, l.Seq, l.Line, l.Code); err != nil {
				return err
			}
		}
		return nil
	})
}

// DropPaperLine removes the line at seq from pass and moves the later ones up.
func (s *Store) DropPaperLine(ctx context.Context, batchID int64, pass, seq int) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockPass(ctx, tx, batchID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM paper_lines WHERE batch_id = $1 AND pass = $2 AND seq = $3`, batchID, pass, seq); err != nil {
			return err
		}
		// Two steps, so that no moved line collides with its neighbour's key on the way.
		if _, err := tx.Exec(ctx, `UPDATE paper_lines SET seq = -(seq - 1) WHERE batch_id = $1 AND pass = $2 AND seq > $3`, batchID, pass, seq); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE paper_lines SET seq = -seq WHERE batch_id = $1 AND pass = $2 AND seq < 0`, batchID, pass)
		return err
	})
}

// DeletePaperBatch deletes an uncommitted batch with its lines.
func (s *Store) DeletePaperBatch(ctx context.Context, campaignID, batchID int64) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM paper_batches WHERE campaign_id = $1 AND id = $2 AND NOT committed`, campaignID, batchID)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return errNoBatch
	}
	return nil
}

// CommitPaperBatch stores the batch's responses, all or none, in one transaction that
// also marks their codes used and deletes the batch's lines and typists (see
// survey.PaperStore). The responses are inserted in the order of their random ids, not
// in the order of the pile.
func (s *Store) CommitPaperBatch(ctx context.Context, campaignID, batchID int64, rs []*survey.Response) error {
	reqs := make([]*writeReq, len(rs))
	for i, r := range rs {
		reqs[i] = &writeReq{CampaignID: campaignID, R: r, Ballot: i}
		if r.Code != "" {
			h, err := s.hashCode(ctx, campaignID, r.Code)
			if err != nil {
				return storage.BallotError(i, err)
			}
			reqs[i].Code = h
		}
	}
	byID(reqs)
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE paper_batches SET committed = TRUE, stored = $1, typist1 = NULL, typist2 = NULL
			WHERE campaign_id = $2 AND id = $3 AND NOT committed`, len(rs), campaignID, batchID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return errNoBatch
		}
		if _, err := tx.Exec(ctx, `DELETE FROM paper_lines WHERE batch_id = $1`, batchID); err != nil {
			return err
		}
		_, err = s.storeResponses(ctx, tx, reqs, paperMode, false)
		return err
	})
}
