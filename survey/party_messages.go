package survey

// Validation messages of the party confrontation, merged into messages at start-up so
// that messages.go stays the lead's file.
var _ = registerMessages(map[string]map[string]string{
	"sv": {
		"bad_colour":        "måste vara en färg som #RRGGBB, t.ex. #E8112D",
		"seats_over_total":  "partierna har tillsammans %d mandat, men församlingen har bara %d",
		"unknown_item":      "okänt krav på listan",
		"bad_answer":        "välj Ja, Nej eller Delvis",
		"answer_required":   "svara Ja, Nej eller Delvis innan ni skickar in",
		"comment_too_long":  "kommentaren får vara högst %d tecken",
		"bad_assessment":    "måste vara instämmer, oklart eller instämmer inte",
		"bad_followup":      "måste vara infriat, delvis infriat, ej infriat eller pågår",
		"bad_day":           "måste vara ett datum som 2027-03-01",
		"stale_answers":     "någon annan från ert parti har sparat svaren under tiden. Ladda om sidan för att se de senaste svaren och gör om era ändringar.",
		"answers_locked":    "svaren är redan inskickade och låsta. Kontakta arrangören om något behöver ändras.",
		"list_has_answers":  "partierna har redan börjat svara på listan; ändra ordningen, ta bort eller lägg till krav i stället för att fastställa den på nytt",
		"list_empty":        "listan behöver minst ett krav",
		"party_not_found":   "partiet finns inte",
		"party_has_answers": "partiet har sparade svar och kan inte tas bort",
	},
	"nb": {
		"bad_colour":        "må være en farge som #RRGGBB, f.eks. #E8112D",
		"seats_over_total":  "partiene har til sammen %d mandater, men forsamlingen har bare %d",
		"unknown_item":      "ukjent krav på listen",
		"bad_answer":        "velg Ja, Nei eller Delvis",
		"answer_required":   "svar Ja, Nei eller Delvis før dere sender inn",
		"comment_too_long":  "kommentaren kan være høyst %d tegn",
		"bad_assessment":    "må være enig, uklart eller uenig",
		"bad_followup":      "må være innfridd, delvis innfridd, ikke innfridd eller pågår",
		"bad_day":           "må være en dato som 2027-03-01",
		"stale_answers":     "noen andre fra partiet deres har lagret svarene i mellomtiden. Last inn siden på nytt for å se de siste svarene og gjør endringene deres på nytt.",
		"answers_locked":    "svarene er allerede sendt inn og låst. Kontakt arrangøren hvis noe må endres.",
		"list_has_answers":  "partiene har allerede begynt å svare på listen; endre rekkefølgen, fjern eller legg til krav i stedet for å fastsette den på nytt",
		"list_empty":        "listen trenger minst ett krav",
		"party_not_found":   "partiet finnes ikke",
		"party_has_answers": "partiet har lagrede svar og kan ikke slettes",
	},
	"en": {
		"bad_colour":        "must be a colour like #RRGGBB, e.g. #E8112D",
		"seats_over_total":  "the parties hold %d seats together, but the assembly has only %d",
		"unknown_item":      "unknown demand on the list",
		"bad_answer":        "choose Yes, No or Partly",
		"answer_required":   "answer Yes, No or Partly before you submit",
		"comment_too_long":  "the comment may be at most %d characters",
		"bad_assessment":    "must be agree, unclear or disagree",
		"bad_followup":      "must be kept, partly kept, not kept or under way",
		"bad_day":           "must be a date like 2027-03-01",
		"stale_answers":     "someone else from your party saved the answers in the meantime. Reload the page to see the latest answers and make your changes again.",
		"answers_locked":    "the answers are already submitted and locked. Contact the organiser if something must change.",
		"list_has_answers":  "the parties have already started answering the list; reorder, drop or add demands instead of freezing it again",
		"list_empty":        "the list needs at least one demand",
		"party_not_found":   "the party does not exist",
		"party_has_answers": "the party has saved answers and cannot be removed",
	},
})

// registerMessages merges a set of validation messages into messages. It runs during
// package initialisation only; a key registered twice panics.
func registerMessages(set map[string]map[string]string) bool {
	for lang, m := range set {
		if messages[lang] == nil {
			messages[lang] = map[string]string{}
		}
		for k, v := range m {
			if _, dup := messages[lang][k]; dup {
				panic("survey: message registered twice: " + lang + "." + k)
			}
			messages[lang][k] = v
		}
	}
	return true
}
