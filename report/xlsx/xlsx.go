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
	return WriteWith(w, c, res, combos, walk, Options{Extra: extra})
}

// Options are the settings of a workbook beyond the campaign and its results. The zero
// value is valid.
type Options struct {
	// PublicURL is the scheme and host members reach the service at (e.g.
	// https://krav.example.org); the summary gives the campaign's address under it. Empty:
	// the address is given as a path (/s/slug).
	PublicURL string
	// Location is the time zone the workbook gives times in; nil is Europe/Stockholm, the
	// time zone of every campaign until campaigns get their own.
	Location *time.Location
	// Extra adds sheets after the pairwise comparisons (e.g. PartySheets).
	Extra []Extra
}

// WriteWith is Write with options.
func WriteWith(w io.Writer, c *survey.Campaign, res *report.Results, combos *report.Combos, walk report.Walk, o Options) error {
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
	for _, add := range o.Extra {
		if err := add(f, st); err != nil {
			return err
		}
	}
	raw, err := addRawSheets(f, st, c, combos)
	if err != nil {
		return err
	}
	// Before any sheet is written: excelize's SetActiveSheet reads every sheet back.
	f.SetActiveSheet(0)
	if _, err := raw.write(walk); err != nil {
		return err
	}
	defer raw.close()
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return newRawZip(w, raw.parts) })
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
