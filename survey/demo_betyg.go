package survey

// DemoRating returns the second demo campaign, "demo-betyg": 21 statements that members
// rate from 1 to 10, as LO's Stockholm district asked its members before the 2010
// election. Members may skip a statement they have no view on.
func DemoRating() *Campaign {
	c := &Campaign{
		Slug:  "demo-betyg",
		Title: "Valet 2026 – hur viktiga är kraven för dig?",
		Intro: "Ge varje påstående ett betyg från 1 (inte viktigt) till 10 (mycket viktigt). Hoppa över det du " +
			"inte har någon åsikt om. Svaren är anonyma; de krav som får högst betyg ställer LO-distriktet " +
			"till partierna inför valet.",
		State:              StateOpen,
		AllowProposals:     true,
		AnonymityThreshold: 5,
		Ballot:             BallotRate,
		Access:             AccessOpen,
		Method:             MethodMean,
		TimeZone:           DefaultTimeZone,
		Scale: &Scale{Min: 1, Max: 10, TopBox: 8,
			LowLabel: "Inte viktigt", HighLabel: "Mycket viktigt"},
		Demands: []Demand{
			{Key: "heltid", Area: "Arbete och anställning", Title: "Heltid ska vara norm i kommuner och regioner"},
			{Key: "visstid", Area: "Arbete och anställning", Title: "Allmän visstidsanställning ska avskaffas"},
			{Key: "bemanning", Area: "Arbete och anställning", Title: "Bemanningsföretag ska bara användas vid tillfälliga toppar"},
			{Key: "fackavdrag", Area: "Arbete och anställning", Title: "Skatteavdraget för fackavgiften ska återinföras"},
			{Key: "a-kassa", Area: "Arbete och anställning", Title: "A-kassan ska ge 80 procent av lönen till fler"},
			{Key: "arbetsmiljo", Area: "Arbete och anställning", Title: "Arbetsmiljöverket ska få resurser för fler inspektioner"},
			{Key: "aldreomsorg", Area: "Välfärd", Title: "Bemanningen i äldreomsorgen ska öka"},
			{Key: "delade-turer", Area: "Välfärd", Title: "Delade turer i äldreomsorgen ska avskaffas"},
			{Key: "vardkoer", Area: "Välfärd", Title: "Köerna till vården i regionen ska kortas"},
			{Key: "vinst-valfard", Area: "Välfärd", Title: "Skattepengar till välfärden ska gå till verksamheten, inte till vinstuttag"},
			{Key: "skola", Area: "Välfärd", Title: "Skolor i utsatta områden ska få mer resurser"},
			{Key: "upphandling", Area: "Schyssta villkor", Title: "Kollektivavtalsvillkor ska krävas i alla offentliga upphandlingar"},
			{Key: "arbetslivskriminalitet", Area: "Schyssta villkor", Title: "Myndigheterna ska samverka mot arbetslivskriminalitet"},
			{Key: "arbetskraftsinvandring", Area: "Schyssta villkor", Title: "Arbetstillstånd ska bara ges för jobb med villkor enligt kollektivavtal"},
			{Key: "hot-och-vald", Area: "Schyssta villkor", Title: "Ingen ska behöva arbeta ensam sena kvällar i handeln"},
			{Key: "hyresratter", Area: "Bostad och resor", Title: "Det ska byggas fler hyresrätter med rimliga hyror"},
			{Key: "taxa", Area: "Bostad och resor", Title: "Kollektivtrafiken ska bli billigare"},
			{Key: "skiftbussar", Area: "Bostad och resor", Title: "Kollektivtrafiken ska gå tidigt och sent, för den som jobbar skift"},
			{Key: "ungdomsbostader", Area: "Bostad och resor", Title: "Unga ska ha råd att flytta hemifrån"},
			{Key: "yrkesvux", Area: "Utbildning", Title: "Det ska finnas fler platser på yrkesvux"},
			{Key: "validering", Area: "Utbildning", Title: "Rätt till kompetensutveckling på arbetstid"},
		},
		Questions: Demo().Questions,
		Workplaces: []Workplace{
			{Code: "sodersjukhuset", Name: "Södersjukhuset"},
			{Code: "hemtjansten-farsta", Name: "Hemtjänsten Farsta"},
			{Code: "bussdepan", Name: "Bussdepån Fredriksdal"},
			{Code: "lagret", Name: "Centrallagret i Jordbro"},
		},
	}
	c.ApplyDefaults()
	return c
}
