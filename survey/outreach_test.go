package survey

import (
	"encoding/json"
	"strings"
	"testing"
)

// "members" on a workplace survives the campaign file both ways and is left out when
// not known.
func TestWorkplaceMembersRoundTrip(t *testing.T) {
	doc := `{"slug":"a","title":"A","demands":[{"key":"x","title":"X"}],
		"workplaces":[{"code":"sjukhuset","name":"Sjukhuset","members":120},{"code":"depan","name":"Depån"}]}`
	c, err := DecodeCampaign([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if c.Workplaces[0].Members != 120 || c.Workplaces[1].Members != 0 {
		t.Fatalf("members %+v", c.Workplaces)
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `{"code":"sjukhuset","name":"Sjukhuset","members":120}`) || !strings.Contains(string(b), `{"code":"depan","name":"Depån"}`) {
		t.Errorf("encoded: %s", b)
	}
	c2, err := DecodeCampaign(b)
	if err != nil || c2.Workplaces[0].Members != 120 {
		t.Errorf("again: %+v %v", c2, err)
	}
}

func TestVisitValidate(t *testing.T) {
	c := &Campaign{Workplaces: []Workplace{{Code: "sjukhuset", Name: "Sjukhuset"}}}
	ok := Visit{Workplace: "sjukhuset", Day: "2026-03-02", Kind: VisitMeeting, Note: "APT med 30 personer", Who: "Anna"}
	if err := ok.Validate(c); err != nil {
		t.Fatalf("valid visit: %v", err)
	}
	for name, tc := range map[string]struct {
		mod   func(v *Visit)
		field string
		text  string
	}{
		"ErrUnknownWorkplace": {func(v *Visit) { v.Workplace = "depan" }, "workplace", "okänd arbetsplats"},
		"ErrNoWorkplace":      {func(v *Visit) { v.Workplace = "" }, "workplace", "måste fyllas i"},
		"ErrBadDay":           {func(v *Visit) { v.Day = "2 mars" }, "day", "datum"},
		"ErrNoDay":            {func(v *Visit) { v.Day = "" }, "day", "måste fyllas i"},
		"ErrBadKind":          {func(v *Visit) { v.Kind = "fika" }, "kind", "välj vad ni gjorde"},
		"ErrNoteTooLong":      {func(v *Visit) { v.Note = strings.Repeat("a", MaxVisitNote+1) }, "note", "högst"},
		"ErrWhoControl":       {func(v *Visit) { v.Who = "Anna\x00" }, "who", ""},
	} {
		t.Run(name, func(t *testing.T) {
			v := ok
			tc.mod(&v)
			var found bool
			for _, f := range FieldErrors(v.Validate(c)) {
				if f.Field == tc.field && strings.Contains(f.Message("sv"), tc.text) {
					found = true
				}
			}
			if !found {
				t.Errorf("want %s: …%s…, got %v", tc.field, tc.text, v.Validate(c))
			}
		})
	}
}
