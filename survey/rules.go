package survey

import (
	"strconv"
	"strings"
	"time"
)

// CheckOpen returns ENOTOPEN, saying why, unless the campaign takes responses at now. Its
// Key (not_yet_open, closed, draft) and Args let the web layer explain it in the visitor's
// language; Message is the Swedish text the JSON API answers. Opening times are shown in loc.
func (c *Campaign) CheckOpen(now time.Time, loc *time.Location) error {
	switch c.AvailableAt(now) {
	case NotYetOpen:
		at := c.OpensAt.In(loc).Format("2006-01-02 15:04")
		return &Error{Code: ENOTOPEN, Key: "not_yet_open", Args: []any{at},
			Message: "Kampanjen har inte öppnat än. Den öppnar " + at + "."}
	case Closed:
		return &Error{Code: ENOTOPEN, Key: "closed", Message: "Kampanjen är stängd och tar inte emot fler svar."}
	case Draft:
		return &Error{Code: ENOTOPEN, Key: "draft", Message: "Kampanjen är inte öppen för svar än."}
	case Intake:
		return &Error{Code: ENOTOPEN, Key: "intake", Message: "Rangordningen har inte börjat än: kampanjen samlar just nu in förslag på krav."}
	}
	return nil
}

// stateMoves lists the allowed state changes: draft → (intake →) open → closed, closed →
// open again. Back to draft only while nobody has answered or proposed (the caller checks
// that, see CanMove): a draft is invisible to members, and what they sent would be hidden.
// An intake round is optional: a draft may open at once.
var stateMoves = map[State][]State{
	StateDraft:  {StateIntake, StateOpen},
	StateIntake: {StateOpen, StateDraft},
	StateOpen:   {StateClosed, StateDraft},
	StateClosed: {StateOpen},
}

// CanMove reports whether a campaign in state from may move to state to. A move back to
// StateDraft is further allowed only while the campaign has no responses.
func CanMove(from, to State) bool {
	for _, s := range stateMoves[from] {
		if s == to {
			return true
		}
	}
	return false
}

// FitPicks lowers MaxPicks (and MinPicks) when fewer demands are visible than members
// could otherwise pick.
func (c *Campaign) FitPicks() {
	n := len(c.VisibleDemands())
	if n > 0 && c.MaxPicks > n {
		c.MaxPicks = n
	}
	if c.MinPicks > c.MaxPicks {
		c.MinPicks = c.MaxPicks
	}
}

// Slugify turns a title into an address or key: lower case a–z, digits and hyphens, with
// å ä æ → a, ö ø → o, é → e, cut to max bytes.
func Slugify(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'å', 'ä', 'æ', 'á', 'à':
			r = 'a'
		case 'ö', 'ø', 'ó', 'ò':
			r = 'o'
		case 'é', 'è', 'ê':
			r = 'e'
		case 'ü':
			r = 'u'
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			if b.Len() >= max {
				break
			}
		} else {
			dash = true
		}
	}
	out := b.String()
	if len(out) > max {
		out = out[:max]
	}
	return strings.Trim(out, "-")
}

// FreeName returns base when it is not used, else base-2, base-3, … cut to at most max
// bytes. It suggests slugs, demand keys and question keys alike.
func FreeName(base string, max int, used func(string) bool) string {
	if !used(base) {
		return base
	}
	for i := 2; ; i++ {
		suf := "-" + strconv.Itoa(i)
		b := base
		if len(b)+len(suf) > max {
			b = strings.TrimRight(b[:max-len(suf)], "-")
		}
		if !used(b + suf) {
			return b + suf
		}
	}
}
