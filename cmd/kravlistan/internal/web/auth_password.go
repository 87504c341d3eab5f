package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Passwords are hashed with argon2id at OWASP's minimum (19 MiB, two passes, one lane),
// which takes tens of milliseconds: slow for guessing, fast enough for tests. The
// parameters are kept in the PHC string, so they can be raised later without breaking
// stored hashes.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	// minPasswordLen is the shortest password a person may choose (generated ones are longer).
	minPasswordLen = 12
)

// HashPassword returns the argon2id PHC string of pw with a fresh random salt.
func HashPassword(pw string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// CheckPassword reports whether pw matches the PHC string hash, in constant time.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var (
		m, t uint32
		p    uint8
	)
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when an account does not exist, so that a wrong name takes
// as long as a wrong password and does not reveal which names exist. It is made on first
// use: hashing costs 19 MiB and tens of milliseconds, which no other command (such as the
// container's healthcheck) should pay at start.
var dummyHash = sync.OnceValue(func() string { return HashPassword("not a password anyone has") })

// passwordAlphabet leaves out letters and digits that are easily confused (0 O 1 l i).
const passwordAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// GeneratePassword returns a random password of four groups of five characters, about 99
// bits, easy to read aloud and type on a tablet: "k7mqa-x3rtd-…".
func GeneratePassword() string {
	var b strings.Builder
	buf := make([]byte, 20)
	rand.Read(buf)
	for i, c := range buf {
		if i > 0 && i%5 == 0 {
			b.WriteByte('-')
		}
		// 256 % 31 != 0 leaves a negligible bias; the password stays far above 90 bits.
		b.WriteByte(passwordAlphabet[int(c)%len(passwordAlphabet)])
	}
	return b.String()
}

// randomToken returns n random bytes encoded for a URL or cookie.
func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
