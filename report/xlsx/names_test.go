package xlsx

import (
	"slices"
	"testing"
	"unicode/utf8"

	"kravlistan/report"
	"kravlistan/survey"
)

func TestBreakdownSheetNames(t *testing.T) {
	long := "Hur många år har du arbetat inom yrket"
	c := &survey.Campaign{Questions: []survey.Question{
		{Key: "forbund", Label: "Vilket förbund är du medlem i?"},
		{Key: "alder", Label: "Hur gammal är du?"},
		{Key: "sektor", Label: "Var arbetar du?"},
		{Key: "yrke", Label: "Vilken yrkesgrupp tillhör du?"},
		{Key: "q1", Label: long + " totalt?"},
		{Key: "q2", Label: long + " på den här arbetsplatsen?"},
		{Key: "q3", Label: long + " sammanlagt i Sverige?"},
		{Key: "roll", Label: "Roll/titel [valfritt]?"},
		{Key: "q4", Label: "'Sammanfattning'"},
		{Key: "q5", Label: "SVAR"},
	}}
	res := &report.Results{}
	for _, q := range c.Questions {
		res.Breakdowns = append(res.Breakdowns, report.Breakdown{By: q.Key})
	}
	res.Breakdowns = append(res.Breakdowns, report.Breakdown{By: report.ByWorkplace})
	got := BreakdownSheets(c, res)
	want := []string{"Per förbund", "Per ålder", "Per sektor", "Per yrkesgrupp",
		"Hur många år har du arbetat ino", "Hur många år har du arbetat (2)", "Hur många år har du arbetat (3)",
		"Per roll", "Sammanfattning (2)", "SVAR (2)", "Per arbetsplats"}
	if !slices.Equal(got, want) {
		t.Errorf("names\n%q\nwant\n%q", got, want)
	}
	seen := map[string]bool{}
	for _, n := range got {
		if utf8.RuneCountInString(n) > maxSheetName {
			t.Errorf("%q is longer than %d characters", n, maxSheetName)
		}
		if seen[n] {
			t.Errorf("%q twice", n)
		}
		seen[n] = true
	}
}

// TestSheetNamesInWorkbook writes a workbook whose sheet names need å/ä/ö and
// truncation, and reads the names back.
func TestSheetNamesInWorkbook(t *testing.T) {
	c := testCampaign()
	c.Questions = []survey.Question{
		{Key: "alder", Label: "Hur gammal är du?", Options: []survey.Option{{Key: "ung", Label: "Under 30"}}},
		{Key: "a", Label: "Hur länge har du varit medlem i facket totalt?", Options: []survey.Option{{Key: "x", Label: "Länge"}}},
		{Key: "b", Label: "Hur länge har du varit medlem i facket på den här orten?", Options: []survey.Option{{Key: "x", Label: "Länge"}}},
	}
	_, f := build(t, c, testResponses())
	got := f.GetSheetList()
	for _, want := range []string{"Per ålder", "Hur länge har du varit medlem i", "Hur länge har du varit medl (2)", "Per arbetsplats"} {
		if !slices.Contains(got, want) {
			t.Errorf("no sheet %q in %q", want, got)
		}
	}
}
