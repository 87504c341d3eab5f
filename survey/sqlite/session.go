package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// SessionLimits are how long a session lives (survey.SessionLimits).
type SessionLimits = survey.SessionLimits

// ErrNoSession means the session is unknown, expired, or its account is disabled.
var ErrNoSession = survey.ErrNoSession

// CreateSession stores a session for user under the SHA-256 of its cookie token.
func (s *Store) CreateSession(ctx context.Context, tokenHash []byte, userID int64, csrf string, now time.Time) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf, created_at, last_seen) VALUES (?, ?, ?, ?, ?)`,
		tokenHash, userID, csrf, now.Unix(), now.Unix())
	return err
}

// Session returns the live session with the given token hash and its account. An expired
// session is deleted and, like a disabled account, gives ErrNoSession. The last-seen time
// is written at most once a minute so that browsing does not mean a write per page.
func (s *Store) Session(ctx context.Context, tokenHash []byte, now time.Time, lim SessionLimits) (*survey.Session, error) {
	ss, err := storage.ScanSession(s.r.QueryRowContext(ctx, `SELECT u.id, u.name, CASE WHEN u.caller = 1 THEN 'caller' ELSE u.role END, u.disabled, u.created_day, s.csrf, s.created_at, s.last_seen
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoSession
	} else if err != nil {
		return nil, err
	}
	if storage.SessionEnded(ss, now, lim) {
		if err := s.DeleteSession(ctx, tokenHash); err != nil {
			return nil, err
		}
		return nil, ErrNoSession
	}
	if now.Sub(ss.LastSeen) >= storage.SessionSeenEvery {
		if _, err := s.w.ExecContext(ctx, `UPDATE sessions SET last_seen = ? WHERE token_hash = ?`, now.Unix(), tokenHash); err != nil {
			return nil, err
		}
		ss.LastSeen = now
	}
	return ss, nil
}

// DeleteSession ends one session (sign-out).
func (s *Store) DeleteSession(ctx context.Context, tokenHash []byte) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return err
}

// DeleteExpiredSessions removes every session past its limits and returns how many.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time, lim SessionLimits) (int64, error) {
	res, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE last_seen < ? OR created_at < ?`,
		now.Add(-lim.Idle).Unix(), now.Add(-lim.Absolute).Unix())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
