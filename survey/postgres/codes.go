package postgres

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
	"kravlistan/survey/internal/groupcommit"
	"kravlistan/survey/internal/storage"
)

// campaignSecret returns the campaign's code secret, making one when create is true and
// there is none; without one (and !create) it returns nil. Two instances making one at
// once keep the first stored.
func (s *Store) campaignSecret(ctx context.Context, campaignID int64, create bool) ([]byte, error) {
	if v, ok := s.secrets.Load(campaignID); ok {
		return v.([]byte), nil
	}
	var secret []byte
	err := s.pool.QueryRow(ctx, `SELECT secret FROM code_keys WHERE campaign_id = $1`, campaignID).Scan(&secret)
	if errors.Is(err, pgx.ErrNoRows) {
		if !create {
			return nil, nil
		}
		secret = make([]byte, 32)
		if _, err := rand.Read(secret); err != nil {
			return nil, err
		}
		if _, err := s.pool.Exec(ctx, `INSERT INTO code_keys (campaign_id, secret) VALUES ($1, $2)
			ON CONFLICT DO NOTHING`, campaignID, secret); err != nil {
			return nil, fmt.Errorf("store code secret: %w", err)
		}
		err = s.pool.QueryRow(ctx, `SELECT secret FROM code_keys WHERE campaign_id = $1`, campaignID).Scan(&secret)
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
	var (
		batch int64
		codes []string
	)
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO code_batches (campaign_id, workplace, issued, day) VALUES ($1, $2, $3, $4) RETURNING id`,
			campaignID, workplace, n, survey.Day(s.Now())).Scan(&batch); err != nil {
			return err
		}
		codes = make([]string, 0, n)
		for len(codes) < n {
			// Draw the missing codes and insert them in one statement; a code that exists
			// already (in this campaign) is skipped and drawn again.
			draw := make([]string, n-len(codes))
			hashes := make([][]byte, len(draw))
			for i := range draw {
				draw[i] = survey.NewCode()
				hashes[i] = storage.CodeHash(secret, draw[i])
			}
			rows, err := tx.Query(ctx, `INSERT INTO codes (campaign_id, hash, batch_id, workplace)
				SELECT $1, h, $3, $4 FROM unnest($2::bytea[]) AS h ON CONFLICT DO NOTHING RETURNING hash`, campaignID, hashes, batch, workplace)
			if err != nil {
				return err
			}
			stored, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
			if err != nil {
				return err
			}
			in := map[string]bool{}
			for _, h := range stored {
				in[string(h)] = true
			}
			for i, h := range hashes {
				if in[string(h)] {
					delete(in, string(h)) // one code drawn twice in a draw counts once
					codes = append(codes, draw[i])
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return batch, codes, nil
}

// VoidCodeBatch makes the unused codes of a batch stop working (they are deleted); the
// used ones stay counted. ENOTFOUND when the campaign has no such batch.
func (s *Store) VoidCodeBatch(ctx context.Context, campaignID, batchID int64) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE code_batches SET voided = TRUE WHERE campaign_id = $1 AND id = $2`, campaignID, batchID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return &survey.Error{Code: survey.ENOTFOUND, Message: "det finns ingen sådan omgång koder"}
		}
		_, err = tx.Exec(ctx, `DELETE FROM codes WHERE campaign_id = $1 AND batch_id = $2 AND NOT used`, campaignID, batchID)
		return err
	})
}

// CodeBatches lists a campaign's batches, oldest first, each with how many of its codes
// have been used.
func (s *Store) CodeBatches(ctx context.Context, campaignID int64) ([]survey.CodeBatch, error) {
	rows, err := s.pool.Query(ctx, `SELECT b.id, b.workplace, b.issued, b.day, b.voided,
		(SELECT COUNT(*) FROM codes c WHERE c.batch_id = b.id AND c.used)
		FROM code_batches b WHERE b.campaign_id = $1 ORDER BY b.id`, campaignID)
	if err != nil {
		return nil, err
	}
	var out []survey.CodeBatch
	var b survey.CodeBatch
	_, err = pgx.ForEachRow(rows, []any{&b.ID, &b.Workplace, &b.Issued, &b.Day, &b.Voided, &b.Used}, func() error {
		out = append(out, b)
		return nil
	})
	return out, err
}

// CodeCounts returns how many codes a campaign has issued and how many were used, in
// total and by workplace (by code, "" first). Codes of a voided batch that were never
// used do not count as issued.
func (s *Store) CodeCounts(ctx context.Context, campaignID int64) (survey.CodeCounts, []survey.CodeCounts, error) {
	var total survey.CodeCounts
	rows, err := s.pool.Query(ctx, `SELECT workplace, COUNT(*), COUNT(*) FILTER (WHERE used) FROM codes
		WHERE campaign_id = $1 GROUP BY workplace ORDER BY workplace COLLATE "C"`, campaignID)
	if err != nil {
		return total, nil, err
	}
	var by []survey.CodeCounts
	var c survey.CodeCounts
	_, err = pgx.ForEachRow(rows, []any{&c.Workplace, &c.Issued, &c.Used}, func() error {
		total.Issued += c.Issued
		total.Used += c.Used
		by = append(by, c)
		return nil
	})
	return total, by, err
}

// CodeWorkplace returns the workplace a code was issued for, or ErrCodeUnknown. It does
// not say whether the code is used: the writer decides that when the answer is stored.
func (s *Store) CodeWorkplace(ctx context.Context, campaignID int64, typed string) (string, error) {
	h, err := s.hashCode(ctx, campaignID, typed)
	if err != nil {
		return "", err
	}
	var wp string
	err = s.pool.QueryRow(ctx, `SELECT workplace FROM codes WHERE campaign_id = $1 AND hash = $2`, campaignID, h).Scan(&wp)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", survey.ErrCodeUnknown
	}
	return wp, err
}

// claimCode is the writer's step for a response that came with a code, run in the batch's
// transaction before the responses are inserted. It locks the code's row (FOR UPDATE: an
// instance claiming the same code waits for this transaction and then sees it used),
// and marks an unused code used; the insert that follows commits with it, or neither
// does. planned, when not nil, is the request of this batch that will insert the same
// id, counted as stored. done is true when the request is finished without inserting: an
// unknown code, a used code with a new answer (ErrCodeUsed), or a replay of a stored
// answer (Replayed, nothing marked). Within one transaction the writer sees its own
// changes, so two answers with one code in one batch get one success.
func claimCode(ctx context.Context, tx queryer, req *writeReq, planned *writeReq) (writeResult, bool, error) {
	var used bool
	err := tx.QueryRow(ctx, `SELECT used FROM codes WHERE campaign_id = $1 AND hash = $2 FOR UPDATE`, req.CampaignID, req.Code).Scan(&used)
	if errors.Is(err, pgx.ErrNoRows) {
		return writeResult{Err: survey.ErrCodeUnknown}, true, nil
	} else if err != nil {
		return writeResult{}, false, err
	}
	prev, err := getResponse(ctx, tx, req.CampaignID, req.R.ID)
	switch {
	case survey.ErrorCode(err) == survey.ENOTFOUND:
		prev = nil
		if planned != nil {
			prev = planned.R
		}
	case err != nil:
		return writeResult{}, false, err
	}
	res, done, mark := groupcommit.Claim(used, prev, req.R)
	if mark {
		if _, err := tx.Exec(ctx, `UPDATE codes SET used = TRUE WHERE campaign_id = $1 AND hash = $2`, req.CampaignID, req.Code); err != nil {
			return writeResult{}, false, err
		}
	}
	return res, done, nil
}
