package xlsx

import (
	"strconv"
	"time"

	"kravlistan/report"
	"kravlistan/survey"

	"github.com/xuri/excelize/v2"
)

// styles are the cell styles the workbook uses.
type styles struct {
	title, header, label, wrap, integer, percent, decimal int
}

func newStyles(f *excelize.File) (*styles, error) {
	var s styles
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
	add(&s.label, &excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}})
	add(&s.wrap, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	add(&s.integer, &excelize.Style{NumFmt: 3}) // #,##0
	add(&s.percent, &excelize.Style{CustomNumFmt: &pct})
	add(&s.decimal, &excelize.Style{CustomNumFmt: &dec})
	return &s, err
}

// sheetWriter writes cells one after another and remembers the first error.
type sheetWriter struct {
	f     *excelize.File
	sheet string
	err   error
}

func (w *sheetWriter) set(col, row int, v any, style int) {
	if w.err != nil || v == nil {
		return
	}
	ref := cell(col, row)
	if s, ok := v.(string); ok {
		// SetCellStr always writes a string cell, never a formula.
		w.err = w.f.SetCellStr(w.sheet, ref, report.Neutralize(s))
	} else {
		w.err = w.f.SetCellValue(w.sheet, ref, v)
	}
	if w.err == nil && style != 0 {
		w.err = w.f.SetCellStyle(w.sheet, ref, ref, style)
	}
}

func (w *sheetWriter) widths(widths ...float64) {
	for i, width := range widths {
		if w.err == nil {
			w.err = w.f.SetColWidth(w.sheet, colName(i+1), colName(i+1), width)
		}
	}
}

func (w *sheetWriter) freeze(rows int) {
	if w.err == nil {
		w.err = w.f.SetPanes(w.sheet, &excelize.Panes{Freeze: true, YSplit: rows,
			TopLeftCell: cell(1, rows+1), ActivePane: "bottomLeft"})
	}
}

func (w *sheetWriter) filter(fromRow, lastCol, lastRow int) {
	if w.err == nil && lastRow > fromRow {
		w.err = w.f.AutoFilter(w.sheet, cell(1, fromRow)+":"+cell(lastCol, lastRow), nil)
	}
}

func period(c *survey.Campaign) string {
	day := func(t *time.Time) string {
		if t == nil {
			return "–"
		}
		return t.Format(time.DateOnly)
	}
	if c.OpensAt == nil && c.ClosesAt == nil {
		return "ej angiven"
	}
	return day(c.OpensAt) + " – " + day(c.ClosesAt)
}

func writeSummary(f *excelize.File, st *styles, c *survey.Campaign, res *report.Results) error {
	w := &sheetWriter{f: f, sheet: SheetSummary}
	w.widths(28, 90)
	w.set(1, 1, "Resultat: "+c.Title, st.title)
	rows := [][2]any{
		{"Kampanj", c.Title},
		{"Kampanjens adress", c.Slug},
		{"Period", period(c)},
		{"Antal svar", res.Responses},
		{"Räknemetod", report.MethodName(res.Method)},
		{"Så räknades det", report.MethodExplanation(res.Method, c.MaxPicks)},
		{"Lika resultat", report.TieBreak},
		{"Andel", report.ShareExplanation},
		{"Anonymitet", report.SuppressionExplanation(c.AnonymityThreshold) +
			" I bladet Svar visas arbetsplats och bakgrundssvar bara när minst " + strconv.Itoa(c.AnonymityThreshold) +
			" svar har exakt samma kombination; annars står det \"dolt\". Svaren står i slumpmässig ordning, utan dag och tid."},
		{"Skapad", res.GeneratedAt.Format("2006-01-02 15:04 UTC")},
	}
	for i, r := range rows {
		w.set(1, 3+i, r[0], st.label)
		style := st.wrap
		if _, ok := r[1].(int); ok {
			style = st.integer
		}
		w.set(2, 3+i, r[1], style)
	}
	row := 4 + len(rows)
	w.set(1, row, "Topplistan", st.title)
	row++
	heads := []string{"Plats", "Krav", "Andel", report.MethodName(res.Method)}
	for i, h := range heads {
		w.set(1+i, row, h, st.header)
	}
	w.widths(28, 90, 10, 16)
	for i, d := range res.Demands {
		if i == 10 {
			break
		}
		r := row + 1 + i
		w.set(1, r, d.Rank, 0)
		w.set(2, r, d.Title, 0)
		w.set(3, r, d.Share, st.percent)
		w.set(4, r, headline(res.Method, d), st.integer)
	}
	return w.err
}

// headline is the value of a demand's headline measure.
func headline(m survey.Method, d report.DemandResult) int {
	switch m {
	case survey.MethodPicks:
		return d.Picks
	case survey.MethodSchulze:
		return d.SchulzeRank
	}
	return d.Borda
}

// demandRow writes the measures of d from column col onwards and returns the next column.
func demandRow(w *sheetWriter, st *styles, row, col int, d report.DemandResult) int {
	vals := []any{d.Rank, d.Key, d.Title, d.Area, d.Picks, d.Share, nil, nil, d.FirstChoices, d.Borda, nil, d.SchulzeRank}
	if d.ShareCI != nil {
		vals[6], vals[7] = d.ShareCI[0], d.ShareCI[1]
	}
	if d.MeanRank != nil {
		vals[10] = *d.MeanRank
	}
	fmts := []int{0, 0, 0, 0, st.integer, st.percent, st.percent, st.percent, st.integer, st.integer, st.decimal, 0}
	for i, v := range vals {
		w.set(col+i, row, v, fmts[i])
	}
	return col + len(vals)
}

func writeRanking(f *excelize.File, st *styles, c *survey.Campaign, res *report.Results) error {
	if _, err := f.NewSheet(SheetRanking); err != nil {
		return err
	}
	w := &sheetWriter{f: f, sheet: SheetRanking}
	for i, h := range report.RankingHeader {
		w.set(1+i, 1, h, st.header)
	}
	w.widths(7, 16, 50, 24, 11, 9, 12, 12, 14, 12, 14, 12)
	for i, d := range res.Demands {
		demandRow(w, st, 2+i, 1, d)
	}
	last := 1 + len(res.Demands)
	w.freeze(1)
	w.filter(1, len(report.RankingHeader), last)
	if w.err != nil || len(res.Demands) == 0 {
		return w.err
	}
	// The chart shows the headline measure; for Schulze, whose measure is a place, the share.
	valueCol, name := 10, "Bordapoäng"
	switch res.Method {
	case survey.MethodPicks:
		valueCol, name = 5, "Antal val"
	case survey.MethodSchulze:
		valueCol, name = 6, "Andel som valde kravet"
	}
	ref := func(col int) string {
		return "'" + SheetRanking + "'!$" + colName(col) + "$2:$" + colName(col) + "$" + strconv.Itoa(last)
	}
	height := uint(120 + 24*len(res.Demands))
	return f.AddChart(SheetRanking, cell(14, 2), &excelize.Chart{
		Type:      excelize.Bar,
		Series:    []excelize.ChartSeries{{Name: name, Categories: ref(3), Values: ref(valueCol)}},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Rangordning efter " + report.MethodName(res.Method)}}},
		Legend:    excelize.ChartLegend{Position: "none"},
		XAxis:     excelize.ChartAxis{ReverseOrder: true}, // first place at the top
		Dimension: excelize.ChartDimension{Width: 760, Height: height},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
	})
}

func writeBreakdown(f *excelize.File, st *styles, c *survey.Campaign, b report.Breakdown) error {
	sheet := BreakdownSheet(b.By)
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	label := "Arbetsplats"
	if q, ok := c.Question(b.By); ok {
		label = q.Label
	}
	w := &sheetWriter{f: f, sheet: sheet}
	w.set(1, 1, "Per grupp: "+label, st.title)
	w.set(1, 2, report.SuppressionExplanation(c.AnonymityThreshold), 0)
	heads := append([]string{"Grupp", "Antal svar"}, report.RankingHeader...)
	for i, h := range heads {
		w.set(1+i, 4, h, st.header)
	}
	w.widths(30, 11, 7, 16, 50, 24, 11, 9, 12, 12, 14, 12, 14, 12)
	row := 5
	for _, g := range b.Groups {
		if g.Suppressed {
			w.set(1, row, g.Label, 0)
			w.set(2, row, "färre än "+strconv.Itoa(c.AnonymityThreshold)+" svar", 0)
			row++
			continue
		}
		for _, d := range g.Demands {
			w.set(1, row, g.Label, 0)
			w.set(2, row, *g.Responses, st.integer)
			demandRow(w, st, row, 3, d)
			row++
		}
	}
	w.freeze(4)
	w.filter(4, len(heads), row-1)
	return w.err
}

func writePairwise(f *excelize.File, st *styles, res *report.Results) error {
	if _, err := f.NewSheet(SheetPairwise); err != nil {
		return err
	}
	w := &sheetWriter{f: f, sheet: SheetPairwise}
	w.set(1, 1, "Antal svar som satte kravet i raden före kravet i kolumnen. "+
		"Ett valt krav står före alla krav som inte valts; två krav som inte valts räknas som lika.", 0)
	w.set(1, 3, "Krav", st.header)
	w.widths(50)
	for j, b := range res.Demands {
		w.set(2+j, 3, b.Title, st.header)
		if w.err == nil {
			w.err = f.SetColWidth(SheetPairwise, colName(2+j), colName(2+j), 14)
		}
	}
	for i, a := range res.Demands {
		w.set(1, 4+i, a.Title, st.label)
		for j, b := range res.Demands {
			if i != j {
				w.set(2+j, 4+i, res.Pairwise[a.Key][b.Key], st.integer)
			}
		}
	}
	if w.err == nil {
		w.err = f.SetRowHeight(SheetPairwise, 3, 60)
	}
	w.freeze(3)
	return w.err
}
