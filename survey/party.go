package survey

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Limits of the party confrontation.
const (
	MaxCommentLength  = 1000
	MaxFollowUpNote   = 2000
	maxAssemblySeats  = 1000
	maxShortLength    = 12
	maxPartyNameLen   = 100
	RiksdagSeats      = 349
	DefaultListLength = 10
)

// Party is one party the demands are put to, with its seats in the campaign's assembly.
type Party struct {
	ID int64 `json:"-"`
	// AssemblyID is the assembly the party holds its seats in ("S i Huddinge").
	AssemblyID int64  `json:"-"`
	Short      string `json:"short"`
	Name       string `json:"name"`
	Colour     string `json:"colour"`
	Seats      int    `json:"seats"`
	// Refused records that the party declined to answer; it is shown as such.
	Refused bool `json:"refused"`
}

var colourRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// DefaultParties returns the Swedish parliamentary parties with their usual colours and
// their seats in the Riksdag elected 2022; organisers edit the seats for their council.
func DefaultParties() []Party {
	return []Party{
		{Short: "S", Name: "Socialdemokraterna", Colour: "#E8112D", Seats: 107},
		{Short: "M", Name: "Moderaterna", Colour: "#52BDEC", Seats: 68},
		{Short: "SD", Name: "Sverigedemokraterna", Colour: "#DDDD00", Seats: 73},
		{Short: "C", Name: "Centerpartiet", Colour: "#009933", Seats: 24},
		{Short: "V", Name: "Vänsterpartiet", Colour: "#DA291C", Seats: 24},
		{Short: "KD", Name: "Kristdemokraterna", Colour: "#000077", Seats: 19},
		{Short: "L", Name: "Liberalerna", Colour: "#006AB3", Seats: 16},
		{Short: "MP", Name: "Miljöpartiet", Colour: "#83CF39", Seats: 18},
	}
}

// ValidateParties checks each party and that the seats do not exceed the assembly's.
// Field paths are "parties[i].field".
func ValidateParties(ps []Party, a Assembly) error {
	var fe fieldErrors
	seen := map[string]bool{}
	total := 0
	for i, p := range ps {
		f := path("parties", i)
		short := strings.TrimSpace(p.Short)
		switch {
		case short == "":
			fe.add(f+".short", "required")
		case TextProblem(short, false) != "":
			fe.add(f+".short", TextProblem(short, false))
		case utf8.RuneCountInString(short) > maxShortLength:
			fe.add(f+".short", "too_long", maxShortLength)
		case seen[strings.ToLower(short)]:
			fe.add(f+".short", "duplicate_key", short)
		}
		seen[strings.ToLower(short)] = true
		checkText(&fe, f+".name", p.Name, true, maxPartyNameLen)
		if !colourRE.MatchString(p.Colour) {
			fe.add(f+".colour", "bad_colour")
		}
		if p.Seats < 0 || p.Seats > maxAssemblySeats {
			fe.add(f+".seats", "bad_range", 0, maxAssemblySeats)
		}
		total += p.Seats
	}
	if a.Seats > 0 && total > a.Seats {
		fe.add("parties", "seats_over_total", total, a.Seats)
	}
	return fe.err()
}

// ListItem is one demand on the frozen list put to the parties. It keeps the link to the
// campaign demand (DemandKey) and the member figures captured when the list was frozen;
// the wording may be tightened afterwards.
type ListItem struct {
	ID        int64  `json:"id"`
	DemandKey string `json:"demand"`
	Title     string `json:"title"`
	Body      string `json:"body,omitempty"`
	// Rank is the demand's place in the members' headline ranking when frozen (0: unranked).
	Rank  int     `json:"member_rank"`
	Picks int     `json:"member_picks"`
	Share float64 `json:"member_share"`
	// Assemblies are the keys of the assemblies the demand is put to, captured from the
	// demand when the list was frozen; empty means every assembly.
	Assemblies []string `json:"assemblies,omitempty"`
}

// ValidateList checks the frozen list against campaign c: every item names a demand of c
// once, with a title. Field paths are "items[i].field".
func ValidateList(items []ListItem, c *Campaign) error {
	var fe fieldErrors
	seen := map[string]bool{}
	for i, it := range items {
		f := path("items", i)
		switch {
		case it.DemandKey == "":
			fe.add(f+".demand", "required")
		case c != nil && !hasDemand(c, it.DemandKey):
			fe.add(f+".demand", "unknown_demand", it.DemandKey)
		case seen[it.DemandKey]:
			fe.add(f+".demand", "duplicate_key", it.DemandKey)
		}
		seen[it.DemandKey] = true
		checkText(&fe, f+".title", it.Title, true, maxTitleLength)
		checkText(&fe, f+".body", it.Body, false, maxTextLength)
	}
	return fe.err()
}

func hasDemand(c *Campaign, key string) bool {
	_, ok := c.Demand(key)
	return ok
}
