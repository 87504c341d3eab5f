package survey

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// TestParseEntry reads typed ballots of the demo (16 demands, questions förbund with 14
// options, sektor with 5 and ålder with 4; 1–3 picks here) and checks the Swedish
// messages of every kind of mistake.
func TestParseEntry(t *testing.T) {
	c := testCampaign()
	ok := []struct {
		line    string
		ranking []string
		bg      map[string]string
	}{
		{"3 7 1", []string{"bemanning", "hot-och-vald", "heltid"}, nil},
		{" 3,7,1 ", []string{"bemanning", "hot-och-vald", "heltid"}, nil},
		{"3;  7\t1", []string{"bemanning", "hot-och-vald", "heltid"}, nil},
		{"16", []string{"valfardsrad"}, nil},
		{"2 / 8 1 3", []string{"visstid"}, map[string]string{"forbund": "kommunal", "sektor": "kommun", "alder": "45-59"}},
		{"2 / - 4", []string{"visstid"}, map[string]string{"sektor": "privat"}},
		{"2/0,x,.", []string{"visstid"}, nil},
		{"2 /", []string{"visstid"}, nil},
	}
	for _, tc := range ok {
		e, err := ParseEntry(c, tc.line, "")
		if err != nil {
			t.Errorf("%q: %v", tc.line, FieldErrors(err))
			continue
		}
		if !slices.Equal(e.Ranking, tc.ranking) || len(e.Background) != len(tc.bg) {
			t.Errorf("%q: ranking %v background %v, want %v %v", tc.line, e.Ranking, e.Background, tc.ranking, tc.bg)
		}
		for k, v := range tc.bg {
			if e.Background[k] != v {
				t.Errorf("%q: background %v, want %v", tc.line, e.Background, tc.bg)
			}
		}
		r := Response{ID: uuid.New(), Channel: ChannelPaper}
		e.Apply(&r)
		if err := r.Validate(c); err != nil {
			t.Errorf("%q: %v", tc.line, err)
		}
	}
	if a, b := mustParse(t, c, "3,7 1 / 1"), mustParse(t, c, "3 7 1/1 - -"); a.Canonical() != b.Canonical() {
		t.Errorf("the same ballot typed two ways: %q vs %q", a.Canonical(), b.Canonical())
	}
	if a, b := mustParse(t, c, "3 7 1"), mustParse(t, c, "7 3 1"); a.Canonical() == b.Canonical() {
		t.Error("two orders compare equal")
	}

	bad := []struct{ line, field, msg string }{
		{"3 sju 1", "ranking[1]", `"sju" är inget kravnummer: skriv kravens nummer, t.ex. 3 7 1`},
		{"3 17", "ranking[1]", "krav nummer 17 finns inte: kraven är numrerade 1–16"},
		{"0 3", "ranking[0]", "krav nummer 0 finns inte: kraven är numrerade 1–16"},
		{"3 7 3", "ranking[2]", "krav nummer 3 står mer än en gång"},
		{"1,,1", "ranking[1]", "krav nummer 1 står mer än en gång"},
		{"2 / 15", "background.forbund", `svar "15" finns inte: skriv ett nummer 1–14 eller - för inget svar`},
		{"2 / 1 1 1 1", "background", "4 bakgrundssvar men kampanjen har 3 bakgrundsfrågor"},
		{"2 / 1 / 2", "background", "skriv högst ett snedstreck"},
	}
	for _, tc := range bad {
		_, err := ParseEntry(c, tc.line, "")
		fes := FieldErrors(err)
		if len(fes) != 1 || fes[0].Field != tc.field || !strings.Contains(fes[0].Message("sv"), tc.msg) {
			t.Errorf("%q: %v, want %s: %s", tc.line, fes, tc.field, tc.msg)
		}
	}
	// The member form's rules and messages: picks.
	for line, msg := range map[string]string{"1 2 3 4": "välj högst 3 krav", "": "välj minst 1 krav", "/ 1": "välj minst 1 krav"} {
		e := mustParse(t, c, line)
		r := Response{ID: uuid.New(), Channel: ChannelPaper}
		e.Apply(&r)
		fes := FieldErrors(r.Validate(c))
		if len(fes) != 1 || fes[0].Field != "ranking" || fes[0].Message("sv") != msg {
			t.Errorf("%q: %v, want %s", line, fes, msg)
		}
	}
	// Codes.
	c.Access = AccessCodes
	if _, err := ParseEntry(c, "1", " "); len(FieldErrors(err)) != 1 || FieldErrors(err)[0].Field != "code" {
		t.Errorf("no code: %v", err)
	}
	if e, err := ParseEntry(c, "1", "k7px 3mqd"); err != nil || e.Code != "K7PX3MQD" {
		t.Errorf("code: %+v %v", e, err)
	}
}

func mustParse(t *testing.T, c *Campaign, line string) *Entry {
	t.Helper()
	e, err := ParseEntry(c, line, "")
	if err != nil {
		t.Fatalf("%q: %v", line, FieldErrors(err))
	}
	return e
}

func TestComparePaper(t *testing.T) {
	c := testCampaign()
	canon := func(l PaperLine) string {
		e, err := ParseEntry(c, l.Line, l.Code)
		if err != nil {
			return ""
		}
		return e.Canonical()
	}
	a := []PaperLine{{1, "3 7 1", ""}, {2, "2", ""}, {3, "5 / 1", ""}}
	b := []PaperLine{{1, "3,7,1", ""}, {2, "4", ""}}
	ps := ComparePaper(a, b, canon)
	if len(ps) != 3 || !ps[0].Match || ps[1].Match || ps[2].Match || ps[2].Lines[1] != nil {
		t.Errorf("%+v", ps)
	}
}

// TestParseEntryRating: a rating campaign's line is one rating or dash per demand, then
// the background answers.
func TestParseEntryRating(t *testing.T) {
	c := DemoRating()
	c.Questions = testCampaign().Questions
	line := "8" + strings.Repeat(" -", len(c.VisibleDemands())-2) + " 3 / 8 1"
	e, err := ParseEntry(c, line, "")
	if err != nil {
		t.Fatal(FieldErrors(err))
	}
	first, last := c.VisibleDemands()[0].Key, c.VisibleDemands()[len(c.VisibleDemands())-1].Key
	if len(e.Ratings) != 2 || e.Ratings[first] != 8 || e.Ratings[last] != 3 || e.Background["forbund"] != "kommunal" || e.Background["sektor"] != "kommun" {
		t.Errorf("%+v", e)
	}
	if _, err := ParseEntry(c, "8 / 1", ""); FieldErrors(err)[0].Field != "ratings" {
		t.Errorf("too few ratings: %v", err)
	}
}
