package survey

// Messages of typed paper and telephone ballots (ParseEntry), kept apart from messages.go
// so that the catalogue's completeness test covers them like every other message.
func init() {
	add := func(lang string, m map[string]string) {
		for k, v := range m {
			messages[lang][k] = v
		}
	}
	add("sv", map[string]string{
		"entry_slashes":      "skriv högst ett snedstreck: först kraven, efter / bakgrundssvaren",
		"entry_not_number":   "%q är inget kravnummer: skriv kravens nummer, t.ex. 3 7 1",
		"entry_demand_range": "krav nummer %d finns inte: kraven är numrerade 1–%d",
		"entry_duplicate":    "krav nummer %d står mer än en gång",
		"entry_questions":    "%d bakgrundssvar men kampanjen har %d bakgrundsfrågor",
		"entry_option_range": "svar %q finns inte: skriv ett nummer 1–%d eller - för inget svar",
	})
	add("nb", map[string]string{
		"entry_slashes":      "skriv høyst én skråstrek: først kravene, etter / bakgrunnssvarene",
		"entry_not_number":   "%q er ikke et kravnummer: skriv kravenes nummer, f.eks. 3 7 1",
		"entry_demand_range": "krav nummer %d finnes ikke: kravene er nummerert 1–%d",
		"entry_duplicate":    "krav nummer %d står mer enn én gang",
		"entry_questions":    "%d bakgrunnssvar, men kampanjen har %d bakgrunnsspørsmål",
		"entry_option_range": "svar %q finnes ikke: skriv et nummer 1–%d eller - for ikke besvart",
	})
	add("en", map[string]string{
		"entry_slashes":      "type at most one slash: first the demands, after / the background answers",
		"entry_not_number":   "%q is not a demand number: type the demands' numbers, e.g. 3 7 1",
		"entry_demand_range": "there is no demand number %d: the demands are numbered 1–%d",
		"entry_duplicate":    "demand number %d appears more than once",
		"entry_questions":    "%d background answers, but the campaign has %d background questions",
		"entry_option_range": "there is no answer %q: type a number 1–%d or - for no answer",
	})
}
