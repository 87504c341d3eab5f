package xlsx

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// A rawSheet is a worksheet whose XML Kravlistan writes itself, bypassing excelize: the
// raw response rows ("Svar") and the proposals. excelize's stream writer spends most of a
// million-row report escaping and measuring strings and then copies its temporary file
// into the zip; here each row is a few appends of cached, pre-escaped cells, deflated as
// it is made into a temporary file, and copied into the zip unchanged (zip.CreateRaw).
//
// The workbook parts excelize owns (workbook.xml, content types, relationships, defined
// names, styles) are made as for any sheet: the sheet is created empty with
// excelize.NewSheet, and its empty XML is swapped for this one when the zip is written.
type rawSheet struct {
	name   string
	cols   []float64 // column widths
	rows   int       // data rows, without the header
	header []string
	style  int // the header cells' style
	print  pageSetup

	file *os.File
	buf  *bufio.Writer
	fw   *flate.Writer
	crc  hash.Hash32
	size int64 // uncompressed bytes
	row  int   // the last row written (1 = header)
	line []byte
}

// begin opens the sheet's temporary file and writes everything up to the first data row.
func (s *rawSheet) begin() error {
	f, err := os.CreateTemp("", "kravlistan-sheet-*.xml.deflate")
	if err != nil {
		return err
	}
	// The file is removed at once; it lives as long as it is open.
	_ = os.Remove(f.Name())
	s.file = f
	s.buf = bufio.NewWriterSize(f, 256<<10)
	s.fw, _ = flate.NewWriter(s.buf, flate.BestSpeed)
	s.crc = crc32.NewIEEE()

	last := cell(len(s.header), s.rows+1)
	b := []byte(xml.Header)
	b = append(b, `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`...)
	b = append(b, `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:`...)
	b = append(b, last...)
	b = append(b, `"/><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>`...)
	for i, w := range s.cols {
		n := strconv.Itoa(i + 1)
		b = append(b, `<col min="`+n+`" max="`+n+`" width="`...)
		b = strconv.AppendFloat(b, w, 'f', -1, 64)
		b = append(b, `" customWidth="1"/>`...)
	}
	b = append(b, `</cols><sheetData><row r="1">`...)
	for i, h := range s.header {
		b = append(b, `<c r="`...)
		b = append(b, colName(i+1)...)
		b = append(b, `1" s="`...)
		b = strconv.AppendInt(b, int64(s.style), 10)
		b = append(b, `" t="inlineStr"><is>`...)
		b = appendText(b, h)
		b = append(b, `</is></c>`...)
	}
	b = append(b, `</row>`...)
	s.row = 1
	return s.write(b)
}

// pageSetup is the page header and footer of a raw sheet (excelize's header codes, e.g. &P).
type pageSetup struct {
	header, footer string
}

func (s *rawSheet) write(b []byte) error {
	s.size += int64(len(b))
	_, _ = s.crc.Write(b)
	_, err := s.fw.Write(b)
	return err
}

// cellCache holds the escaped <t> elements of the texts that recur on many rows
// (workplaces, answers, demands).
type cellCache map[string][]byte

// addRow writes one data row: the number nr in column A, then the texts.
func (s *rawSheet) addRow(nr int, texts []string, cache cellCache) error {
	s.row++
	r := strconv.AppendInt(make([]byte, 0, 8), int64(s.row), 10)
	b := append(s.line[:0], `<row r="`...)
	b = append(b, r...)
	b = append(b, `"><c r="A`...)
	b = append(b, r...)
	b = append(b, `"><v>`...)
	b = strconv.AppendInt(b, int64(nr), 10)
	b = append(b, `</v></c>`...)
	for i, t := range texts {
		if t == "" {
			continue
		}
		b = append(b, `<c r="`...)
		if i+1 < len(colNames) {
			b = append(b, colNames[i+1]...)
		} else {
			b = append(b, colName(i+2)...)
		}
		b = append(b, r...)
		b = append(b, `" t="inlineStr"><is>`...)
		if x, ok := cache[t]; ok {
			b = append(b, x...)
		} else {
			b = appendText(b, t)
		}
		b = append(b, `</is></c>`...)
	}
	b = append(b, `</row>`...)
	s.line = b
	return s.write(b)
}

// end writes the rest of the sheet: the autofilter and the print settings.
func (s *rawSheet) end() error {
	last := cell(len(s.header), s.row)
	b := []byte(`</sheetData>`)
	if s.row > 1 {
		b = append(b, `<autoFilter ref="A1:`+last+`"/>`...)
	}
	b = append(b, `<printOptions gridLines="1"/><pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`...)
	b = append(b, `<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>`...)
	if s.print.header != "" || s.print.footer != "" {
		b = append(b, `<headerFooter>`...)
		if s.print.header != "" {
			b = append(b, `<oddHeader>`...)
			b = appendEscaped(b, s.print.header)
			b = append(b, `</oddHeader>`...)
		}
		if s.print.footer != "" {
			b = append(b, `<oddFooter>`...)
			b = appendEscaped(b, s.print.footer)
			b = append(b, `</oddFooter>`...)
		}
		b = append(b, `</headerFooter>`...)
	}
	b = append(b, `</worksheet>`...)
	if err := s.write(b); err != nil {
		return err
	}
	if err := s.fw.Close(); err != nil {
		return err
	}
	return s.buf.Flush()
}

// copyTo writes the finished sheet into the zip as the entry name.
func (s *rawSheet) copyTo(zw *zip.Writer, name string) error {
	size, err := s.file.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: s.crc.Sum32(),
		CompressedSize64: uint64(size), UncompressedSize64: uint64(s.size)})
	if err != nil {
		return err
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err = io.Copy(w, s.file)
	return err
}

func (s *rawSheet) close() {
	if s.file != nil {
		_ = s.file.Close()
	}
}

// colNames holds the column letters of the first columns, to make rows without allocating.
var colNames = func() []string {
	n := make([]string, 256)
	for i := range n {
		n[i] = colName(i + 1)
	}
	return n
}()

// appendText appends <t>text</t>, escaped, keeping leading and trailing spaces.
func appendText(b []byte, s string) []byte {
	if s != "" && (s[0] == ' ' || s[len(s)-1] == ' ' || s[0] == '\n' || s[len(s)-1] == '\n') {
		b = append(b, `<t xml:space="preserve">`...)
	} else {
		b = append(b, `<t>`...)
	}
	b = appendEscaped(b, s)
	return append(b, `</t>`...)
}

// appendEscaped appends s escaped for XML text. Characters XML 1.0 does not allow
// (control characters other than tab, newline and carriage return, U+FFFE, U+FFFF and
// invalid UTF-8) become U+FFFD, as encoding/xml does.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '<' && c != '>' && c != '&' && c != '"' {
			i++
			continue
		}
		r, width := utf8.DecodeRuneInString(s[i:])
		var esc string
		switch {
		case r == '<':
			esc = "&lt;"
		case r == '>':
			esc = "&gt;"
		case r == '&':
			esc = "&amp;"
		case r == '"':
			esc = "&quot;"
		case r == '\t':
			esc = "&#x9;"
		case r == '\n':
			esc = "&#xA;"
		case r == '\r':
			esc = "&#xD;"
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || (r == utf8.RuneError && width == 1):
			esc = "\uFFFD"
		default:
			i += width
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		i += width
		last = i
	}
	return append(b, s[last:]...)
}

// rawZip is the zip writer excelize writes the workbook through. It sends every part to
// w except the empty placeholders of the raw sheets, whose own XML it adds on Close.
type rawZip struct {
	zw      *zip.Writer
	sheets  map[string]*rawSheet // by part name, e.g. xl/worksheets/sheet9.xml
	skipped map[string]bool
}

func newRawZip(w io.Writer, sheets map[string]*rawSheet) *rawZip {
	zw := zip.NewWriter(w)
	// The fastest level: it costs some size but halves the time.
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	return &rawZip{zw: zw, sheets: sheets, skipped: map[string]bool{}}
}

func (z *rawZip) Create(name string) (io.Writer, error) {
	if _, ok := z.sheets[name]; ok {
		z.skipped[name] = true
		return io.Discard, nil
	}
	return z.zw.Create(name)
}

func (z *rawZip) AddFS(fsys fs.FS) error { return z.zw.AddFS(fsys) }

func (z *rawZip) Close() error {
	names := slices.Sorted(maps.Keys(z.sheets))
	for _, name := range names {
		s := z.sheets[name]
		if !z.skipped[name] {
			// excelize named the sheet's part otherwise than sheetPart expects.
			return fmt.Errorf("workbook part %s was not written by excelize", name)
		}
		if err := s.copyTo(z.zw, name); err != nil {
			return err
		}
	}
	return z.zw.Close()
}

// sheetPart returns the name of the zip entry of a sheet in a workbook made by
// excelize.NewFile and NewSheet: xl/worksheets/sheet{ID}.xml.
func sheetPart(f *excelize.File, sheet string) (string, error) {
	for id, name := range f.GetSheetMap() {
		if name == sheet {
			return "xl/worksheets/sheet" + strconv.Itoa(id) + ".xml", nil
		}
	}
	return "", errors.New("no sheet " + sheet)
}
