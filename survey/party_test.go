package survey

import (
	"strings"
	"testing"
)

func TestAssemblyMajority(t *testing.T) {
	for _, tc := range []struct{ seats, want int }{{349, 175}, {61, 31}, {100, 51}, {1, 1}, {2, 2}} {
		if got := (Assembly{Level: LevelRiksdag, Seats: tc.seats}).Majority(); got != tc.want {
			t.Errorf("Majority(%d) = %d, want %d", tc.seats, got, tc.want)
		}
	}
}

func TestValidateParties(t *testing.T) {
	a := DefaultAssembly()
	if err := ValidateParties(DefaultParties(), a); err != nil {
		t.Fatalf("default parties: %v", err)
	}
	for _, tc := range []struct {
		name  string
		mod   func([]Party)
		field string
		code  string
	}{
		{"ErrShortRequired", func(p []Party) { p[0].Short = " " }, "parties[0].short", "required"},
		{"ErrDuplicateShort", func(p []Party) { p[1].Short = "s" }, "parties[1].short", "duplicate_key"},
		{"ErrBadColour", func(p []Party) { p[2].Colour = "red" }, "parties[2].colour", "bad_colour"},
		{"ErrSeatsNegative", func(p []Party) { p[3].Seats = -1 }, "parties[3].seats", "bad_range"},
		{"ErrSeatsOverTotal", func(p []Party) { p[0].Seats = 300 }, "parties", "seats_over_total"},
		{"ErrNameTooLong", func(p []Party) { p[4].Name = strings.Repeat("x", 101) }, "parties[4].name", "too_long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps := DefaultParties()
			tc.mod(ps)
			assertField(t, ValidateParties(ps, a), tc.field, tc.code)
		})
	}
	assertField(t, (Assembly{Key: "k", Name: "K", Level: "stad", Seats: 1}).Validate(), "assembly.level", "bad_level")
}

func assertField(t *testing.T, err error, field, code string) {
	t.Helper()
	for _, f := range FieldErrors(err) {
		if f.Field == field && f.Code == code {
			for _, l := range Languages {
				if f.Message(l) == code {
					t.Errorf("no %s message for %s", l, code)
				}
			}
			return
		}
	}
	t.Errorf("want %s %s, got %v", field, code, err)
}

func TestValidateAnswers(t *testing.T) {
	items := []ListItem{{ID: 1, DemandKey: "a", Title: "A"}, {ID: 2, DemandKey: "b", Title: "B"}}
	draft := []Answer{{ItemID: 1, Value: AnswerYes}}
	if err := ValidateAnswers(items, draft, false); err != nil {
		t.Errorf("draft: %v", err)
	}
	assertField(t, ValidateAnswers(items, draft, true), "answers[2].answer", "answer_required")
	assertField(t, ValidateAnswers(items, []Answer{{ItemID: 1, Value: "kanske"}}, false), "answers[1].answer", "bad_answer")
	assertField(t, ValidateAnswers(items, []Answer{{ItemID: 9, Value: AnswerYes}}, false), "answers[9]", "unknown_item")
	long := []Answer{{ItemID: 1, Value: AnswerNo, Comment: strings.Repeat("å", MaxCommentLength+1)}}
	assertField(t, ValidateAnswers(items, long, false), "answers[1].comment", "comment_too_long")
	ok := []Answer{{ItemID: 1, Value: AnswerNo, Comment: strings.Repeat("å", MaxCommentLength)}, {ItemID: 2, Value: AnswerPartly}}
	if err := ValidateAnswers(items, ok, true); err != nil {
		t.Errorf("1000 characters: %v", err)
	}
}

func TestValidateList(t *testing.T) {
	c := Demo()
	items := []ListItem{{DemandKey: c.Demands[0].Key, Title: "Heltid"}, {DemandKey: c.Demands[0].Key, Title: "Igen"}, {DemandKey: "nej", Title: "X"}, {DemandKey: c.Demands[1].Key}}
	err := ValidateList(items, c)
	assertField(t, err, "items[1].demand", "duplicate_key")
	assertField(t, err, "items[2].demand", "unknown_demand")
	assertField(t, err, "items[3].title", "required")
}

func TestBuildMatrixMajority(t *testing.T) {
	// A council of 61 seats: majority is 31.
	a := Assembly{Key: "huddinge", Name: "Kommunfullmäktige i Huddinge", Level: LevelKommun, Seats: 61}
	ps := []Party{{ID: 1, Short: "S", Seats: 20}, {ID: 2, Short: "V", Seats: 6}, {ID: 3, Short: "M", Seats: 15},
		{ID: 4, Short: "C", Seats: 5}, {ID: 5, Short: "SD", Seats: 10, Refused: true}, {ID: 6, Short: "MP", Seats: 5}}
	items := []ListItem{{ID: 10, Title: "Heltid"}, {ID: 11, Title: "Visstid"}}
	in := MatrixInput{Assembly: a, Parties: ps, Items: items,
		Submitted: map[int64]bool{1: true, 2: true, 3: true, 4: true, 5: true},
		Answers: map[int64]map[int64]Answer{
			1: {10: {Value: AnswerYes}, 11: {Value: AnswerYes}},
			2: {10: {Value: AnswerYes}, 11: {Value: AnswerYes}},
			3: {10: {Value: AnswerNo}, 11: {Value: AnswerYes, Comment: "men inte nu"}},
			4: {10: {Value: AnswerPartly}, 11: {Value: AnswerNo}},
			5: {10: {Value: AnswerYes}},
			6: {10: {Value: AnswerYes}}, // a draft: MP has not submitted
		},
		// The district reads M's "Ja, men inte nu" as unclear, and C's "Delvis" on heltid as agreeing.
		Assessments: map[int64]map[int64]Assessment{3: {11: AssessUnclear}, 4: {10: AssessAgree}},
	}
	m := BuildMatrix(in)
	// Heltid: S 20 + V 6 + C 5 = 31 → majority exactly.
	if got := m.Majority[0]; got.Seats != 31 || !got.Has || got.Needed != 31 || strings.Join(got.Agree, ",") != "S,V,C" {
		t.Errorf("heltid: %+v", got)
	}
	// Visstid: S 20 + V 6 = 26 (M unclear) → no majority.
	if got := m.Majority[1]; got.Seats != 26 || got.Has {
		t.Errorf("visstid: %+v", got)
	}
	if c := m.Cells[0][4]; c.Assessment != AssessRefused || c.Answer != AnswerNone {
		t.Errorf("refused party: %+v", c)
	}
	if c := m.Cells[0][5]; c.Assessment != AssessNoAnswer || c.Answer != AnswerNone {
		t.Errorf("draft shown: %+v", c)
	}
	if c := m.Cells[1][2]; c.Assessment != AssessUnclear || !c.Assessed || c.Comment != "men inte nu" {
		t.Errorf("assessed cell: %+v", c)
	}
}

func TestFollowUpValidate(t *testing.T) {
	ok := FollowUp{PartyID: 1, ItemID: 2, Status: FollowUnderway, Day: "2027-03-01", Note: "Utredning tillsatt"}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := FollowUp{Status: "kanske", Day: "1 mars"}
	err := bad.Validate()
	assertField(t, err, "status", "bad_followup")
	assertField(t, err, "day", "bad_day")
	assertField(t, err, "party", "required")
}
