// Package xlsx writes a campaign's report as an Excel workbook: a summary, the ranking
// with a native bar chart, one sheet per breakdown, the pairwise matrix, the members'
// proposals and the raw responses ("Svar", streamed, split over "Svar 2", "Svar 3"... past
// Excel's row limit). Every text a member, organiser or party typed is neutralized so no
// cell can become a formula, and raw rows hide rare combinations of workplace and
// background answers (see report.Rows).
package xlsx

import (
	"fmt"
	"io"
	"strconv"
	"time"
	_ "time/tzdata" // times in Swedish time on any host

	"kravlistan/report"
	"kravlistan/survey"

	"github.com/xuri/excelize/v2"
)

// The sheet names.
const (
	SheetSummary    = "Sammanfattning"
	SheetRanking    = "Rangordning"
	SheetBackground = "Bakgrund"
	SheetPairwise   = "Parvisa jämförelser"
	SheetProposals  = "Medlemsförslag"
	SheetResponses  = "Svar"
)

// rowsPerSheet is how many responses one "Svar" sheet holds: Excel's 1,048,576 rows less
// the header. Tests lower it.
var rowsPerSheet = excelize.TotalRows - 1

// Write writes the workbook for campaign c with results res to w. walk must deliver the
// responses in random id order. combos are the combinations of workplace and background
// answers of every response, counted beforehand (e.g. in the same walk as the Tally, in
// any order); when combos is nil, Write counts them with an extra walk. extra adds sheets
// after the pairwise comparisons (e.g. PartySheets).
//
// The big sheets are streamed to temporary files; the zip is then written straight to w
// (excelize's own Write would assemble it in memory first, excelize issue 2357), with the
// fastest deflate level, which costs some size but halves the time.
func Write(w io.Writer, c *survey.Campaign, res *report.Results, combos *report.Combos, walk report.Walk, extra ...Extra) error {
	return WriteWith(w, c, res, combos, walk, Options{Extra: extra})
}

// Options are the settings of a workbook beyond the campaign and its results. The zero
// value is valid.
type Options struct {
	// PublicURL is the scheme and host members reach the service at (e.g.
	// https://krav.example.org); the summary gives the campaign's address under it. Empty:
	// the address is given as a path (/s/slug).
	PublicURL string
	// Location is the time zone the workbook gives times in; nil is the campaign's own.
	Location *time.Location
	// Extra adds sheets after the pairwise comparisons (e.g. PartySheets).
	Extra []Extra
}

// WriteWith is Write with options.
func WriteWith(w io.Writer, c *survey.Campaign, res *report.Results, combos *report.Combos, walk report.Walk, o Options) error {
	if o.Location == nil {
		o.Location = c.Location()
	}
	if combos == nil {
		combos = report.NewCombos(c)
		if err := walk(combos.Add); err != nil {
			return err
		}
	}

	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return err
	}
	// Every sheet is made first, in the order of the workbook; the summary and the
	// ranking are filled in after the walk over the responses, which counts their
	// fieldwork figures.
	names := BreakdownSheets(c, res)
	order := append(append([]string{SheetRanking}, names...), SheetBackground, SheetPairwise)
	rates := c.Rates() && res.Scale != nil
	if rates { // a rating campaign (issue 21) has its own sheets instead of the ranking ones
		order = append(RatingSheets(), SheetBackground)
	}
	for _, name := range order {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	for _, add := range o.Extra {
		if err := add(f, st); err != nil {
			return err
		}
	}
	raw, err := addRawSheets(f, st, c, combos)
	if err != nil {
		return err
	}
	// excelize's SetActiveSheet reads every sheet; called before anything is in them, it
	// costs nothing.
	f.SetActiveSheet(0)
	fw, err := raw.write(walk)
	if err != nil {
		return err
	}
	defer raw.close()

	type sheet struct {
		name  string
		page  pageSettings
		write func(*sheetWriter)
	}
	sheets := []sheet{
		{SheetSummary, pageSettings{}, func(w *sheetWriter) { writeSummary(w, st, c, res, fw, o) }},
		{SheetRanking, pageSettings{landscape: true, titleRows: "4:4"}, func(w *sheetWriter) { writeRanking(w, st, c, res, fw) }},
	}
	for i, b := range res.Breakdowns {
		// Two blocks (shares, places): on one page while they fit legibly, else on two;
		// landscape when wide.
		wide := crosstabWidth(res, b) > portraitWidth
		high := 1
		if len(res.Demands) > 25 {
			high = 2
		}
		sheets = append(sheets, sheet{names[i], pageSettings{landscape: wide, pagesHigh: high, titleRows: "5:6"},
			func(w *sheetWriter) { writeCrosstab(w, st, c, res, b) }})
	}
	sheets = append(sheets,
		sheet{SheetBackground, pageSettings{}, func(w *sheetWriter) { writeBackground(w, st, c, res) }},
		sheet{SheetPairwise, pageSettings{landscape: true, titleRows: "3:3"}, func(w *sheetWriter) { writePairwise(w, st, res) }})
	if rates {
		sheets = append(sheets[:1], sheets[len(sheets)-2], sheet{SheetRatings, pageSettings{landscape: true},
			func(w *sheetWriter) {
				// writeRatings fills all three rating sheets; the loop below sets up Betyg.
				if w.err = writeRatings(f, c, res); w.err == nil {
					w.err = setPrint(f, SheetDistribution, pageSettings{landscape: true})
				}
				if w.err == nil {
					w.err = setPrint(f, SheetGroupMeans, pageSettings{landscape: true})
				}
			}})
	}
	for _, s := range sheets {
		w := &sheetWriter{f: f, sheet: s.name}
		s.write(w)
		if w.err == nil {
			w.err = setPrint(f, s.name, s.page)
		}
		if w.err != nil {
			return fmt.Errorf("sheet %s: %w", s.name, w.err)
		}
	}
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return newRawZip(w, raw.parts) })
	// What excelize writes to its own buffer is nothing now: the zip went to w.
	return f.Write(io.Discard)
}

// BreakdownSheets returns the names of the breakdowns' sheets, in the order of
// res.Breakdowns: "Per förbund" and so on (see BreakdownTitle), unique and within
// Excel's 31 characters, never one of the workbook's other sheet names.
func BreakdownSheets(c *survey.Campaign, res *report.Results) []string {
	reserved := []string{SheetSummary, SheetRanking, SheetBackground, SheetPairwise, SheetParties, SheetFollowUps,
		SheetProposals, SheetResponses}
	for i := 2; i <= 10; i++ {
		reserved = append(reserved, SheetResponses+" "+strconv.Itoa(i))
	}
	n := newSheetNamer(reserved...)
	names := make([]string, len(res.Breakdowns))
	for i, b := range res.Breakdowns {
		names[i] = n.name(BreakdownTitle(c, b.By))
	}
	return names
}

// ResponseSheets returns the names of the "Svar" sheets needed for n responses.
func ResponseSheets(n int) []string {
	names := []string{SheetResponses}
	for i := 2; (i-1)*rowsPerSheet < n; i++ {
		names = append(names, SheetResponses+" "+strconv.Itoa(i))
	}
	return names
}

// cell returns the name of the cell at column col and row row (both from 1).
func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}
