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
			Ranking: []string{"a", "b"}, Proposal: []string{"", "Fler bussar"}[i%2], Day: "2026-03-0" + strconv.Itoa(3+i%3),
			Channel: survey.ChannelWeb})
	}
	rs = append(rs, survey.Response{Workplace: "kontoret", Background: map[string]string{"sektor": "privat"},
		Ranking: []string{"c"}, Proposal: hyperlink, Day: "2026-03-04", Channel: survey.ChannelPaper})
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
	res := tl.Results(time.Date(2026, 3, 5, 12, 30, 0, 0, time.UTC))
	var buf bytes.Buffer
	if err := WriteWith(&buf, c, res, nil, walkOf(rs), Options{PublicURL: "https://krav.example.org/"}); err != nil {
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
	want := []string{SheetSummary, SheetRanking, "Per sektor", "Per arbetsplats", "Per kanal", SheetBackground, SheetPairwise, SheetProposals, SheetResponses}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	doc, _ := json.Marshal(res)
	var back report.Results
	_ = json.Unmarshal(doc, &back)

	t.Run("RankingMatchesJSON", func(t *testing.T) {
		rows, _ := f.GetRows(SheetRanking)
		if len(rows) < 4+len(res.Demands) {
			t.Fatalf("%d rows", len(rows))
		}
		head := rows[3]
		col := func(name string) int {
			i := slices.Index(head, name)
			if i < 0 {
				t.Fatalf("no column %q in %v", name, head)
			}
			return i
		}
		for i, d := range back.Demands {
			r := rows[4+i]
			if r[col("Plats")] != strconv.Itoa(d.Rank) || r[col("Krav")] != d.Title || r[col("Nyckel")] != d.Key ||
				r[col("Antal val")] != strconv.Itoa(d.Picks) || r[col("Bordapoäng")] != strconv.Itoa(d.Borda) {
				t.Errorf("row %v, JSON %+v", r, d)
			}
			if r[col("På plats 1 (förstahandsval)")] != strconv.Itoa(d.FirstChoices) {
				t.Errorf("%s: place 1 %s, first choices %d", d.Key, r[col("På plats 1 (förstahandsval)")], d.FirstChoices)
			}
			if got := raw(t, f, SheetRanking, col("Andel")+1, 5+i); got != d.Share {
				t.Errorf("share %v, JSON %v", got, d.Share)
			}
			if got := raw(t, f, SheetRanking, col("Lägre gräns (95 %)")+1, 5+i); got != d.ShareCI[0] {
				t.Errorf("interval %v, JSON %v", got, d.ShareCI)
			}
		}
	})

	t.Run("CrosstabsMatchJSON", func(t *testing.T) {
		names := BreakdownSheets(c, res)
		for bi, b := range back.Breakdowns {
			sheet := names[bi]
			rows, _ := f.GetRows(sheet)
			head := rows[crossHead-1]
			if head[2] != "Alla" {
				t.Fatalf("%s: header %v", sheet, head)
			}
			shown := 0
			for _, g := range b.Groups {
				i := slices.Index(head, g.Label)
				if g.Suppressed || g.Responses == nil || *g.Responses == 0 {
					if i >= 0 {
						t.Errorf("%s: group %s (suppressed %v) has a column", sheet, g.Label, g.Suppressed)
					}
					continue
				}
				shown++
				if i < 0 {
					t.Fatalf("%s: no column for %s in %v", sheet, g.Label, head)
				}
				if n := raw(t, f, sheet, i+1, crossBase); n != float64(*g.Responses) {
					t.Errorf("%s %s: base %v, JSON %d", sheet, g.Label, n, *g.Responses)
				}
				for _, gd := range g.Demands {
					r := 1 + slices.IndexFunc(back.Demands, func(d report.DemandResult) bool { return d.Key == gd.Key })
					row := crossBase + r
					if got := raw(t, f, sheet, i+1, row); got != gd.Share {
						t.Errorf("%s %s %s: %v, JSON %v", sheet, g.Label, gd.Key, got, gd.Share)
					}
				}
			}
			if len(head) != 3+shown {
				t.Errorf("%s: %d columns for %d shown groups: %v", sheet, len(head), shown, head)
			}
		}
	})

	t.Run("PrintSetup", func(t *testing.T) {
		names, _ := f.GetDefinedName(), 0
		titles := map[string]bool{}
		for _, d := range names {
			if d.Name == "_xlnm.Print_Titles" {
				titles[d.Scope] = true
			}
		}
		for _, sheet := range f.GetSheetList() {
			pl, err := f.GetPageLayout(sheet)
			if err != nil || pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil {
				t.Errorf("%s: page layout %+v, %v", sheet, pl, err)
			}
			props, _ := f.GetSheetProps(sheet)
			if props.FitToPage == nil || !*props.FitToPage {
				t.Errorf("%s: not fitted to the page", sheet)
			}
			if sheet != SheetSummary && sheet != SheetBackground && !titles[sheet] {
				t.Errorf("%s: no repeated header rows", sheet)
			}
			hf, _ := f.GetHeaderFooter(sheet)
			if hf == nil || !strings.Contains(hf.OddFooter, "&P") {
				t.Errorf("%s: no page numbers: %+v", sheet, hf)
			}
		}
	})

	t.Run("Chart", func(t *testing.T) {
		charts := 0
		f.Pkg.Range(func(k, v any) bool {
			if strings.HasPrefix(k.(string), "xl/charts/chart") {
				charts++
				xml := string(v.([]byte))
				if !strings.Contains(xml, `formatCode="0%"`) || !strings.Contains(xml, colourBar) {
					t.Errorf("the chart does not show shares in %% in one colour")
				}
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

	t.Run("SuppressedGroupsNumericWithNote", func(t *testing.T) {
		rows, _ := f.GetRows(SheetBackground)
		text := ""
		for i, r := range rows {
			text += strings.Join(r, "|") + "\n"
			if len(r) > 1 && r[1] != "" {
				if _, err := strconv.ParseFloat(strings.ReplaceAll(r[1], ",", ""), 64); err != nil && r[1] != "Antal svar" {
					t.Errorf("row %d: %q in the count column", i+1, r[1])
				}
			}
		}
		if !strings.Contains(text, "Kontoret|||färre än 3 svar") || !strings.Contains(text, "Övriga|") {
			t.Errorf("small workplace not suppressed with a note beside it:\n%s", text)
		}
		cross, _ := f.GetRows("Per arbetsplats")
		all := ""
		for _, r := range cross {
			all += strings.Join(r, "|") + "\n"
		}
		if !strings.Contains(all, "Dolda grupper") || !strings.Contains(all, "Kontoret") {
			t.Errorf("the crosstab does not say which groups are hidden:\n%s", all)
		}
	})

	t.Run("Summary", func(t *testing.T) {
		rows, _ := f.GetRows(SheetSummary)
		box := map[string]string{}
		for _, r := range rows {
			if len(r) > 1 {
				box[r[0]] = r[1]
			}
		}
		for label, want := range map[string]string{
			"Kampanjens adress":     "https://krav.example.org/s/test",
			"Period":                "Första svaret kom 3 mars 2026, det senaste 5 mars 2026.",
			"Vilka kunde svara":     "Öppen länk",
			"Felmarginal":           "procentenheter",
			"Urvalet":               "för optimistisk",
			"Skydd av gruppsiffror": "lätt slumpade",
			"Lika resultat":         report.TieBreakRule,
			"Skapad":                "2026-03-05 13.30 (svensk tid)",
		} {
			if !strings.Contains(box[label], want) {
				t.Errorf("%s: %q, want %q in it", label, box[label], want)
			}
		}
		if !strings.Contains(box["Vilka kunde svara"], "webbformuläret (mobil eller dator): 5") {
			t.Errorf("channels: %q", box["Vilka kunde svara"])
		}
		if !strings.HasPrefix(box["Svar per kanal"], "Webb 5 · API 0 · Papper 1 · Telefon 0.") {
			t.Errorf("Svar per kanal: %q", box["Svar per kanal"])
		}
		if v := raw(t, f, SheetSummary, 2, 7); v != float64(res.Responses) {
			t.Errorf("Antal svar %v, want the number %d", v, res.Responses)
		}
	})
}

// raw returns the number in a cell, failing when it is not one.
func raw(t *testing.T, f *excelize.File, sheet string, col, row int) float64 {
	t.Helper()
	s, _ := f.GetCellValue(sheet, cell(col, row), excelize.Options{RawCellValue: true})
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Errorf("%s %s: %q is not a number", sheet, cell(col, row), s)
	}
	return v
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
