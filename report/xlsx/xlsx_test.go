package xlsx

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"kravlistan/report"
	"kravlistan/survey"

	"github.com/xuri/excelize/v2"
)

const hyperlink = `=HYPERLINK("http://x","y")`

func testCampaign() *survey.Campaign {
	c := &survey.Campaign{Slug: "test", Title: "=Valet 2026", MaxPicks: 2, AnonymityThreshold: 3, AllowProposals: true,
		Demands: []survey.Demand{{Key: "a", Title: "Heltid", Area: "Jobb"}, {Key: "b", Title: "Visstid", Area: "Jobb"}, {Key: "c", Title: "Bussar", Area: "Resor"}},
		Questions: []survey.Question{{Key: "sektor", Label: "Var arbetar du?", Options: []survey.Option{
			{Key: "kommun", Label: "Kommun"}, {Key: "privat", Label: "Privat"}}}},
		Workplaces: []survey.Workplace{{Code: "verkstan", Name: "Verkstaden"}, {Code: "kontoret", Name: "Kontoret"}},
	}
	c.ApplyDefaults()
	return c
}

func testResponses() []survey.Response {
	var rs []survey.Response
	for i := range 5 {
		rs = append(rs, survey.Response{Workplace: "verkstan", Background: map[string]string{"sektor": "kommun"},
			Ranking: []string{"a", "b"}, Proposal: []string{"", "Fler bussar"}[i%2]})
	}
	rs = append(rs, survey.Response{Workplace: "kontoret", Background: map[string]string{"sektor": "privat"},
		Ranking: []string{"c"}, Proposal: hyperlink})
	return rs
}

func walkOf(rs []survey.Response) report.Walk {
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

func build(t *testing.T, c *survey.Campaign, rs []survey.Response) (*report.Results, *excelize.File) {
	t.Helper()
	tl := report.NewTally(c)
	_ = walkOf(rs)(tl.Add)
	res := tl.Results(time.Now())
	var buf bytes.Buffer
	if err := Write(&buf, c, res, nil, walkOf(rs)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return res, f
}

func TestWorkbook(t *testing.T) {
	c := testCampaign()
	res, f := build(t, c, testResponses())
	want := []string{SheetSummary, SheetRanking, "Per sektor", "Per arbetsplats", SheetPairwise, SheetProposals, SheetResponses}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}

	t.Run("RankingMatchesJSON", func(t *testing.T) {
		rows, _ := f.GetRows(SheetRanking)
		if len(rows) != 1+len(res.Demands) {
			t.Fatalf("%d rows", len(rows))
		}
		doc, _ := json.Marshal(res)
		var back report.Results
		_ = json.Unmarshal(doc, &back)
		for i, d := range back.Demands {
			r := rows[1+i]
			if r[0] != strconv.Itoa(d.Rank) || r[1] != d.Key || r[4] != strconv.Itoa(d.Picks) || r[9] != strconv.Itoa(d.Borda) {
				t.Errorf("row %v, JSON %+v", r, d)
			}
			share, _ := f.GetCellValue(SheetRanking, cell(6, 2+i), excelize.Options{RawCellValue: true})
			if v, _ := strconv.ParseFloat(share, 64); v != d.Share {
				t.Errorf("share %s, JSON %v", share, d.Share)
			}
		}
	})

	t.Run("Chart", func(t *testing.T) {
		charts := 0
		f.Pkg.Range(func(k, _ any) bool {
			if strings.HasPrefix(k.(string), "xl/charts/chart") {
				charts++
			}
			return true
		})
		if charts != 1 {
			t.Errorf("%d charts in the package, want 1", charts)
		}
	})

	t.Run("NoFormulas", func(t *testing.T) {
		for _, sheet := range f.GetSheetList() {
			rows, _ := f.GetRows(sheet)
			for i, r := range rows {
				for j, v := range r {
					if fm, _ := f.GetCellFormula(sheet, cell(j+1, i+1)); fm != "" {
						t.Errorf("%s %s is a formula %q", sheet, cell(j+1, i+1), fm)
					}
					if strings.HasPrefix(v, "=") {
						t.Errorf("%s %s starts with =: %q", sheet, cell(j+1, i+1), v)
					}
				}
			}
		}
		props, _ := f.GetRows(SheetProposals)
		found := false
		for _, r := range props {
			if len(r) > 1 && r[1] == "'"+hyperlink {
				found = true
			}
		}
		if !found {
			t.Errorf("the HYPERLINK proposal is not there as plain text: %v", props)
		}
		title, _ := f.GetCellValue(SheetSummary, "B3")
		if title != "'=Valet 2026" {
			t.Errorf("campaign title %q", title)
		}
	})

	t.Run("SvarHidesRareCombinations", func(t *testing.T) {
		rows, _ := f.GetRows(SheetResponses)
		if len(rows) != 7 {
			t.Fatalf("%d rows", len(rows))
		}
		if strings.Join(rows[0], "|") != "Nr|Arbetsplats|Var arbetar du?|Val 1|Val 2|Förslag" {
			t.Errorf("header %v", rows[0])
		}
		combos, hidden := map[string]int{}, 0
		for _, r := range rows[1:] {
			if r[1] == report.Hidden {
				hidden++
				continue
			}
			combos[r[1]+"|"+r[2]]++
		}
		for k, n := range combos {
			if n < c.AnonymityThreshold {
				t.Errorf("combination %s shown on %d rows, under the threshold %d", k, n, c.AnonymityThreshold)
			}
		}
		// The one rare row must not be the only hidden one (the breakdowns would pin it):
		// the five common rows are hidden with it.
		if hidden != 6 || len(combos) != 0 {
			t.Errorf("%d hidden rows, combinations %v: want all 6 hidden", hidden, combos)
		}
		panes, _ := f.GetPanes(SheetResponses)
		if !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("header not frozen: %+v", panes)
		}
	})

	t.Run("BreakdownSuppressed", func(t *testing.T) {
		rows, _ := f.GetRows("Per arbetsplats")
		text := ""
		for _, r := range rows {
			text += strings.Join(r, "|") + "\n"
		}
		if !strings.Contains(text, "Kontoret|färre än 3 svar") || !strings.Contains(text, "Övriga|") {
			t.Errorf("small workplace not suppressed:\n%s", text)
		}
	})
}

func TestSvarContinues(t *testing.T) {
	defer func(n int) { rowsPerSheet = n }(rowsPerSheet)
	rowsPerSheet = 4
	c := testCampaign()
	rs := append(testResponses(), testResponses()...) // 12 responses: 4 + 4 + 4
	_, f := build(t, c, rs)
	nr := 0
	for _, name := range []string{"Svar", "Svar 2", "Svar 3"} {
		rows, err := f.GetRows(name)
		if err != nil || len(rows) != 5 {
			t.Fatalf("%s: %d rows, %v", name, len(rows), err)
		}
		for _, r := range rows[1:] {
			nr++
			if r[0] != strconv.Itoa(nr) {
				t.Errorf("%s: row number %s, want %d", name, r[0], nr)
			}
		}
	}
	if slices.Contains(f.GetSheetList(), "Svar 4") {
		t.Error("an empty Svar 4")
	}
}

func TestNoResponses(t *testing.T) {
	_, f := build(t, testCampaign(), nil)
	rows, _ := f.GetRows(SheetResponses)
	if len(rows) != 1 {
		t.Errorf("Svar rows %v", rows)
	}
}
