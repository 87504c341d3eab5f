package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"kravlistan/survey"
)

func readCSV(t *testing.T, s string, sep rune) [][]string {
	t.Helper()
	if !strings.HasPrefix(s, bom) {
		t.Fatal("no UTF-8 BOM")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(s, bom)))
	r.Comma = sep
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestRatingCSV(t *testing.T) {
	c := rateCampaign(survey.MethodMean, 1, 5, "a", "b", "c")
	c.Demands[1].Title = "=1+1"
	res := rate(t, c, map[string]int{"a": 5, "b": 3}, map[string]int{"a": 4, "b": 4}, map[string]int{"b": 1})
	res.Channels = Channels{Web: 1, Paper: 2}
	var buf bytes.Buffer
	if err := WriteRankingCSV(&buf, res, ';'); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, buf.String(), ';')
	want := "Plats;Nyckel;Krav;Område;Antal betyg;Hoppade över;Medelbetyg;Medel lägre gräns (95 %);Medel övre gräns (95 %);" +
		"Median;Andel 4–5;Andel lägre gräns (95 %);Andel övre gräns (95 %);Betyg 1;Betyg 2;Betyg 3;Betyg 4;Betyg 5"
	if got := strings.Join(recs[0], ";"); got != want {
		t.Errorf("header\n got %s\nwant %s", got, want)
	}
	if len(recs) != 10 {
		t.Fatalf("%d records", len(recs))
	}
	// After the demands and an empty row: the answers and the answers per channel, as in
	// the ranking CSV.
	var tail []string
	for _, r := range recs[5:] {
		if len(r) != len(recs[0]) {
			t.Errorf("row %v has %d fields, the header %d", r, len(r), len(recs[0]))
		}
		tail = append(tail, r[0]+"="+r[1])
	}
	if got, want := strings.Join(tail, " "), "Antal svar=3 Svar via webb=1 Svar via API=0 Svar på papper=2 Svar per telefon=0"; got != want {
		t.Errorf("summary rows %q, want %q", got, want)
	}
	// a: 5 and 4: mean 4,5, median 4,5, top box 1, one skipped; c: nobody rated it.
	a := strings.Join(recs[1], ";")
	if !strings.HasPrefix(a, "1;a;A;Område;2;1;4,5;") || !strings.HasSuffix(a, ";4,5;1;0,3424;1;0;0;0;1;1") {
		t.Errorf("row a: %s", a)
	}
	if recs[2][2] != "'=1+1" || recs[2][6] != "2,667" {
		t.Errorf("row b (title neutralized, mean 8/3): %v", recs[2])
	}
	if got := strings.Join(recs[3], ";"); got != "3;c;C;Område;0;3;;;;;;;;0;0;0;0;0" {
		t.Errorf("row c: %s", got)
	}
}

func TestRatingRows(t *testing.T) {
	c := rateCampaign(survey.MethodMean, 1, 10, "a", "b")
	c.AnonymityThreshold = 1
	rs := []survey.Response{{Ratings: map[string]int{"b": 10}, Proposal: "+x"}, {Ratings: map[string]int{"a": 1, "b": 2}}}
	var buf bytes.Buffer
	if err := WriteResponsesCSV(&buf, c, walkOf(rs), ','); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, buf.String(), ',')
	got := []string{}
	for _, r := range recs {
		got = append(got, strings.Join(r, "|"))
	}
	want := []string{"Nr|Arbetsplats|A|B|Förslag", "1|||10|'+x", "2||1|2|"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
