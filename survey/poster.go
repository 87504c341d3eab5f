package survey

import (
	"context"
	"time"
	"unicode/utf8"
)

// Poster is how the printed demand list "Våra krav till partierna" presents itself: who
// sends it, the election it is for, the call to action and an optional logo. It is kept
// beside the campaign, not in the campaign file: a logo is an image, and the sender is a
// matter of the district that runs this copy of the campaign.
type Poster struct {
	Sender      string // the district or union that sends the list, e.g. "LO-distriktet i Västsverige"
	ElectionDay string // the election day, YYYY-MM-DD; "" when not set
	Call        string // the call to action; "" gives the default in the reader's language
	// LogoType is "image/png" or "image/jpeg", "" when there is no logo; LogoSum is a short
	// checksum of the logo that changes with it (for its address, so caches see a new one).
	LogoType, LogoSum string
}

// Limits of a poster's fields and its logo.
const (
	MaxPosterSender = 120
	MaxPosterCall   = 200
	MaxLogoBytes    = 512 << 10
	MaxLogoPixels   = 4000 // on either side
)

// Validate checks the text fields of p.
func (p Poster) Validate() error {
	var errs fieldErrors
	if utf8.RuneCountInString(p.Sender) > MaxPosterSender {
		errs = append(errs, FieldError{Field: "sender", Code: "too_long", Args: []any{MaxPosterSender}})
	}
	if utf8.RuneCountInString(p.Call) > MaxPosterCall {
		errs = append(errs, FieldError{Field: "call", Code: "too_long", Args: []any{MaxPosterCall}})
	}
	if p.ElectionDay != "" {
		if _, err := time.Parse(time.DateOnly, p.ElectionDay); err != nil {
			errs = append(errs, FieldError{Field: "election_day", Code: "bad_day"})
		}
	}
	if len(errs) > 0 {
		return &Error{Code: EINVALID, Message: "ogiltiga uppgifter", Fields: errs}
	}
	return nil
}

// PosterStore keeps each campaign's poster settings and logo.
type PosterStore interface {
	// Poster returns the campaign's poster settings (zero when none are saved).
	Poster(ctx context.Context, campaignID int64) (Poster, error)
	// SavePoster saves the text fields of p (after Validate); the logo stays.
	SavePoster(ctx context.Context, campaignID int64, p Poster) error
	// SetPosterLogo stores the logo, already checked by the caller; nil data removes it.
	SetPosterLogo(ctx context.Context, campaignID int64, typ string, data []byte) error
	// PosterLogo returns the logo's type and bytes; ENOTFOUND when there is none.
	PosterLogo(ctx context.Context, campaignID int64) (string, []byte, error)
}
