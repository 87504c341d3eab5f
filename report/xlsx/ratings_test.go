package xlsx

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kravlistan/report"
	"kravlistan/survey"

	"github.com/xuri/excelize/v2"
)

// rateWorkbook writes the rating sheets of a small rating campaign (scale 1–5) to a file.
// Verkstaden: 5 ballots a=5 b=2 (c skipped); Kontoret: 1 ballot a=1 b=4 c=3, hidden
// under the threshold of 3 together with... nothing else, so the next smallest group
// (Verkstaden) is hidden too and both show as "Övriga".
func rateWorkbook(t *testing.T) (string, *report.Results) {
	t.Helper()
	c := testCampaign()
	c.Ballot, c.Method, c.Scale = survey.BallotRate, survey.MethodMean, &survey.Scale{Min: 1, Max: 5}
	c.Demands[1].Title = "=Visstid" // organiser text is never a formula
	c.ApplyDefaults()
	var rs []survey.Response
	for range 5 {
		rs = append(rs, survey.Response{Workplace: "verkstan", Background: map[string]string{"sektor": "kommun"},
			Ratings: map[string]int{"a": 5, "b": 2}})
	}
	rs = append(rs, survey.Response{Workplace: "kontoret", Background: map[string]string{"sektor": "privat"},
		Ratings: map[string]int{"a": 1, "b": 4, "c": 3}})
	tl := report.NewTally(c)
	_ = walkOf(rs)(tl.Add)
	res := tl.Results(time.Now())
	f := excelize.NewFile()
	defer f.Close()
	if err := writeRatings(f, c, res); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "betyg.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p, res
}

func TestRatingSheets(t *testing.T) {
	p, res := rateWorkbook(t)
	f, err := excelize.OpenFile(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	get := func(sheet, ref string) string {
		v, err := f.GetCellValue(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// a: mean (5·5+1)/6 = 4.333 first; b: (5·2+4)/6 = 2.333; c: one rating of 3.
	if got := keys(res.Demands); strings.Join(got, " ") != "a c b" {
		t.Fatalf("order %v", got)
	}
	if get(SheetRatings, "C5") != "Heltid" || get(SheetRatings, "E5") != "6" || get(SheetRatings, "K4") != "Andel 4–5" {
		t.Errorf("Betyg row 5: %q %q, header K4 %q", get(SheetRatings, "C5"), get(SheetRatings, "E5"), get(SheetRatings, "K4"))
	}
	if get(SheetRatings, "C7") != "'=Visstid" {
		t.Errorf("title not neutralized: %q", get(SheetRatings, "C7"))
	}
	// Distribution of a: one 1, five 5s → 16.7 % and 83.3 %.
	if get(SheetDistribution, "C4") != "16.7%" || get(SheetDistribution, "G4") != "83.3%" || get(SheetDistribution, "B4") != "6" {
		t.Errorf("Fördelning row a: %q %q %q", get(SheetDistribution, "B4"), get(SheetDistribution, "C4"), get(SheetDistribution, "G4"))
	}
	// Group means: both workplaces are hidden (Kontoret has 1 < 3 answers, Verkstaden goes
	// with it), so the workplace breakdown shows only Övriga.
	heads := map[string]bool{}
	cols, _ := f.GetCols(SheetGroupMeans)
	for _, col := range cols {
		if len(col) > 3 {
			heads[col[3]] = true
		}
	}
	if heads["Kontoret"] || heads["Verkstaden"] || !heads[report.LabelOther] || !heads["Alla svar"] {
		t.Errorf("crosstab groups %v", heads)
	}
}

// TestRatingSheetsInOpenpyxl reads the rating sheets back with openpyxl: the sheets are
// there, the distribution sheet holds one 100 % stacked bar chart with a series per value
// of the scale, and no cell is a formula.
func TestRatingSheetsInOpenpyxl(t *testing.T) {
	py := needOpenpyxl(t)
	p, _ := rateWorkbook(t)
	script := `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print("sheets=" + "|".join(wb.sheetnames))
ws = wb["Fördelning"]
print("charts=%d" % len(ws._charts))
ch = ws._charts[0]
print("chart=%s/%s/%d" % (ch.tagname, ch.grouping, len(ch.series)))
print("dist_a=%s|%s" % (ws["C4"].value, ws["G4"].value))
b = wb["Betyg"]
print("mean_a=%s" % b["G5"].value)
print("median_a=%s" % b["J5"].value)
print("top_a=%s" % b["K5"].value)
g = wb["Medelbetyg per grupp"]
print("all_mean_a=%s" % g["B6"].value)
for name in wb.sheetnames:
    for row in wb[name].iter_rows():
        for cell in row:
            if cell.data_type == "f":
                print("formula=%s!%s" % (name, cell.coordinate))
`
	out, err := exec.Command(py, "-c", script, p).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	s := string(out)
	for _, want := range []string{"sheets=Sheet1|Betyg|Fördelning|Medelbetyg per grupp", "charts=1", "chart=barChart/percentStacked/5",
		"dist_a=0.166666666666666|0.833333333333333", "mean_a=4.333", "median_a=5", "top_a=0.8333", "all_mean_a=4.333"} {
		if !strings.Contains(s, want) {
			t.Errorf("openpyxl output lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "formula=") {
		t.Errorf("a cell is a formula:\n%s", s)
	}
}

func keys(ds []report.DemandResult) []string {
	var ks []string
	for _, d := range ds {
		ks = append(ks, d.Key)
	}
	return ks
}

// TestRatingWorkbook writes the whole workbook of a rating campaign: the rating sheets take
// the place of the ranking sheets, the summary explains the rating order and lists the top
// by mean, and the raw rows carry one rating per demand.
func TestRatingWorkbook(t *testing.T) {
	c := testCampaign()
	c.Ballot, c.Method, c.Scale = survey.BallotRate, survey.MethodMean, &survey.Scale{Min: 1, Max: 5}
	c.ApplyDefaults()
	var rs []survey.Response
	for i := range 8 {
		rs = append(rs, survey.Response{Workplace: "verkstan", Background: map[string]string{"sektor": "kommun"},
			Ratings: map[string]int{"a": 1 + i%5, "c": 4}})
	}
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
	defer f.Close()
	got := strings.Join(f.GetSheetList(), "|")
	if want := "Sammanfattning|Betyg|Fördelning|Medelbetyg per grupp|" + SheetBackground + "|" + SheetProposals + "|Svar"; got != want {
		t.Errorf("sheets %s, want %s", got, want)
	}
	for _, sheet := range f.GetSheetList() {
		props, _ := f.GetSheetProps(sheet)
		pl, _ := f.GetPageLayout(sheet)
		if props.FitToPage == nil || !*props.FitToPage || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
			t.Errorf("%s: not set up to print fitted to the page width", sheet)
		}
	}
	rows, _ := f.GetRows(SheetSummary)
	var text strings.Builder
	for _, r := range rows {
		text.WriteString(strings.Join(r, "|") + "\n")
	}
	for _, w := range []string{"Kraven är ordnade efter medelbetyget", "Andel 4–5", "Plats|Krav|Medelbetyg|Andel 4–5", "1|Bussar|4"} {
		if !strings.Contains(text.String(), w) {
			t.Errorf("summary lacks %q:\n%s", w, text.String())
		}
	}
	raw, _ := f.GetRows(SheetResponses)
	if h := strings.Join(raw[0], "|"); !strings.Contains(h, "Heltid|Visstid|Bussar") {
		t.Errorf("raw header %s", h)
	}
}
