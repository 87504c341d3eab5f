package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// Sessions live in the database, so that any instance serves any signed-in browser.

// CreateSession stores a session for user under the SHA-256 of its cookie token.
func (s *Store) CreateSession(ctx context.Context, tokenHash []byte, userID int64, csrf string, now time.Time) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, csrf, created_at, last_seen) VALUES ($1, $2, $3, $4, $4)`,
		tokenHash, userID, csrf, now.Unix())
	return err
}

// Session returns the live session with the given token hash and its account. An expired
// session is deleted and, like a disabled account, gives survey.ErrNoSession. The last-seen
// time is written at most once a minute so that browsing does not mean a write per page.
func (s *Store) Session(ctx context.Context, tokenHash []byte, now time.Time, lim survey.SessionLimits) (*survey.Session, error) {
	ss, err := storage.ScanSession(s.pool.QueryRow(ctx, `SELECT u.id, u.name, CASE WHEN u.caller THEN 'caller' ELSE u.role END, u.disabled, u.created_day,
		s.csrf, s.created_at, s.last_seen
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, tokenHash))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, survey.ErrNoSession
	} else if err != nil {
		return nil, err
	}
	if storage.SessionEnded(ss, now, lim) {
		if err := s.DeleteSession(ctx, tokenHash); err != nil {
			return nil, err
		}
		return nil, survey.ErrNoSession
	}
	if now.Sub(ss.LastSeen) >= storage.SessionSeenEvery {
		// Two instances may both write it; the later time wins.
		if _, err := s.pool.Exec(ctx, `UPDATE sessions SET last_seen = GREATEST(last_seen, $1) WHERE token_hash = $2`, now.Unix(), tokenHash); err != nil {
			return nil, err
		}
		ss.LastSeen = now
	}
	return ss, nil
}

// DeleteSession ends one session (sign-out).
func (s *Store) DeleteSession(ctx context.Context, tokenHash []byte) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	return err
}

// DeleteExpiredSessions removes every session past its limits and returns how many.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time, lim survey.SessionLimits) (int64, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE last_seen < $1 OR created_at < $2`,
		now.Add(-lim.Idle).Unix(), now.Add(-lim.Absolute).Unix())
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}
