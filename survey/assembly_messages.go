package survey

// Validation messages of assemblies (issue 15 part 1).
var _ = registerMessages(map[string]map[string]string{
	"sv": {
		"bad_level":            "måste vara kommun, region eller riksdag",
		"too_many_assemblies":  "%d församlingar är för många: högst %d",
		"bad_party_key":        "partiets förkortning får inte ha mellanslag först eller sist eller kontrolltecken",
		"seats_over_assembly":  "partiernas mandat blir här %d, men församlingen %q har bara %d",
		"unknown_assembly":     "det finns ingen församling %q i kampanjen",
		"assembly_has_answers": "församlingen har partier med sparade svar och kan inte tas bort",
		"assembly_not_found":   "församlingen finns inte",
		"last_assembly":        "kampanjen behöver minst en församling",
		"item_no_assembly":     "välj minst en församling som kravet ställs till",
		"item_answered_asm":    "partierna har redan svarat på det här kravet; vilka församlingar det ställs till kan inte ändras längre",
		"assembly_named":       "kravet %q ställs till den här församlingen i kampanjen; ta bort den från kravet (kampanjfilen) innan församlingen tas bort",
	},
	"nb": {
		"bad_level":            "må være kommun, region eller riksdag",
		"too_many_assemblies":  "%d forsamlinger er for mange: høyst %d",
		"bad_party_key":        "partiets forkortelse kan ikke ha mellomrom først eller sist eller kontrolltegn",
		"seats_over_assembly":  "partienes mandater blir her %d, men forsamlingen %q har bare %d",
		"unknown_assembly":     "det finnes ingen forsamling %q i kampanjen",
		"assembly_has_answers": "forsamlingen har partier med lagrede svar og kan ikke slettes",
		"assembly_not_found":   "forsamlingen finnes ikke",
		"last_assembly":        "kampanjen trenger minst én forsamling",
		"item_no_assembly":     "velg minst én forsamling som kravet stilles til",
		"item_answered_asm":    "partiene har allerede svart på dette kravet; hvilke forsamlinger det stilles til kan ikke endres lenger",
		"assembly_named":       "kravet %q stilles til denne forsamlingen i kampanjen; fjern den fra kravet (kampanjefilen) før forsamlingen slettes",
	},
	"en": {
		"bad_level":            "must be kommun, region or riksdag",
		"too_many_assemblies":  "%d assemblies are too many: at most %d",
		"bad_party_key":        "the party's short name may not start or end with a space or contain control characters",
		"seats_over_assembly":  "the parties' seats come to %d here, but assembly %q has only %d",
		"unknown_assembly":     "the campaign has no assembly %q",
		"assembly_has_answers": "the assembly has parties with saved answers and cannot be removed",
		"assembly_not_found":   "the assembly does not exist",
		"last_assembly":        "the campaign needs at least one assembly",
		"item_no_assembly":     "choose at least one assembly the demand is put to",
		"item_answered_asm":    "the parties have already answered this demand; the assemblies it is put to can no longer be changed",
		"assembly_named":       "demand %q is put to this assembly in the campaign; take it off the demand (campaign file) before removing the assembly",
	},
})
