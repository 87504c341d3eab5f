package survey

import (
	"bytes"
	"strings"
	"testing"
)

const assembliesFile = `{
  "slug": "lo-sodertorn",
  "title": "Valet 2026",
  "demands": [
    {"key": "heltid", "area": "Arbete", "title": "Heltid som norm", "assemblies": ["huddinge"]},
    {"key": "visstid", "area": "Arbete", "title": "Avskaffa allmän visstid"}
  ],
  "assemblies": [
    {"key": "huddinge", "name": "Kommunfullmäktige i Huddinge", "level": "kommun", "seats": 61, "parties": [
      {"key": "S", "name": "Socialdemokraterna", "seats": 19},
      {"key": "V", "name": "Vänsterpartiet", "seats": 12},
      {"key": "HP", "name": "Huddingepartiet", "seats": 5, "colour": "#123456"}
    ]},
    {"key": "region", "name": "Regionfullmäktige i Stockholm", "level": "region", "seats": 149, "parties": []}
  ]
}`

// TestAssembliesFileRoundTrip: the assemblies of a campaign file come back as they were
// written (a party without a colour comes back without one).
func TestAssembliesFileRoundTrip(t *testing.T) {
	c := mustDecode(t, assembliesFile)
	if len(c.Assemblies) != 2 || c.Assemblies[0].Parties[2].Colour != "#123456" || c.Demands[0].Assemblies[0] != "huddinge" {
		t.Fatalf("%+v", c.Assemblies)
	}
	if p := c.Assemblies[0].Parties[0].Party(); p.Colour != "#E8112D" || p.Short != "S" {
		t.Errorf("S gets its usual colour: %+v", p)
	}
	if fp := FilePartyOf(c.Assemblies[0].Parties[0].Party()); fp != c.Assemblies[0].Parties[0] {
		t.Errorf("back to the file: %+v", fp)
	}
	var buf bytes.Buffer
	if err := EncodeCampaign(&buf, c); err != nil {
		t.Fatal(err)
	}
	c2 := mustDecode(t, buf.String())
	var buf2 bytes.Buffer
	_ = EncodeCampaign(&buf2, c2)
	if buf.String() != buf2.String() {
		t.Errorf("second round differs:\n%s\n%s", buf.String(), buf2.String())
	}
	if !strings.Contains(buf.String(), `"assemblies": [
        "huddinge"
      ]`) || strings.Count(buf.String(), `"colour"`) != 1 {
		t.Errorf("encoded file:\n%s", buf.String())
	}
}

// TestAssembliesFileErrors: every problem of the assemblies is named by its path.
func TestAssembliesFileErrors(t *testing.T) {
	for _, tc := range []struct{ from, to, field, code string }{
		{`"seats": 5, "colour"`, `"seats": 40, "colour"`, "assemblies[0].parties[2].seats", "seats_over_assembly"},
		{`{"key": "V", "name": "Vänsterpartiet", "seats": 12}`, `{"key": "s", "name": "Vänsterpartiet", "seats": 12}`, "assemblies[0].parties[1].key", "duplicate_key"},
		{`"seats": 12}`, `"seats": -1}`, "assemblies[0].parties[1].seats", "bad_range"},
		{`"level": "region"`, `"level": "landsting"`, "assemblies[1].level", "bad_level"},
		{`"key": "region"`, `"key": "huddinge"`, "assemblies[1].key", "duplicate_key"},
		{`"title": "Heltid som norm", "assemblies": ["huddinge"]`, `"title": "Heltid som norm", "assemblies": ["nacka"]`, "demands[0].assemblies[0]", "unknown_assembly"},
		{`"seats": 149`, `"seats": 0`, "assemblies[1].seats", "bad_range"},
		{`"name": "Regionfullmäktige i Stockholm", `, ``, "assemblies[1].name", "required"},
		{`"colour": "#123456"`, `"colour": "blå"`, "assemblies[0].parties[2].colour", "bad_colour"},
		{`"seats": 149`, `"seats": "149"`, "assemblies[1].seats", "bad_type"},
		{`"level": "region", `, `"level": "region", "mandat": 3, `, "assemblies[1].mandat", "unknown_field"},
	} {
		doc := strings.Replace(assembliesFile, tc.from, tc.to, 1)
		if doc == assembliesFile {
			t.Fatalf("%q not in the file", tc.from)
		}
		_, err := DecodeCampaign([]byte(doc))
		assertField(t, err, tc.field, tc.code)
	}
	_, err := DecodeCampaign([]byte(strings.Replace(assembliesFile, `"seats": 5, "colour"`, `"seats": 40, "colour"`, 1)))
	if msg := FieldErrors(err)[0].Message("sv"); !strings.Contains(msg, "71") || !strings.Contains(msg, "61") {
		t.Errorf("the message says what is wrong: %q", msg)
	}
}
