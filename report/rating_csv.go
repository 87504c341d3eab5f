package report

import (
	"bufio"
	"encoding/csv"
	"strconv"

	"kravlistan/survey"
)

// RatingHeader is the heading row of the demand list of a rating campaign on scale s (CSV
// and Excel): the measures, then the number of ratings of each value of the scale.
func RatingHeader(s survey.Scale) []string {
	h := []string{"Plats", "Nyckel", "Krav", "Område", "Antal betyg", "Hoppade över", "Medelbetyg",
		"Medel lägre gräns (95 %)", "Medel övre gräns (95 %)", "Median", "Andel " + s.TopBoxLabel(),
		"Andel lägre gräns (95 %)", "Andel övre gräns (95 %)"}
	for _, v := range s.Values() {
		h = append(h, "Betyg "+strconv.Itoa(v))
	}
	return h
}

// RatingRow returns the cells of one demand under RatingHeader, numbers formatted by num
// (empty where a measure is undefined).
func RatingRow(d DemandResult, num func(float64) string) []string {
	r := d.Ratings
	row := []string{strconv.Itoa(d.Rank), Neutralize(d.Key), Neutralize(d.Title), Neutralize(d.Area), "0", "0",
		"", "", "", "", "", "", ""}
	if r == nil {
		return row
	}
	row[4], row[5] = strconv.Itoa(r.N), strconv.Itoa(r.Skipped)
	opt := func(i int, p *float64) {
		if p != nil {
			row[i] = num(*p)
		}
	}
	opt(6, r.Mean)
	if r.MeanCI != nil {
		row[7], row[8] = num(r.MeanCI[0]), num(r.MeanCI[1])
	}
	opt(9, r.Median)
	opt(10, r.TopBox)
	if r.TopBoxCI != nil {
		row[11], row[12] = num(r.TopBoxCI[0]), num(r.TopBoxCI[1])
	}
	for _, k := range r.Distribution {
		row = append(row, strconv.Itoa(k))
	}
	return row
}

// writeRatingCSV writes the demand list of a rating campaign in headline order, then, after
// an empty row, the number of answers and the answers per channel, as the ranking CSV does.
func writeRatingCSV(cw *csv.Writer, bw *bufio.Writer, res *Results, num func(float64) string) error {
	header := RatingHeader(*res.Scale)
	_ = cw.Write(header)
	for _, d := range res.Demands {
		if err := cw.Write(RatingRow(d, num)); err != nil {
			return err
		}
	}
	pad := func(cells ...string) []string {
		return append(cells, make([]string, len(header)-len(cells))...)
	}
	for _, row := range [][]string{
		pad(),
		pad("Antal svar", strconv.Itoa(res.Responses)),
		pad("Svar via webb", strconv.Itoa(res.Channels.Web)),
		pad("Svar via API", strconv.Itoa(res.Channels.API)),
		pad("Svar på papper", strconv.Itoa(res.Channels.Paper)),
		pad("Svar per telefon", strconv.Itoa(res.Channels.Phone)),
	} {
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
