package xlsx

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"kravlistan/report"
	"kravlistan/survey"

	"github.com/xuri/excelize/v2"
)

// TestSummaryAccess: with one-time codes the method box says so and gives the response
// rate from the codes issued and used (issue 12).
func TestSummaryAccess(t *testing.T) {
	c := testCampaign()
	c.Access = survey.AccessCodes
	rs := testResponses()
	tl := report.NewTally(c)
	_ = walkOf(rs)(tl.Add)
	res := tl.Results(time.Date(2026, 3, 5, 12, 30, 0, 0, time.UTC))
	issued, used := 40, 10
	res.Access = &report.Access{Mode: survey.AccessCodes, CodesIssued: &issued, CodesUsed: &used}
	var buf bytes.Buffer
	if err := WriteWith(&buf, c, res, nil, walkOf(rs), Options{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(SheetSummary)
	box := map[string]string{}
	for _, r := range rows {
		if len(r) > 1 {
			box[r[0]] = r[1]
		}
	}
	if !strings.HasPrefix(box["Vilka kunde svara"], "Engångskoder: varje medlem fick") {
		t.Errorf("Vilka kunde svara: %q", box["Vilka kunde svara"])
	}
	if got := box["Svarsfrekvens"]; got != "25 %: 10 av 40 utdelade engångskoder användes." {
		t.Errorf("Svarsfrekvens: %q", got)
	}
}
