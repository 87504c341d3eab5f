package survey

import "fmt"

// Languages lists the interface languages, the default first.
var Languages = []string{"sv", "nb", "en"}

// messages holds every validation message in every language. A test checks that each key
// exists in each language with the same number of verbs.
var messages = map[string]map[string]string{
	"sv": {
		"slug_taken":         "adressen %q används redan av en annan kampanj",
		"id_conflict":        "ett annat svar med samma id finns redan",
		"campaign_not_found": "det finns ingen kampanj %q",
		"required":           "måste fyllas i",
		"empty_title":        "tom titel",
		"too_long":           "får vara högst %d tecken",
		"bad_slug":           "får bara innehålla små bokstäver a–z, siffror och bindestreck (högst 63 tecken)",
		"bad_key":            "får bara innehålla bokstäver a–z, siffror, bindestreck och understreck (högst 64 tecken)",
		"duplicate_key":      "%q förekommer mer än en gång",
		"bad_state":          "måste vara draft, open eller closed",
		"bad_method":         "måste vara borda, picks eller schulze",
		"bad_range":          "måste vara mellan %d och %d",
		"min_over_max":       "min_picks får inte vara större än max_picks",
		"max_over_demands":   "max_picks (%d) får inte vara fler än antalet krav (%d)",
		"closes_before_open": "stängningstiden måste komma efter öppningstiden",
		"no_options":         "frågan behöver minst ett svarsalternativ",
		"no_demands":         "kampanjen behöver minst ett krav",
		"bad_time":           "måste vara en tidpunkt i RFC 3339-format, t.ex. 2026-03-01T08:00:00+01:00",
		"bad_json":           "ogiltig JSON: %s",
		"bad_type":           "fel typ: ska vara %s",
		"unknown_field":      "okänt fält",
		"bad_uuid":           "ogiltigt id: ska vara ett UUID, t.ex. 3f2b6c1e-8d4a-4e7b-9c2d-1a2b3c4d5e6f",
		"unknown_demand":     "okänt krav %q",
		"duplicate_pick":     "kravet %q är valt mer än en gång",
		"too_few_picks":      "välj minst %d krav",
		"too_many_picks":     "välj högst %d krav",
		"unknown_question":   "okänd fråga %q",
		"unknown_option":     "okänt svarsalternativ %q",
		"proposal_too_long":  "förslaget får vara högst %d tecken",
		"proposals_off":      "den här kampanjen tar inte emot egna förslag",
		"unknown_workplace":  "okänd arbetsplats %q",
		"bad_channel":        "måste vara web, paper eller api",
		"rank_gap":           "rangordningen måste vara 1, 2, 3 … utan luckor",
		"duplicate_rank":     "plats %d är vald för flera krav",
	},
	"nb": {
		"slug_taken":         "adressen %q brukes allerede av en annen kampanje",
		"id_conflict":        "et annet svar med samme id finnes allerede",
		"campaign_not_found": "det finnes ingen kampanje %q",
		"required":           "må fylles ut",
		"empty_title":        "tom tittel",
		"too_long":           "kan være høyst %d tegn",
		"bad_slug":           "kan bare inneholde små bokstaver a–z, sifre og bindestrek (høyst 63 tegn)",
		"bad_key":            "kan bare inneholde bokstaver a–z, sifre, bindestrek og understrek (høyst 64 tegn)",
		"duplicate_key":      "%q forekommer mer enn én gang",
		"bad_state":          "må være draft, open eller closed",
		"bad_method":         "må være borda, picks eller schulze",
		"bad_range":          "må være mellom %d og %d",
		"min_over_max":       "min_picks kan ikke være større enn max_picks",
		"max_over_demands":   "max_picks (%d) kan ikke være flere enn antall krav (%d)",
		"closes_before_open": "stengetidspunktet må komme etter åpningstidspunktet",
		"no_options":         "spørsmålet trenger minst ett svaralternativ",
		"no_demands":         "kampanjen trenger minst ett krav",
		"bad_time":           "må være et tidspunkt i RFC 3339-format, f.eks. 2026-03-01T08:00:00+01:00",
		"bad_json":           "ugyldig JSON: %s",
		"bad_type":           "feil type: skal være %s",
		"unknown_field":      "ukjent felt",
		"bad_uuid":           "ugyldig id: skal være en UUID, f.eks. 3f2b6c1e-8d4a-4e7b-9c2d-1a2b3c4d5e6f",
		"unknown_demand":     "ukjent krav %q",
		"duplicate_pick":     "kravet %q er valgt mer enn én gang",
		"too_few_picks":      "velg minst %d krav",
		"too_many_picks":     "velg høyst %d krav",
		"unknown_question":   "ukjent spørsmål %q",
		"unknown_option":     "ukjent svaralternativ %q",
		"proposal_too_long":  "forslaget kan være høyst %d tegn",
		"proposals_off":      "denne kampanjen tar ikke imot egne forslag",
		"unknown_workplace":  "ukjent arbeidsplass %q",
		"bad_channel":        "må være web, paper eller api",
		"rank_gap":           "rangeringen må være 1, 2, 3 … uten hull",
		"duplicate_rank":     "plass %d er valgt for flere krav",
	},
	"en": {
		"slug_taken":         "the address %q is already used by another campaign",
		"id_conflict":        "another response with the same id already exists",
		"campaign_not_found": "there is no campaign %q",
		"required":           "is required",
		"empty_title":        "empty title",
		"too_long":           "may be at most %d characters",
		"bad_slug":           "may contain only lower-case letters a–z, digits and hyphens (at most 63 characters)",
		"bad_key":            "may contain only letters a–z, digits, hyphens and underscores (at most 64 characters)",
		"duplicate_key":      "%q occurs more than once",
		"bad_state":          "must be draft, open or closed",
		"bad_method":         "must be borda, picks or schulze",
		"bad_range":          "must be between %d and %d",
		"min_over_max":       "min_picks may not be larger than max_picks",
		"max_over_demands":   "max_picks (%d) may not exceed the number of demands (%d)",
		"closes_before_open": "the closing time must come after the opening time",
		"no_options":         "the question needs at least one option",
		"no_demands":         "the campaign needs at least one demand",
		"bad_time":           "must be a time in RFC 3339 format, e.g. 2026-03-01T08:00:00+01:00",
		"bad_json":           "invalid JSON: %s",
		"bad_type":           "wrong type: must be %s",
		"unknown_field":      "unknown field",
		"bad_uuid":           "invalid id: must be a UUID, e.g. 3f2b6c1e-8d4a-4e7b-9c2d-1a2b3c4d5e6f",
		"unknown_demand":     "unknown demand %q",
		"duplicate_pick":     "the demand %q is chosen more than once",
		"too_few_picks":      "choose at least %d demands",
		"too_many_picks":     "choose at most %d demands",
		"unknown_question":   "unknown question %q",
		"unknown_option":     "unknown option %q",
		"proposal_too_long":  "the proposal may be at most %d characters",
		"proposals_off":      "this campaign does not take proposals",
		"unknown_workplace":  "unknown workplace %q",
		"bad_channel":        "must be web, paper or api",
		"rank_gap":           "the ranking must be 1, 2, 3 … without gaps",
		"duplicate_rank":     "place %d is chosen for several demands",
	},
}

// Message formats the message key in lang, falling back to Swedish, then to the key itself.
func Message(lang, key string, args ...any) string {
	m, ok := messages[lang][key]
	if !ok {
		m, ok = messages["sv"][key]
	}
	if !ok {
		return key
	}
	if len(args) == 0 {
		return m
	}
	return fmt.Sprintf(m, args...)
}
