package survey

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"
)

// Level is the level of an elected assembly: a municipality's council, a region's council
// or the Riksdag. An LO district spans several municipalities and a region, so a campaign
// has one or more assemblies (issue 15).
type Level string

// The levels.
const (
	LevelKommun  Level = "kommun"
	LevelRegion  Level = "region"
	LevelRiksdag Level = "riksdag"
)

// Levels lists the levels in the order forms offer them.
var Levels = []Level{LevelKommun, LevelRegion, LevelRiksdag}

// Limits of assemblies.
const (
	MaxAssemblies      = 50
	maxAssemblyNameLen = 100
)

// DefaultSeats is the number of seats an assembly of level l starts with; the organiser
// edits it (councils differ in size: Swedish municipal councils have 31–101 seats, regional
// councils 41–149).
func (l Level) DefaultSeats() int {
	switch l {
	case LevelKommun:
		return 61
	case LevelRegion:
		return 81
	}
	return RiksdagSeats
}

// Valid reports whether l is one of the levels.
func (l Level) Valid() bool { return slices.Contains(Levels, l) }

// Assembly is a council or parliament the demands are put to, with the parties holding
// seats in it. In the campaign file it carries its parties; in the store, the parties
// are rows of the party tables (Party.AssemblyID) and Parties is nil.
type Assembly struct {
	// ID is the store's number; 0 for an assembly not stored yet.
	ID    int64  `json:"-"`
	Key   string `json:"key"`
	Name  string `json:"name"`
	Level Level  `json:"level"`
	Seats int    `json:"seats"`
	// Parties is the assembly's parties in the campaign file.
	Parties []FileParty `json:"parties"`
}

// FileParty is a party of an assembly in the campaign file. Key is the short name shown
// in the matrix ("S", "KD"). Colour may be left out for a party of survey.DefaultParties
// (its usual colour) or any other (grey).
type FileParty struct {
	Key    string `json:"key"`
	Name   string `json:"name"`
	Seats  int    `json:"seats"`
	Colour string `json:"colour,omitempty"`
}

// neutralColour is the colour of a party the defaults do not know.
const neutralColour = "#6B6B6B"

// DefaultColour is the usual colour of the party with short name short, or grey.
func DefaultColour(short string) string {
	for _, p := range DefaultParties() {
		if strings.EqualFold(p.Short, short) {
			return p.Colour
		}
	}
	return neutralColour
}

// Party turns a file party into a party of the store.
func (fp FileParty) Party() Party {
	c := fp.Colour
	if c == "" {
		c = DefaultColour(fp.Key)
	}
	return Party{Short: fp.Key, Name: fp.Name, Colour: c, Seats: fp.Seats}
}

// FilePartyOf turns a stored party into its campaign-file form; a default colour is left
// out, so a file without colours comes back without them.
func FilePartyOf(p Party) FileParty {
	fp := FileParty{Key: p.Short, Name: p.Name, Seats: p.Seats, Colour: p.Colour}
	if strings.EqualFold(fp.Colour, DefaultColour(p.Short)) {
		fp.Colour = ""
	}
	return fp
}

// Majority is the smallest number of seats that is more than half of the assembly.
func (a Assembly) Majority() int { return a.Seats/2 + 1 }

// Validate checks the assembly's own fields (not its parties) with paths "assembly.field".
func (a Assembly) Validate() error {
	var fe fieldErrors
	a.check(&fe, "assembly")
	return fe.err()
}

func (a Assembly) check(fe *fieldErrors, p string) {
	switch {
	case a.Key == "":
		fe.add(p+".key", "required")
	case !ValidKey(a.Key):
		fe.add(p+".key", "bad_key")
	}
	checkText(fe, p+".name", a.Name, true, maxAssemblyNameLen)
	if !a.Level.Valid() {
		fe.add(p+".level", "bad_level")
	}
	if a.Seats < 1 || a.Seats > maxAssemblySeats {
		fe.add(p+".seats", "bad_range", 1, maxAssemblySeats)
	}
}

// DefaultAssembly is the assembly a campaign starts with: the Riksdag, matching the
// seats of DefaultParties.
func DefaultAssembly() Assembly {
	return Assembly{Key: "riksdag", Name: "Riksdagen", Level: LevelRiksdag, Seats: RiksdagSeats}
}

// validateAssemblies checks the campaign file's assemblies and the assemblies its demands
// name. Paths are "assemblies[i].parties[j].seats" and "demands[i].assemblies[j]". When the
// file has no assemblies (nil), the campaign keeps the ones stored and demands may name
// those: only the form of their keys is checked here.
func (c *Campaign) validateAssemblies(fe *fieldErrors) {
	if len(c.Assemblies) > MaxAssemblies {
		fe.add("assemblies", "too_many_assemblies", len(c.Assemblies), MaxAssemblies)
	}
	keys, names := map[string]bool{}, map[string]bool{}
	for i, a := range c.Assemblies {
		p := path("assemblies", i)
		a.check(fe, p)
		if a.Key != "" && keys[a.Key] {
			fe.add(p+".key", "duplicate_key", a.Key)
		}
		keys[a.Key] = true
		// Two assemblies of one name would read as one on the public page (two headings
		// alike, "M, Kommunfullmäktige i Huddinge" under both): a block copied and not renamed.
		if n := AssemblyNameKey(a.Name); n != "" && names[n] {
			fe.add(p+".name", "duplicate_key", a.Name)
		} else {
			names[n] = true
		}
		seen := map[string]bool{}
		total, over := 0, false
		for j, fp := range a.Parties {
			pp := p + "." + path("parties", j)
			k := strings.TrimSpace(fp.Key)
			switch {
			case k == "":
				fe.add(pp+".key", "required")
			case k != fp.Key || TextProblem(k, false) != "":
				fe.add(pp+".key", "bad_party_key")
			case utf8.RuneCountInString(k) > maxShortLength:
				fe.add(pp+".key", "too_long", maxShortLength)
			case seen[strings.ToLower(k)]:
				fe.add(pp+".key", "duplicate_key", k)
			}
			seen[strings.ToLower(k)] = true
			checkText(fe, pp+".name", fp.Name, true, maxPartyNameLen)
			if fp.Colour != "" && !colourRE.MatchString(fp.Colour) {
				fe.add(pp+".colour", "bad_colour")
			}
			if fp.Seats < 0 || fp.Seats > maxAssemblySeats {
				fe.add(pp+".seats", "bad_range", 0, maxAssemblySeats)
				continue
			}
			total += fp.Seats
			if !over && a.Seats > 0 && total > a.Seats {
				// Name the party at which the seats go over the assembly's.
				fe.add(pp+".seats", "seats_over_assembly", total, a.Key, a.Seats)
				over = true
			}
		}
	}
	for i, d := range c.Demands {
		named := map[string]bool{}
		for j, k := range d.Assemblies {
			p := path("demands", i) + "." + path("assemblies", j)
			switch {
			case !ValidKey(k):
				fe.add(p, "bad_key")
			case len(c.Assemblies) > 0 && !keys[k]:
				fe.add(p, "unknown_assembly", k)
			case named[k]:
				fe.add(p, "duplicate_key", k)
			}
			named[k] = true
		}
	}
}

// Addresses reports whether an item or demand naming assemblies keys is put to the
// assembly with key key: an empty list means every assembly.
func Addresses(keys []string, key string) bool {
	return len(keys) == 0 || slices.Contains(keys, key)
}

// AssemblyNameKey is what two assembly names must not share: the name trimmed, in lower case.
func AssemblyNameKey(name string) string {
	return strings.ToLower(strings.TrimSpace(name))
}

// ItemsFor returns the items of the frozen list put to the assembly with key key, in order.
func ItemsFor(items []ListItem, key string) []ListItem {
	out := make([]ListItem, 0, len(items))
	for _, it := range items {
		if Addresses(it.Assemblies, key) {
			out = append(out, it)
		}
	}
	return out
}

// AssemblyByID returns the assembly with id id from as.
func AssemblyByID(as []Assembly, id int64) (Assembly, bool) {
	for _, a := range as {
		if a.ID == id {
			return a, true
		}
	}
	return Assembly{}, false
}

// UnknownAssemblies checks that the demands of c name only assemblies with keys in known
// (used when a campaign file without assemblies replaces a stored campaign's content).
func UnknownAssemblies(c *Campaign, known []Assembly) error {
	var fe fieldErrors
	for i, d := range c.Demands {
		for j, k := range d.Assemblies {
			if !slices.ContainsFunc(known, func(a Assembly) bool { return a.Key == k }) {
				fe.add(path("demands", i)+"."+path("assemblies", j), "unknown_assembly", k)
			}
		}
	}
	return fe.err()
}

// FileAssemblies returns the stored assemblies of set with their parties in the form of
// the campaign file; nil when none is stored yet (the party pages were never opened and
// no campaign file gave any), so that such a campaign's file has no "assemblies".
func FileAssemblies(set PartySettings, parties []PartyRow) []Assembly {
	var out []Assembly
	for _, a := range set.Assemblies {
		if a.ID == 0 {
			continue
		}
		a.Parties = []FileParty{}
		for _, p := range parties {
			if p.AssemblyID == a.ID {
				a.Parties = append(a.Parties, FilePartyOf(p.Party))
			}
		}
		out = append(out, a)
	}
	return out
}

// CampaignFile returns c as its campaign file: a copy with the assemblies and parties
// the store keeps for it.
func CampaignFile(ctx context.Context, st PartyStore, c *Campaign) (*Campaign, error) {
	set, err := st.PartySettings(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	ps, err := st.Parties(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	cp := c.Clone()
	cp.Assemblies = FileAssemblies(set, ps)
	return cp, nil
}
