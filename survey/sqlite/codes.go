package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"

	"kravlistan/survey"
	"kravlistan/survey/internal/groupcommit"
	"kravlistan/survey/internal/storage"
)

// campaignSecret returns the campaign's code secret, making one when create is true and
// there is none; without one (and !create) it returns nil.
func (s *Store) campaignSecret(ctx context.Context, campaignID int64, create bool) ([]byte, error) {
	if v, ok := s.secrets.Load(campaignID); ok {
		return v.([]byte), nil
	}
	var secret []byte
	err := s.w.QueryRowContext(ctx, `SELECT secret FROM code_keys WHERE campaign_id = ?`, campaignID).Scan(&secret)
	if errors.Is(err, sql.ErrNoRows) {
		if !create {
			return nil, nil
		}
		secret = make([]byte, 32)
		if _, err := rand.Read(secret); err != nil {
			return nil, err
		}
		if _, err := s.w.ExecContext(ctx, `INSERT INTO code_keys (campaign_id, secret) VALUES (?, ?)
			ON CONFLICT DO NOTHING`, campaignID, secret); err != nil {
			return nil, fmt.Errorf("store code secret: %w", err)
		}
		err = s.w.QueryRowContext(ctx, `SELECT secret FROM code_keys WHERE campaign_id = ?`, campaignID).Scan(&secret)
	}
	if err != nil {
		return nil, err
	}
	s.secrets.Store(campaignID, secret)
	return secret, nil
}

// hashCode returns the stored form of a code as typed, or ErrCodeUnknown when it is not a
// well-formed code or the campaign has never issued one.
func (s *Store) hashCode(ctx context.Context, campaignID int64, typed string) ([]byte, error) {
	return storage.HashTypedCode(typed, func() ([]byte, error) { return s.campaignSecret(ctx, campaignID, false) })
}

// IssueCodes makes a batch of n new codes for a workplace ("" for none) of a campaign and
// returns the batch's id and the codes in canonical form. This is the only time the codes
// exist in readable form: only their HMACs are stored.
func (s *Store) IssueCodes(ctx context.Context, campaignID int64, workplace string, n int) (int64, []string, error) {
	if err := storage.CheckCodeBatch(n); err != nil {
		return 0, nil, err
	}
	secret, err := s.campaignSecret(ctx, campaignID, true)
	if err != nil {
		return 0, nil, err
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, nil, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO code_batches (campaign_id, workplace, issued, day) VALUES (?, ?, ?, ?)`,
		campaignID, workplace, n, survey.Day(s.Now()))
	if err != nil {
		return 0, nil, err
	}
	batch, err := res.LastInsertId()
	if err != nil {
		return 0, nil, err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO codes (campaign_id, hash, batch_id, workplace) VALUES (?, ?, ?, ?)
		ON CONFLICT DO NOTHING`)
	if err != nil {
		return 0, nil, err
	}
	defer ins.Close()
	codes := make([]string, 0, n)
	for len(codes) < n {
		code := survey.NewCode()
		res, err := ins.ExecContext(ctx, campaignID, storage.CodeHash(secret, code), batch, workplace)
		if err != nil {
			return 0, nil, err
		}
		if k, _ := res.RowsAffected(); k == 1 {
			codes = append(codes, code) // else: the code exists already; draw another
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, nil, err
	}
	return batch, codes, nil
}

// VoidCodeBatch makes the unused codes of a batch stop working (they are deleted); the
// used ones stay counted. ENOTFOUND when the campaign has no such batch.
func (s *Store) VoidCodeBatch(ctx context.Context, campaignID, batchID int64) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE code_batches SET voided = 1 WHERE campaign_id = ? AND id = ?`, campaignID, batchID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &survey.Error{Code: survey.ENOTFOUND, Message: "det finns ingen sådan omgång koder"}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM codes WHERE campaign_id = ? AND batch_id = ? AND used = 0`, campaignID, batchID); err != nil {
		return err
	}
	return tx.Commit()
}

// CodeBatches lists a campaign's batches, oldest first, each with how many of its codes
// have been used.
func (s *Store) CodeBatches(ctx context.Context, campaignID int64) ([]survey.CodeBatch, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT b.id, b.workplace, b.issued, b.day, b.voided,
		(SELECT COUNT(*) FROM codes c WHERE c.batch_id = b.id AND c.used = 1)
		FROM code_batches b WHERE b.campaign_id = ? ORDER BY b.id`, campaignID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []survey.CodeBatch
	for rows.Next() {
		var b survey.CodeBatch
		if err := rows.Scan(&b.ID, &b.Workplace, &b.Issued, &b.Day, &b.Voided, &b.Used); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// CodeCounts returns how many codes a campaign has issued and how many were used, in
// total and by workplace (by code, "" first). Codes of a voided batch that were never
// used do not count as issued.
func (s *Store) CodeCounts(ctx context.Context, campaignID int64) (survey.CodeCounts, []survey.CodeCounts, error) {
	var total survey.CodeCounts
	rows, err := s.r.QueryContext(ctx, `SELECT workplace, COUNT(*), COALESCE(SUM(used), 0) FROM codes
		WHERE campaign_id = ? GROUP BY workplace ORDER BY workplace`, campaignID)
	if err != nil {
		return total, nil, err
	}
	defer rows.Close()
	var by []survey.CodeCounts
	for rows.Next() {
		var c survey.CodeCounts
		if err := rows.Scan(&c.Workplace, &c.Issued, &c.Used); err != nil {
			return total, nil, err
		}
		total.Issued += c.Issued
		total.Used += c.Used
		by = append(by, c)
	}
	return total, by, rows.Err()
}

// CodeWorkplace returns the workplace a code was issued for, or ErrCodeUnknown. It does
// not say whether the code is used: the writer decides that when the answer is stored.
func (s *Store) CodeWorkplace(ctx context.Context, campaignID int64, typed string) (string, error) {
	h, err := s.hashCode(ctx, campaignID, typed)
	if err != nil {
		return "", err
	}
	var wp string
	err = s.r.QueryRowContext(ctx, `SELECT workplace FROM codes WHERE campaign_id = ? AND hash = ?`, campaignID, h).Scan(&wp)
	if errors.Is(err, sql.ErrNoRows) {
		return "", survey.ErrCodeUnknown
	}
	return wp, err
}

// claimCode is the writer's step for a response that came with a code, run in the batch's
// transaction before the response is inserted. It marks an unused code used (the insert
// that follows commits with it, or neither does). done is true when the request is
// finished without inserting: an unknown code, a used code with a new answer (ErrCodeUsed),
// or a replay of a stored answer (Replayed, nothing marked). Within one transaction the
// writer sees its own changes, so two answers with one code in one batch get one success.
func claimCode(ctx context.Context, tx *sql.Tx, req *writeReq) (writeResult, bool, error) {
	var used bool
	err := tx.QueryRowContext(ctx, `SELECT used FROM codes WHERE campaign_id = ? AND hash = ?`, req.CampaignID, req.Code).Scan(&used)
	if errors.Is(err, sql.ErrNoRows) {
		return writeResult{Err: survey.ErrCodeUnknown}, true, nil
	} else if err != nil {
		return writeResult{}, false, err
	}
	prev, err := getResponse(ctx, tx, req.CampaignID, req.R.ID)
	switch {
	case survey.ErrorCode(err) == survey.ENOTFOUND:
		prev = nil
	case err != nil:
		return writeResult{}, false, err
	}
	res, done, mark := groupcommit.Claim(used, prev, req.R)
	if mark {
		if _, err := tx.ExecContext(ctx, `UPDATE codes SET used = 1 WHERE campaign_id = ? AND hash = ?`, req.CampaignID, req.Code); err != nil {
			return writeResult{}, false, err
		}
	}
	return res, done, nil
}
