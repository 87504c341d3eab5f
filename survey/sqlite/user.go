package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// CreateUser stores a new account with an already hashed password. A taken name (compared
// without regard to case) gives ECONFLICT.
func (s *Store) CreateUser(ctx context.Context, name string, role survey.Role, hash string) (*survey.User, error) {
	if err := survey.CheckUser(name, role); err != nil {
		return nil, err
	}
	return createUser(ctx, s.w, name, role, hash, survey.Day(s.Now()))
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func createUser(ctx context.Context, x execer, name string, role survey.Role, hash, day string) (*survey.User, error) {
	stored, caller := storage.StoredRole(role) // see migration 0014
	res, err := x.ExecContext(ctx, `INSERT INTO users (name, role, password_hash, created_day, caller) VALUES (?, ?, ?, ?, ?)`,
		name, string(stored), hash, day, caller)
	if err != nil {
		if survey.ErrorCode(formatError(err)) == survey.ECONFLICT {
			return nil, storage.UserTaken(name)
		}
		return nil, fmt.Errorf("create user: %w", err)
	}
	id, _ := res.LastInsertId()
	return &survey.User{ID: id, Name: name, Role: role, CreatedDay: day}, nil
}

// userRole reads an account's role: callers are stored as organisers with caller = 1
// (migration 0014).
const userRole = `CASE WHEN caller = 1 THEN 'caller' ELSE role END`

const userCols = `id, name, ` + userRole + `, disabled, created_day`

func scanUser(sc storage.Scanner, extra ...any) (*survey.User, error) {
	return storage.ScanUser(sc, extra...)
}

// UserByName returns an account and its password hash; ENOTFOUND when there is none.
func (s *Store) UserByName(ctx context.Context, name string) (*survey.User, string, error) {
	var hash string
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+`, password_hash FROM users WHERE name = ?`, name), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", storage.UserNotFound(name)
	} else if err != nil {
		return nil, "", err
	}
	return u, hash, nil
}

// UserByID returns an account; ENOTFOUND when there is none.
func (s *Store) UserByID(ctx context.Context, id int64) (*survey.User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, storage.UserNotFound(fmt.Sprint(id))
	}
	return u, err
}

// Users lists every account by name.
func (s *Store) Users(ctx context.Context) ([]survey.User, error) {
	return s.queryUsers(ctx, `SELECT `+userCols+` FROM users ORDER BY name COLLATE NOCASE`)
}

// queryUsers runs a query selecting userCols and collects the accounts.
func (s *Store) queryUsers(ctx context.Context, query string, args ...any) ([]survey.User, error) {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []survey.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, rows.Err()
}

// CountUsers returns how many accounts exist.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// SetPassword replaces an account's password hash and ends all its sessions.
func (s *Store) SetPassword(ctx context.Context, name, hash string) (*survey.User, error) {
	return s.updateUser(ctx, name, `UPDATE users SET password_hash = ? WHERE name = ?`, hash, name)
}

// SetUserDisabled disables or enables an account; disabling ends all its sessions.
func (s *Store) SetUserDisabled(ctx context.Context, name string, disabled bool) (*survey.User, error) {
	return s.updateUser(ctx, name, `UPDATE users SET disabled = ? WHERE name = ?`, disabled, name)
}

// updateUser runs one UPDATE of the users table and drops the account's sessions, in one
// transaction.
func (s *Store) updateUser(ctx context.Context, name, query string, args ...any) (*survey.User, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, storage.UserNotFound(name)
	}
	u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE name = ?`, name))
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
		return nil, err
	}
	return u, tx.Commit()
}

// CreateSetupToken replaces any earlier first-admin setup token with the one whose SHA-256
// is hash. Only the hash is stored.
func (s *Store) CreateSetupToken(ctx context.Context, hash []byte, now time.Time) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM setup_tokens`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO setup_tokens (token_hash, created_at) VALUES (?, ?)`, hash, now.Unix()); err != nil {
		return err
	}
	return tx.Commit()
}

// ErrSetupUsed means the setup link is unknown, used, expired, or accounts exist already.
var ErrSetupUsed = survey.ErrSetupUsed

// SetupTokenValid reports whether hash names a setup token younger than maxAge while no
// account exists.
func (s *Store) SetupTokenValid(ctx context.Context, hash []byte, now time.Time, maxAge time.Duration) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM setup_tokens WHERE token_hash = ? AND created_at > ?
		AND NOT EXISTS (SELECT 1 FROM users)`, hash, now.Add(-maxAge).Unix()).Scan(&n)
	return n > 0, err
}

// UseSetupToken creates the first admin with the setup token whose hash is given, in one
// transaction that also deletes the token: the link works once. It fails with ErrSetupUsed
// when the token is unknown or too old, or when any account exists.
func (s *Store) UseSetupToken(ctx context.Context, hash []byte, now time.Time, maxAge time.Duration, name, pwHash string) (*survey.User, error) {
	if err := survey.CheckUser(name, survey.RoleAdmin); err != nil {
		return nil, err
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM setup_tokens WHERE token_hash = ? AND created_at > ?
		AND NOT EXISTS (SELECT 1 FROM users)`, hash, now.Add(-maxAge).Unix())
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, ErrSetupUsed
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM setup_tokens`); err != nil {
		return nil, err
	}
	u, err := createUser(ctx, tx, name, survey.RoleAdmin, pwHash, survey.Day(now))
	if err != nil {
		return nil, err
	}
	return u, tx.Commit()
}
