package survey

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Channel is how a response reached us.
type Channel string

// The channels.
const (
	ChannelWeb   Channel = "web"
	ChannelPaper Channel = "paper"
	ChannelAPI   Channel = "api"
	// ChannelPhone is an answer a caller recorded while a member ranked the demands on
	// the telephone; nothing about the member or the number is stored with it.
	ChannelPhone Channel = "phone"
)

// Channels lists every channel in the order reports show them.
var Channels = []Channel{ChannelWeb, ChannelPaper, ChannelPhone, ChannelAPI}

// Response is one member's anonymous ballot: up to max_picks demands in ranked order (or,
// when the campaign rates, a score per demand), optional background answers and an
// optional proposal. It carries the day it arrived and
// nothing else about the member: no time of day, no address, no user agent, no cookie.
type Response struct {
	ID         uuid.UUID         `json:"id"`
	Workplace  string            `json:"workplace,omitempty"`
	Channel    Channel           `json:"channel"`
	Day        string            `json:"day"` // YYYY-MM-DD
	Background map[string]string `json:"background,omitempty"`
	Ranking    []string          `json:"ranking"`
	// Ratings maps demand keys to scores on the campaign's scale (rating ballots only).
	Ratings  map[string]int `json:"ratings,omitempty"`
	Proposal string         `json:"proposal,omitempty"`
	// Code is the one-time code the member gave (campaigns with access codes). A store
	// uses it to mark the code used and never keeps it with the response.
	Code string `json:"-"`
	// Key is the response's random record key for the cell key method (report): drawn by the
	// store when the response is stored, never shown or exported.
	Key uint32 `json:"-"`
}

// Day returns the date of t as stored with a response, in the server's time zone.
func Day(t time.Time) string { return t.Format(time.DateOnly) }

// Normalize trims the proposal and drops background answers left empty, so that the same
// ballot always has the same form.
func (r *Response) Normalize() {
	r.Proposal = strings.TrimSpace(strings.ReplaceAll(r.Proposal, "\r\n", "\n"))
	for k, v := range r.Background {
		if v == "" {
			delete(r.Background, k)
		}
	}
	if len(r.Background) == 0 {
		r.Background = nil
	}
	if len(r.Ratings) == 0 {
		r.Ratings = nil
	}
	r.Workplace = strings.TrimSpace(r.Workplace)
}

// Validate checks r against the campaign's rules. Unknown workplaces are reported as
// ENOTFOUND (a workplace link that does not exist), everything else as EINVALID with fields.
func (r *Response) Validate(c *Campaign) error {
	if r.Workplace != "" {
		if _, ok := c.Workplace(r.Workplace); !ok {
			return &Error{Code: ENOTFOUND, Message: Message("sv", "unknown_workplace", r.Workplace),
				Key: "unknown_workplace", Args: []any{r.Workplace},
				Fields: []FieldError{{Field: "workplace", Code: "unknown_workplace", Args: []any{r.Workplace}}}}
		}
	}
	var fe fieldErrors
	if r.ID == uuid.Nil {
		fe.add("id", "bad_uuid")
	} else if !RandomID(r.ID) {
		fe.add("id", "bad_uuid_version")
	}
	switch r.Channel {
	case ChannelWeb, ChannelPaper, ChannelPhone, ChannelAPI:
	default:
		fe.add("channel", "bad_channel")
	}
	if c.Rates() {
		r.validateRatings(c, &fe)
	} else {
		r.validateRanking(c, &fe)
	}
	for _, k := range sortedKeys(r.Background) {
		q, ok := c.Question(k)
		if !ok {
			fe.add("background."+k, "unknown_question", k)
			continue
		}
		if _, ok := q.Option(r.Background[k]); !ok {
			fe.add("background."+k, "unknown_option", r.Background[k])
		}
	}
	if r.Proposal != "" {
		if p := TextProblem(r.Proposal, true); p != "" {
			fe.add("proposal", p)
		} else if !c.AllowProposals {
			fe.add("proposal", "proposals_off")
		} else if utf8.RuneCountInString(r.Proposal) > MaxProposalLength {
			fe.add("proposal", "proposal_too_long", MaxProposalLength)
		}
	}
	return fe.err()
}

// validateRanking checks a ranking ballot: known demands on offer, each picked once, as
// many picks as the campaign allows.
func (r *Response) validateRanking(c *Campaign, fe *fieldErrors) {
	seen := make(map[string]bool, len(r.Ranking))
	for i, key := range r.Ranking {
		p := path("ranking", i)
		if d, ok := c.Demand(key); !ok || d.Hidden {
			// A hidden demand is no longer on offer: new ballots cannot pick it.
			fe.add(p, "unknown_demand", key)
		} else if seen[key] {
			fe.add(p, "duplicate_pick", key)
		}
		seen[key] = true
	}
	if n := len(r.Ranking); n > c.MaxPicks {
		fe.add("ranking", "too_many_picks", c.MaxPicks)
	} else if n < c.MinPicks {
		fe.add("ranking", "too_few_picks", c.MinPicks)
	}
	if len(r.Ratings) > 0 {
		fe.add("ratings", "ratings_off")
	}
}

// SameContent reports whether two responses with the same id carry the same ballot, so a
// replay (double tap, retry) can be told from a conflicting reuse of an id.
func (r *Response) SameContent(o *Response) bool {
	if r.Workplace != o.Workplace || r.Proposal != o.Proposal || !slices.Equal(r.Ranking, o.Ranking) {
		return false
	}
	if len(r.Background) != len(o.Background) || len(r.Ratings) != len(o.Ratings) {
		return false
	}
	for k, v := range r.Ratings {
		if w, ok := o.Ratings[k]; !ok || w != v {
			return false
		}
	}
	for k, v := range r.Background {
		if o.Background[k] != v {
			return false
		}
	}
	return true
}

// Submission is the body of a response posted to the JSON API.
type Submission struct {
	ID         string            `json:"id"`
	Workplace  string            `json:"workplace"`
	Background map[string]string `json:"background"`
	Ranking    []string          `json:"ranking"`
	Ratings    map[string]int    `json:"ratings"`
	Proposal   string            `json:"proposal"`
	Code       string            `json:"code"`
}

var submissionShape = obj(map[string]*shape{
	"id": strShape, "workplace": strShape,
	"background": {kind: "map", elem: strShape},
	"ranking":    arr(strShape),
	"ratings":    {kind: "map", elem: intShape},
	"proposal":   strShape,
	"code":       strShape,
})

// DecodeSubmission parses a JSON response body into a Response for channel ch. Malformed
// JSON gives an error for which IsSyntax is true; wrong types and a malformed id give
// EINVALID with the field named. A missing id is minted here.
func DecodeSubmission(data []byte, ch Channel) (*Response, error) {
	var s Submission
	if err := decodeStrict(data, submissionShape, &s); err != nil {
		return nil, err
	}
	r := &Response{Workplace: s.Workplace, Channel: ch, Background: s.Background,
		Ranking: s.Ranking, Ratings: s.Ratings, Proposal: s.Proposal, Code: s.Code}
	if r.Ranking == nil {
		r.Ranking = []string{}
	}
	id, err := submittedID(s.ID)
	if err != nil {
		return nil, err
	}
	r.ID = id
	r.Normalize()
	return r, nil
}

// ParseID parses a response id in its canonical 36-character form. Only random (version 4)
// UUIDs are accepted: a time-based one (version 1 carries the time and the network card's
// address, version 7 the millisecond) would tell when, and from which machine, the member
// answered, and raw rows are sorted by id. Another version gives an *Error with the key
// "bad_uuid_version".
func ParseID(s string) (uuid.UUID, error) {
	if len(s) != 36 {
		return uuid.Nil, Errorf(EINVALID, "ogiltigt id")
	}
	id, err := uuid.Parse(s)
	if err != nil || id == uuid.Nil {
		return uuid.Nil, Errorf(EINVALID, "ogiltigt id")
	}
	if !RandomID(id) {
		return uuid.Nil, &Error{Code: EINVALID, Message: Message("sv", "bad_uuid_version"), Key: "bad_uuid_version",
			Fields: []FieldError{{Field: "id", Code: "bad_uuid_version"}}}
	}
	return id, nil
}

// RandomID reports whether id is a random (version 4, RFC 4122 variant) UUID.
func RandomID(id uuid.UUID) bool {
	return id.Version() == 4 && id.Variant() == uuid.RFC4122
}

// submittedID is the id a submission names, or a new one when it names none; a malformed
// id is EINVALID on the field "id" (bad_uuid, or bad_uuid_version for a UUID that is not
// random).
func submittedID(s string) (uuid.UUID, error) {
	if s == "" {
		return uuid.New(), nil
	}
	id, err := ParseID(s)
	if err != nil {
		code := "bad_uuid"
		if e, ok := err.(*Error); ok && e.Key == "bad_uuid_version" {
			code = e.Key
		}
		return uuid.UUID{}, &Error{Code: EINVALID, Message: Message("sv", code), Key: code, Fields: []FieldError{{Field: "id", Code: code}}}
	}
	return id, nil
}
