package xlsx

import (
	"fmt"
	"strconv"

	"kravlistan/report"
	"kravlistan/survey"

	"github.com/xuri/excelize/v2"
)

// printedRawRows is how many raw rows ("Svar", "Medlemsförslag") a printout of the
// workbook shows: raw rows are for analysis and filtering, not for reading on paper, and
// 20,000 answers would otherwise print as some 500 pages (their 760 proposals as 24).
// The print area stops there and the page header says so; the file holds every row.
const printedRawRows = 40

// rawRows are the sheets written from the walk over every response: "Medlemsförslag" and
// "Svar" (continued on "Svar 2"… past Excel's row limit).
type rawRows struct {
	c         *survey.Campaign
	combos    *report.Combos
	rows      *report.Rows
	proposals *rawSheet
	svar      []*rawSheet
	parts     map[string]*rawSheet
}

// addRawSheets creates the (empty) sheets and their workbook-level settings: defined
// names for the autofilter and the repeated header row, and the print area.
func addRawSheets(f *excelize.File, st *styles, c *survey.Campaign, combos *report.Combos) (*rawRows, error) {
	x := &rawRows{c: c, combos: combos, rows: report.NewRows(c, combos), parts: map[string]*rawSheet{}}
	n, proposals := combos.Responses(), combos.Proposals()
	x.proposals = &rawSheet{name: SheetProposals, header: []string{"Svar nr", "Förslag"}, cols: []float64{9, 100},
		rows: proposals, style: st.header,
		print: pageSetup{header: "&LMedlemmarnas förslag: utskriften visar bara de första " + strconv.Itoa(printedRawRows) +
			" förslagen. Alla " + thousands(proposals) + " finns i filen.", footer: "&L&A&RSida &P av &N"}}
	header := append([]string{"Nr"}, x.rows.Header()...)
	widths := []float64{9, 28}
	for range c.Questions {
		widths = append(widths, 24)
	}
	for range c.MaxPicks {
		widths = append(widths, 30)
	}
	widths = append(widths, 60)
	for i, name := range ResponseSheets(n) {
		size := min(rowsPerSheet, n-i*rowsPerSheet)
		note := "&LSvaren rad för rad: utskriften visar bara de första " + strconv.Itoa(printedRawRows) +
			" raderna. Alla " + thousands(max(size, 0)) + " rader finns i filen."
		x.svar = append(x.svar, &rawSheet{name: name, header: header, cols: widths, rows: max(size, 0), style: st.header,
			print: pageSetup{header: note, footer: "&L&A&RSida &P av &N"}})
	}
	for _, s := range append([]*rawSheet{x.proposals}, x.svar...) {
		if _, err := f.NewSheet(s.name); err != nil {
			return nil, err
		}
		part, err := sheetPart(f, s.name)
		if err != nil {
			return nil, err
		}
		x.parts[part] = s
		q := quoteSheet(s.name)
		last := colName(len(s.header))
		names := []excelize.DefinedName{{Name: "_xlnm.Print_Titles", RefersTo: q + "!$1:$1", Scope: s.name}}
		if s.rows > 0 {
			names = append(names, excelize.DefinedName{Name: "_xlnm._FilterDatabase", Scope: s.name,
				RefersTo: q + "!$A$1:$" + last + "$" + strconv.Itoa(s.rows+1)})
		}
		names = append(names, excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: s.name,
			RefersTo: q + "!$A$1:$" + last + "$" + strconv.Itoa(min(s.rows, printedRawRows)+1)})
		for _, d := range names {
			if err := f.SetDefinedName(&d); err != nil {
				return nil, fmt.Errorf("sheet %s: %w", s.name, err)
			}
		}
	}
	return x, nil
}

// write walks the responses once, writes every raw sheet and returns the fieldwork
// figures counted on the way. The walk (reading the store, building cells, counting) runs
// beside the XML writing and compression: on two cores that takes the store's time off
// the critical path.
func (x *rawRows) write(walk report.Walk) (*report.Fieldwork, error) {
	defer func() {
		if r := recover(); r != nil {
			x.close()
			panic(r)
		}
	}()
	fw := report.NewFieldwork(x.c)
	cache := cellCache{report.Hidden: appendText(nil, report.Hidden)}
	addCache := func(s string) {
		if s != "" {
			cache[s] = appendText(nil, s)
		}
	}
	for _, w := range x.c.Workplaces {
		addCache(report.Neutralize(w.Name))
	}
	for _, q := range x.c.Questions {
		for _, o := range q.Options {
			addCache(report.Neutralize(o.Label))
		}
	}
	for _, d := range x.c.Demands {
		addCache(report.Neutralize(d.Title))
	}
	for _, s := range append([]*rawSheet{x.proposals}, x.svar...) {
		if err := s.begin(); err != nil {
			x.close()
			return nil, err
		}
	}
	err := x.stream(walk, fw, cache)
	if err == nil {
		for _, s := range append([]*rawSheet{x.proposals}, x.svar...) {
			if err = s.end(); err != nil {
				break
			}
		}
	}
	if err != nil {
		x.close()
		return nil, err
	}
	return fw, nil
}

func (x *rawRows) stream(walk report.Walk, fw *report.Fieldwork, cache cellCache) error {
	n := x.combos.Responses()
	sheet, nr := 0, 0
	// The walk's goroutine only reads the store and copies; hiding, labels, XML and
	// compression run here, on the other core.
	err := report.Pipelined(walk, x.c)(func(r *survey.Response) error {
		_ = fw.Add(r)
		line := x.rows.Row(r)
		if nr == (sheet+1)*rowsPerSheet {
			sheet++
		}
		nr++
		if sheet >= len(x.svar) {
			return nil // counted below as a changed set of responses
		}
		if err := x.svar[sheet].addRow(nr, line, cache); err != nil {
			return fmt.Errorf("sheet %s: %w", x.svar[sheet].name, err)
		}
		if p := line[len(line)-1]; p != "" {
			if err := x.proposals.addRow(nr, []string{p}, nil); err != nil {
				return fmt.Errorf("sheet %s: %w", SheetProposals, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if nr != n || x.proposals.row-1 != x.combos.Proposals() {
		return fmt.Errorf("the responses changed while the report was written (%d, then %d)", n, nr)
	}
	return nil
}

func (x *rawRows) close() {
	for _, s := range append([]*rawSheet{x.proposals}, x.svar...) {
		s.close()
	}
}

// quoteSheet quotes a sheet name for a reference ('Svar 2'!$A$1).
func quoteSheet(name string) string {
	q := []byte{'\''}
	for i := 0; i < len(name); i++ {
		if name[i] == '\'' {
			q = append(q, '\'')
		}
		q = append(q, name[i])
	}
	return string(append(q, '\''))
}
