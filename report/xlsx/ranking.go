package xlsx

import (
	"strconv"
	"strings"

	"kravlistan/report"
	"kravlistan/survey"

	"github.com/xuri/excelize/v2"
)

// The columns of Rangordning before the place distribution.
const (
	rankColShare = 4
	rankColPicks = 9
)

// overlapping returns, for each demand in headline order, the places of its neighbours
// (the places just above and below) whose 95 % intervals overlap its own.
func overlapping(ds []report.DemandResult) []string {
	out := make([]string, len(ds))
	for i := range ds {
		var p []string
		if i > 0 && report.Overlaps(ds[i], ds[i-1]) {
			p = append(p, strconv.Itoa(ds[i-1].Rank))
		}
		if i+1 < len(ds) && report.Overlaps(ds[i], ds[i+1]) {
			p = append(p, strconv.Itoa(ds[i+1].Rank))
		}
		out[i] = strings.Join(p, ", ")
	}
	return out
}

func writeRanking(w *sheetWriter, st *styles, c *survey.Campaign, res *report.Results, fw *report.Fieldwork) {
	places := max(fw.MaxPlace(), c.MaxPicks)
	heads := []string{"Plats", "Krav", "Område", "Andel", "± procent-enheter", "Lägre gräns (95 %)", "Övre gräns (95 %)",
		"Intervallet överlappar plats", "Antal val"}
	widths := []float64{6, 44, 22, 8, 9, 8, 8, 11, 9}
	for p := 1; p <= places; p++ {
		h, wd := "På plats "+strconv.Itoa(p), 9.0
		if p == 1 {
			h, wd = h+" (förstahandsval)", 12
		}
		heads = append(heads, h)
		widths = append(widths, wd)
	}
	heads = append(heads, "Bordapoäng", "Medelplacering", "Schulze-plats", "Nyckel")
	widths = append(widths, 12, 15, 9, 24)
	w.widths(widths...)
	n := len(heads)
	w.para(1, n, "Rangordning efter "+strings.ToLower(report.MethodName(res.Method))+": "+c.Title, st.title, widths, 14)
	w.para(2, n, "Andel = andel av alla svar som valde kravet, med felmarginal och gränser för ett 95-procentigt konfidensintervall (Wilson). "+
		"Gult: kravets intervall överlappar grannens, så ordningen mellan de två kan bero på slumpen. "+
		"\"På plats 1, 2 …\": hur många som satte kravet på den platsen i sin rangordning. "+report.TieBreakRule, st.note, widths, 11)
	const top = 4
	w.headers(top, heads, widths, st, 0)
	over := overlapping(res.Demands)
	for i, d := range res.Demands {
		r := top + 1 + i
		w.set(1, r, d.Rank, st.integer)
		w.set(2, r, d.Title, st.wrap)
		w.set(3, r, d.Area, st.wrap)
		w.set(4, r, d.Share, st.percent)
		if d.ShareCI != nil {
			w.set(5, r, report.Margin(d), st.points)
			w.set(6, r, d.ShareCI[0], st.percent)
			w.set(7, r, d.ShareCI[1], st.percent)
		}
		if over[i] != "" {
			w.set(8, r, over[i], st.overlap)
		}
		w.set(rankColPicks, r, d.Picks, st.integer)
		col := rankColPicks + 1
		if di := demandIndex(c, d.Key); di >= 0 {
			for p, k := range fw.Places[di] {
				w.set(col+p, r, k, st.integer)
			}
		}
		col += places
		w.set(col, r, d.Borda, st.integer)
		if d.MeanRank != nil {
			w.set(col+1, r, *d.MeanRank, st.decimal)
		}
		w.set(col+2, r, d.SchulzeRank, st.integer)
		w.set(col+3, r, d.Key, st.text)
		w.fitRow(r, widths, map[int]string{2: d.Title, 3: d.Area})
	}
	last := top + len(res.Demands)
	w.freezeAt(top, 2)
	w.filter(top, n, last)
	if w.err != nil || len(res.Demands) == 0 {
		return
	}
	ref := func(col int) string {
		return quoteSheet(w.sheet) + "!$" + colName(col) + "$" + strconv.Itoa(top+1) + ":$" + colName(col) + "$" + strconv.Itoa(last)
	}
	zero := 0.0
	w.err = w.f.AddChart(w.sheet, cell(2, last+2), &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{{Name: "Andel som valde kravet", Categories: ref(2), Values: ref(rankColShare),
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colourBar}}}},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Andel som valde kravet (%), i rangordning",
			Font: &excelize.Font{Bold: true, Size: 12}}}},
		Legend: excelize.ChartLegend{Position: "none"},
		// The categories run from the bottom up: reversed, the first place is at the top.
		XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: excelize.Font{Size: 9, Color: "000000"}},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Minimum: &zero, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}, Font: excelize.Font{Size: 9, Color: "000000"}},
		Dimension: excelize.ChartDimension{Width: 900, Height: uint(90 + 26*len(res.Demands))},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
	})
}

// demandIndex returns the position of a demand in the campaign, or -1.
func demandIndex(c *survey.Campaign, key string) int {
	for i, d := range c.Demands {
		if d.Key == key {
			return i
		}
	}
	return -1
}
