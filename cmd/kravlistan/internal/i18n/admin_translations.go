package i18n

// Strings of the translations editor (campaign content in other languages).
func translationStrings() table {
	return table{
		"sv": {
			"org.tr.heading":   "Översättning: %s",
			"org.tr.hint":      "Svenskan är originalet. Skriv översättningen bredvid varje text; lämnar du en ruta tom ser medlemmarna den svenska texten. Rösterna räknas på samma sätt på alla språk.",
			"org.tr.languages": "Språk",
			"org.tr.errors":    "Översättningen kunde inte sparas. Rätta det som är markerat nedan.",
			"org.tr.title":     "Kampanjens titel",
			"org.tr.intro":     "Inledning",
			"org.tr.area":      "Område",
			"org.tr.demand":    "Krav %s: titel",
			"org.tr.body":      "Krav %s: förklaring",
			"org.tr.question":  "Bakgrundsfråga %s",
			"org.tr.option":    "Svarsalternativ %s",
		},
		"nb": {
			"org.tr.heading":   "Oversettelse: %s",
			"org.tr.hint":      "Den svenske teksten er originalen. Skriv oversettelsen ved siden av hver tekst; lar du et felt stå tomt, ser medlemmene den svenske teksten. Stemmene telles likt på alle språk.",
			"org.tr.languages": "Språk",
			"org.tr.errors":    "Oversettelsen kunne ikke lagres. Rett det som er markert nedenfor.",
			"org.tr.title":     "Kampanjens tittel",
			"org.tr.intro":     "Innledning",
			"org.tr.area":      "Område",
			"org.tr.demand":    "Krav %s: tittel",
			"org.tr.body":      "Krav %s: forklaring",
			"org.tr.question":  "Bakgrunnsspørsmål %s",
			"org.tr.option":    "Svaralternativ %s",
		},
		"en": {
			"org.tr.heading":   "Translation: %s",
			"org.tr.hint":      "Swedish is the original. Write the translation beside each text; where you leave a field empty, members see the Swedish text. Votes count the same in every language.",
			"org.tr.languages": "Languages",
			"org.tr.errors":    "The translation could not be saved. Correct what is marked below.",
			"org.tr.title":     "Campaign title",
			"org.tr.intro":     "Introduction",
			"org.tr.area":      "Area",
			"org.tr.demand":    "Demand %s: title",
			"org.tr.body":      "Demand %s: explanation",
			"org.tr.question":  "Background question %s",
			"org.tr.option":    "Option %s",
		},
	}
}
