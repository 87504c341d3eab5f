package xlsx

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"kravlistan/report"

	"github.com/xuri/excelize/v2"
)

// styles are the cell styles the workbook uses.
type styles struct {
	title, subtitle, header, headerNum, label, wrap, note, integer, intBold, percent, pctBold, pctUp, pctDown,
	decimal, points, overlap, text, intLeft int
}

// The colours: one blue for the chart, green and red for significant differences.
const (
	colourBar  = "2F5597"
	colourUp   = "006100"
	colourDown = "9C0006"
)

func newStyles(f *excelize.File) (*styles, error) {
	var s styles
	var err error
	add := func(dst *int, st *excelize.Style) {
		if err == nil {
			*dst, err = f.NewStyle(st)
		}
	}
	top := &excelize.Alignment{WrapText: true, Vertical: "top"}
	fmtStr := func(s string) *string { return &s }
	add(&s.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: top})
	add(&s.subtitle, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}, Alignment: top})
	add(&s.header, &excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom"}})
	add(&s.headerNum, &excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom", Horizontal: "right"}})
	add(&s.label, &excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top})
	add(&s.wrap, &excelize.Style{Alignment: top})
	add(&s.text, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
	add(&s.note, &excelize.Style{Font: &excelize.Font{Italic: true, Color: "404040"}, Alignment: top})
	add(&s.integer, &excelize.Style{NumFmt: 3, Alignment: &excelize.Alignment{Vertical: "top"}}) // #,##0
	add(&s.intBold, &excelize.Style{NumFmt: 3, Font: &excelize.Font{Bold: true},
		Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}, Alignment: &excelize.Alignment{Vertical: "top"}})
	add(&s.intLeft, &excelize.Style{NumFmt: 3, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}})
	add(&s.percent, &excelize.Style{CustomNumFmt: fmtStr("0.0%"), Alignment: &excelize.Alignment{Vertical: "top"}})
	vtop := &excelize.Alignment{Vertical: "top"}
	add(&s.pctBold, &excelize.Style{CustomNumFmt: fmtStr("0.0%"), Font: &excelize.Font{Bold: true}, Alignment: vtop})
	add(&s.pctUp, &excelize.Style{CustomNumFmt: fmtStr(`0.0%" ▲"`), Font: &excelize.Font{Bold: true, Color: colourUp}, Alignment: vtop})
	add(&s.pctDown, &excelize.Style{CustomNumFmt: fmtStr(`0.0%" ▼"`), Font: &excelize.Font{Bold: true, Color: colourDown}, Alignment: vtop})
	add(&s.decimal, &excelize.Style{CustomNumFmt: fmtStr("0.00"), Alignment: &excelize.Alignment{Vertical: "top"}})
	add(&s.points, &excelize.Style{CustomNumFmt: fmtStr(`"± "0.0`), Alignment: &excelize.Alignment{Vertical: "top"}})
	add(&s.overlap, &excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}},
		Alignment: top})
	return &s, err
}

// sheetWriter writes cells one after another and remembers the first error.
type sheetWriter struct {
	f     *excelize.File
	sheet string
	err   error
}

func (w *sheetWriter) set(col, row int, v any, style int) {
	if w.err != nil || v == nil {
		return
	}
	ref := cell(col, row)
	if s, ok := v.(string); ok {
		// SetCellStr always writes a string cell, never a formula.
		w.err = w.f.SetCellStr(w.sheet, ref, report.Neutralize(s))
	} else {
		w.err = w.f.SetCellValue(w.sheet, ref, v)
	}
	if w.err == nil && style != 0 {
		w.err = w.f.SetCellStyle(w.sheet, ref, ref, style)
	}
}

func (w *sheetWriter) style(fromCol, fromRow, toCol, toRow, style int) {
	if w.err == nil {
		w.err = w.f.SetCellStyle(w.sheet, cell(fromCol, fromRow), cell(toCol, toRow), style)
	}
}

func (w *sheetWriter) widths(widths ...float64) {
	for i, width := range widths {
		if w.err == nil {
			w.err = w.f.SetColWidth(w.sheet, colName(i+1), colName(i+1), width)
		}
	}
}

// freeze keeps the first rows in view while scrolling.
func (w *sheetWriter) freeze(rows int) { w.freezeAt(rows, 0) }

// freezeAt keeps the first rows and columns in view while scrolling.
func (w *sheetWriter) freezeAt(rows, cols int) {
	if w.err == nil {
		w.err = w.f.SetPanes(w.sheet, &excelize.Panes{Freeze: true, YSplit: rows, XSplit: cols,
			TopLeftCell: cell(cols+1, rows+1), ActivePane: map[bool]string{true: "bottomRight", false: "bottomLeft"}[cols > 0]})
	}
}

func (w *sheetWriter) filter(fromRow, lastCol, lastRow int) {
	if w.err == nil && lastRow > fromRow {
		w.err = w.f.AutoFilter(w.sheet, cell(1, fromRow)+":"+cell(lastCol, lastRow), nil)
	}
}

// para writes a paragraph of text across columns 1..cols of a row (merged, wrapped) and
// makes the row tall enough for it, given the columns' widths and the type size.
func (w *sheetWriter) para(row, cols int, text string, style int, widths []float64, size float64) {
	w.set(1, row, text, style)
	if w.err == nil && cols > 1 {
		w.err = w.f.MergeCell(w.sheet, cell(1, row), cell(cols, row))
	}
	width := 0.0
	for i := 0; i < cols && i < len(widths); i++ {
		width += widths[i]
	}
	w.height(row, lineHeight(text, width, size))
}

// height sets a row's height in points.
func (w *sheetWriter) height(row int, h float64) {
	if w.err == nil {
		w.err = w.f.SetRowHeight(w.sheet, row, h)
	}
}

// lineHeight estimates the height a wrapped text needs in a cell width characters wide:
// the lines it breaks into at word boundaries (each paragraph on its own), at 15 points a
// line for 11-point type, scaled for other sizes. It errs on the tall side: LibreOffice's
// substitute fonts are wider than Excel's Calibri.
func lineHeight(text string, width, size float64) float64 {
	return float64(wrapLines(text, width*11/size))*15*size/11 + 3
}

// headerHeight is lineHeight for bold heading cells, which take more room.
func headerHeight(text string, width float64) float64 {
	return float64(wrapLines(text, width*0.8))*15 + 3
}

// wrapLines counts the lines text takes in a column of perLine characters, breaking at
// spaces and hyphens, and inside words longer than a line.
func wrapLines(text string, perLine float64) int {
	perLine = math.Max(1, math.Floor(perLine))
	lines := 0
	for _, p := range strings.Split(text, "\n") {
		n, cur := 1, 0.0
		for _, word := range strings.FieldsFunc(p, func(r rune) bool { return r == ' ' }) {
			wl := float64(utf8.RuneCountInString(word))
			switch {
			case cur == 0:
				cur = wl
			case cur+1+wl <= perLine:
				cur += 1 + wl
			default:
				n++
				cur = wl
			}
			for cur > perLine {
				n++
				cur -= perLine
			}
		}
		lines += n
	}
	return lines
}

// headers writes a row of headings and makes it tall enough for the longest. Headings
// from column numFrom on stand over numbers and are right-aligned.
func (w *sheetWriter) headers(row int, heads []string, widths []float64, st *styles, numFrom int) {
	h := 15.0
	for i, t := range heads {
		style := st.header
		if numFrom > 0 && i+1 >= numFrom {
			style = st.headerNum
		}
		w.set(1+i, row, t, style)
		if i < len(widths) {
			h = math.Max(h, headerHeight(t, widths[i]))
		}
	}
	w.height(row, h)
}

// fitRow makes a row tall enough for the wrapped texts in it (text i in column cols[i]).
func (w *sheetWriter) fitRow(row int, widths []float64, texts map[int]string) {
	h := 15.0
	for col, t := range texts {
		h = math.Max(h, lineHeight(t, widths[col-1], 11))
	}
	if h > 15 {
		w.height(row, h)
	}
}

// pageSettings is how a sheet prints.
type pageSettings struct {
	landscape bool
	// pagesHigh fits the sheet to this many pages down (0: as many as needed).
	pagesHigh int
	// titleRows repeats rows 1..titleRows' range on every page: "5:6" repeats rows 5 and 6.
	titleRows string
}

// setPrint sets up a sheet for printing on A4: fit to the page width (as many pages
// down as needed), portrait or landscape, the header rows repeated on every page, and a
// footer with the sheet's name and the page number.
func setPrint(f *excelize.File, sheet string, p pageSettings) error {
	size, one, high := 9, 1, p.pagesHigh
	orientation := "portrait"
	if p.landscape {
		orientation = "landscape"
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation,
		FitToWidth: &one, FitToHeight: &high}); err != nil {
		return err
	}
	yes := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return err
	}
	lr, tb, hf := 0.5, 0.75, 0.3
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &lr, Right: &lr, Top: &tb, Bottom: &tb,
		Header: &hf, Footer: &hf}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&L&A&RSida &P av &N"}); err != nil {
		return err
	}
	if p.titleRows != "" {
		from, to, _ := strings.Cut(p.titleRows, ":")
		return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
			RefersTo: quoteSheet(sheet) + "!$" + from + ":$" + to})
	}
	return nil
}

// swedish formats x with one decimal and a decimal comma, as Swedish text writes numbers.
func swedish(x float64, decimals int) string {
	return strings.Replace(strconv.FormatFloat(x, 'f', decimals, 64), ".", ",", 1)
}

// sum adds up widths.
func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

func writePairwise(w *sheetWriter, st *styles, res *report.Results) {
	widths := []float64{44}
	for range res.Demands {
		widths = append(widths, 11)
	}
	w.widths(widths...)
	w.para(1, len(widths), "Antal svar som satte kravet i raden före kravet i kolumnen. "+
		"Ett valt krav står före alla krav som inte valts; två krav som inte valts räknas som lika.", st.note, widths, 11)
	heads := []string{"Krav"}
	for _, b := range res.Demands {
		heads = append(heads, b.Title)
	}
	w.headers(3, heads, widths, st, 2)
	for i, a := range res.Demands {
		w.set(1, 4+i, a.Title, st.label)
		for j, b := range res.Demands {
			if i != j {
				w.set(2+j, 4+i, res.Pairwise[a.Key][b.Key], st.integer)
			}
		}
		w.height(4+i, lineHeight(a.Title, widths[0], 11))
	}
	w.freezeAt(3, 1)
}
