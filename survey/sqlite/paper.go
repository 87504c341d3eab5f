package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// Paper batches (survey.PaperStore, migration 0013).

var errNoBatch = &survey.Error{Code: survey.ENOTFOUND, Message: "bunten finns inte", Key: "batch_not_found"}

// CreatePaperBatch stores a new, empty batch and sets b.ID.
func (s *Store) CreatePaperBatch(ctx context.Context, campaignID int64, b *survey.PaperBatch) error {
	res, err := s.w.ExecContext(ctx, `INSERT INTO paper_batches (campaign_id, workplace, channel, cover, double, day)
		VALUES (?, ?, ?, ?, ?, ?)`, campaignID, b.Workplace, string(b.Channel), b.Cover, b.Double, b.Day)
	if err != nil {
		return fmt.Errorf("create paper batch: %w", err)
	}
	b.ID, err = res.LastInsertId()
	return err
}

// PaperBatches lists a campaign's batches, newest first.
func (s *Store) PaperBatches(ctx context.Context, campaignID int64) ([]survey.PaperBatch, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+storage.PaperBatchCols+` FROM paper_batches b WHERE b.campaign_id = ? ORDER BY b.id DESC`, campaignID)
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
	b, err := storage.ScanPaperBatch(s.r.QueryRowContext(ctx, `SELECT `+storage.PaperBatchCols+` FROM paper_batches b WHERE b.campaign_id = ? AND b.id = ?`, campaignID, batchID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoBatch
	}
	return b, err
}

// ClaimPaperPass makes userID the typist of pass unless another account is; a committed
// batch cannot be claimed.
func (s *Store) ClaimPaperPass(ctx context.Context, campaignID, batchID int64, pass int, userID int64) error {
	col := "typist1"
	if pass == 1 {
		col = "typist2"
	}
	res, err := s.w.ExecContext(ctx, `UPDATE paper_batches SET `+col+` = ? WHERE campaign_id = ? AND id = ? AND committed = 0
		AND (`+col+` IS NULL OR `+col+` = ?)`, userID, campaignID, batchID, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &survey.Error{Code: survey.ECONFLICT, Message: "någon annan skriver redan in den här omgången", Key: "pass_taken"}
	}
	return nil
}

// PaperLines returns a pass's lines in pile order.
func (s *Store) PaperLines(ctx context.Context, batchID int64, pass int) ([]survey.PaperLine, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT seq, line, code FROM paper_lines WHERE batch_id = ? AND pass = ? ORDER BY seq`, batchID, pass)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []survey.PaperLine
	for rows.Next() {
		var l survey.PaperLine
		if err := rows.Scan(&l.Seq, &l.Line, &l.Code); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// AddPaperLine appends a line to the end of a pass and sets l.Seq.
func (s *Store) AddPaperLine(ctx context.Context, batchID int64, pass int, l survey.PaperLine) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO paper_lines (batch_id, pass, seq, line, code)
		VALUES (?1, ?2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM paper_lines WHERE batch_id = ?1 AND pass = ?2), ?3, ?4)`,
		batchID, pass, l.Line, l.Code)
	return err
}

// SetPaperLine replaces the line at l.Seq in each of passes (adding it when the pass is
// that long less one).
func (s *Store) SetPaperLine(ctx context.Context, batchID int64, passes []int, l survey.PaperLine) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, p := range passes {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM paper_lines WHERE batch_id = ? AND pass = ?`, batchID, p).Scan(&n); err != nil {
			return err
		}
		if l.Seq < 1 || l.Seq > n+1 {
			return &survey.Error{Code: survey.EINVALID, Message: "ingen sådan blankett", Key: "no_such_ballot"}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO paper_lines (batch_id, pass, seq, line, code) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (batch_id, pass, seq) DO UPDATE SET line = excluded.line, code = excluded.code`,
			batchID, p, l.Seq, l.Line, l.Code); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// DropPaperLine removes the line at seq from pass and moves the later ones up.
func (s *Store) DropPaperLine(ctx context.Context, batchID int64, pass, seq int) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM paper_lines WHERE batch_id = ? AND pass = ? AND seq = ?`, batchID, pass, seq); err != nil {
		return err
	}
	// Two steps, so that no moved line collides with its neighbour's key on the way.
	if _, err := tx.ExecContext(ctx, `UPDATE paper_lines SET seq = -(seq - 1) WHERE batch_id = ? AND pass = ? AND seq > ?`, batchID, pass, seq); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE paper_lines SET seq = -seq WHERE batch_id = ? AND pass = ? AND seq < 0`, batchID, pass); err != nil {
		return err
	}
	return tx.Commit()
}

// DeletePaperBatch deletes an uncommitted batch with its lines.
func (s *Store) DeletePaperBatch(ctx context.Context, campaignID, batchID int64) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM paper_batches WHERE campaign_id = ? AND id = ? AND committed = 0`, campaignID, batchID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNoBatch
	}
	return nil
}

// CommitPaperBatch stores the batch's responses, all or none, in one transaction that
// also marks their codes used and deletes the batch's lines and typists (see
// survey.PaperStore).
func (s *Store) CommitPaperBatch(ctx context.Context, campaignID, batchID int64, rs []*survey.Response) error {
	reqs := make([]*writeReq, len(rs))
	for i, r := range rs {
		reqs[i] = &writeReq{CampaignID: campaignID, R: r}
		if r.Code != "" {
			h, err := s.hashCode(ctx, campaignID, r.Code)
			if err != nil {
				return storage.BallotError(i, err)
			}
			reqs[i].Code = h
		}
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE paper_batches SET committed = 1, stored = ?, typist1 = NULL, typist2 = NULL
		WHERE campaign_id = ? AND id = ? AND committed = 0`, len(rs), campaignID, batchID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNoBatch
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM paper_lines WHERE batch_id = ?`, batchID); err != nil {
		return err
	}
	pb := s.newPendingBatch()
	if err := pb.before(ctx, tx, campaignID); err != nil {
		return err
	}
	for i, req := range reqs {
		r := req.R
		if req.Code != nil {
			res, done, err := claimCode(ctx, tx, req)
			if err != nil {
				return err
			}
			if done {
				if res.Err == nil { // a replay: a response with this id exists already
					res.Err = storage.ErrIDConflict()
				}
				return storage.BallotError(i, res.Err)
			}
		}
		key := storage.NewRecordKey()
		res, err := tx.ExecContext(ctx, insertResponse, r.ID.String(), campaignID, r.Workplace, string(r.Channel), r.Day,
			storage.EncodeRanking(r.Ranking), storage.EncodeBackground(r.Background), r.Proposal, storage.EncodeRatings(r.Ratings), key)
		if err != nil {
			return fmt.Errorf("insert response: %w", formatError(err))
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return storage.BallotError(i, storage.ErrIDConflict())
		}
		if _, err := tx.ExecContext(ctx, insertPending, campaignID, r.ID.String()); err != nil {
			return err
		}
		pb.created(campaignID, r, key)
	}
	if err := pb.advance(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}
