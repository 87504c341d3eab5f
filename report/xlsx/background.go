package xlsx

import (
	"strconv"

	"kravlistan/report"
	"kravlistan/survey"
)

// writeBackground writes the frequency table of every background question and of the
// workplaces: how many answered each option and their share of all answers. A suppressed
// group's count is left empty with the reason beside it, never a text in its place.
func writeBackground(w *sheetWriter, st *styles, c *survey.Campaign, res *report.Results) {
	widths := []float64{40, 12, 10, 50}
	w.widths(widths...)
	w.para(1, 4, "Vilka som svarade: "+c.Title, st.title, widths, 14)
	w.para(2, 4, "Antal svar per svarsalternativ på bakgrundsfrågorna och per arbetsplatslänk. Bakgrundsfrågorna var frivilliga. "+
		report.SuppressionExplanation(c.AnonymityThreshold), st.note, widths, 11)
	row := 3
	for _, b := range res.Breakdowns {
		row += 2
		title := breakdownQuestion(c, b.By)
		w.para(row, 4, title, st.subtitle, widths, 12)
		row++
		for i, h := range []string{"Svar", "Antal svar", "Andel", "Anmärkning"} {
			w.set(1+i, row, h, st.header)
		}
		for _, g := range b.Groups {
			row++
			w.set(1, row, g.Label, st.wrap)
			switch {
			case g.Suppressed:
				w.set(4, row, "färre än "+strconv.Itoa(c.AnonymityThreshold)+" svar eller dold så att den inte kan räknas fram; ingår i "+
					report.LabelOther, st.note)
			case g.Responses != nil:
				w.set(2, row, *g.Responses, st.integer)
				if res.Responses > 0 {
					w.set(3, row, float64(*g.Responses)/float64(res.Responses), st.percent)
				}
				if g.Key == report.KeyOther {
					w.set(4, row, "de dolda grupperna tillsammans", st.note)
				}
			}
		}
		row++
		w.set(1, row, "Alla svar", st.intBold)
		w.set(2, row, res.Responses, st.intBold)
		if res.Responses > 0 {
			w.set(3, row, 1.0, st.pctBold)
		}
	}
}
