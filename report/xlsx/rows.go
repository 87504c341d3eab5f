package xlsx

import (
	"fmt"
	"strconv"

	"kravlistan/report"
	"kravlistan/survey"

	"github.com/xuri/excelize/v2"
)

// streamSheet sets up a streamed sheet with a frozen, filtered header row.
func streamSheet(f *excelize.File, st *styles, name string, header []string, widths []float64, rows int) (*excelize.StreamWriter, error) {
	if _, err := f.NewSheet(name); err != nil {
		return nil, err
	}
	// The autofilter must be set before streaming: the stream writer takes the sheet's
	// settings as they are when it starts.
	if rows > 0 {
		if err := f.AutoFilter(name, "A1:"+cell(len(header), rows+1), nil); err != nil {
			return nil, err
		}
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = h
	}
	return sw, sw.SetRow("A1", cells, excelize.RowOpts{StyleID: st.header})
}

// writeRows streams the "Svar" sheets and "Medlemsförslag" in one walk over the responses.
func writeRows(f *excelize.File, st *styles, c *survey.Campaign, combos *report.Combos, walk report.Walk) error {
	n, proposals := combos.Responses(), combos.Proposals()
	rows := report.NewRows(c, combos)
	prop, err := streamSheet(f, st, SheetProposals, []string{"Svar nr", "Förslag"}, []float64{9, 100}, proposals)
	if err != nil {
		return fmt.Errorf("sheet %s: %w", SheetProposals, err)
	}
	header := append([]string{"Nr"}, rows.Header()...)
	widths := []float64{9, 28}
	for range c.Questions {
		widths = append(widths, 24)
	}
	for range c.MaxPicks {
		widths = append(widths, 30)
	}
	widths = append(widths, 60)

	sheets := ResponseSheets(n)
	var (
		sw          *excelize.StreamWriter
		sheet       = -1
		row, nr, pr int
		cells       = make([]any, len(header))
		ref         []byte
	)
	next := func() error {
		if sw != nil {
			if err := sw.Flush(); err != nil {
				return err
			}
		}
		sheet++
		size := min(rowsPerSheet, n-sheet*rowsPerSheet)
		var err error
		sw, err = streamSheet(f, st, sheets[sheet], header, widths, size)
		row = 1
		return err
	}
	if err := next(); err != nil {
		return err
	}
	// The walk (reading the store, building cells) runs beside the XML writing: on two
	// cores that takes the store's time off the critical path.
	batches, errc := produce(walk, rows, len(header)-1)
	for batch := range batches {
		for _, line := range batch {
			if row == rowsPerSheet+1 {
				if err := next(); err != nil {
					drain(batches)
					return err
				}
			}
			nr++
			row++
			cells[0] = nr
			for i, v := range line {
				if v == "" {
					cells[1+i] = nil // no cell at all: a smaller file
				} else {
					cells[1+i] = v
				}
			}
			ref = append(append(ref[:0], 'A'), strconv.Itoa(row)...)
			if err := sw.SetRow(string(ref), cells); err != nil {
				drain(batches)
				return fmt.Errorf("sheet %s: %w", sheets[sheet], err)
			}
			if p := line[len(line)-1]; p != "" {
				pr++
				if err := prop.SetRow("A"+strconv.Itoa(pr+1), []any{nr, p}); err != nil {
					drain(batches)
					return fmt.Errorf("sheet %s: %w", SheetProposals, err)
				}
			}
		}
	}
	if err := <-errc; err != nil {
		return err
	}
	if nr != n {
		return fmt.Errorf("the responses changed while the report was written (%d, then %d)", n, nr)
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return prop.Flush()
}

// produce walks the responses in a goroutine and sends their cells in batches. The error
// of the walk arrives on the second channel after the first is closed.
func produce(walk report.Walk, rows *report.Rows, width int) (<-chan [][]string, <-chan error) {
	const batchSize = 1024
	batches := make(chan [][]string, 4)
	errc := make(chan error, 1)
	go func() {
		defer close(errc)
		defer close(batches)
		batch := make([][]string, 0, batchSize)
		err := walk(func(r *survey.Response) error {
			batch = append(batch, append(make([]string, 0, width), rows.Row(r)...))
			if len(batch) == batchSize {
				batches <- batch
				batch = make([][]string, 0, batchSize)
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
func drain(batches <-chan [][]string) {
	for range batches {
	}
}
