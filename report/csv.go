package report

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"kravlistan/survey"
)

// bom makes Excel read the file as UTF-8.
const bom = "\uFEFF"

// newCSV returns a CSV writer with separator sep (',' or ';') that has written the BOM.
func newCSV(w io.Writer, sep rune) (*csv.Writer, *bufio.Writer, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString(bom); err != nil {
		return nil, nil, err
	}
	cw := csv.NewWriter(bw)
	cw.Comma = sep
	cw.UseCRLF = true
	return cw, bw, nil
}

// RankingHeader is the heading row of the ranking CSV. Shares and their interval are in
// percent, the margin of error in percentage points.
var RankingHeader = []string{"Plats", "Nyckel", "Krav", "Område", "Antal val", "Andel (%)",
	"Lägre gräns (%)", "Övre gräns (%)", "Felmarginal (± procentenheter)", "Förstahandsval", "Bordapoäng",
	"Medelplacering", "Schulze-plats"}

// WriteRankingCSV writes the demands in headline order with every measure, then, after an
// empty row, the number of answers, the counting method, the tie-break rule and the
// answers per channel, so the file explains itself. Every row has as many fields as the header. With sep ';'
// decimals get a comma, as Swedish Excel expects.
func WriteRankingCSV(w io.Writer, res *Results, sep rune) error {
	cw, bw, err := newCSV(w, sep)
	if err != nil {
		return err
	}
	num := func(x float64) string {
		s := strconv.FormatFloat(x, 'f', -1, 64)
		if sep == ';' {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	if res.Ballot == survey.BallotRate && res.Scale != nil {
		return writeRatingCSV(cw, bw, res, num)
	}
	pct := func(x float64) string { return num(round(100*x, 2)) }
	_ = cw.Write(RankingHeader)
	for _, d := range res.Demands {
		row := []string{strconv.Itoa(d.Rank), Neutralize(d.Key), Neutralize(d.Title), Neutralize(d.Area),
			strconv.Itoa(d.Picks), pct(d.Share), "", "", "", strconv.Itoa(d.FirstChoices),
			strconv.Itoa(d.Borda), "", strconv.Itoa(d.SchulzeRank)}
		if d.ShareCI != nil {
			row[6], row[7], row[8] = pct(d.ShareCI[0]), pct(d.ShareCI[1]), num(round(Margin(d), 2))
		}
		if d.MeanRank != nil {
			row[11] = num(*d.MeanRank)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	pad := func(cells ...string) []string {
		return append(cells, make([]string, len(RankingHeader)-len(cells))...)
	}
	for _, row := range [][]string{
		pad(),
		pad("Antal svar", strconv.Itoa(res.Responses)),
		pad("Räknemetod", MethodName(res.Method)),
		pad("Lika resultat", TieBreakRule),
		pad("Andel", ShareExplanation+" Andelar och gränser i procent, felmarginalen i procentenheter."),
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

// WriteResponsesCSV writes one row per response (see Rows for what is shown and hidden).
// It walks the responses twice: first to count combinations, then to write.
func WriteResponsesCSV(w io.Writer, c *survey.Campaign, walk Walk, sep rune) error {
	combos := NewCombos(c)
	if err := walk(combos.Add); err != nil {
		return err
	}
	rows := NewRows(c, combos)
	cw, bw, err := newCSV(w, sep)
	if err != nil {
		return err
	}
	_ = cw.Write(append([]string{"Nr"}, rows.Header()...))
	line := make([]string, 0, 1+len(rows.Header()))
	nr := 0
	err = walk(func(r *survey.Response) error {
		nr++
		line = append(append(line[:0], strconv.Itoa(nr)), rows.Row(r)...)
		return cw.Write(line)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
