package survey

import (
	"context"
	"strings"
	"time"
)

// Outreach (issue 13 part 6): a workplace may carry its approximate number of members, so
// that progress can show a response rate per workplace and where to go next; the district
// logs its visits to workplaces to plan them and see their effect.

// MaxMembers is the largest number of members a workplace may carry.
const MaxMembers = 1_000_000

// VisitKind is what was done at a workplace.
type VisitKind string

// The kinds of visit.
const (
	VisitMeeting VisitKind = "apt"       // a workplace meeting (arbetsplatsträff)
	VisitTalk    VisitKind = "samtal"    // talked to members at the workplace
	VisitLeaflet VisitKind = "utdelning" // handed out leaflets or put up the QR poster
	VisitPaper   VisitKind = "papper"    // collected paper ballots
	VisitPhone   VisitKind = "telefon"   // phoned members
	VisitOther   VisitKind = "annat"
)

// VisitKinds lists the kinds in the order forms show them.
var VisitKinds = []VisitKind{VisitMeeting, VisitTalk, VisitLeaflet, VisitPaper, VisitPhone, VisitOther}

// Limits of a visit's texts.
const (
	MaxVisitNote = 2000
	MaxVisitWho  = 120
)

// Visit is one entry of a workplace's visit log: the day, what was done, a note and who
// went. It is about the district's work, never about a member.
type Visit struct {
	ID        int64     `json:"-"`
	Workplace string    `json:"workplace"`
	Day       string    `json:"day"` // YYYY-MM-DD
	Kind      VisitKind `json:"kind"`
	Note      string    `json:"note,omitempty"`
	Who       string    `json:"who,omitempty"`
}

// Normalize trims the texts.
func (v *Visit) Normalize() {
	v.Note = strings.TrimSpace(strings.ReplaceAll(v.Note, "\r\n", "\n"))
	v.Who = strings.TrimSpace(v.Who)
	v.Workplace = strings.TrimSpace(v.Workplace)
	v.Day = strings.TrimSpace(v.Day)
}

// Validate checks v against campaign c: a workplace c has, a real day, a known kind and
// texts within their limits.
func (v *Visit) Validate(c *Campaign) error {
	var fe fieldErrors
	if v.Workplace == "" {
		fe.add("workplace", "required")
	} else if _, ok := c.Workplace(v.Workplace); !ok {
		fe.add("workplace", "unknown_workplace", v.Workplace)
	}
	if v.Day == "" {
		fe.add("day", "required")
	} else if _, err := time.Parse(time.DateOnly, v.Day); err != nil {
		fe.add("day", "bad_day")
	}
	switch v.Kind {
	case VisitMeeting, VisitTalk, VisitLeaflet, VisitPaper, VisitPhone, VisitOther:
	default:
		fe.add("kind", "bad_visit_kind")
	}
	checkText(&fe, "note", v.Note, false, MaxVisitNote)
	checkText(&fe, "who", v.Who, false, MaxVisitWho)
	return fe.err()
}

// VisitStore keeps the visit log of each campaign's workplaces.
type VisitStore interface {
	// AddVisit stores v (after Validate) and sets its ID.
	AddVisit(ctx context.Context, campaignID int64, v *Visit) error
	// Visits returns the campaign's visits, newest day first.
	Visits(ctx context.Context, campaignID int64) ([]Visit, error)
	// Visit returns one visit (ENOTFOUND when the campaign has no such visit).
	Visit(ctx context.Context, campaignID, id int64) (Visit, error)
	// SaveVisit changes a stored visit (ENOTFOUND when the campaign has no such visit).
	SaveVisit(ctx context.Context, campaignID int64, v *Visit) error
	// DeleteVisit removes a visit (ENOTFOUND when the campaign has no such visit).
	DeleteVisit(ctx context.Context, campaignID, id int64) error
}

var _ = registerMessages(map[string]map[string]string{
	"sv": {
		"bad_members":     "måste vara ett heltal från 0 till %d",
		"bad_visit_kind":  "välj vad ni gjorde",
		"visit_not_found": "besöket finns inte",
	},
	"nb": {
		"bad_members":     "må være et heltall fra 0 til %d",
		"bad_visit_kind":  "velg hva dere gjorde",
		"visit_not_found": "besøket finnes ikke",
	},
	"en": {
		"bad_members":     "must be a whole number from 0 to %d",
		"bad_visit_kind":  "choose what you did",
		"visit_not_found": "the visit does not exist",
	},
})
