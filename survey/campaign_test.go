package survey

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func validCampaignJSON() string {
	return `{
  "slug": "valet-2026",
  "title": "Valet 2026",
  "demands": [
    {"key": "heltid", "area": "Arbete", "title": "Heltid som norm"},
    {"key": "visstid", "area": "Arbete", "title": "Avskaffa allmän visstid"},
    {"key": "buss", "area": "Resor", "title": "Bussar som passar skiften"}
  ],
  "questions": [{"key": "forbund", "label": "Förbund", "options": [{"key": "kommunal", "label": "Kommunal"}]}],
  "workplaces": [{"code": "sjukhuset", "name": "Sjukhuset"}]
}`
}

func TestDecodeCampaignDefaults(t *testing.T) {
	c, err := DecodeCampaign([]byte(validCampaignJSON()))
	if err != nil {
		t.Fatal(err)
	}
	if c.State != StateDraft || c.Method != MethodBorda || c.MinPicks != 1 || c.AnonymityThreshold != 5 {
		t.Errorf("defaults not applied: %+v", c)
	}
	// Only three demands: max_picks defaults to the number of demands.
	if c.MaxPicks != 3 {
		t.Errorf("max_picks = %d, want 3", c.MaxPicks)
	}
}

func TestCampaignRoundTrip(t *testing.T) {
	for _, c := range []*Campaign{Demo(), mustDecode(t, validCampaignJSON()), mustDecode(t, `{"slug":"t","title":"T",
		"opens_at":"2026-03-01T08:00:00+01:00","closes_at":"2026-04-30T23:59:00+02:00",
		"demands":[{"key":"a","title":"A","body":"<b>&amp;</b>"}],"max_picks":1}`)} {
		t.Run(c.Slug, func(t *testing.T) {
			c.ApplyDefaults()
			var first bytes.Buffer
			if err := EncodeCampaign(&first, c); err != nil {
				t.Fatal(err)
			}
			again := mustDecode(t, first.String())
			var second bytes.Buffer
			if err := EncodeCampaign(&second, again); err != nil {
				t.Fatal(err)
			}
			if first.String() != second.String() {
				t.Errorf("export → import → export differs:\n%s\n---\n%s", first.String(), second.String())
			}
		})
	}
}

func mustDecode(t *testing.T, s string) *Campaign {
	t.Helper()
	c, err := DecodeCampaign([]byte(s))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return c
}

func TestDecodeCampaignErrors(t *testing.T) {
	base := validCampaignJSON()
	tests := []struct {
		name  string
		doc   string
		field string
		text  string
	}{
		{"ErrSlugRequired", strings.Replace(base, `"slug": "valet-2026"`, `"slug": ""`, 1), "slug", "måste fyllas i"},
		{"ErrSlugInvalid", strings.Replace(base, `"valet-2026"`, `"Valet 2026"`, 1), "slug", "små bokstäver"},
		{"ErrTitleRequired", strings.Replace(base, `"title": "Valet 2026"`, `"title": " "`, 1), "title", "måste fyllas i"},
		{"ErrDemandTitleEmpty", strings.Replace(base, `"title": "Bussar som passar skiften"`, `"title": ""`, 1), "demands[2].title", "tom titel"},
		{"ErrDuplicateDemandKey", strings.Replace(base, `"key": "visstid"`, `"key": "heltid"`, 1), "demands[1].key", "mer än en gång"},
		{"ErrBadDemandKey", strings.Replace(base, `"key": "buss"`, `"key": "buss linje"`, 1), "demands[2].key", "bokstäver"},
		{"ErrBadState", strings.Replace(base, `"slug"`, `"state": "live", "slug"`, 1), "state", "draft, intake, open eller closed"},
		{"ErrBadMethod", strings.Replace(base, `"slug"`, `"method": "plurality", "slug"`, 1), "method", "borda"},
		{"ErrMinOverMax", strings.Replace(base, `"slug"`, `"min_picks": 3, "max_picks": 2, "slug"`, 1), "min_picks", "större än"},
		{"ErrMaxOverDemands", strings.Replace(base, `"slug"`, `"max_picks": 4, "slug"`, 1), "max_picks", "antalet krav"},
		{"ErrBadThreshold", strings.Replace(base, `"slug"`, `"anonymity_threshold": -1, "slug"`, 1), "anonymity_threshold", "mellan"},
		{"ErrBadTime", strings.Replace(base, `"slug"`, `"opens_at": "1 mars", "slug"`, 1), "opens_at", "RFC 3339"},
		{"ErrClosesBeforeOpens", strings.Replace(base, `"slug"`, `"opens_at": "2026-03-01T00:00:00Z", "closes_at": "2026-02-01T00:00:00Z", "slug"`, 1), "closes_at", "efter"},
		{"ErrNoOptions", strings.Replace(base, `[{"key": "kommunal", "label": "Kommunal"}]`, `[]`, 1), "questions[0].options", "minst ett"},
		{"ErrOptionLabel", strings.Replace(base, `"label": "Kommunal"`, `"label": ""`, 1), "questions[0].options[0].label", "måste fyllas i"},
		{"ErrWorkplaceCode", strings.Replace(base, `"code": "sjukhuset"`, `"code": ""`, 1), "workplaces[0].code", "måste fyllas i"},
		{"ErrWrongType", strings.Replace(base, `"slug"`, `"max_picks": "fem", "slug"`, 1), "max_picks", "heltal"},
		{"ErrMembersNegative", strings.Replace(base, `"name": "Sjukhuset"`, `"name": "Sjukhuset", "members": -4`, 1), "workplaces[0].members", "heltal från 0 till 1000000"},
		{"ErrMembersText", strings.Replace(base, `"name": "Sjukhuset"`, `"name": "Sjukhuset", "members": "120"`, 1), "workplaces[0].members", "heltal"},
		{"ErrMembersFraction", strings.Replace(base, `"name": "Sjukhuset"`, `"name": "Sjukhuset", "members": 12.5`, 1), "workplaces[0].members", "heltal"},
		{"ErrWrongTypeNested", strings.Replace(base, `"title": "Heltid som norm"`, `"title": 7`, 1), "demands[0].title", "text"},
		{"ErrUnknownField", strings.Replace(base, `"slug"`, `"colour": "red", "slug"`, 1), "colour", "okänt fält"},
		{"ErrIntakeIntroType", strings.Replace(base, `"slug"`, `"intake_intro": 5, "slug"`, 1), "intake_intro", "text"},
		{"ErrTranslationType", strings.Replace(base, `"slug"`, `"translations": {"en": {"title": 5}}, "slug"`, 1), "translations.en.title", "text"},
		{"ErrTranslationUnknown", strings.Replace(base, `"slug"`, `"translations": {"en": {"titel": "x"}}, "slug"`, 1), "translations.en.titel", "okänt fält"},
		{"ErrNoDemands", `{"slug":"a","title":"A","demands":[]}`, "demands", "minst ett krav"},
		{"ErrSyntax", `{"slug": "a",`, "", "ogiltig JSON"},
		{"ErrSyntaxLine", "{\n\"slug\": \"a\"\n\"title\": 1}", "", "rad 3"},
		{"ErrTrailing", `{"slug":"a"} {}`, "", "mer än ett"},
		{"ErrNotObject", `[1,2]`, "", "objekt"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := DecodeCampaign([]byte(tc.doc))
			if err == nil {
				t.Fatalf("no error, got %+v", c)
			}
			if c != nil {
				t.Error("a campaign was returned along with the error")
			}
			if ErrorCode(err) != EINVALID {
				t.Errorf("code = %s", ErrorCode(err))
			}
			var found bool
			for _, f := range FieldErrors(err) {
				if f.Field == tc.field && strings.Contains(f.Message("sv"), tc.text) {
					found = true
				}
			}
			if !found {
				t.Errorf("want %s: …%s…, got %v", tc.field, tc.text, err)
			}
		})
	}
}

func TestDecodeCampaignReportsEveryProblem(t *testing.T) {
	doc := `{"slug":"Bad Slug","title":"","demands":[{"key":"a","title":""},{"key":"a","title":"B"}]}`
	_, err := DecodeCampaign([]byte(doc))
	got := map[string]bool{}
	for _, f := range FieldErrors(err) {
		got[f.Field] = true
	}
	for _, want := range []string{"slug", "title", "demands[0].title", "demands[1].key"} {
		if !got[want] {
			t.Errorf("missing error for %s in %v", want, err)
		}
	}
}

func TestDemoIsValid(t *testing.T) {
	c := Demo()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if n := len(c.Demands); n < 12 || n > 20 {
		t.Errorf("demo has %d demands, want 12–20", n)
	}
	if n := len(c.Workplaces); n < 3 || n > 5 {
		t.Errorf("demo has %d workplaces, want 3–5", n)
	}
	if len(c.Areas()) < 3 {
		t.Error("demo demands should be grouped in several areas")
	}
}

func TestMessagesComplete(t *testing.T) {
	for key, sv := range messages["sv"] {
		for _, lang := range Languages {
			m, ok := messages[lang][key]
			if !ok {
				t.Errorf("%s: missing %q", lang, key)
				continue
			}
			if strings.Count(m, "%") != strings.Count(sv, "%") {
				t.Errorf("%s %q: verbs differ from Swedish: %q vs %q", lang, key, m, sv)
			}
		}
	}
	for _, lang := range Languages {
		if len(messages[lang]) != len(messages["sv"]) {
			t.Errorf("%s has %d messages, sv has %d", lang, len(messages[lang]), len(messages["sv"]))
		}
	}
	if got := Message("en", "too_many_picks", 5); got != "choose at most 5 demands" {
		t.Errorf("Message = %q", got)
	}
	if got := fmt.Sprint(Message("xx", "required")); got != "måste fyllas i" {
		t.Errorf("fallback = %q", got)
	}
}

// A file with translations and a mistake elsewhere names only the mistake: translations
// and the intake intro are known fields.
func TestDecodeCampaignKnowsTranslations(t *testing.T) {
	doc := strings.Replace(validCampaignJSON(), `"slug"`, `"intake_intro": "Föreslå krav!", "translations": {"en": {"title": "Election", "intake_intro": "Propose!", `+
		`"demands": {"heltid": {"title": "Full time"}}, "questions": {"forbund": {"label": "Union", "options": {"kommunal": "Kommunal"}}}}}, "max_picks": "fem", "slug"`, 1)
	_, err := DecodeCampaign([]byte(doc))
	fes := FieldErrors(err)
	if len(fes) != 1 || fes[0].Field != "max_picks" {
		t.Fatalf("errors %v, want only max_picks", err)
	}
	c, err := DecodeCampaign([]byte(strings.Replace(doc, `"max_picks": "fem", `, "", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if c.IntakeIntroIn("en").Text != "Propose!" || c.IntakeIntroIn("sv").Text != "Föreslå krav!" || c.IntakeIntroIn("fi").Lang != "sv" {
		t.Errorf("intake intro %q / %q", c.IntakeIntroIn("en"), c.IntakeIntroIn("sv"))
	}
}
