package survey

import (
	"regexp"
	"time"
)

// Role is what an account may do in the organiser workspace.
type Role string

// The roles. An admin manages accounts and sees every campaign; an organiser sees the
// campaigns they created or were given access to; a caller may only record answers
// members give on the telephone, for the campaigns they were given access to.
const (
	RoleAdmin     Role = "admin"
	RoleOrganiser Role = "organiser"
	RoleCaller    Role = "caller"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleOrganiser || r == RoleCaller }

// IsCaller reports whether u may do nothing but record telephone answers.
func (u *User) IsCaller() bool { return u != nil && u.Role == RoleCaller }

// User is an organiser account. The password hash never leaves the store.
type User struct {
	ID       int64
	Name     string
	Role     Role
	Disabled bool
	// CreatedDay is the day the account was made (YYYY-MM-DD).
	CreatedDay string
}

// IsAdmin reports whether u may manage accounts and every campaign.
func (u *User) IsAdmin() bool { return u != nil && u.Role == RoleAdmin }

var userNameRE = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}._@+-]{0,63}$`)

// ValidUserName reports whether s can name an account: 1–64 letters, digits and . _ @ + -,
// starting with a letter or digit (an e-mail address fits).
func ValidUserName(s string) bool { return userNameRE.MatchString(s) }

// CheckUser validates a new account's name and role, reporting problems by field.
func CheckUser(name string, role Role) error {
	var fe fieldErrors
	if name == "" {
		fe.add("name", "required")
	} else if !ValidUserName(name) {
		fe.add("name", "bad_user_name")
	}
	if !role.Valid() {
		fe.add("role", "bad_role")
	}
	return fe.err()
}

// Session is a signed-in browser: who it belongs to, its anti-forgery token and its times.
type Session struct {
	User      User
	CSRF      string
	CreatedAt time.Time
	LastSeen  time.Time
}
