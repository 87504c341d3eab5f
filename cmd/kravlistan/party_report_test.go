package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"kravlistan/report/xlsx"
	"kravlistan/survey"

	"github.com/xuri/excelize/v2"
)

// TestReportParties checks that the report command's JSON carries "parties" and its
// workbook the sheets "Partisvar" and "Uppföljning".
func TestReportParties(t *testing.T) {
	f := newPartyFixture(t)
	ctx := context.Background()
	f.submit(t, 0, survey.AnswerYes, "=1+1")
	if err := f.st.AddFollowUp(ctx, f.camp.ID, &survey.FollowUp{PartyID: f.ps[0].ID, ItemID: f.items[0].ID,
		Status: survey.FollowKept, Day: "2027-06-01", Note: "Beslutat i fullmäktige"}); err != nil {
		t.Fatal(err)
	}
	db := f.st.Path()
	if err := f.st.Close(); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, nil, "report", "-db", db, "demo")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Campaign string     `json:"campaign"`
		Parties  partiesDoc `json:"parties"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	p := doc.Parties
	if doc.Campaign != "demo" || len(p.Demands) != 3 || p.Published || p.Demands[0].Answers["S"].Answer != survey.AnswerYes ||
		p.Demands[0].Answers["S"].Comment != "=1+1" || p.Demands[0].Majority.Seats != 107 || len(p.FollowUps) != 1 ||
		p.FollowUps[0].Party != "S" || p.FollowUps[0].Status != survey.FollowKept {
		t.Fatalf("%+v", p)
	}

	file := filepath.Join(t.TempDir(), "r.xlsx")
	if _, _, err := runCLI(t, nil, "report", "-db", db, "-format", "xlsx", "-o", file, "demo"); err != nil {
		t.Fatal(err)
	}
	r, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	x, err := excelize.OpenReader(r)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if v, _ := x.GetCellValue(xlsx.SheetParties, "E5"); v != "Ja" {
		t.Errorf("Partisvar!E5 = %q", v)
	}
	if v, _ := x.GetCellValue(xlsx.SheetFollowUps, "D4"); v != "Infriat" {
		t.Errorf("Uppföljning!D4 = %q", v)
	}
}
