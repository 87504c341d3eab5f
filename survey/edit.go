package survey

import "time"

// DemandEdit records a change to the wording of a demand that members had already ranked.
// Such changes are allowed, but never silently: the store keeps every one and the demand
// page lists them.
type DemandEdit struct {
	Key      string
	By       string // the organiser's account name
	At       time.Time
	OldTitle string
	NewTitle string
	OldBody  string
	NewBody  string
	Reason   string
}

// CheckEdit decides whether a campaign may be changed from old to new. Without responses
// anything valid goes. Once members have answered, nothing their ballots refer to may
// disappear: no demand, background question, option or workplace may be removed (hide a
// demand instead), and at least one demand must stay visible. Changes to the title or body
// of an existing demand are returned as edits, which the caller must record together with
// the change (the store does so in the same transaction).
func CheckEdit(old, new *Campaign, hasResponses bool) ([]DemandEdit, error) {
	var fe fieldErrors
	visible := 0
	for _, d := range new.Demands {
		if !d.Hidden {
			visible++
		}
	}
	if len(new.Demands) > 0 && visible == 0 {
		fe.add("demands", "no_visible_demands")
	} else if visible > 0 && new.MaxPicks > visible && !new.Rates() {
		fe.add("max_picks", "max_over_visible", new.MaxPicks, visible)
	}
	if !hasResponses {
		return nil, fe.err()
	}
	// The answers already given are ballots of one kind on one scale: they would no longer
	// count (or count wrongly) under another.
	if old.Rates() != new.Rates() {
		fe.add("ballot", "ballot_in_use")
	} else if old.Rates() && old.Scale != nil && new.Scale != nil &&
		(old.Scale.Min != new.Scale.Min || old.Scale.Max != new.Scale.Max) {
		fe.add("scale.max", "scale_in_use", old.Scale.Min, old.Scale.Max)
	}
	// Who could answer is part of what the answers mean (each member once, or anyone as
	// often as they like): switching mid-campaign would mix the two in one count.
	if old.NeedsCode() != new.NeedsCode() {
		fe.add("access", "access_in_use")
	}
	var edits []DemandEdit
	for i, d := range old.Demands {
		nd, ok := new.Demand(d.Key)
		if !ok {
			fe.add(path("demands", i), "demand_in_use", d.Key)
			continue
		}
		if nd.Title != d.Title || nd.Body != d.Body {
			edits = append(edits, DemandEdit{Key: d.Key, OldTitle: d.Title, NewTitle: nd.Title, OldBody: d.Body, NewBody: nd.Body})
		}
	}
	for i, q := range old.Questions {
		nq, ok := new.Question(q.Key)
		if !ok {
			fe.add(path("questions", i), "question_in_use", q.Key)
			continue
		}
		for j, o := range q.Options {
			if _, ok := nq.Option(o.Key); !ok {
				fe.add(path("questions", i)+"."+path("options", j), "option_in_use", o.Key)
			}
		}
	}
	for i, w := range old.Workplaces {
		if _, ok := new.Workplace(w.Code); !ok {
			fe.add(path("workplaces", i), "workplace_in_use", w.Code)
		}
	}
	if err := fe.err(); err != nil {
		return nil, err
	}
	return edits, nil
}

// VisibleDemands returns the demands members are shown, in order.
func (c *Campaign) VisibleDemands() []Demand {
	out := make([]Demand, 0, len(c.Demands))
	for _, d := range c.Demands {
		if !d.Hidden {
			out = append(out, d)
		}
	}
	return out
}

// The messages of the rules above and of account names, in every language.
var _ = addMessages(map[string]map[string]string{
	"sv": {
		"no_visible_demands": "minst ett krav måste vara synligt för medlemmarna",
		"max_over_visible":   "högsta antalet val (%d) får inte vara större än antalet synliga krav (%d)",
		"demand_in_use":      "kravet %q har redan rangordnats av medlemmar och kan inte tas bort; dölj det i stället",
		"question_in_use":    "frågan %q har redan besvarats och kan inte tas bort",
		"option_in_use":      "svarsalternativet %q har redan valts och kan inte tas bort",
		"workplace_in_use":   "arbetsplatsen %q har redan svar och kan inte tas bort",
		"access_in_use":      "kan inte ändras när medlemmar redan har svarat: svaren via öppen länk och via engångskoder skulle blandas i samma resultat",
		"bad_user_name":      "får bara innehålla bokstäver, siffror och . _ @ + - (högst 64 tecken)",
		"bad_role":           "måste vara admin, organiser eller caller",
		"name_taken":         "namnet %q används redan",
		"key_taken":          "nyckeln %q används redan; förslag: %q",
		"slug_suggest":       "adressen %q är inte ledig; förslag: %q",
	},
	"nb": {
		"no_visible_demands": "minst ett krav må være synlig for medlemmene",
		"max_over_visible":   "høyeste antall valg (%d) kan ikke være større enn antall synlige krav (%d)",
		"demand_in_use":      "kravet %q er allerede rangert av medlemmer og kan ikke slettes; skjul det i stedet",
		"question_in_use":    "spørsmålet %q er allerede besvart og kan ikke slettes",
		"option_in_use":      "svaralternativet %q er allerede valgt og kan ikke slettes",
		"workplace_in_use":   "arbeidsplassen %q har allerede svar og kan ikke slettes",
		"access_in_use":      "kan ikke endres når medlemmer allerede har svart: svar via åpen lenke og via engangskoder ville blitt blandet i samme resultat",
		"bad_user_name":      "kan bare inneholde bokstaver, sifre og . _ @ + - (høyst 64 tegn)",
		"bad_role":           "må være admin, organiser eller caller",
		"name_taken":         "navnet %q er allerede i bruk",
		"key_taken":          "nøkkelen %q er allerede i bruk; forslag: %q",
		"slug_suggest":       "adressen %q er ikke ledig; forslag: %q",
	},
	"en": {
		"no_visible_demands": "at least one demand must be visible to members",
		"max_over_visible":   "the most picks (%d) may not exceed the number of visible demands (%d)",
		"demand_in_use":      "members have already ranked the demand %q, so it cannot be deleted; hide it instead",
		"question_in_use":    "the question %q has already been answered and cannot be deleted",
		"option_in_use":      "the option %q has already been chosen and cannot be deleted",
		"workplace_in_use":   "the workplace %q already has responses and cannot be deleted",
		"access_in_use":      "cannot be changed once members have answered: answers through the open link and with one-time codes would be mixed in one result",
		"bad_user_name":      "may contain only letters, digits and . _ @ + - (at most 64 characters)",
		"bad_role":           "must be admin, organiser or caller",
		"name_taken":         "the name %q is already taken",
		"key_taken":          "the key %q is already used; suggestion: %q",
		"slug_suggest":       "the address %q is not available; suggestion: %q",
	},
})

// addMessages merges more validation messages into the catalogue at package start.
func addMessages(set map[string]map[string]string) bool {
	for lang, m := range set {
		for k, v := range m {
			if _, dup := messages[lang][k]; dup {
				panic("survey: message registered twice: " + lang + "." + k)
			}
			messages[lang][k] = v
		}
	}
	return true
}
