package xlsx

import (
	"strconv"
	"strings"

	"kravlistan/report"
	"kravlistan/survey"
)

// The layout of a crosstab sheet: the header row, the base row under it, and the first
// column of the groups.
const (
	crossHead     = 5
	crossBase     = 6
	crossFirstCol = 4 // Plats, Krav, Alla, then the groups
)

// writeCrosstab writes one breakdown as a table: the demands down the side in headline
// order, the groups across, the share that picked the demand in each cell (▲/▼ when the
// group differs significantly from the rest), a base row with each group's number of
// answers, and below it each demand's place in the group's own ranking.
func writeCrosstab(w *sheetWriter, st *styles, c *survey.Campaign, res *report.Results, b report.Breakdown) {
	x := report.NewCrosstab(res, b)
	question := breakdownQuestion(c, b.By)
	widths := []float64{6, 40, 9}
	for range x.Columns {
		widths = append(widths, 11)
	}
	n := len(widths)
	w.widths(widths...)
	w.para(1, n, "Andel som valde kravet, "+strings.ToLower(BreakdownTitle(c, b.By))+": "+c.Title, st.title, widths, 14)
	w.para(2, n, "Fråga: "+question, st.label, widths, 11)
	w.para(3, n, "Varje cell: andelen av gruppens svar som valde kravet. ▲/▼: gruppens andel är signifikant högre/lägre än "+
		"andelen bland alla andra som svarat (95 %). Kolumnen Alla gäller samtliga svar. "+
		strings.TrimSpace(report.SuppressionExplanation(c.AnonymityThreshold)+" "+res.Protection), st.note, widths, 11)

	heads := []string{"Plats", "Krav", "Alla"}
	for _, col := range x.Columns {
		heads = append(heads, col.Label)
	}
	w.headers(crossHead, heads, widths, st, 3)
	w.set(2, crossBase, "Antal svar (bas)", st.intBold)
	w.set(1, crossBase, "", st.intBold)
	w.set(3, crossBase, res.Responses, st.intBold)
	for i, col := range x.Columns {
		w.set(crossFirstCol+i, crossBase, col.Responses, st.intBold)
	}
	row := crossBase
	for _, r := range x.Rows {
		row++
		w.set(1, row, r.Rank, st.integer)
		w.set(2, row, r.Title, st.wrap)
		w.set(3, row, r.Share, st.pctBold)
		for i, cl := range r.Cells {
			style := st.percent
			switch cl.Diff {
			case report.Higher:
				style = st.pctUp
			case report.Lower:
				style = st.pctDown
			}
			w.set(crossFirstCol+i, row, cl.Share, style)
		}
		w.fitRow(row, widths, map[int]string{2: r.Title})
	}
	row++
	notes := []string{}
	if len(x.Hidden) > 0 {
		notes = append(notes, "Dolda grupper (färre än "+strconv.Itoa(c.AnonymityThreshold)+" svar, eller dolda så att de inte kan "+
			"räknas fram; deras svar ingår i "+report.LabelOther+"): "+strings.Join(x.Hidden, ", ")+".")
	}
	if len(x.Empty) > 0 {
		notes = append(notes, "Inga svar: "+strings.Join(x.Empty, ", ")+".")
	}
	for _, t := range notes {
		row++
		w.para(row, n, t, st.note, widths, 11)
	}

	// The same groups, each demand's place in the group's own ranking, on a page of its own.
	row += 2
	if w.err == nil {
		w.err = w.f.InsertPageBreak(w.sheet, cell(1, row))
	}
	w.para(row, n, "Kravets plats i gruppens egen rangordning ("+strings.ToLower(report.MethodName(res.Method))+")", st.subtitle, widths, 12)
	row++
	w.headers(row, heads, widths, st, 3)
	for _, r := range x.Rows {
		row++
		w.set(1, row, r.Rank, st.integer)
		w.set(2, row, r.Title, st.wrap)
		w.set(3, row, r.Rank, st.integer)
		for i, cl := range r.Cells {
			w.set(crossFirstCol+i, row, cl.Rank, st.integer)
		}
		w.fitRow(row, widths, map[int]string{2: r.Title})
	}
	w.freezeAt(crossBase, 2)
}

// portraitWidth is the widest table (in characters) printed upright: wider ones print
// landscape.
const portraitWidth = 110

// crosstabWidth is the width of a breakdown's table in characters.
func crosstabWidth(res *report.Results, b report.Breakdown) float64 {
	return 55 + 11*float64(len(report.NewCrosstab(res, b).Columns))
}
