// Package xlsx writes a campaign's report as an Excel workbook: a summary, the ranking
// with a native bar chart, one sheet per breakdown, the pairwise matrix, the members'
// proposals and the raw responses ("Svar", streamed, split over "Svar 2", "Svar 3"... past
// Excel's row limit). Every text a member, organiser or party typed is neutralized so no
// cell can become a formula, and raw rows hide rare combinations of workplace and
// background answers (see report.Rows).
package xlsx

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"io"
	"strconv"

	"kravlistan/report"
	"kravlistan/survey"

	"github.com/xuri/excelize/v2"
)

// The sheet names.
const (
	SheetSummary   = "Sammanfattning"
	SheetRanking   = "Rangordning"
	SheetPairwise  = "Parvisa jämförelser"
	SheetProposals = "Medlemsförslag"
	SheetResponses = "Svar"
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
	if err := writeSummary(f, st, c, res); err != nil {
		return fmt.Errorf("sheet %s: %w", SheetSummary, err)
	}
	if err := writeRanking(f, st, c, res); err != nil {
		return fmt.Errorf("sheet %s: %w", SheetRanking, err)
	}
	for _, b := range res.Breakdowns {
		if err := writeBreakdown(f, st, c, b); err != nil {
			return fmt.Errorf("breakdown %s: %w", b.By, err)
		}
	}
	if err := writePairwise(f, st, res); err != nil {
		return fmt.Errorf("sheet %s: %w", SheetPairwise, err)
	}
	for _, add := range extra {
		if err := add(f, st); err != nil {
			return err
		}
	}
	if err := writeRows(f, st, c, combos, walk); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(w)
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(out, flate.BestSpeed)
		})
		return zw
	})
	// What excelize writes to its own buffer is nothing now: the zip went to w.
	return f.Write(io.Discard)
}

// ResponseSheets returns the names of the "Svar" sheets needed for n responses.
func ResponseSheets(n int) []string {
	names := []string{SheetResponses}
	for i := 2; (i-1)*rowsPerSheet < n; i++ {
		names = append(names, SheetResponses+" "+strconv.Itoa(i))
	}
	return names
}

// BreakdownSheet returns the name of the sheet of the breakdown by the given key.
func BreakdownSheet(by string) string {
	name := "Per " + by
	if by == report.ByWorkplace {
		name = "Per arbetsplats"
	}
	if len(name) > 31 { // keys are ASCII, so bytes are characters
		name = name[:31]
	}
	return name
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
