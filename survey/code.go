package survey

import (
	"crypto/rand"
	"strings"
)

// Access says who may answer a campaign.
type Access string

// The access modes. In AccessOpen (the default) anyone with the link may answer, as often
// as they like; in AccessCodes every answer needs an unused one-time code from a printed
// slip, so each member answers once.
const (
	AccessOpen  Access = "open"
	AccessCodes Access = "codes"
)

// NeedsCode reports whether answers to c need a one-time code.
func (c *Campaign) NeedsCode() bool { return c.Access == AccessCodes }

// CodeAlphabet is Crockford's base32: digits and capitals without I, L, O and U, so no two
// characters look alike (and none spells words). 8 characters hold 40 bits.
const CodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// CodeLength is the number of characters of a one-time code.
const CodeLength = 8

// MaxCodeBatch is the most codes one batch can hold.
const MaxCodeBatch = 5000

// NewCode draws a random code in its canonical form (8 characters, no dash).
func NewCode() string {
	var b [CodeLength]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported systems
	}
	for i := range b {
		b[i] = CodeAlphabet[b[i]&31] // 256 is a multiple of 32: no bias
	}
	return string(b[:])
}

// FormatCode shows a canonical code in two groups of four: K7PX-3MQD.
func FormatCode(code string) string {
	if len(code) != CodeLength {
		return code
	}
	return code[:4] + "-" + code[4:]
}

// NormalizeCode reads a code as a member typed it: case does not matter, dashes and
// spaces are ignored, and the look-alikes O, I and L are read as 0, 1 and 1 as Crockford's
// base32 does. It returns the canonical form and whether it is a well-formed code.
func NormalizeCode(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '-' || r == ' ' || r == '\u00a0' || r == '\t':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		switch r {
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		if r > 127 || !strings.ContainsRune(CodeAlphabet, r) {
			return "", false
		}
		b.WriteRune(r)
		if b.Len() > CodeLength {
			return "", false
		}
	}
	if b.Len() != CodeLength {
		return "", false
	}
	return b.String(), true
}

// Errors about codes. The HTTP layer answers all three with 403 and names the field code.
var (
	ErrCodeMissing = codeError("code_missing")
	ErrCodeUnknown = codeError("code_unknown")
	ErrCodeUsed    = codeError("code_used")
)

func codeError(key string) *Error {
	return &Error{Code: EFORBIDDEN, Message: Message("sv", key), Key: key,
		Fields: []FieldError{{Field: "code", Code: key}}}
}

// CodeBatch is one batch of codes issued for a workplace ("" for none).
type CodeBatch struct {
	ID        int64
	Workplace string
	Issued    int
	Used      int
	Voided    bool
	Day       string // the day it was issued
}

// CodeCounts are the codes of a workplace (or the campaign): how many were issued (voided
// batches not counted) and how many were used to answer.
type CodeCounts struct {
	Workplace string `json:"-"`
	Issued    int    `json:"issued"`
	Used      int    `json:"used"`
}
