package survey

import "time"

// FollowUpStatus is what became of a promise during the term.
type FollowUpStatus string

// The follow-up statuses.
const (
	FollowKept     FollowUpStatus = "infriat"
	FollowPartly   FollowUpStatus = "delvis_infriat"
	FollowNotKept  FollowUpStatus = "ej_infriat"
	FollowUnderway FollowUpStatus = "pagar"
)

// FollowUpStatuses lists the statuses in the order forms show them.
var FollowUpStatuses = []FollowUpStatus{FollowKept, FollowPartly, FollowNotKept, FollowUnderway}

// FollowUp is one record of what became of a party's answer to one demand, with the day
// it was checked and a note.
type FollowUp struct {
	ID      int64          `json:"-"`
	PartyID int64          `json:"-"`
	ItemID  int64          `json:"-"`
	Status  FollowUpStatus `json:"status"`
	Day     string         `json:"day"` // YYYY-MM-DD
	Note    string         `json:"note,omitempty"`
}

// Validate checks status, day and note.
func (f *FollowUp) Validate() error {
	var fe fieldErrors
	switch f.Status {
	case FollowKept, FollowPartly, FollowNotKept, FollowUnderway:
	default:
		fe.add("status", "bad_followup")
	}
	if f.Day == "" {
		fe.add("day", "required")
	} else if _, err := time.Parse(time.DateOnly, f.Day); err != nil {
		fe.add("day", "bad_day")
	}
	checkText(&fe, "note", f.Note, false, MaxFollowUpNote)
	if f.PartyID == 0 {
		fe.add("party", "required")
	}
	if f.ItemID == 0 {
		fe.add("item", "required")
	}
	return fe.err()
}
