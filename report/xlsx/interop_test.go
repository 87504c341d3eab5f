package xlsx

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kravlistan/report"
)

func writeWorkbook(t *testing.T) string {
	t.Helper()
	c, rs := testCampaign(), testResponses()
	tl := report.NewTally(c)
	_ = walkOf(rs)(tl.Add)
	var buf bytes.Buffer
	if err := Write(&buf, c, tl.Results(time.Now()), nil, walkOf(rs)); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "rapport.xlsx")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOpensInOpenpyxl reads the workbook with Python's openpyxl, as analysts' scripts do:
// every sheet loads, the ranking is there, the chart survives and the member's formula-like
// proposal is plain text.
func TestOpensInOpenpyxl(t *testing.T) {
	py := needOpenpyxl(t)
	file := writeWorkbook(t)
	script := `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print("sheets=" + "|".join(wb.sheetnames))
ws = wb["Rangordning"]
print("charts=%d" % len(ws._charts))
print("top=%s" % ws.cell(row=5, column=2).value)
for name in wb.sheetnames:
    for row in wb[name].iter_rows():
        for cell in row:
            if cell.data_type == "f":
                print("formula=%s!%s" % (name, cell.coordinate))
            if isinstance(cell.value, str) and "HYPERLINK" in cell.value:
                print("hyperlink_text=%s" % cell.value)
`
	out, err := exec.Command(py, "-c", script, file).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	s := string(out)
	for _, want := range []string{"sheets=Sammanfattning|Rangordning", "Svar", "charts=1", "top=Heltid", "hyperlink_text='=HYPERLINK"} {
		if !strings.Contains(s, want) {
			t.Errorf("openpyxl output lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "formula=") {
		t.Errorf("a cell is a formula:\n%s", s)
	}
}

// TestOpensInLibreOffice converts the workbook with LibreOffice Calc; a file it cannot
// read gives no output.
func TestOpensInLibreOffice(t *testing.T) {
	soffice := needTool(t, "soffice")
	file := writeWorkbook(t)
	out := t.TempDir()
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(out, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", out, file)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	// With sheet -1 LibreOffice writes one file per sheet: every sheet must be there.
	for _, sheet := range []string{SheetSummary, SheetRanking, "Per sektor", "Per arbetsplats", SheetBackground,
		SheetPairwise, SheetProposals, SheetResponses} {
		b, err := os.ReadFile(filepath.Join(out, "rapport-"+sheet+".csv"))
		if err != nil || len(b) == 0 {
			entries, _ := os.ReadDir(out)
			t.Errorf("LibreOffice wrote no sheet %s: %v (%v)", sheet, err, entries)
		}
	}
	csv, err := os.ReadFile(filepath.Join(out, "rapport-Rangordning.csv"))
	if err != nil {
		entries, _ := os.ReadDir(out)
		t.Fatalf("LibreOffice wrote no Rangordning sheet: %v (%v)", err, entries)
	}
	if !strings.Contains(string(csv), "Heltid") || !strings.Contains(string(csv), "Plats") {
		t.Errorf("Rangordning as read by LibreOffice:\n%s", csv)
	}
}
