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
	batches, errc := produce(walk, x.c)
	sheet, nr := 0, 0
	// One response, rebuilt from each copy: Rows and Fieldwork read it, nothing keeps it.
	r := survey.Response{Background: map[string]string{}}
	for batch := range batches {
		for i := range batch {
			batch[i].fill(&r, x.c)
			_ = fw.Add(&r)
			line := x.rows.Row(&r)
			if nr == (sheet+1)*rowsPerSheet {
				sheet++
			}
			nr++
			if sheet >= len(x.svar) {
				continue // counted below as a changed set of responses
			}
			if err := x.svar[sheet].addRow(nr, line, cache); err != nil {
				drain(batches)
				return fmt.Errorf("sheet %s: %w", x.svar[sheet].name, err)
			}
			if p := line[len(line)-1]; p != "" {
				if err := x.proposals.addRow(nr, []string{p}, nil); err != nil {
					drain(batches)
					return fmt.Errorf("sheet %s: %w", SheetProposals, err)
				}
			}
		}
	}
	if err := <-errc; err != nil {
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

// response is what the raw sheets need of a response, copied out of the walk (whose
// Response is reused): the walk's goroutine only reads the store and copies, and
// everything else (hiding, labels, XML, compression) runs on the other core, which
// balances the two on a two-core machine.
type response struct {
	workplace, day, proposal string
	channel                  survey.Channel
	ranking                  []string
	background               []string // the answers in question order, "" when none
}

func (c *response) fill(r *survey.Response, camp *survey.Campaign) {
	r.Workplace, r.Day, r.Proposal, r.Channel, r.Ranking = c.workplace, c.day, c.proposal, c.channel, c.ranking
	clear(r.Background)
	for i, q := range camp.Questions {
		if v := c.background[i]; v != "" {
			r.Background[q.Key] = v
		}
	}
}

// produce walks the responses in a goroutine and sends copies of them in batches. The
// error of the walk arrives on the second channel after the first is closed.
func produce(walk report.Walk, c *survey.Campaign) (<-chan []response, <-chan error) {
	const batchSize = 1024
	batches := make(chan []response, 4)
	errc := make(chan error, 1)
	go func() {
		defer close(errc)
		defer close(batches)
		// The strings of a batch's rankings and answers share one backing array: two
		// allocations a batch instead of two a response.
		width := c.MaxPicks + len(c.Questions)
		batch := make([]response, 0, batchSize)
		strs := make([]string, 0, batchSize*width)
		err := walk(func(r *survey.Response) error {
			if cap(strs)-len(strs) < len(r.Ranking)+len(c.Questions) {
				strs = make([]string, 0, max(batchSize*width, len(r.Ranking)+len(c.Questions)))
			}
			start := len(strs)
			strs = append(strs, r.Ranking...)
			mid := len(strs)
			for _, q := range c.Questions {
				strs = append(strs, r.Background[q.Key])
			}
			batch = append(batch, response{workplace: r.Workplace, day: r.Day, proposal: r.Proposal, channel: r.Channel,
				ranking: strs[start:mid:mid], background: strs[mid:len(strs):len(strs)]})
			if len(batch) == batchSize {
				batches <- batch
				batch = make([]response, 0, batchSize)
				strs = make([]string, 0, batchSize*width)
			}
			return nil
		})
		if err == nil && len(batch) > 0 {
			batches <- batch
		}
		errc <- err
	}()
	return batches, errc
}

// drain lets the producer finish after the consumer gave up.
func drain(batches <-chan []response) {
	for range batches {
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
