package storage

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"time"

	"kravlistan/survey"
)

// tokenBytes is the size of an answer link's secret: 256 bits, well above the 128 required.
const tokenBytes = 32

// ErrNoLink is the one error every bad answer-link token gets, so that nothing tells a
// wrong token from a revoked or an expired one.
var ErrNoLink = &survey.Error{Code: survey.ENOTFOUND, Message: "hittades inte"}

// NewToken returns a new answer-link token and the hash a store keeps of it (the token
// itself is never stored, so it cannot be shown again).
func NewToken() (token string, hash []byte, err error) {
	var b [tokenBytes]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", nil, err
	}
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, HashToken(token), nil
}

// HashToken is the hash under which a store keeps and looks up a token.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// TokenShaped reports whether token is long enough, and short enough, to be looked up.
func TokenShaped(token string) bool { return len(token) >= 16 && len(token) <= 128 }

// LinkOpens checks a link found under hash h (stored: its token_hash, revoked_at,
// expires_at) at now: the hashes are compared once more in constant time, and a revoked or
// expired link is refused with ErrNoLink. It returns when the link ends.
func LinkOpens(stored, h []byte, revoked *string, expires string, now time.Time) (time.Time, error) {
	if subtle.ConstantTimeCompare(stored, h) != 1 || revoked != nil {
		return time.Time{}, ErrNoLink
	}
	exp := ParseTime(&expires)
	if exp == nil || !now.Before(*exp) {
		return time.Time{}, ErrNoLink
	}
	return *exp, nil
}

// ScanPartyLink scans id, party_id, created_at, expires_at, revoked_at.
func ScanPartyLink(sc Scanner) (survey.PartyLink, error) {
	var l survey.PartyLink
	var created, expires string
	var revoked *string
	if err := sc.Scan(&l.ID, &l.PartyID, &created, &expires, &revoked); err != nil {
		return l, err
	}
	l.RevokedAt = ParseTime(revoked)
	if t := ParseTime(&created); t != nil {
		l.CreatedAt = *t
	}
	if t := ParseTime(&expires); t != nil {
		l.ExpiresAt = *t
	}
	return l, nil
}
