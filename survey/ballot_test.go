package survey

import (
	"bytes"
	"maps"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func rateCampaignJSON(extra string) string {
	return `{"slug": "betyg", "title": "Betyg", "ballot": "rate",` + extra + `
  "demands": [
    {"key": "a", "title": "A"},
    {"key": "b", "title": "B"},
    {"key": "c", "title": "C", "hidden": true}
  ]}`
}

func TestDecodeRateCampaignDefaults(t *testing.T) {
	c := mustDecode(t, rateCampaignJSON(""))
	if !c.Rates() || c.Method != MethodMean {
		t.Errorf("ballot %q method %q, want rate and mean", c.Ballot, c.Method)
	}
	if c.Scale == nil || *c.Scale != (Scale{Min: 1, Max: 10, TopBox: 8}) {
		t.Errorf("scale = %+v, want 1–10 with top box 8", c.Scale)
	}
	rank := mustDecode(t, validCampaignJSON())
	if rank.Ballot != BallotRank || rank.Rates() || rank.Scale != nil {
		t.Errorf("a file without ballot must rank: %q %+v", rank.Ballot, rank.Scale)
	}
	var legacy Campaign // a campaign built in Go before ballots existed
	if legacy.Rates() {
		t.Error("an empty ballot kind must rank")
	}
}

func TestScaleDefaults(t *testing.T) {
	tests := []struct {
		scale        string
		min, max, tb int
	}{
		{`{"max": 5}`, 1, 5, 4},
		{`{"min": 0, "max": 10}`, 0, 10, 8},
		{`{"min": 1, "max": 7}`, 1, 7, 6},
		{`{"min": 1, "max": 2}`, 1, 2, 2},
		{`{"min": 1, "max": 10, "top_box": 9}`, 1, 10, 9},
		{`{}`, 1, 10, 8},
	}
	for _, tc := range tests {
		t.Run(tc.scale, func(t *testing.T) {
			c := mustDecode(t, rateCampaignJSON(`"scale": `+tc.scale+`,`))
			if s := c.Scale; s.Min != tc.min || s.Max != tc.max || s.TopBox != tc.tb {
				t.Errorf("got %d–%d top box %d, want %d–%d top box %d", s.Min, s.Max, s.TopBox, tc.min, tc.max, tc.tb)
			}
		})
	}
	if got := (Scale{Min: 1, Max: 10, TopBox: 8}).TopBoxLabel(); got != "8–10" {
		t.Errorf("TopBoxLabel = %q", got)
	}
	if got := (Scale{Min: 1, Max: 5, TopBox: 5}).TopBoxLabel(); got != "5" {
		t.Errorf("TopBoxLabel = %q", got)
	}
}

func TestDecodeRateCampaignErrors(t *testing.T) {
	tests := []struct {
		name, extra, field, text string
	}{
		{"ErrBadBallot", `"method": "borda", "ballot": "score",`, "ballot", "rank (rangordna) eller rate"},
		{"ErrRankMethod", `"method": "borda",`, "method", "mean (medelbetyg) eller top_box"},
		{"ErrScaleMinNegative", `"scale": {"min": -1, "max": 5},`, "scale.min", "mellan 0 och 100"},
		{"ErrScaleTooWide", `"scale": {"min": 0, "max": 20},`, "scale.max", "mellan 2 och 11 steg"},
		{"ErrScaleBackwards", `"scale": {"min": 5, "max": 1},`, "scale.max", "mellan 2 och 11 steg"},
		{"ErrScaleOnePoint", `"scale": {"min": 3, "max": 3},`, "scale.max", "steg"},
		{"ErrTopBoxAtMin", `"scale": {"min": 1, "max": 5, "top_box": 1},`, "scale.top_box", "mellan 2 och 5"},
		{"ErrTopBoxOverMax", `"scale": {"max": 5, "top_box": 6},`, "scale.top_box", "mellan 2 och 5"},
		{"ErrLabelTooLong", `"scale": {"low_label": "` + strings.Repeat("x", 61) + `"},`, "scale.low_label", "högst 60"},
		{"ErrScaleType", `"scale": {"max": "tio"},`, "scale.max", "heltal"},
		{"ErrScaleUnknownField", `"scale": {"max": 10, "step": 1},`, "scale.step", "okänt fält"},
		{"ErrScaleNotObject", `"scale": [1, 10],`, "scale", "objekt"},
		{"ErrRequireAllType", `"scale": {"require_all": "ja"},`, "scale.require_all", "true eller false"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeCampaign([]byte(rateCampaignJSON(tc.extra)))
			if ErrorCode(err) != EINVALID {
				t.Fatalf("got %v, want EINVALID", err)
			}
			for _, f := range FieldErrors(err) {
				if f.Field == tc.field && strings.Contains(f.Message("sv"), tc.text) {
					return
				}
			}
			t.Errorf("want %s: …%s…, got %v", tc.field, tc.text, err)
		})
	}
	// A rank campaign refuses the rating methods.
	_, err := DecodeCampaign([]byte(strings.Replace(validCampaignJSON(), `"slug"`, `"method": "mean", "slug"`, 1)))
	if fe := FieldErrors(err); len(fe) != 1 || fe[0].Field != "method" {
		t.Errorf("rank campaign with method mean: %v", err)
	}
}

func TestRateCampaignRoundTrip(t *testing.T) {
	docs := []string{
		rateCampaignJSON(`"scale": {"min": 1, "max": 5, "low_label": "Oviktigt", "high_label": "Viktigt", "require_all": true}, "method": "top_box",`),
		rateCampaignJSON(`"scale": {"min": 0, "max": 10},`),
	}
	camps := []*Campaign{DemoRating()}
	for _, d := range docs {
		camps = append(camps, mustDecode(t, d))
	}
	for _, c := range camps {
		t.Run(c.Slug, func(t *testing.T) {
			var first bytes.Buffer
			if err := EncodeCampaign(&first, c); err != nil {
				t.Fatal(err)
			}
			again := mustDecode(t, first.String())
			if *again.Scale != *c.Scale || again.Ballot != BallotRate || again.Method != c.Method {
				t.Errorf("scale %+v ballot %q method %q after import, want %+v", again.Scale, again.Ballot, again.Method, c.Scale)
			}
			var second bytes.Buffer
			if err := EncodeCampaign(&second, again); err != nil {
				t.Fatal(err)
			}
			if first.String() != second.String() {
				t.Errorf("export → import → export differs:\n%s\n---\n%s", first.String(), second.String())
			}
			if !strings.Contains(first.String(), `"ballot": "rate"`) || !strings.Contains(first.String(), `"top_box": `) {
				t.Errorf("export lacks the ballot kind or top box:\n%s", first.String())
			}
		})
	}
	// Clone copies the scale instead of sharing it.
	c := DemoRating()
	cp := c.Clone()
	cp.Scale.Max = 5
	if c.Scale.Max != 10 {
		t.Error("Clone shares the scale")
	}
}

func TestDemoRatingIsValid(t *testing.T) {
	c := DemoRating()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Slug != "demo-betyg" || len(c.Demands) != 21 || !c.Rates() || c.Scale.Min != 1 || c.Scale.Max != 10 {
		t.Errorf("demo-betyg: slug %q, %d demands, scale %+v", c.Slug, len(c.Demands), c.Scale)
	}
	if c.Scale.LowLabel == "" || c.Scale.HighLabel == "" {
		t.Error("demo-betyg should name the ends of its scale")
	}
}

func TestRatingValidate(t *testing.T) {
	id := uuid.MustParse("3f2b6c1e-8d4a-4e7b-9c2d-1a2b3c4d5e6f")
	c := mustDecode(t, rateCampaignJSON(`"scale": {"min": 1, "max": 5},`))
	all := mustDecode(t, rateCampaignJSON(`"scale": {"min": 1, "max": 5, "require_all": true},`))
	rank := testCampaign()
	tests := []struct {
		name  string
		c     *Campaign
		r     Response
		field string // "" = valid
		msg   string
	}{
		{"OK", c, Response{Ratings: map[string]int{"a": 1, "b": 5}}, "", ""},
		{"OKSkip", c, Response{Ratings: map[string]int{"b": 3}}, "", ""},
		{"OKAllRatedHiddenLeftOut", all, Response{Ratings: map[string]int{"a": 2, "b": 4}}, "", ""},
		{"ErrAboveScale", c, Response{Ratings: map[string]int{"a": 6}}, "ratings.a", "heltal från 1 till 5"},
		{"ErrBelowScale", c, Response{Ratings: map[string]int{"a": 0}}, "ratings.a", "heltal från 1 till 5"},
		{"ErrUnknownDemand", c, Response{Ratings: map[string]int{"x": 3}}, "ratings.x", `okänt krav "x"`},
		{"ErrHiddenDemand", c, Response{Ratings: map[string]int{"c": 3}}, "ratings.c", `okänt krav "c"`},
		{"ErrNoRatings", c, Response{}, "ratings", "minst ett krav"},
		{"ErrMissingWhereRequired", all, Response{Ratings: map[string]int{"a": 2}}, "ratings.b", "alla krav måste betygsättas"},
		{"ErrRankingOnRateCampaign", c, Response{Ranking: []string{"a"}, Ratings: map[string]int{"a": 2}}, "ranking", "skicka ratings"},
		{"ErrRatingsOnRankCampaign", rank, Response{Ranking: []string{"heltid"}, Ratings: map[string]int{"heltid": 2}}, "ratings", "skicka ranking"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r
			r.ID, r.Channel = id, ChannelAPI
			err := r.Validate(tc.c)
			if tc.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if ErrorCode(err) != EINVALID {
				t.Fatalf("got %v, want EINVALID", err)
			}
			for _, f := range FieldErrors(err) {
				if f.Field == tc.field && strings.Contains(f.Message("sv"), tc.msg) {
					return
				}
			}
			t.Errorf("want %s: …%s…, got %v", tc.field, tc.msg, err)
		})
	}
	t.Run("EveryMissingDemandNamed", func(t *testing.T) {
		r := Response{ID: id, Channel: ChannelAPI}
		got := map[string]bool{}
		for _, f := range FieldErrors(r.Validate(all)) {
			got[f.Field] = true
		}
		if !got["ratings.a"] || !got["ratings.b"] || got["ratings.c"] {
			t.Errorf("missing fields %v, want ratings.a and ratings.b (c is hidden)", got)
		}
	})
}

func TestDecodeSubmissionRatings(t *testing.T) {
	r, err := DecodeSubmission([]byte(`{"ratings":{"a":8,"b":1}}`), ChannelAPI)
	if err != nil {
		t.Fatal(err)
	}
	if r.Ratings["a"] != 8 || r.Ratings["b"] != 1 || len(r.Ratings) != 2 {
		t.Errorf("ratings = %v", r.Ratings)
	}
	empty, err := DecodeSubmission([]byte(`{"ratings":{}}`), ChannelAPI)
	if err != nil || empty.Ratings != nil {
		t.Errorf("empty ratings should normalise to nil: %v %v", empty.Ratings, err)
	}
	for _, tc := range []struct{ body, field string }{
		{`{"ratings":{"a":8.5}}`, "ratings.a"},
		{`{"ratings":{"a":"8"}}`, "ratings.a"},
		{`{"ratings":[8]}`, "ratings"},
	} {
		_, err := DecodeSubmission([]byte(tc.body), ChannelAPI)
		fe := FieldErrors(err)
		if len(fe) != 1 || fe[0].Field != tc.field {
			t.Errorf("%s: got %v, want an error on %s", tc.body, err, tc.field)
		}
	}
}

func TestSameContentRatings(t *testing.T) {
	a := &Response{Ratings: map[string]int{"a": 1, "b": 2}}
	if !a.SameContent(&Response{Ratings: map[string]int{"b": 2, "a": 1}}) {
		t.Error("equal ratings differ")
	}
	for _, o := range []map[string]int{{"a": 1, "b": 3}, {"a": 1}, {"a": 1, "c": 2}, nil} {
		if a.SameContent(&Response{Ratings: o}) {
			t.Errorf("%v counted as the same as %v", o, a.Ratings)
		}
	}
}

func TestParseRatingEntry(t *testing.T) {
	c := mustDecode(t, rateCampaignJSON(`"scale": {"min": 1, "max": 5},`)) // a, b, and c hidden
	tests := []struct {
		line  string
		want  map[string]int
		field string // "" = valid
		msg   string
	}{
		{"3 5", map[string]int{"a": 3, "b": 5}, "", ""},
		{" 3,5 ", map[string]int{"a": 3, "b": 5}, "", ""},
		{"1;\t2", map[string]int{"a": 1, "b": 2}, "", ""},
		{"- 4", map[string]int{"b": 4}, "", ""},
		{"x .", map[string]int{}, "", ""},
		{"3", nil, "ratings", "2 krav men 1 uppgifter"},
		{"3 4 5", nil, "ratings", "2 krav men 3 uppgifter"},
		{"6 4", nil, "ratings.a", "heltal från 1 till 5"},
		{"3 fyra", nil, "ratings.b", "heltal från 1 till 5"},
		{"0 2", nil, "ratings.a", "heltal från 1 till 5"},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			got, err := ParseRatingEntry(c, tc.line)
			if tc.field == "" {
				if err != nil || !maps.Equal(got, tc.want) {
					t.Errorf("got %v %v, want %v", got, err, tc.want)
				}
				return
			}
			for _, f := range FieldErrors(err) {
				if f.Field == tc.field && strings.Contains(f.Message("sv"), tc.msg) {
					return
				}
			}
			t.Errorf("want %s: …%s…, got %v", tc.field, tc.msg, err)
		})
	}
	if _, err := ParseRatingEntry(testCampaign(), "1 2"); len(FieldErrors(err)) != 1 {
		t.Errorf("a ranking campaign takes no rating entry: %v", err)
	}
}

func TestCheckEditBallot(t *testing.T) {
	rated := DemoRating()
	ranked := Demo()
	tests := []struct {
		name  string
		old   *Campaign
		edit  func(c *Campaign)
		has   bool
		field string // "" = allowed
	}{
		{"KindBeforeAnswers", ranked, func(c *Campaign) { c.Ballot, c.Method, c.Scale = BallotRate, MethodMean, &Scale{Min: 1, Max: 5} }, false, ""},
		{"ErrKindAfterAnswers", ranked, func(c *Campaign) { c.Ballot, c.Method, c.Scale = BallotRate, MethodMean, &Scale{Min: 1, Max: 5} }, true, "ballot"},
		{"ErrBackToRankAfterAnswers", rated, func(c *Campaign) { c.Ballot, c.Method = BallotRank, MethodBorda }, true, "ballot"},
		{"ErrScaleAfterAnswers", rated, func(c *Campaign) { c.Scale.Max = 5; c.Scale.TopBox = 4 }, true, "scale.max"},
		{"LabelsAfterAnswers", rated, func(c *Campaign) { c.Scale.LowLabel, c.Scale.TopBox, c.Scale.RequireAll = "Oviktigt", 9, true }, true, ""},
		{"FewDemandsWhileRating", rated, func(c *Campaign) { c.Demands = c.Demands[:3]; c.MaxPicks = 5 }, false, ""},
		{"AccessBeforeAnswers", ranked, func(c *Campaign) { c.Access = AccessCodes }, false, ""},
		{"ErrCodesAfterAnswers", ranked, func(c *Campaign) { c.Access = AccessCodes }, true, "access"},
		{"ErrOpenAfterAnswers", codesDemo(), func(c *Campaign) { c.Access = AccessOpen }, true, "access"},
		{"SameAccessAfterAnswers", codesDemo(), func(c *Campaign) { c.Title = "Nytt namn" }, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			old := tc.old.Clone()
			old.ApplyDefaults()
			nw := old.Clone()
			tc.edit(nw)
			nw.ApplyDefaults()
			_, err := CheckEdit(old, nw, tc.has)
			if tc.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if fe := FieldErrors(err); len(fe) != 1 || fe[0].Field != tc.field {
				t.Errorf("got %v, want an error on %s", err, tc.field)
			}
		})
	}
}

// codesDemo is the demo campaign answered with one-time codes.
func codesDemo() *Campaign {
	c := Demo()
	c.Access = AccessCodes
	return c
}
