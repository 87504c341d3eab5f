package i18n

// Strings of the intake round's review: the error summary's short labels of the proposal
// form, how the inbox says a workplace is too small to name, and the provenance lines of the results in singular and plural ("bygger på ett
// förslag", "från en arbetsplats"; a list built only from proposals sent through the
// general link names no workplaces at all). Numbers come formatted (%s).
func intakeOriginStrings() table {
	return table{
		"sv": {
			"inbox.small_workplace": "Liten arbetsplats",
			"propose.sum.body":      "Varför",
			"propose.sum.members":   "Antal medlemmar på mötet",
			"inbox.small_hint":      "En arbetsplats namnges bara när minst %d förslag kom därifrån, eller förslaget kom från ett möte med minst så många medlemmar. Fritext i svaren visas utan arbetsplats.",

			"results.provenance":          "bygger på %s förslag från %s arbetsplatser",
			"results.provenance.wp1":      "bygger på %s förslag från en arbetsplats",
			"results.provenance.wp0":      "bygger på %s förslag",
			"results.provenance.one":      "bygger på ett förslag från en arbetsplats",
			"results.provenance.one0":     "bygger på ett förslag",
			"results.provenance_all":      "Listan bygger på %s förslag från %s arbetsplatser.",
			"results.provenance_all.wp1":  "Listan bygger på %s förslag från en arbetsplats.",
			"results.provenance_all.wp0":  "Listan bygger på %s förslag.",
			"results.provenance_all.one":  "Listan bygger på ett förslag från en arbetsplats.",
			"results.provenance_all.one0": "Listan bygger på ett förslag.",
		},
		"nb": {
			"inbox.small_workplace": "Liten arbeidsplass",
			"propose.sum.body":      "Hvorfor",
			"propose.sum.members":   "Antall medlemmer på møtet",
			"inbox.small_hint":      "En arbeidsplass navngis bare når minst %d forslag kom derfra, eller forslaget kom fra et møte med minst så mange medlemmer. Fritekst i svarene vises uten arbeidsplass.",

			"results.provenance":          "bygger på %s forslag fra %s arbeidsplasser",
			"results.provenance.wp1":      "bygger på %s forslag fra én arbeidsplass",
			"results.provenance.wp0":      "bygger på %s forslag",
			"results.provenance.one":      "bygger på ett forslag fra én arbeidsplass",
			"results.provenance.one0":     "bygger på ett forslag",
			"results.provenance_all":      "Listen bygger på %s forslag fra %s arbeidsplasser.",
			"results.provenance_all.wp1":  "Listen bygger på %s forslag fra én arbeidsplass.",
			"results.provenance_all.wp0":  "Listen bygger på %s forslag.",
			"results.provenance_all.one":  "Listen bygger på ett forslag fra én arbeidsplass.",
			"results.provenance_all.one0": "Listen bygger på ett forslag.",
		},
		"en": {
			"inbox.small_workplace": "Small workplace",
			"propose.sum.body":      "Why",
			"propose.sum.members":   "Members at the meeting",
			"inbox.small_hint":      "A workplace is named only when at least %d proposals came from it, or the proposal came from a meeting of at least that many members. Free text in responses is shown without a workplace.",

			"results.provenance":          "based on %s proposals from %s workplaces",
			"results.provenance.wp1":      "based on %s proposals from one workplace",
			"results.provenance.wp0":      "based on %s proposals",
			"results.provenance.one":      "based on one proposal from one workplace",
			"results.provenance.one0":     "based on one proposal",
			"results.provenance_all":      "The list is based on %s proposals from %s workplaces.",
			"results.provenance_all.wp1":  "The list is based on %s proposals from one workplace.",
			"results.provenance_all.wp0":  "The list is based on %s proposals.",
			"results.provenance_all.one":  "The list is based on one proposal from one workplace.",
			"results.provenance_all.one0": "The list is based on one proposal.",
		},
	}
}
