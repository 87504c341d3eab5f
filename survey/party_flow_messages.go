package survey

// Messages of the party flow (issue 15): links only for a frozen list, the campaign-wide
// deadline, and wording that stays what the parties answered.
var _ = registerMessages(map[string]map[string]string{
	"sv": {
		"list_not_frozen":  "fastställ kravlistan till partierna innan du skapar svarslänkar",
		"deadline_missing": "ange sista svarsdag för partierna först",
		"deadline_past":    "sista svarsdagen har redan passerat",
		"item_answered":    "partierna har redan svarat på det här kravet; formuleringen kan inte ändras längre (ta bort kravet eller lägg till ett nytt i stället)",
	},
	"nb": {
		"list_not_frozen":  "fastsett kravlisten til partiene før du lager svarlenker",
		"deadline_missing": "angi siste svardag for partiene først",
		"deadline_past":    "siste svardag er allerede passert",
		"item_answered":    "partiene har allerede svart på dette kravet; formuleringen kan ikke endres lenger (fjern kravet eller legg til et nytt i stedet)",
	},
	"en": {
		"list_not_frozen":  "freeze the demand list for the parties before you create answer links",
		"deadline_missing": "set the parties' answer deadline first",
		"deadline_past":    "the answer deadline has already passed",
		"item_answered":    "the parties have already answered this demand; its wording can no longer be changed (drop it or add a new one instead)",
	},
})
