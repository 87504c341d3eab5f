package survey

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// State is where a campaign is in its life: draft, intake (members and clubs send
// proposals, see proposal.go), open (members rank or rate the demands) or closed.
type State string

// The campaign states.
const (
	StateDraft  State = "draft"
	StateIntake State = "intake"
	StateOpen   State = "open"
	StateClosed State = "closed"
)

// Method is the counting method that decides the headline order of the demand list.
type Method string

// The counting methods.
const (
	MethodBorda   Method = "borda"
	MethodPicks   Method = "picks"
	MethodSchulze Method = "schulze"
)

// Defaults applied to a campaign file that leaves the field out.
const (
	DefaultMaxPicks           = 5
	DefaultMinPicks           = 1
	DefaultAnonymityThreshold = 5
	MaxProposalLength         = 1000
	maxTitleLength            = 200
	maxTextLength             = 5000
	maxPicksLimit             = 50
)

// Size limits of a campaign, checked by Validate, so the campaign file, the editor and
// uploads all keep to them. The Schulze method's work grows with the cube of the number
// of demands: at 2,000 demands a report took 45 s; at 100 it takes milliseconds.
const (
	MaxDemands    = 100
	MaxQuestions  = 20
	MaxOptions    = 50 // per question
	MaxWorkplaces = 1000
)

// Campaign is one round of asking members which demands the parties must answer.
// Its JSON form is the campaign file districts share as templates.
type Campaign struct {
	// ID is the store's internal number; it is not part of the campaign file.
	ID int64 `json:"-"`
	// Published says whether the results page is public; set by the organiser after closing.
	Published bool   `json:"-"`
	Slug      string `json:"slug"`
	Title     string `json:"title"`
	Intro     string `json:"intro"`
	// IntakeIntro introduces the proposal form while the campaign collects proposals
	// (state intake); Intro, written for the ranking, is not shown then.
	IntakeIntro        string     `json:"intake_intro,omitempty"`
	State              State      `json:"state"`
	OpensAt            *time.Time `json:"opens_at,omitempty"`
	ClosesAt           *time.Time `json:"closes_at,omitempty"`
	MaxPicks           int        `json:"max_picks"`
	MinPicks           int        `json:"min_picks"`
	AllowProposals     bool       `json:"allow_proposals"`
	AnonymityThreshold int        `json:"anonymity_threshold"`
	Method             Method     `json:"method"`
	// TimeZone is the IANA time zone every time of the campaign is shown and typed in
	// (default Europe/Stockholm; Europe/Oslo for Norwegian districts).
	TimeZone string `json:"time_zone,omitempty"`
	// Ballot says whether members rank demands or rate each on Scale.
	Ballot BallotKind `json:"ballot"`
	Scale  *Scale     `json:"scale,omitempty"`
	// Access says who may answer: anyone with the link (open) or only with an unused
	// one-time code (codes).
	Access     Access      `json:"access"`
	Demands    []Demand    `json:"demands"`
	Questions  []Question  `json:"questions"`
	Workplaces []Workplace `json:"workplaces"`
	// Assemblies are the councils and parliaments the demands are put to, with their
	// parties (issue 15). The store keeps them in its party tables, not in the stored
	// document: a campaign read from the store has none here (the file export fills them
	// in), and a file without them leaves the stored ones as they are.
	Assemblies []Assembly `json:"assemblies,omitempty"`
	// Translations holds the content in other languages, by language code (fi, ar, …);
	// the fields above are the Swedish source. See translation.go.
	Translations map[string]Translation `json:"translations,omitempty"`
}

// Demand is one demand (krav) members can rank or rate. Its key is stable: responses refer to it.
type Demand struct {
	Key   string `json:"key"`
	Area  string `json:"area"`
	Title string `json:"title"`
	Body  string `json:"body"`
	// Hidden demands are not shown to members but stay in the campaign, so that ballots
	// that ranked them are still counted. Organisers hide answered demands instead of
	// deleting them.
	Hidden bool `json:"hidden,omitempty"`
	// Assemblies are the keys of the assemblies the demand is put to; empty means all.
	Assemblies []string `json:"assemblies,omitempty"`
}

// Question is an optional background question, e.g. which förbund the member belongs to.
type Question struct {
	Key     string   `json:"key"`
	Label   string   `json:"label"`
	Options []Option `json:"options"`
}

// Option is one answer to a background question.
type Option struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// Workplace is a workplace with its own link, so results can be broken down by workplace.
type Workplace struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// Members is the workplace's approximate number of members, 0 when not known
	// (issue 13: the response rate per workplace and where to go next).
	Members int `json:"members,omitempty"`
}

var (
	slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	keyRE  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)
)

// ValidSlug reports whether s can name a campaign in a URL.
func ValidSlug(s string) bool { return slugRE.MatchString(s) }

// ValidKey reports whether s can be a demand, question, option key or workplace code.
func ValidKey(s string) bool { return keyRE.MatchString(s) }

// ApplyDefaults fills in the fields a campaign file may leave out.
func (c *Campaign) ApplyDefaults() {
	if c.State == "" {
		c.State = StateDraft
	}
	if c.MaxPicks == 0 {
		c.MaxPicks = DefaultMaxPicks
		if n := len(c.Demands); n > 0 && n < c.MaxPicks {
			c.MaxPicks = n
		}
	}
	if c.MinPicks == 0 {
		c.MinPicks = DefaultMinPicks
	}
	if c.AnonymityThreshold == 0 {
		c.AnonymityThreshold = DefaultAnonymityThreshold
	}
	c.applyBallotDefaults()
	if c.Access == "" {
		c.Access = AccessOpen
	}
	if c.Method == "" {
		c.Method = MethodBorda
	}
	if c.TimeZone == "" {
		c.TimeZone = DefaultTimeZone
	}
	if c.Demands == nil {
		c.Demands = []Demand{}
	}
	if c.Questions == nil {
		c.Questions = []Question{}
	}
	for i := range c.Questions {
		if c.Questions[i].Options == nil {
			c.Questions[i].Options = []Option{}
		}
	}
	if c.Workplaces == nil {
		c.Workplaces = []Workplace{}
	}
}

// Validate checks every rule of a campaign and reports every problem with its JSON path.
func (c *Campaign) Validate() error {
	var fe fieldErrors
	if c.Slug == "" {
		fe.add("slug", "required")
	} else if !ValidSlug(c.Slug) {
		fe.add("slug", "bad_slug")
	}
	checkText(&fe, "title", c.Title, true, maxTitleLength)
	checkText(&fe, "intro", c.Intro, false, maxTextLength)
	checkText(&fe, "intake_intro", c.IntakeIntro, false, maxTextLength)
	switch c.State {
	case StateDraft, StateIntake, StateOpen, StateClosed:
	default:
		fe.add("state", "bad_state")
	}
	c.validateBallot(&fe)
	if c.TimeZone != "" {
		if _, err := LoadZone(c.TimeZone); err != nil {
			fe.add("time_zone", "bad_time_zone", c.TimeZone)
		}
	}
	if c.OpensAt != nil && c.ClosesAt != nil && !c.ClosesAt.After(*c.OpensAt) {
		fe.add("closes_at", "closes_before_open")
	}
	if c.MaxPicks < 1 || c.MaxPicks > maxPicksLimit {
		fe.add("max_picks", "bad_range", 1, maxPicksLimit)
	}
	if c.MinPicks < 0 || c.MinPicks > maxPicksLimit {
		fe.add("min_picks", "bad_range", 0, maxPicksLimit)
	} else if c.MinPicks > c.MaxPicks {
		fe.add("min_picks", "min_over_max")
	}
	if c.AnonymityThreshold < 1 || c.AnonymityThreshold > 1000 {
		fe.add("anonymity_threshold", "bad_range", 1, 1000)
	}
	if len(c.Demands) == 0 {
		fe.add("demands", "no_demands")
	} else if len(c.Demands) > MaxDemands {
		fe.add("demands", "too_many_demands", len(c.Demands), MaxDemands)
	} else if c.MaxPicks > len(c.Demands) && !c.Rates() {
		// Rating ballots rate every demand; max_picks only matters if the campaign goes
		// back to ranking, when this check applies again.
		fe.add("max_picks", "max_over_demands", c.MaxPicks, len(c.Demands))
	}
	seen := map[string]bool{}
	for i, d := range c.Demands {
		p := path("demands", i)
		checkKey(&fe, p+".key", d.Key, seen)
		checkText(&fe, p+".area", d.Area, false, maxTitleLength)
		if strings.TrimSpace(d.Title) == "" {
			fe.add(p+".title", "empty_title")
		} else {
			checkText(&fe, p+".title", d.Title, true, maxTitleLength)
		}
		checkText(&fe, p+".body", d.Body, false, maxTextLength)
	}
	if len(c.Questions) > MaxQuestions {
		fe.add("questions", "too_many_questions", len(c.Questions), MaxQuestions)
	}
	for i, q := range c.Questions {
		if len(q.Options) > MaxOptions {
			fe.add(path("questions", i)+".options", "too_many_options", len(q.Options), MaxOptions)
		}
	}
	if len(c.Workplaces) > MaxWorkplaces {
		fe.add("workplaces", "too_many_workplaces", len(c.Workplaces), MaxWorkplaces)
	}
	seen = map[string]bool{}
	for i, q := range c.Questions {
		p := path("questions", i)
		checkKey(&fe, p+".key", q.Key, seen)
		checkText(&fe, p+".label", q.Label, true, maxTitleLength)
		if len(q.Options) == 0 {
			fe.add(p+".options", "no_options")
		}
		opts := map[string]bool{}
		for j, o := range q.Options {
			op := p + "." + path("options", j)
			checkKey(&fe, op+".key", o.Key, opts)
			checkText(&fe, op+".label", o.Label, true, maxTitleLength)
		}
	}
	c.validateTranslations(&fe)
	c.validateAssemblies(&fe)
	seen = map[string]bool{}
	for i, w := range c.Workplaces {
		p := path("workplaces", i)
		checkKey(&fe, p+".code", w.Code, seen)
		checkText(&fe, p+".name", w.Name, true, maxTitleLength)
		if w.Members < 0 || w.Members > MaxMembers {
			fe.add(p+".members", "bad_members", MaxMembers)
		}
	}
	return fe.err()
}

func path(name string, i int) string {
	return name + "[" + strconv.Itoa(i) + "]"
}

func checkKey(fe *fieldErrors, field, key string, seen map[string]bool) {
	switch {
	case key == "":
		fe.add(field, "required")
	case !ValidKey(key):
		fe.add(field, "bad_key")
	case seen[key]:
		fe.add(field, "duplicate_key", key)
	}
	seen[key] = true
}

// checkText checks a typed text: required, at most max characters, valid UTF-8 without
// control characters. Fields longer than a title (intro, body, note) are multi-line.
func checkText(fe *fieldErrors, field, s string, required bool, max int) {
	if p := TextProblem(s, max > maxTitleLength); p != "" {
		fe.add(field, p)
	} else if required && strings.TrimSpace(s) == "" {
		fe.add(field, "required")
	} else if utf8.RuneCountInString(s) > max {
		fe.add(field, "too_long", max)
	}
}

// Demand returns the demand with the given key.
func (c *Campaign) Demand(key string) (Demand, bool) {
	for _, d := range c.Demands {
		if d.Key == key {
			return d, true
		}
	}
	return Demand{}, false
}

// Workplace returns the workplace with the given code.
func (c *Campaign) Workplace(code string) (Workplace, bool) {
	for _, w := range c.Workplaces {
		if w.Code == code {
			return w, true
		}
	}
	return Workplace{}, false
}

// Question returns the background question with the given key.
func (c *Campaign) Question(key string) (Question, bool) {
	for _, q := range c.Questions {
		if q.Key == key {
			return q, true
		}
	}
	return Question{}, false
}

// Option returns the option with the given key.
func (q Question) Option(key string) (Option, bool) {
	for _, o := range q.Options {
		if o.Key == key {
			return o, true
		}
	}
	return Option{}, false
}

// Areas returns the demands members see (hidden ones left out) grouped by area, in the
// order areas first appear. An area whose demands are all hidden is left out too.
func (c *Campaign) Areas() []Area {
	var areas []Area
	idx := map[string]int{}
	for _, d := range c.Demands {
		if d.Hidden {
			continue
		}
		i, ok := idx[d.Area]
		if !ok {
			i = len(areas)
			idx[d.Area] = i
			areas = append(areas, Area{Name: d.Area})
		}
		areas[i].Demands = append(areas[i].Demands, d)
	}
	return areas
}

// Area is a named group of demands.
type Area struct {
	Name    string
	Demands []Demand
}

// Availability says whether the campaign takes responses at time now.
type Availability int

// The availabilities of a campaign.
const (
	Available Availability = iota
	NotYetOpen
	Closed
	Draft
	// Intake: the campaign collects proposals; the ranking round has not started.
	Intake
)

// AvailableAt tells whether members can answer at time now, taking state and times into account.
func (c *Campaign) AvailableAt(now time.Time) Availability {
	switch c.State {
	case StateDraft:
		return Draft
	case StateIntake:
		return Intake
	case StateClosed:
		return Closed
	}
	if c.OpensAt != nil && now.Before(*c.OpensAt) {
		return NotYetOpen
	}
	if c.ClosesAt != nil && !now.Before(*c.ClosesAt) {
		return Closed
	}
	return Available
}

// ClosedAt reports whether the campaign counts as closed at time now: its state is closed
// or its closing time has passed. From then on every figure includes every response; before,
// figures come from the snapshot of counted responses (see survey/sqlite).
func (c *Campaign) ClosedAt(now time.Time) bool {
	return c.State == StateClosed || (c.ClosesAt != nil && !now.Before(*c.ClosesAt))
}

// MemberFiguresPublic reports whether figures about what members answered (the party
// list's picks, shares and places, wherever the party matrix is shown) may appear beside the
// parties' answers: only once the results are published (which needs a closed campaign) and
// the campaign has at least the anonymity threshold of responses, as on the results page.
func (c *Campaign) MemberFiguresPublic(responses int) bool {
	return c.Published && c.State == StateClosed && responses >= c.AnonymityThreshold
}

// Clone returns a deep copy of c that can be modified without touching c.
func (c *Campaign) Clone() *Campaign {
	cp := *c
	if c.OpensAt != nil {
		t := *c.OpensAt
		cp.OpensAt = &t
	}
	if c.ClosesAt != nil {
		t := *c.ClosesAt
		cp.ClosesAt = &t
	}
	if c.Scale != nil {
		s := *c.Scale
		cp.Scale = &s
	}
	cp.Translations = cloneTranslations(c.Translations)
	cp.Demands = append([]Demand(nil), c.Demands...)
	for i := range cp.Demands {
		cp.Demands[i].Assemblies = append([]string(nil), cp.Demands[i].Assemblies...)
	}
	if c.Assemblies != nil {
		cp.Assemblies = make([]Assembly, len(c.Assemblies))
		for i, a := range c.Assemblies {
			a.Parties = append([]FileParty(nil), a.Parties...)
			cp.Assemblies[i] = a
		}
	}
	cp.Workplaces = append([]Workplace(nil), c.Workplaces...)
	cp.Questions = make([]Question, len(c.Questions))
	for i, q := range c.Questions {
		q.Options = append([]Option(nil), q.Options...)
		cp.Questions[i] = q
	}
	return &cp
}
