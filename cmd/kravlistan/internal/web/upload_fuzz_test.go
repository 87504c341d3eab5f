package web

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// FuzzReadTable checks that no uploaded file makes the readers panic, and that what they
// return keeps to the upload limits.
func FuzzReadTable(f *testing.F) {
	f.Add("a.csv", []byte("Namn;Kod\r\nHemtjänsten Väst;hv\r\n"))
	f.Add("a.csv", append([]byte{0xFF, 0xFE}, []byte("N\x00a\x00m\x00n\x00\n\x00")...))
	f.Add("a.txt", []byte("Krav\tOmråde\n\"Heltid\"\"\";Arbete\n"))
	x := excelize.NewFile()
	x.SetCellValue("Sheet1", "A1", "Namn")
	x.SetCellValue("Sheet1", "B2", "Hamnen")
	var buf bytes.Buffer
	x.Write(&buf)
	f.Add("a.xlsx", buf.Bytes())
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		tb, err := readTable(name, data)
		if err != nil {
			if uploadKey(err) == "" {
				t.Fatalf("an error without a message key: %v", err)
			}
			return
		}
		if len(tb.Rows) > maxUploadRows || len(tb.Rows) != len(tb.Lines) {
			t.Fatalf("%d rows, %d lines", len(tb.Rows), len(tb.Lines))
		}
		for _, r := range tb.Rows {
			if len(r) > maxUploadCols {
				t.Fatalf("a row of %d cells", len(r))
			}
		}
	})
}
