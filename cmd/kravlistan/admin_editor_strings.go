package main

// Strings of the campaign editors: settings, demands, background questions, the campaign
// file and the accounts page.
var _ = ui.register(map[string]map[string]string{
	"sv": {
		"org.f.title":         "Rubrik",
		"org.f.slug":          "Adress",
		"org.f.slug_hint":     "Blir en del av medlemmarnas länk, /s/adress. Små bokstäver a–z, siffror och bindestreck. Lämna tomt för att skapa den från rubriken.",
		"org.f.area":          "Område",
		"org.f.opens_at":      "Öppnar",
		"org.f.closes_at":     "Stänger",
		"org.file.label":      "Kampanjfil (JSON)",
		"org.file.import_new": "Importera som ny kampanj",
	},
	"nb": {
		"org.f.title":         "Tittel",
		"org.f.slug":          "Adresse",
		"org.f.slug_hint":     "Blir en del av medlemmenes lenke, /s/adresse. Små bokstaver a–z, sifre og bindestrek. La stå tomt for å lage den fra tittelen.",
		"org.f.area":          "Område",
		"org.f.opens_at":      "Åpner",
		"org.f.closes_at":     "Stenger",
		"org.file.label":      "Kampanjefil (JSON)",
		"org.file.import_new": "Importer som ny kampanje",
	},
	"en": {
		"org.f.title":         "Title",
		"org.f.slug":          "Address",
		"org.f.slug_hint":     "Becomes part of the members' link, /s/address. Lower-case letters a–z, digits and hyphens. Leave empty to make it from the title.",
		"org.f.area":          "Area",
		"org.f.opens_at":      "Opens",
		"org.f.closes_at":     "Closes",
		"org.file.label":      "Campaign file (JSON)",
		"org.file.import_new": "Import as a new campaign",
	},
})
