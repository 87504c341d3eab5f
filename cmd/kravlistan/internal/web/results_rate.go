package web

import (
	"math"
	"strconv"
	"strings"

	"kravlistan/report"
	"kravlistan/survey"
)

// rateResults is what the results page and the printable list show of a rating campaign
// (issue 21) beside the common fields of resultsView.
type rateResults struct {
	MeanCol, TopCol string // column headings: "Medelbetyg (1–10)", "Andel som gav 8–10"
	Note            string // under the printed list: what the two figures are
}

// fillRateResults lays out the demands of a rating campaign: mean rating with its
// interval, top-box share and number of ratings, a bar for the mean on the scale, and the
// plain sentence on how the list was ordered.
func fillRateResults(v *resultsView, c *survey.Campaign, res *report.Results) {
	lang, s := v.Lang, c.Scale
	top := s.TopBoxLabel()
	v.Rate = &rateResults{MeanCol: v.T(lang, "rate.col.mean", s.Min, s.Max), TopCol: v.T(lang, "rate.col.top", top),
		Note: v.T(lang, "rate.list.note", s.Min, s.Max, top)}
	if c.Method == survey.MethodTopBox {
		v.Method = v.T(lang, "rate.method.top_box", top, s.Min, s.Max)
	} else {
		v.Method = v.T(lang, "rate.method.mean", s.Min, s.Max, top)
	}
	v.Borda = false
	if v.TooFew {
		return
	}
	for i, d := range res.Demands {
		row := &v.Rows[i]
		r := d.Ratings
		row.Share, row.CI, row.Bar, row.Mean, row.Top, row.N = "–", "", "0", "–", "–", "0"
		if r == nil {
			continue
		}
		row.N = fmtInt(lang, r.N)
		if r.Mean != nil {
			row.Mean = fmtDec(lang, *r.Mean)
			span := float64(s.Max - s.Min)
			row.Bar = strconv.FormatFloat(math.Round((*r.Mean-float64(s.Min))/span*1000)/10, 'f', -1, 64)
		}
		if r.MeanCI != nil {
			row.CI = v.T(lang, "results.ci", fmtDec(lang, r.MeanCI[0]), fmtDec(lang, r.MeanCI[1]))
		}
		if r.TopBox != nil {
			row.Top = fmtPct(lang, *r.TopBox)
		}
		row.Share = row.Mean
		row.ShareText = v.T(lang, "rate.list.row", row.Mean, s.Max, row.Top, top)
	}
}

// fmtDec formats a mean with one decimal, with a decimal comma in Swedish and Norwegian.
func fmtDec(lang string, x float64) string {
	s := strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
