package storage

import (
	"fmt"
	"time"

	"kravlistan/survey"
)

// UserTaken is the error for an account name that exists already (in any case).
func UserTaken(name string) error {
	return &survey.Error{Code: survey.ECONFLICT, Message: fmt.Sprintf("namnet %q används redan", name), Key: "name_taken",
		Args: []any{name}, Fields: []survey.FieldError{{Field: "name", Code: "name_taken", Args: []any{name}}}}
}

// UserNotFound is the error for an account that does not exist.
func UserNotFound(name string) error {
	return &survey.Error{Code: survey.ENOTFOUND, Message: fmt.Sprintf("det finns inget konto %q", name), Key: "user_not_found"}
}

// StoredRole is how an account's role is kept: callers as organisers with the caller flag
// set (SQLite migration 0014), so that a role column made before callers existed needs no
// change.
func StoredRole(r survey.Role) (role survey.Role, caller bool) {
	if r == survey.RoleCaller {
		return survey.RoleOrganiser, true
	}
	return r, false
}

// ScanUser scans id, name, role (callers already told apart), disabled, created_day and
// then extra.
func ScanUser(sc Scanner, extra ...any) (*survey.User, error) {
	var u survey.User
	var role string
	if err := sc.Scan(append([]any{&u.ID, &u.Name, &role, &u.Disabled, &u.CreatedDay}, extra...)...); err != nil {
		return nil, err
	}
	u.Role = survey.Role(role)
	return &u, nil
}

// ScanSession scans a session: the account's columns as ScanUser, then csrf, created_at
// and last_seen (Unix seconds).
func ScanSession(sc Scanner) (*survey.Session, error) {
	var (
		csrf              string
		created, lastSeen int64
	)
	u, err := ScanUser(sc, &csrf, &created, &lastSeen)
	if err != nil {
		return nil, err
	}
	return &survey.Session{User: *u, CSRF: csrf, CreatedAt: time.Unix(created, 0), LastSeen: time.Unix(lastSeen, 0)}, nil
}

// SessionEnded reports whether ss is over at now: its account disabled, or idle or signed
// in for longer than lim allows.
func SessionEnded(ss *survey.Session, now time.Time, lim survey.SessionLimits) bool {
	return ss.User.Disabled || now.Sub(ss.LastSeen) > lim.Idle || now.Sub(ss.CreatedAt) > lim.Absolute
}

// SessionSeenEvery is how often a session's last-seen time is written: browsing does not
// mean a write per page.
const SessionSeenEvery = time.Minute
