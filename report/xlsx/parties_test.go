package xlsx

import (
	"bytes"
	"testing"
	"time"

	"kravlistan/report"
	"kravlistan/survey"

	"github.com/xuri/excelize/v2"
)

func TestPartySheets(t *testing.T) {
	c := testCampaign()
	rs := testResponses()
	tl := report.NewTally(c)
	_ = walkOf(rs)(tl.Add)
	res := tl.Results(time.Now())
	m := survey.BuildMatrix(survey.MatrixInput{
		Assembly:  survey.Assembly{Key: "kommun", Name: "Kommunfullmäktige", Level: survey.LevelKommun, Seats: 61},
		Parties:   []survey.Party{{ID: 1, Short: "S", Name: "Socialdemokraterna", Seats: 25}, {ID: 2, Short: "M", Name: "Moderaterna", Seats: 20}, {ID: 3, Short: "SD", Name: "Sverigedemokraterna", Seats: 10, Refused: true}},
		Items:     []survey.ListItem{{ID: 7, DemandKey: "a", Title: "Heltid", Picks: 5, Share: 5.0 / 6}, {ID: 8, DemandKey: "b", Title: "-Visstid", Picks: 5, Share: 5.0 / 6}},
		Submitted: map[int64]bool{1: true, 2: true},
		Answers: map[int64]map[int64]survey.Answer{
			1: {7: {Value: survey.AnswerYes}, 8: {Value: survey.AnswerPartly, Comment: hyperlink}},
			2: {7: {Value: survey.AnswerYes, Comment: "+ men billigare"}, 8: {Value: survey.AnswerNo}},
		},
		Assessments: map[int64]map[int64]survey.Assessment{1: {8: survey.AssessAgree}},
	})
	fus := []survey.FollowUp{{PartyID: 1, ItemID: 7, Status: survey.FollowUnderway, Day: "2027-02-01", Note: "@SUM(A1)"}}
	var buf bytes.Buffer
	if err := Write(&buf, c, res, nil, walkOf(rs), PartySheets(Parties{Matrices: []*survey.Matrix{m}, FollowUps: fus})); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	get := func(sheet, ref string) string {
		t.Helper()
		v, err := f.GetCellValue(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for ref, want := range map[string]string{
		"A4": "Nr", "B4": "Krav", "E4": "S (25)", "G4": "SD (10)", "H4": "Mandat för", "I4": "Majoritet",
		"B5": "Heltid", "C5": "5", "E5": "Ja", "F5": "Ja", "G5": "Vägrar svara", "H5": "45", "I5": "Ja",
		// S's "Delvis" is assessed as agreeing by hand: 25 seats, no majority of 31.
		"B6": "'-Visstid", "E6": "Delvis", "F6": "Nej", "H6": "25", "I6": "Nej",
		// Answers and comments, one row per party and demand.
		"C10": "Socialdemokraterna (S)", "E10": "Ja", "F10": "Instämmer", "H11": "'+ men billigare",
		"E13": "Delvis", "F13": "Instämmer", "G13": "Ja", "H13": "'" + hyperlink, "E15": "Vägrar svara",
	} {
		if got := get(SheetParties, ref); got != want {
			t.Errorf("%s!%s = %q, want %q", SheetParties, ref, got, want)
		}
	}
	if formula, _ := f.GetCellFormula(SheetParties, "H13"); formula != "" {
		t.Errorf("a comment became a formula: %q", formula)
	}
	for ref, want := range map[string]string{"A4": "Heltid", "B4": "Socialdemokraterna (S)", "C4": "Ja", "D4": "Pågår", "E4": "2027-02-01", "F4": "'@SUM(A1)"} {
		if got := get(SheetFollowUps, ref); got != want {
			t.Errorf("%s!%s = %q, want %q", SheetFollowUps, ref, got, want)
		}
	}
	t.Run("TwoAssemblies", func(t *testing.T) {
		// The same answers in a region of 149 seats: no majority there; one sheet each.
		in := survey.MatrixInput{Parties: m.Parties, Items: m.Items, Submitted: map[int64]bool{1: true, 2: true},
			Answers: map[int64]map[int64]survey.Answer{1: {7: {Value: survey.AnswerYes}}, 2: {7: {Value: survey.AnswerYes}}}}
		in.Assembly = m.Assembly
		mk := survey.BuildMatrix(in)
		in.Assembly = survey.Assembly{Key: "region", Name: "=Regionfullmäktige", Level: survey.LevelRegion, Seats: 149}
		mr := survey.BuildMatrix(in)
		var buf bytes.Buffer
		if err := Write(&buf, c, res, nil, walkOf(rs), PartySheets(Parties{Matrices: []*survey.Matrix{mk, mr}, FollowUps: fus})); err != nil {
			t.Fatal(err)
		}
		f, _ := excelize.OpenReader(&buf)
		defer f.Close()
		for sheet, want := range map[string]map[string]string{
			"Partisvar kommun": {"H5": "45", "I5": "Ja", "A1": "Partiernas svar på kravlistan: Kommunfullmäktige"},
			"Partisvar region": {"H5": "45", "I5": "Nej", "A1": "Partiernas svar på kravlistan: =Regionfullmäktige"},
			SheetFollowUps:     {"B4": "Socialdemokraterna (S), Kommunfullmäktige", "B5": "Socialdemokraterna (S), =Regionfullmäktige"},
		} {
			for ref, w := range want {
				if got, _ := f.GetCellValue(sheet, ref); got != w {
					t.Errorf("%s!%s = %q, want %q", sheet, ref, got, w)
				}
			}
		}
	})
	t.Run("NoListNoSheets", func(t *testing.T) {
		var buf bytes.Buffer
		if err := Write(&buf, c, res, nil, walkOf(rs), PartySheets(Parties{})); err != nil {
			t.Fatal(err)
		}
		f, _ := excelize.OpenReader(&buf)
		defer f.Close()
		if idx, _ := f.GetSheetIndex(SheetParties); idx != -1 {
			t.Error("Partisvar without a list")
		}
	})
}
