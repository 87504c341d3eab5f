package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"kravlistan/survey"
)

func walkOf(rs []survey.Response) Walk {
	return func(fn func(*survey.Response) error) error {
		var r survey.Response
		for _, x := range rs {
			r = x
			if err := fn(&r); err != nil {
				return err
			}
		}
		return nil
	}
}

func sampleResponses() []survey.Response {
	var rs []survey.Response
	for range 5 {
		rs = append(rs, survey.Response{Workplace: "mellan", Background: map[string]string{"sektor": "privat"}, Ranking: []string{"b"}})
	}
	for range 6 {
		rs = append(rs, survey.Response{Workplace: "stor", Background: map[string]string{"sektor": "kommun"}, Ranking: []string{"a", "b"}})
	}
	// Shares workplace with the six but not the background answer: the combination is unique.
	rs = append(rs, survey.Response{Workplace: "stor", Background: map[string]string{"sektor": "privat"}, Ranking: []string{"c"},
		Proposal: `=HYPERLINK("http://x","y")`})
	rs = append(rs, survey.Response{Workplace: "liten", Ranking: []string{"b"}, Proposal: "-1+1"})
	return rs
}

func TestRowsHideRareCombinations(t *testing.T) {
	c := workplaceCampaign()
	rs := sampleResponses()
	var buf bytes.Buffer
	if err := WriteResponsesCSV(&buf, c, walkOf(rs), ','); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), bom))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], "|"); got != "Nr|Arbetsplats|Sektor|Val 1|Val 2|Förslag" {
		t.Errorf("header %s", got)
	}
	// Count shown combinations: every one must be shared by at least the threshold.
	seen, hidden := map[string]int{}, 0
	for _, rec := range recs[1:] {
		if rec[1] == Hidden {
			hidden++
			if rec[2] != Hidden {
				t.Errorf("row %s hides the workplace but not the background", rec[0])
			}
			continue
		}
		seen[rec[1]+"|"+rec[2]]++
	}
	for combo, n := range seen {
		if n < c.AnonymityThreshold {
			t.Errorf("combination %q shown on %d rows, fewer than %d", combo, n, c.AnonymityThreshold)
		}
	}
	if seen["Stora verkstaden|Kommun"] != 6 {
		t.Errorf("the common combination should be shown: %v", seen)
	}
	// Two rare rows alone would be pinned by the breakdowns: the smallest shown combination
	// (Mellanlagret, Privat: 5 rows) is hidden with them, so 7 rows are hidden.
	if hidden != 7 || seen["Mellanlagret|Privat"] != 0 {
		t.Errorf("%d hidden rows, shown %v: want the 5 of the smallest combination hidden with the 2 rare ones", hidden, seen)
	}
	last := recs[len(recs)-2]
	if last[1] != Hidden || last[3] != "C" || last[5] != `'=HYPERLINK("http://x","y")` {
		t.Errorf("rare row %v", last)
	}
	if recs[len(recs)-1][5] != "'-1+1" {
		t.Errorf("proposal not neutralized: %q", recs[len(recs)-1][5])
	}
}

func TestCSV(t *testing.T) {
	c := campaign(survey.MethodBorda, 2, "a", "b")
	c.Demands[1].Title = "@SUM(A1:A2)"
	res := tally(t, c, []string{"a", "b"}, []string{"a"}, []string{"b"})
	res.Channels = Channels{Web: 1, Paper: 2}
	var buf bytes.Buffer
	if err := WriteRankingCSV(&buf, res, ';'); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if !strings.HasPrefix(s, "\xEF\xBB\xBF") {
		t.Fatal("no UTF-8 BOM")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(s, bom)))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3+5+4 || len(recs[0]) != len(RankingHeader) {
		t.Fatalf("records %v", recs)
	}
	if recs[1][1] != "a" || recs[1][5] != "66,67" {
		t.Errorf("first row %v: want a with share 66,67 %% (decimal comma with ;)", recs[1])
	}
	if recs[4][0] != "Antal svar" || recs[4][1] != "3" || recs[5][1] != "Bordapoäng" || recs[6][1] != TieBreakRule {
		t.Errorf("the rows after the demands %v: want n, the method and the tie-break", recs[3:])
	}
	if got := fmt.Sprint(recs[8][:2], recs[9][:2], recs[10][:2], recs[11][:2]); got != "[Svar via webb 1] [Svar via API 0] [Svar på papper 2] [Svar per telefon 0]" {
		t.Errorf("answers per channel: %s", got)
	}
	for _, rec := range recs {
		if len(rec) != len(RankingHeader) {
			t.Errorf("row %v has %d fields", rec, len(rec))
		}
	}
	if recs[2][2] != "'@SUM(A1:A2)" {
		t.Errorf("title not neutralized: %q", recs[2][2])
	}
	buf.Reset()
	_ = WriteRankingCSV(&buf, res, ',')
	if !strings.Contains(buf.String(), ",66.67,") {
		t.Errorf("comma CSV: %s", buf.String())
	}
}

func TestNeutralize(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+46": "'+46", "-x": "'-x", "@a": "'@a", "\tx": "'\tx", "\rx": "'\rx",
		"vanlig text": "vanlig text", "": "", "a=b": "a=b",
	} {
		if got := Neutralize(in); got != want {
			t.Errorf("Neutralize(%q) = %q, want %q", in, got, want)
		}
	}
}
