package web

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"kravlistan/cmd/kravlistan/internal/i18n"
	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// win1252 encodes s as Excel on a Swedish Windows saves it.
func win1252(t testing.TB, s string) []byte {
	t.Helper()
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// xlsxFile makes an .xlsx with the given rows (nil rows stay empty) on its first sheet.
func xlsxFile(t testing.TB, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func uploadKey(err error) string {
	var ue *uploadError
	if errors.As(err, &ue) {
		return ue.Key
	}
	return ""
}

func TestReadTable(t *testing.T) {
	swedishExcel := append([]byte{0xEF, 0xBB, 0xBF}, []byte("Namn;Kod\r\nHemtjänsten Väst;hv\r\n")...)
	for _, tc := range []struct {
		name  string
		file  string
		data  []byte
		want  [][]string
		lines []int
		err   string
	}{
		{name: "Windows1252Semicolon", file: "lista.csv",
			data:  win1252(t, "Namn;Kod\r\nÅkeriet i Öre;\r\n;;\r\n\r\n\"Lager; Skärholmen\";lager\r\n"),
			want:  [][]string{{"Namn", "Kod"}, {"Åkeriet i Öre", ""}, {"Lager; Skärholmen", "lager"}},
			lines: []int{1, 2, 5}},
		{name: "UTF8WithBOM", file: "lista.csv", data: swedishExcel,
			want: [][]string{{"Namn", "Kod"}, {"Hemtjänsten Väst", "hv"}}, lines: []int{1, 2}},
		{name: "CommaSeparated", file: "x.CSV", data: []byte("name,code\nDepå Norr,depa\n"),
			want: [][]string{{"name", "code"}, {"Depå Norr", "depa"}}, lines: []int{1, 2}},
		{name: "OneColumn", file: "x.csv", data: []byte("Sjukhuset\nSkolan\n"),
			want: [][]string{{"Sjukhuset"}, {"Skolan"}}, lines: []int{1, 2}},
		{name: "UTF16Tabs", file: "x.txt", data: utf16le("Namn\tKod\r\nMålarverkstan\tm\r\n"),
			want: [][]string{{"Namn", "Kod"}, {"Målarverkstan", "m"}}, lines: []int{1, 2}},
		{name: "XLSX", file: "lista.xlsx",
			data:  xlsxFile(t, [][]string{{"Arbetsplats", "Kod"}, {"Äldreboendet Solgården", "solgarden"}, nil, {" Busshallen ", ""}}),
			want:  [][]string{{"Arbetsplats", "Kod"}, {"Äldreboendet Solgården", "solgarden"}, {"Busshallen"}},
			lines: []int{1, 2, 4}},
		{name: "XLSXRenamedCSV", file: "lista.csv", data: xlsxFile(t, [][]string{{"Namn"}, {"A"}}),
			want: [][]string{{"Namn"}, {"A"}}, lines: []int{1, 2}},
		{name: "ErrEmpty", file: "x.csv", data: []byte("\r\n;;\r\n"), err: "org.up.err.empty"},
		{name: "ErrPDF", file: "x.pdf", data: []byte("%PDF-1.4"), err: "org.up.err.type"},
		{name: "ErrBinaryAsCSV", file: "x.csv", data: []byte("\x00\x01\x02"), err: "org.up.err.type"},
		{name: "ErrOldExcel", file: "x.xls", data: []byte{0xD0, 0xCF, 0x11, 0xE0, 1, 2}, err: "org.up.err.xls"},
		{name: "ErrBrokenZip", file: "x.xlsx", data: []byte("PK\x03\x04garbage"), err: "org.up.err.xlsx"},
		{name: "ErrTooLarge", file: "x.csv", data: bytes.Repeat([]byte("a\n"), maxUploadBytes/2+1), err: "org.up.err.size"},
		{name: "ErrTooManyRows", file: "x.csv", data: bytes.Repeat([]byte("a\n"), maxUploadRows+1), err: "org.up.err.rows"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb, err := readTable(tc.file, tc.data)
			if tc.err != "" {
				if got := uploadKey(err); got != tc.err {
					t.Fatalf("error %v (%q), want %s", err, got, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(tb.Rows) != len(tc.want) {
				t.Fatalf("rows %q, want %q", tb.Rows, tc.want)
			}
			for i := range tc.want {
				got := strings.Join(tb.Rows[i], "|")
				want := strings.Join(tc.want[i], "|")
				if strings.TrimRight(got, "|") != strings.TrimRight(want, "|") || tb.Lines[i] != tc.lines[i] {
					t.Errorf("row %d: %q at line %d, want %q at %d", i, got, tb.Lines[i], want, tc.lines[i])
				}
			}
		})
	}
}

func utf16le(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func TestSniffSeparator(t *testing.T) {
	for in, want := range map[string]rune{
		"a;b;c":          ';',
		"a,b,c":          ',',
		"a\tb":           '\t',
		`"x, y, z";b`:    ';',
		"\n\n  \nname,x": ',',
		"a;b,c":          ';',
		"alone":          ',',
	} {
		if got := sniffSeparator(in); got != want {
			t.Errorf("sniffSeparator(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckRows(t *testing.T) {
	camp := survey.Demo() // has workplaces sjukhuset, hemtjansten-norr, ...
	tb, err := readTable("wp.csv", win1252(t, strings.Join([]string{
		"Kod;Namn",                     // 1: heading, columns in another order
		";Åkeriet Öst",                 // 2: code made from the name
		"lager;Lagret",                 // 3
		"lager;Lagret Syd",             // 4: duplicate code
		";Åkeriet Öst",                 // 5: duplicate name
		"sjukhuset;Nya sjukhuset",      // 6: clashes with the campaign
		"bad code!;Verkstaden",         // 7: invalid code
		"x;",                           // 8: name missing
		";hemtjänsten norr",            // 9: a workplace the campaign has
		"akeriet-ost;Åkeriet Öst två",  // 10: the generated code of row 2 (reserved for the file)
		";" + strings.Repeat("x", 201), // 11: too long
	}, "\r\n")))
	if err != nil {
		t.Fatal(err)
	}
	rows, ferrs := rowsFromTable(uploadWorkplaces, tb)
	if ferrs != nil {
		t.Fatal(ferrs)
	}
	bad := checkRows(testEngine(t), camp, uploadWorkplaces, rows, "sv")
	want := map[int][]string{
		2:  nil,
		3:  nil,
		4:  {`Kod: "lager" finns redan på rad 3`},
		5:  {`Namn: "Åkeriet Öst" finns redan på rad 2`},
		6:  {`Kod: "sjukhuset" används redan i kampanjen; förslag: "sjukhuset-2"`},
		7:  {"Kod: " + survey.Message("sv", "bad_key")},
		8:  {"Namn: måste fyllas i"},
		9:  {`Namn: arbetsplatsen "hemtjänsten norr" finns redan i kampanjen (kod "hemtjansten-norr")`},
		10: nil,
		11: {"Namn: får vara högst 200 tecken"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for _, r := range rows {
		var got []string
		for _, e := range r.Errs {
			got = append(got, e.String())
		}
		if strings.Join(got, "; ") != strings.Join(want[r.Line], "; ") {
			t.Errorf("row %d errors %q, want %q", r.Line, r.Errs, want[r.Line])
		}
	}
	if rows[0].Key != "akeriet-ost-2" || !rows[0].Generated {
		t.Errorf("row 2 code %q (generated %v): a generated code must avoid codes the file gives", rows[0].Key, rows[0].Generated)
	}
	if bad != 7 {
		t.Errorf("%d bad rows, want 7", bad)
	}

	t.Run("Demands", func(t *testing.T) {
		tb, err := readTable("krav.xlsx", xlsxFile(t, [][]string{
			{"Område", "Krav", "Beskrivning"},
			{"Arbetsmiljö", "Fler skyddsombud", "Regionala skyddsombud på fler arbetsplatser."},
			{"", "Heltid som norm i kommuner och regioner", ""},
		}))
		if err != nil {
			t.Fatal(err)
		}
		rows, ferrs := rowsFromTable(uploadDemands, tb)
		if ferrs != nil {
			t.Fatal(ferrs)
		}
		if bad := checkRows(testEngine(t), camp, uploadDemands, rows, "en"); bad != 1 {
			t.Fatalf("%d bad rows: %+v", bad, rows)
		}
		if r := rows[0]; r.Key != "fler-skyddsombud" || r.Area != "Arbetsmiljö" || r.Line != 2 || r.Errs != nil {
			t.Errorf("row 2: %+v", r)
		}
		if got := fmt.Sprint(rows[1].Errs); !strings.Contains(got, `already in the campaign (key "heltid")`) {
			t.Errorf("row 3: %q", got)
		}
	})

	t.Run("HeadingWithoutName", func(t *testing.T) {
		tb, _ := readTable("x.csv", []byte("Kod;Övrigt\r\nabc;x\r\n"))
		if _, ferrs := rowsFromTable(uploadWorkplaces, tb); len(ferrs) != 1 || ferrs[0].Key != "org.up.err.noname.workplaces" {
			t.Errorf("got %+v", ferrs)
		}
	})
}

// testEngine returns the template engine with the real catalogue.
func testEngine(tb testing.TB) *view.Engine {
	tb.Helper()
	v, err := view.New(i18n.New())
	if err != nil {
		tb.Fatal(err)
	}
	return v
}
