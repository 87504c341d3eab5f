package i18n

// Strings of session 3's clean-ups: the guards that keep a campaign's way of answering
// (open link or one-time codes) from changing under members' feet, and the workspace tab
// of the content translations.
func polishStrings() table {
	return table{
		"sv": {
			"org.access.no_codes":  "Kampanjen är öppen och det finns inga oanvända engångskoder, så ingen skulle kunna svara. Skapa lapparna först under Arbetsplatser → Engångskoder och byt sedan till koder.",
			"org.state.no_codes":   "Kampanjen tar bara emot svar med engångskod, men det finns inga oanvända koder, så ingen skulle kunna svara. Skapa lapparna under Arbetsplatser → Engångskoder, eller välj ”Alla med länken” under Inställningar.",
			"org.tab.translations": "Översättningar",
		},
		"nb": {
			"org.access.no_codes":  "Kampanjen er åpen og det finnes ingen ubrukte engangskoder, så ingen ville kunne svare. Lag lappene først under Arbeidsplasser → Engangskoder, og bytt deretter til koder.",
			"org.state.no_codes":   "Kampanjen tar bare imot svar med engangskode, men det finnes ingen ubrukte koder, så ingen ville kunne svare. Lag lappene under Arbeidsplasser → Engangskoder, eller velg «Alle med lenken» under Innstillinger.",
			"org.tab.translations": "Oversettelser",
		},
		"en": {
			"org.access.no_codes":  "The campaign is open and there are no unused one-time codes, so nobody could answer. Make the slips first under Workplaces → One-time codes, then switch to codes.",
			"org.state.no_codes":   "The campaign only takes answers with a one-time code, but there are no unused codes, so nobody could answer. Make the slips under Workplaces → One-time codes, or choose “Anyone with the link” under Settings.",
			"org.tab.translations": "Translations",
		},
	}
}
