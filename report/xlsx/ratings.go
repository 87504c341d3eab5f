package xlsx

import (
	"fmt"
	"strconv"
	"strings"

	"kravlistan/report"
	"kravlistan/survey"

	"github.com/xuri/excelize/v2"
)

// The sheets of a rating campaign (issue 21), written instead of the ranking sheets.
const (
	SheetRatings      = "Betyg"
	SheetDistribution = "Fördelning"
	SheetGroupMeans   = "Medelbetyg per grupp"
)

// ratingStyles are the cell styles of the rating sheets. They are made here rather than
// shared with the ranking sheets so the two can change apart.
type ratingStyles struct {
	title, header, wrap, integer, percent, decimal int
}

func newRatingStyles(f *excelize.File) (*ratingStyles, error) {
	var s ratingStyles
	var err error
	add := func(dst *int, st *excelize.Style) {
		if err == nil {
			*dst, err = f.NewStyle(st)
		}
	}
	pct, dec := "0.0%", "0.00"
	add(&s.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	add(&s.header, &excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	add(&s.wrap, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	add(&s.integer, &excelize.Style{NumFmt: 3})
	add(&s.percent, &excelize.Style{CustomNumFmt: &pct})
	add(&s.decimal, &excelize.Style{CustomNumFmt: &dec})
	return &s, err
}

// RatingSheets returns the names of the sheets of a rating campaign, in workbook order.
func RatingSheets() []string { return []string{SheetRatings, SheetDistribution, SheetGroupMeans} }

// writeRatings writes the sheets of a rating campaign: the demand list with every measure
// ("Betyg"), the distribution over the scale with a stacked bar chart ("Fördelning") and
// the mean per group of every breakdown ("Medelbetyg per grupp").
func writeRatings(f *excelize.File, c *survey.Campaign, res *report.Results) error {
	if res.Scale == nil {
		return fmt.Errorf("a rating report without a scale")
	}
	st, err := newRatingStyles(f)
	if err != nil {
		return err
	}
	for _, s := range []struct {
		name  string
		write func(*sheetWriter, *ratingStyles, *survey.Campaign, *report.Results) error
	}{
		{SheetRatings, writeRatingList},
		{SheetDistribution, writeDistribution},
		{SheetGroupMeans, writeGroupMeans},
	} {
		if i, _ := f.GetSheetIndex(s.name); i < 0 {
			if _, err := f.NewSheet(s.name); err != nil {
				return err
			}
		}
		if err := s.write(&sheetWriter{f: f, sheet: s.name}, st, c, res); err != nil {
			return fmt.Errorf("sheet %s: %w", s.name, err)
		}
		if err := setPrint(f, s.name, pageSettings{landscape: true}); err != nil {
			return err
		}
	}
	return nil
}

// writeRatingList writes one row per demand in headline order under report.RatingHeader,
// the numbers as numbers.
func writeRatingList(w *sheetWriter, st *ratingStyles, c *survey.Campaign, res *report.Results) error {
	const head = 4
	header := report.RatingHeader(*res.Scale)
	widths := []float64{7, 16, 50, 24, 10, 10, 11, 12, 12, 9, 10, 12, 12}
	w.widths(widths...)
	w.para(1, len(widths), report.RatingTieBreak(c), st.wrap, widths, 11)
	w.para(2, len(widths), report.RatingExplanation(c), st.wrap, widths, 11)
	for i, h := range header {
		w.set(1+i, head, h, st.header)
	}
	for i, d := range res.Demands {
		row := head + 1 + i
		r := d.Ratings
		w.set(1, row, d.Rank, 0)
		w.set(2, row, d.Key, 0)
		w.set(3, row, d.Title, 0)
		w.set(4, row, d.Area, 0)
		if r == nil {
			continue
		}
		w.set(5, row, r.N, st.integer)
		w.set(6, row, r.Skipped, st.integer)
		w.setFloat(7, row, r.Mean, st.decimal)
		if r.MeanCI != nil {
			w.set(8, row, r.MeanCI[0], st.decimal)
			w.set(9, row, r.MeanCI[1], st.decimal)
		}
		w.setFloat(10, row, r.Median, st.decimal)
		w.setFloat(11, row, r.TopBox, st.percent)
		if r.TopBoxCI != nil {
			w.set(12, row, r.TopBoxCI[0], st.percent)
			w.set(13, row, r.TopBoxCI[1], st.percent)
		}
		for j, k := range r.Distribution {
			w.set(14+j, row, k, st.integer)
		}
	}
	w.freeze(head)
	w.filter(head, len(header), head+len(res.Demands))
	return w.err
}

// writeDistribution writes, per demand in headline order, the share of its ratings at
// each value of the scale, and a 100 % stacked bar chart of them: one bar per demand, one
// segment per value, the low values light and the high ones dark.
func writeDistribution(w *sheetWriter, st *ratingStyles, c *survey.Campaign, res *report.Results) error {
	s := *res.Scale
	const head = 3
	widths := []float64{50, 11}
	for range s.Points() {
		widths = append(widths, 7)
	}
	w.widths(widths...)
	w.para(1, len(widths), "Fördelningen av betygen per krav: andel av dem som betygsatte kravet. "+
		"Den som hoppade över kravet räknas inte.", st.wrap, widths, 11)
	w.set(1, head, "Krav", st.header)
	w.set(2, head, "Antal betyg", st.header)
	values := s.Values()
	for j, v := range values {
		w.set(3+j, head, strconv.Itoa(v), st.header)
	}
	for i, d := range res.Demands {
		row := head + 1 + i
		w.set(1, row, d.Title, 0)
		if d.Ratings == nil {
			continue
		}
		w.set(2, row, d.Ratings.N, st.integer)
		for j, k := range d.Ratings.Distribution {
			share := 0.0
			if d.Ratings.N > 0 {
				share = float64(k) / float64(d.Ratings.N)
			}
			w.set(3+j, row, share, st.percent)
		}
	}
	w.freeze(head)
	if w.err != nil || len(res.Demands) == 0 {
		return w.err
	}
	last := head + len(res.Demands)
	ref := func(col int) string {
		return "'" + SheetDistribution + "'!$" + colName(col) + "$" + strconv.Itoa(head+1) + ":$" + colName(col) + "$" + strconv.Itoa(last)
	}
	series := make([]excelize.ChartSeries, len(values))
	for j := range values {
		series[j] = excelize.ChartSeries{
			Name:       "'" + SheetDistribution + "'!$" + colName(3+j) + "$" + strconv.Itoa(head),
			Categories: ref(1),
			Values:     ref(3 + j),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{shade(j, len(values))}},
		}
	}
	// Below the table, so the sheet prints one table wide with the chart after it.
	return w.f.AddChart(SheetDistribution, cell(1, last+2), &excelize.Chart{
		Type:      excelize.BarPercentStacked,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Betygen per krav (" + strconv.Itoa(s.Min) + "–" + strconv.Itoa(s.Max) + ")"}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{ReverseOrder: true}, // first place at the top
		Dimension: excelize.ChartDimension{Width: 900, Height: uint(140 + 26*len(res.Demands))},
	})
}

// shade returns the colour of value j of n: from a light to a dark blue, so the order of
// the values reads without a legend and survives printing in grey.
func shade(j, n int) string {
	from, to := [3]int{0xDE, 0xEB, 0xF7}, [3]int{0x08, 0x30, 0x6B}
	t := 0.0
	if n > 1 {
		t = float64(j) / float64(n-1)
	}
	var rgb [3]int
	for i := range rgb {
		rgb[i] = from[i] + int(t*float64(to[i]-from[i]))
	}
	return fmt.Sprintf("%02X%02X%02X", rgb[0], rgb[1], rgb[2])
}

// writeGroupMeans writes a crosstab: a row per demand in headline order, a column per
// shown group of every breakdown (hidden groups are counted in "Övriga"), the mean rating
// of the demand within the group in the cells.
func writeGroupMeans(w *sheetWriter, st *ratingStyles, c *survey.Campaign, res *report.Results) error {
	w.para(1, 8, "Medelbetyg per krav i varje grupp. "+strings.TrimSpace(report.SuppressionExplanation(c.AnonymityThreshold)+" "+res.Protection),
		st.wrap, []float64{50, 12, 14, 14, 14, 14, 14, 14}, 11)
	const head = 3
	w.set(1, head, "Fråga", st.header)
	w.set(1, head+1, "Grupp", st.header)
	w.set(1, head+2, "Antal svar", st.header)
	w.set(2, head, "Alla", st.header)
	w.set(2, head+1, "Alla svar", st.header)
	w.set(2, head+2, res.Responses, st.integer)
	w.widths(50, 12)
	rowOf := make(map[string]int, len(res.Demands))
	for i, d := range res.Demands {
		rowOf[d.Key] = head + 3 + i
		w.set(1, head+3+i, d.Title, 0)
		if d.Ratings != nil {
			w.setFloat(2, head+3+i, d.Ratings.Mean, st.decimal)
		}
	}
	col := 3
	for _, b := range res.Breakdowns {
		label := "Arbetsplats"
		if q, ok := c.Question(b.By); ok {
			label = q.Label
		} else if b.By == report.ByChannel {
			label = "Kanal"
		}
		for _, g := range b.Groups {
			if g.Suppressed || g.Responses == nil {
				continue
			}
			w.set(col, head, label, st.header)
			w.set(col, head+1, g.Label, st.header)
			w.set(col, head+2, *g.Responses, st.integer)
			for _, d := range g.Demands {
				if d.Ratings != nil {
					w.setFloat(col, rowOf[d.Key], d.Ratings.Mean, st.decimal)
				}
			}
			if w.err == nil {
				w.err = w.f.SetColWidth(w.sheet, colName(col), colName(col), 14)
			}
			col++
		}
	}
	if w.err == nil {
		w.err = w.f.SetPanes(w.sheet, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: head + 2,
			TopLeftCell: cell(2, head+3), ActivePane: "bottomRight"})
	}
	return w.err
}

// setFloat writes *p, or nothing when p is nil (a measure that is undefined).
func (w *sheetWriter) setFloat(col, row int, p *float64, style int) {
	if p != nil {
		w.set(col, row, *p, style)
	}
}

// ratingSummaryRows are the summary's rows on method, ties, share and margin of error for
// a rating campaign, in the order of the ranking campaign's rows they replace.
func ratingSummaryRows(c *survey.Campaign, res *report.Results) [][2]any {
	margin := "Ingen: det finns inga svar."
	m := 0.0
	for i, d := range res.Demands {
		if i == 10 {
			break
		}
		if r := d.Ratings; r != nil && r.MeanCI != nil && r.Mean != nil {
			m = max(m, r.MeanCI[1]-*r.Mean, *r.Mean-r.MeanCI[0])
		}
	}
	if res.Responses > 0 {
		margin = "± " + swedish(m, 2) + " (högst, för medelbetygen i topplistan; 95 % konfidensnivå). " +
			"Varje kravs eget intervall står i fliken " + SheetRatings + "."
	}
	top := res.Scale.TopBoxLabel()
	return [][2]any{
		{"Räknemetod", report.MethodName(res.Method) + ". " + report.RatingExplanation(c)},
		{"Lika resultat", report.RatingTieBreak(c)},
		{"Andel " + top, "Andel " + top + " = andel av dem som betygsatte kravet som gav " + top + ". Den som hoppade över kravet räknas inte."},
		{"Felmarginal", margin},
	}
}

// writeRatingTop writes the top ten of a rating campaign under the summary's heading row:
// place, demand, mean rating and top-box share.
func writeRatingTop(w *sheetWriter, st *styles, row int, res *report.Results, widths []float64) {
	heads := []string{"Plats", "Krav", "Medelbetyg", "Andel " + res.Scale.TopBoxLabel()}
	w.headers(row, heads, widths, st, 0)
	for i, d := range res.Demands {
		if i == 10 {
			break
		}
		r := row + 1 + i
		w.set(1, r, d.Rank, st.integer)
		w.set(2, r, d.Title, st.wrap)
		if d.Ratings != nil {
			w.setFloat(3, r, d.Ratings.Mean, st.decimal)
			w.setFloat(4, r, d.Ratings.TopBox, st.percent)
		}
		w.fitRow(r, widths, map[int]string{2: d.Title})
	}
}
