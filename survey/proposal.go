package survey

import (
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
)

// The intake round (issue 14): before members rank the demands, clubs and members propose
// them. A proposal is a short demand (title), why (body), the area it belongs to ("" for
// "annat") and, when a club or workplace meeting agreed on it, how many members took part.
// Organisers merge proposals into demands in an inbox; every demand then knows where it
// came from (Provenance). A proposal carries the day it arrived and nothing else about who
// sent it, like a response.

// ProposalStatus is where a proposal is in the inbox.
type ProposalStatus string

// The proposal statuses.
const (
	ProposalNew    ProposalStatus = "new"    // in the inbox, not yet handled
	ProposalMerged ProposalStatus = "merged" // merged into the demand Proposal.Demand
	ProposalAside  ProposalStatus = "aside"  // set aside, with a reason
)

// ProposalSource says how a proposal arrived.
type ProposalSource string

// The proposal sources.
const (
	SourceIntake ProposalSource = "intake" // the proposal form or API of the intake round
	SourceBallot ProposalSource = "ballot" // the free-text proposal of a ranking answer
)

// Limits of a proposal.
const (
	MaxProposalTitle   = 200
	MaxProposalBody    = 2000
	MaxAsideReason     = 500
	MinMeetingMembers  = 2
	MaxMeetingMembers  = 100000
	maxProposalIDsEdit = 500 // proposals changed by one inbox action
)

// Proposal is one proposed demand.
type Proposal struct {
	ID        uuid.UUID      `json:"id"`
	Source    ProposalSource `json:"source"`
	Workplace string         `json:"workplace,omitempty"`
	// Area is the name of one of the campaign's areas, or "" for "annat" (other).
	Area  string `json:"area"`
	Title string `json:"title"`
	Body  string `json:"body,omitempty"`
	// Background holds optional background answers (question key → option key).
	Background map[string]string `json:"background,omitempty"`
	// MeetingMembers is how many members took part in the meeting that sent the proposal;
	// 0 when one member sent it.
	MeetingMembers int    `json:"meeting_members"`
	Day            string `json:"day"` // YYYY-MM-DD
	// Status, Demand (the key merged into) and Reason (why set aside) are the inbox's.
	Status ProposalStatus `json:"status"`
	Demand string         `json:"demand,omitempty"`
	Reason string         `json:"reason,omitempty"`
}

// Provenance is where a demand came from: how many proposals were merged into it, from how
// many workplaces, and how many members stood behind the meeting proposals among them.
type Provenance struct {
	Proposals      int `json:"proposals"`
	Workplaces     int `json:"workplaces"`
	MeetingMembers int `json:"meeting_members"`
}

// ProposalAreas returns the areas a proposal may name: the non-empty areas of the demands
// members see, in the order they first appear. "" ("annat") is always allowed besides.
func (c *Campaign) ProposalAreas() []string {
	var out []string
	for _, a := range c.Areas() {
		if strings.TrimSpace(a.Name) != "" {
			out = append(out, a.Name)
		}
	}
	return out
}

// CheckIntake returns ENOTOPEN unless the campaign collects proposals (state intake).
func (c *Campaign) CheckIntake() error {
	if c.State == StateIntake {
		return nil
	}
	return &Error{Code: ENOTOPEN, Key: "no_intake", Message: Message("sv", "no_intake")}
}

// Normalize trims the typed texts and drops empty background answers.
func (p *Proposal) Normalize() {
	p.Title = strings.TrimSpace(p.Title)
	p.Body = strings.TrimSpace(strings.ReplaceAll(p.Body, "\r\n", "\n"))
	p.Area = strings.TrimSpace(p.Area)
	p.Workplace = strings.TrimSpace(p.Workplace)
	for k, v := range p.Background {
		if v == "" {
			delete(p.Background, k)
		}
	}
	if len(p.Background) == 0 {
		p.Background = nil
	}
}

// Validate checks a new proposal against campaign c. An unknown workplace is ENOTFOUND (a
// workplace link that does not exist), everything else EINVALID with fields.
func (p *Proposal) Validate(c *Campaign) error {
	if p.Workplace != "" {
		if _, ok := c.Workplace(p.Workplace); !ok {
			return &Error{Code: ENOTFOUND, Message: Message("sv", "unknown_workplace", p.Workplace),
				Key: "unknown_workplace", Args: []any{p.Workplace},
				Fields: []FieldError{{Field: "workplace", Code: "unknown_workplace", Args: []any{p.Workplace}}}}
		}
	}
	var fe fieldErrors
	if p.ID == uuid.Nil {
		fe.add("id", "bad_uuid")
	} else if !RandomID(p.ID) {
		fe.add("id", "bad_uuid_version")
	}
	if p.Area != "" {
		known := false
		for _, a := range c.ProposalAreas() {
			known = known || a == p.Area
		}
		if !known {
			fe.add("area", "unknown_area", p.Area)
		}
	}
	if p.Title == "" {
		fe.add("title", "proposal_title_required")
	} else {
		checkText(&fe, "title", p.Title, true, MaxProposalTitle)
	}
	checkText(&fe, "body", p.Body, false, MaxProposalBody)
	if p.MeetingMembers != 0 && (p.MeetingMembers < MinMeetingMembers || p.MeetingMembers > MaxMeetingMembers) {
		fe.add("meeting_members", "bad_range", MinMeetingMembers, MaxMeetingMembers)
	}
	for _, k := range sortedKeys(p.Background) {
		q, ok := c.Question(k)
		if !ok {
			fe.add("background."+k, "unknown_question", k)
			continue
		}
		if _, ok := q.Option(p.Background[k]); !ok {
			fe.add("background."+k, "unknown_option", p.Background[k])
		}
	}
	return fe.err()
}

// SameContent reports whether two proposals with the same id say the same, so that a
// replay (double tap, retry) can be told from a conflicting reuse of an id.
func (p *Proposal) SameContent(o *Proposal) bool {
	if p.Workplace != o.Workplace || p.Area != o.Area || p.Title != o.Title || p.Body != o.Body ||
		p.MeetingMembers != o.MeetingMembers || len(p.Background) != len(o.Background) {
		return false
	}
	for k, v := range p.Background {
		if o.Background[k] != v {
			return false
		}
	}
	return true
}

// ProposalSubmission is the body of a proposal posted to the JSON API.
type ProposalSubmission struct {
	ID             string            `json:"id"`
	Workplace      string            `json:"workplace"`
	Area           string            `json:"area"`
	Title          string            `json:"title"`
	Body           string            `json:"body"`
	Background     map[string]string `json:"background"`
	MeetingMembers int               `json:"meeting_members"`
}

var proposalShape = obj(map[string]*shape{
	"id": strShape, "workplace": strShape, "area": strShape, "title": strShape, "body": strShape,
	"background":      {kind: "map", elem: strShape},
	"meeting_members": intShape,
})

// DecodeProposal parses a JSON proposal body. Malformed JSON gives an error for which
// IsSyntax is true; wrong types and a malformed id give EINVALID with the field named. A
// missing id is minted here.
func DecodeProposal(data []byte) (*Proposal, error) {
	var s ProposalSubmission
	if err := decodeStrict(data, proposalShape, &s); err != nil {
		return nil, err
	}
	p := &Proposal{Source: SourceIntake, Workplace: s.Workplace, Area: s.Area, Title: s.Title, Body: s.Body,
		Background: s.Background, MeetingMembers: s.MeetingMembers, Status: ProposalNew}
	id, err := submittedID(s.ID)
	if err != nil {
		return nil, err
	}
	p.ID = id
	p.Normalize()
	return p, nil
}

// BallotProposal turns the free-text proposal of a ranking answer into an inbox proposal
// with a new random id (never the response's: the inbox must not lead back to the
// ballot). The title is the text's first line, cut to fit; the body the whole text.
func BallotProposal(r *Response) *Proposal {
	text := strings.TrimSpace(r.Proposal)
	title, _, _ := strings.Cut(text, "\n")
	title = strings.TrimSpace(title)
	if utf8.RuneCountInString(title) > 120 {
		rs := []rune(title)
		title = strings.TrimSpace(string(rs[:119])) + "…"
	}
	body := ""
	if title != text {
		body = text
	}
	return &Proposal{ID: uuid.New(), Source: SourceBallot, Workplace: r.Workplace, Title: title, Body: body,
		Day: r.Day, Status: ProposalNew}
}

// ProposalIDConflict is the error for another proposal sent under a stored id.
func ProposalIDConflict() error {
	return &Error{Code: ECONFLICT, Key: "proposal_id_conflict", Message: Message("sv", "proposal_id_conflict"),
		Fields: []FieldError{{Field: "id", Code: "proposal_id_conflict"}}}
}

// CheckAsideReason checks the reason given for setting proposals aside.
func CheckAsideReason(reason string) error {
	var fe fieldErrors
	if strings.TrimSpace(reason) == "" {
		fe.add("reason", "aside_reason_required")
	} else {
		checkText(&fe, "reason", reason, true, MaxAsideReason)
	}
	return fe.err()
}

// CheckProposalIDs checks the ids an inbox action is given: at least one, not too many.
func CheckProposalIDs(ids []uuid.UUID) error {
	var fe fieldErrors
	if len(ids) == 0 {
		fe.add("ids", "no_proposals_chosen")
	} else if len(ids) > maxProposalIDsEdit {
		fe.add("ids", "too_many_proposals", maxProposalIDsEdit)
	}
	return fe.err()
}

// ProposalOrigin is how much organisers are shown of where a proposal came from (the
// inbox, the merge form, the workbook's "Förslag och ursprung"). A proposal has no name,
// but a workplace with two members, or a lone proposal written in a recognisable voice,
// can point at its writer; and the free text of a ranking answer also stands in the raw
// rows ("Medlemsförslag" beside its answer's number), whose workplace is hidden for small
// groups, so naming its workplace here would undo that.
type ProposalOrigin int

// The proposal origins.
const (
	OriginGeneral   ProposalOrigin = iota // sent through the campaign's general link
	OriginWorkplace                       // the workplace may be named
	OriginSmall                           // a workplace too small to name
	OriginAnswer                          // the free text of an answer: no workplace shown
)

// ProposalOrigins returns, for campaign c with proposals ps, how far each proposal's
// workplace may be shown: named only when at least the anonymity threshold of the
// campaign's proposals came from that workplace, or the proposal is a meeting's of at
// least that many members; never for the free text of an answer.
func ProposalOrigins(c *Campaign, ps []Proposal) func(Proposal) ProposalOrigin {
	per := map[string]int{}
	for _, p := range ps {
		if p.Workplace != "" {
			per[p.Workplace]++
		}
	}
	k := c.AnonymityThreshold
	return func(p Proposal) ProposalOrigin {
		switch {
		case p.Source == SourceBallot:
			return OriginAnswer
		case p.Workplace == "":
			return OriginGeneral
		}
		if _, ok := c.Workplace(p.Workplace); ok && (per[p.Workplace] >= k || p.MeetingMembers >= k) {
			return OriginWorkplace
		}
		return OriginSmall
	}
}

// ProvenanceOf counts the provenance of every demand from a campaign's proposals.
func ProvenanceOf(ps []Proposal) map[string]Provenance {
	out := map[string]Provenance{}
	wps := map[string]map[string]bool{}
	for _, p := range ps {
		if p.Status != ProposalMerged || p.Demand == "" {
			continue
		}
		pv := out[p.Demand]
		pv.Proposals++
		pv.MeetingMembers += p.MeetingMembers
		if p.Workplace != "" {
			if wps[p.Demand] == nil {
				wps[p.Demand] = map[string]bool{}
			}
			if !wps[p.Demand][p.Workplace] {
				wps[p.Demand][p.Workplace] = true
				pv.Workplaces++
			}
		}
		out[p.Demand] = pv
	}
	return out
}

var _ = registerMessages(map[string]map[string]string{
	"sv": {
		"no_intake":               "Kampanjen tar inte emot förslag just nu.",
		"unknown_area":            "okänt område %q: välj ett av kampanjens områden eller Annat",
		"proposal_title_required": "skriv förslaget i en kort mening",
		"aside_reason_required":   "skriv varför förslaget läggs åt sidan",
		"no_proposals_chosen":     "markera minst ett förslag",
		"too_many_proposals":      "högst %d förslag åt gången",
		"proposal_not_found":      "förslaget finns inte",
		"meeting_members_missing": "skriv hur många medlemmar som var med på mötet",
		"proposal_id_conflict":    "ett annat förslag med samma id finns redan",
	},
	"nb": {
		"no_intake":               "Kampanjen tar ikke imot forslag nå.",
		"unknown_area":            "ukjent område %q: velg et av kampanjens områder eller Annet",
		"proposal_title_required": "skriv forslaget i en kort setning",
		"aside_reason_required":   "skriv hvorfor forslaget legges til side",
		"no_proposals_chosen":     "merk minst ett forslag",
		"too_many_proposals":      "høyst %d forslag om gangen",
		"proposal_not_found":      "forslaget finnes ikke",
		"meeting_members_missing": "skriv hvor mange medlemmer som var med på møtet",
		"proposal_id_conflict":    "et annet forslag med samme id finnes allerede",
	},
	"en": {
		"no_intake":               "The campaign is not taking proposals now.",
		"unknown_area":            "unknown area %q: choose one of the campaign's areas or Other",
		"proposal_title_required": "write the proposal as one short sentence",
		"aside_reason_required":   "write why the proposal is set aside",
		"no_proposals_chosen":     "select at least one proposal",
		"too_many_proposals":      "at most %d proposals at a time",
		"proposal_not_found":      "the proposal does not exist",
		"meeting_members_missing": "write how many members took part in the meeting",
		"proposal_id_conflict":    "another proposal with the same id already exists",
	},
})
