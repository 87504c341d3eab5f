package main

import (
	"context"
	"encoding/json"
	"kravlistan/cmd/kravlistan/internal/web"
	"kravlistan/report"
	"kravlistan/report/xlsx"
	"kravlistan/survey"
	"kravlistan/survey/sqlite"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestReportParties checks that the report command's JSON carries "parties" and its
// workbook the sheets "Partisvar" and "Uppföljning".
func TestReportParties(t *testing.T) {
	f := newPartyStore(t)
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
		Campaign string         `json:"campaign"`
		Parties  web.PartiesDoc `json:"parties"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	p := doc.Parties.Assemblies[0]
	if doc.Campaign != "demo" || len(doc.Parties.Assemblies) != 1 || len(p.Demands) != 3 || doc.Parties.Published || p.Demands[0].Answers["S"].Answer != survey.AnswerYes ||
		p.Demands[0].Answers["S"].Comment != "=1+1" || p.Demands[0].Majority.Seats != 107 || len(doc.Parties.FollowUps) != 1 ||
		doc.Parties.FollowUps[0].Party != "S" || doc.Parties.FollowUps[0].Status != survey.FollowKept || p.Key != "riksdag" {
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

// partyStore is a campaign "demo" with the default parties and a frozen list of three
// demands, as the organiser leaves it before sending answer links.
type partyStore struct {
	st    *sqlite.Store
	camp  *survey.Campaign
	ps    []sqlite.PartyRow
	items []survey.ListItem
}

func newPartyStore(tb testing.TB) *partyStore {
	tb.Helper()
	ctx := context.Background()
	st, err := sqlite.OpenWith(ctx, filepath.Join(tb.TempDir(), "k.db"), sqlite.Options{Tallier: report.Tallies{}})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if err := st.CreateCampaign(ctx, survey.Demo()); err != nil {
		tb.Fatal(err)
	}
	camp, err := st.Campaign(ctx, "demo")
	if err != nil {
		tb.Fatal(err)
	}
	if err := st.InitParties(ctx, camp.ID); err != nil {
		tb.Fatal(err)
	}
	if err := st.FreezeList(ctx, camp, []survey.ListItem{
		{DemandKey: "heltid", Title: "Heltid som norm", Rank: 1, Picks: 412, Share: 0.62},
		{DemandKey: "visstid", Title: "Avskaffa allmän visstid", Rank: 2, Picks: 380, Share: 0.57},
		{DemandKey: "delade-turer", Title: "Avskaffa delade turer", Rank: 3, Picks: 201, Share: 0.3},
	}); err != nil {
		tb.Fatal(err)
	}
	f := &partyStore{st: st, camp: camp}
	f.ps, _ = st.Parties(ctx, camp.ID)
	f.items, _ = st.PartyList(ctx, camp.ID)
	return f
}

// submit stores party i's answer v to every demand, with comment on the first, as sent.
func (f *partyStore) submit(tb testing.TB, i int, v survey.AnswerValue, comment string) {
	tb.Helper()
	as := make([]survey.Answer, len(f.items))
	for j, it := range f.items {
		as[j] = survey.Answer{ItemID: it.ID, Value: v}
	}
	as[0].Comment = comment
	p, _ := f.st.Party(context.Background(), f.camp.ID, f.ps[i].ID)
	if _, err := f.st.SavePartyAnswers(context.Background(), f.ps[i].ID, p.Status.Version, as, true); err != nil {
		tb.Fatal(err)
	}
}
