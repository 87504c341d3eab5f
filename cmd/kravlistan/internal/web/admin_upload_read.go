package web

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Reading an uploaded spreadsheet (.xlsx or .csv) into rows of text, independent of HTTP.
// What Swedish offices actually send is the rule: Excel's "CSV (semikolonavgränsad)" is
// Windows-1252 with ";" between fields, sometimes with a BOM; "Unicode text" is UTF-16
// with tabs. The encoding and separator are detected, never asked for.

// Limits of an upload.
const (
	maxUploadBytes = 2 << 20  // 2 MiB: thousands of rows of text
	maxUploadRows  = 5000     // rows with content
	maxUnzipBytes  = 32 << 20 // an .xlsx may not unpack to more (zip bombs)
	maxUploadCols  = 50       // columns: a list needs four or five; XFD (16,384) is an attack
)

// uploadError is a problem with the whole file, shown in the organiser's language:
// Key is an "org.up.err.*" catalogue key.
type uploadError struct {
	Key  string
	Args []any
}

func (e *uploadError) Error() string { return fmt.Sprint("upload: ", e.Key, e.Args) }

// table is a sheet's non-empty rows with the row numbers a spreadsheet program shows.
type table struct {
	Rows  [][]string
	Lines []int
}

func (t *table) add(line int, cells []string) error {
	for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	if len(cells) > maxUploadCols {
		return &uploadError{Key: "org.up.err.cols", Args: []any{maxUploadCols}}
	}
	empty := true
	for i, s := range cells {
		cells[i] = strings.TrimSpace(s)
		if cells[i] != "" {
			empty = false
		}
	}
	if empty {
		return nil
	}
	if len(t.Rows) >= maxUploadRows {
		return &uploadError{Key: "org.up.err.rows", Args: []any{maxUploadRows}}
	}
	t.Rows = append(t.Rows, cells)
	t.Lines = append(t.Lines, line)
	return nil
}

// readTable reads an uploaded file named name. The type is decided by the content (an
// .xlsx is a zip, an old .xls an OLE file) and the name, so a renamed file is still read
// right or refused with a clear message.
func readTable(name string, data []byte) (*table, error) {
	if len(data) > maxUploadBytes {
		return nil, &uploadError{Key: "org.up.err.size", Args: []any{maxUploadBytes >> 20}}
	}
	ext := strings.ToLower(path.Ext(name))
	switch {
	case len(data) == 0:
		return nil, &uploadError{Key: "org.up.err.empty"}
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return readXLSX(data)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) || ext == ".xls":
		return nil, &uploadError{Key: "org.up.err.xls"}
	case ext == ".csv" || ext == ".txt" || ext == ".tsv" || ext == "":
		if bytes.IndexByte(data, 0) >= 0 && !hasUTF16BOM(data) {
			return nil, &uploadError{Key: "org.up.err.type"}
		}
		return readCSV(data)
	}
	return nil, &uploadError{Key: "org.up.err.type"}
}

func readXLSX(data []byte) (*table, error) {
	if err := checkXLSXColumns(data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipBytes, UnzipXMLSizeLimit: maxUnzipBytes})
	if err != nil {
		return nil, &uploadError{Key: "org.up.err.xlsx"}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, &uploadError{Key: "org.up.err.empty"}
	}
	// The sheet the file opens on is the one the organiser looked at last.
	sheet := f.GetSheetName(f.GetActiveSheetIndex())
	if sheet == "" {
		sheet = sheets[0]
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, &uploadError{Key: "org.up.err.xlsx"}
	}
	defer rows.Close()
	t := &table{}
	for line := 1; rows.Next(); line++ {
		cells, err := rows.Columns()
		if err != nil {
			return nil, &uploadError{Key: "org.up.err.xlsx"}
		}
		if err := t.add(line, cells); err != nil {
			return nil, err
		}
	}
	if rows.Error() != nil {
		return nil, &uploadError{Key: "org.up.err.xlsx"}
	}
	return t, nil
}

func hasUTF16BOM(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF})
}

// decodeText turns the bytes of a text file into UTF-8: a UTF-16 BOM means UTF-16, valid
// UTF-8 stays (BOM dropped), and anything else is taken as Windows-1252, what Excel on a
// Swedish or Norwegian Windows writes.
func decodeText(b []byte) (string, error) {
	switch {
	case hasUTF16BOM(b):
		out, _, err := transform.Bytes(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder(), b)
		if err != nil {
			return "", &uploadError{Key: "org.up.err.encoding"}
		}
		return strings.TrimPrefix(string(out), "\uFEFF"), nil
	case utf8.Valid(b):
		return strings.TrimPrefix(string(b), "\uFEFF"), nil
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return "", &uploadError{Key: "org.up.err.encoding"}
	}
	return string(out), nil
}

// sniffSeparator picks the separator of a CSV text: whichever of ; , and tab occurs most
// often outside quotes in the first line with content. Ties go to ';' (Swedish Excel),
// and a one-column file gets ','.
func sniffSeparator(text string) rune {
	for line := range strings.SplitSeq(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		counts := map[rune]int{}
		quoted := false
		for _, r := range line {
			switch {
			case r == '"':
				quoted = !quoted
			case !quoted && (r == ';' || r == ',' || r == '\t'):
				counts[r]++
			}
		}
		best := ','
		for _, r := range []rune{';', '\t', ','} {
			if counts[r] > counts[best] || (counts[r] == counts[best] && counts[r] > 0 && r == ';') {
				best = r
			}
		}
		return best
	}
	return ','
}

func readCSV(data []byte) (*table, error) {
	text, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = sniffSeparator(text)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	t := &table{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, &uploadError{Key: "org.up.err.csv", Args: []any{pe.StartLine}}
		} else if err != nil {
			return nil, &uploadError{Key: "org.up.err.csv", Args: []any{0}}
		}
		line, _ := cr.FieldPos(0)
		if err := t.add(line, rec); err != nil {
			return nil, err
		}
	}
	if len(t.Rows) == 0 {
		return nil, &uploadError{Key: "org.up.err.empty"}
	}
	return t, nil
}

// checkXLSXColumns refuses a workbook with a cell beyond column maxUploadCols before
// excelize reads it: excelize fills every row up to its last cell, so one cell in column
// XFD on 5,000 rows made 80 million strings (6 s, 2 GB for a 55 KB file). It reads the
// cell references of every worksheet as they unpack, at most maxUnzipBytes in all.
func checkXLSXColumns(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return &uploadError{Key: "org.up.err.xlsx"}
	}
	budget := int64(maxUnzipBytes)
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") || !strings.HasSuffix(zf.Name, ".xml") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return &uploadError{Key: "org.up.err.xlsx"}
		}
		xml, err := io.ReadAll(io.LimitReader(rc, budget+1))
		rc.Close()
		if err != nil {
			return &uploadError{Key: "org.up.err.xlsx"}
		}
		if budget -= int64(len(xml)); budget < 0 {
			return &uploadError{Key: "org.up.err.xlsx"}
		}
		for rest := xml; ; {
			// Any r="…" attribute: a cell's reference whatever its prefix or attribute
			// order (a row's r is digits only).
			i := bytes.Index(rest, []byte(` r="`))
			if i < 0 {
				break
			}
			rest = rest[i+4:]
			col := 0
			for _, ch := range rest {
				if ch < 'A' || ch > 'Z' {
					break
				}
				if col = col*26 + int(ch-'A'+1); col > maxUploadCols {
					return &uploadError{Key: "org.up.err.cols", Args: []any{maxUploadCols}}
				}
			}
		}
	}
	return nil
}
