package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// Account names are unique without regard to case (the index users_name on lower(name)),
// and every lookup by name compares them so, as SQLite's COLLATE NOCASE does.

// CreateUser stores a new account with an already hashed password. A taken name (compared
// without regard to case) gives ECONFLICT.
func (s *Store) CreateUser(ctx context.Context, name string, role survey.Role, hash string) (*survey.User, error) {
	if err := survey.CheckUser(name, role); err != nil {
		return nil, err
	}
	return createUser(ctx, s.pool, name, role, hash, survey.Day(s.Now()))
}

func createUser(ctx context.Context, q queryer, name string, role survey.Role, hash, day string) (*survey.User, error) {
	stored, caller := storage.StoredRole(role)
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO users (name, role, password_hash, created_day, caller) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		name, string(stored), hash, day, caller).Scan(&id)
	if isUnique(err) {
		return nil, storage.UserTaken(name)
	} else if err != nil {
		return nil, fmt.Errorf("create user: %w", err)
	}
	return &survey.User{ID: id, Name: name, Role: role, CreatedDay: day}, nil
}

// userCols are the columns storage.ScanUser reads; callers are stored as organisers with
// caller set.
const userCols = `id, name, CASE WHEN caller THEN 'caller' ELSE role END, disabled, created_day`

// UserByName returns an account and its password hash; ENOTFOUND when there is none.
func (s *Store) UserByName(ctx context.Context, name string) (*survey.User, string, error) {
	var hash string
	u, err := storage.ScanUser(s.pool.QueryRow(ctx, `SELECT `+userCols+`, password_hash FROM users WHERE lower(name) = lower($1)`, name), &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, "", storage.UserNotFound(name)
	} else if err != nil {
		return nil, "", err
	}
	return u, hash, nil
}

// UserByID returns an account; ENOTFOUND when there is none.
func (s *Store) UserByID(ctx context.Context, id int64) (*survey.User, error) {
	u, err := storage.ScanUser(s.pool.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, storage.UserNotFound(fmt.Sprint(id))
	}
	return u, err
}

// Users lists every account by name.
func (s *Store) Users(ctx context.Context) ([]survey.User, error) {
	return s.queryUsers(ctx, `SELECT `+userCols+` FROM users ORDER BY lower(name)`)
}

// queryUsers runs a query selecting userCols and collects the accounts.
func (s *Store) queryUsers(ctx context.Context, query string, args ...any) ([]survey.User, error) {
	return collect(ctx, s.pool, func(row storage.Scanner) (survey.User, error) {
		u, err := storage.ScanUser(row)
		if err != nil {
			return survey.User{}, err
		}
		return *u, nil
	}, query, args...)
}

// CountUsers returns how many accounts exist.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// SetPassword replaces an account's password hash and ends all its sessions.
func (s *Store) SetPassword(ctx context.Context, name, hash string) (*survey.User, error) {
	return s.updateUser(ctx, name, `password_hash = $2`, hash)
}

// SetUserDisabled disables or enables an account; disabling ends all its sessions.
func (s *Store) SetUserDisabled(ctx context.Context, name string, disabled bool) (*survey.User, error) {
	return s.updateUser(ctx, name, `disabled = $2`, disabled)
}

// updateUser sets one column of the account name ($1) to value ($2) and drops the
// account's sessions, in one transaction.
func (s *Store) updateUser(ctx context.Context, name, set string, value any) (*survey.User, error) {
	var u *survey.User
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		u, err = storage.ScanUser(tx.QueryRow(ctx, `UPDATE users SET `+set+` WHERE lower(name) = lower($1) RETURNING `+userCols, name, value))
		if errors.Is(err, pgx.ErrNoRows) {
			return storage.UserNotFound(name)
		} else if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, u.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// lockSetup makes the setup-token transactions of every instance take turns, so that
// two of them never both see no account and no other token.
func lockSetup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `LOCK TABLE setup_tokens IN SHARE ROW EXCLUSIVE MODE`)
	return err
}

// CreateSetupToken replaces any earlier first-admin setup token with the one whose SHA-256
// is hash. Only the hash is stored.
func (s *Store) CreateSetupToken(ctx context.Context, hash []byte, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockSetup(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM setup_tokens`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO setup_tokens (token_hash, created_at) VALUES ($1, $2)`, hash, now.Unix())
		return err
	})
}

// SetupTokenValid reports whether hash names a setup token younger than maxAge while no
// account exists.
func (s *Store) SetupTokenValid(ctx context.Context, hash []byte, now time.Time, maxAge time.Duration) (bool, error) {
	var ok bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM setup_tokens WHERE token_hash = $1 AND created_at > $2)
		AND NOT EXISTS (SELECT 1 FROM users)`, hash, now.Add(-maxAge).Unix()).Scan(&ok)
	return ok, err
}

// UseSetupToken creates the first admin with the setup token whose hash is given, in one
// transaction that also deletes the token: the link works once. It fails with
// survey.ErrSetupUsed when the token is unknown or too old, or when any account exists.
func (s *Store) UseSetupToken(ctx context.Context, hash []byte, now time.Time, maxAge time.Duration, name, pwHash string) (*survey.User, error) {
	if err := survey.CheckUser(name, survey.RoleAdmin); err != nil {
		return nil, err
	}
	var u *survey.User
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockSetup(ctx, tx); err != nil {
			return err
		}
		if err := execOne(ctx, tx, survey.ErrSetupUsed, `DELETE FROM setup_tokens WHERE token_hash = $1 AND created_at > $2
			AND NOT EXISTS (SELECT 1 FROM users)`, hash, now.Add(-maxAge).Unix()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM setup_tokens`); err != nil {
			return err
		}
		var err error
		u, err = createUser(ctx, tx, name, survey.RoleAdmin, pwHash, survey.Day(now))
		return err
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}
