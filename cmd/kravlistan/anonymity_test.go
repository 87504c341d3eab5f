package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"kravlistan/report"
	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/google/uuid"
)

// TestReportLoneMember is the issue's subtraction attack through `kravlistan report
// -format json`: at the hospital five Kommunal members and one Handels member answered, at
// the bus depot five Handels members; hospital − Kommunal must not be the lone ballot.
// Then two reports an answer apart: while the campaign is open the second report is the
// first, campaign-wide totals included.
func TestReportLoneMember(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "k.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	c := survey.Demo()
	c.State = survey.StateClosed
	if err := st.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	lone := []string{"busslinjer", "hyresratter", "validering"}
	add := func(c *survey.Campaign, n int, wp, forbund string, ranking ...string) {
		for range n {
			r := &survey.Response{ID: uuid.New(), Channel: survey.ChannelAPI, Day: "2026-03-02", Workplace: wp,
				Background: map[string]string{"forbund": forbund}, Ranking: ranking}
			if _, err := st.Submit(ctx, c.ID, r); err != nil {
				t.Fatal(err)
			}
		}
	}
	add(c, 5, "sjukhuset", "kommunal", "heltid", "visstid")
	add(c, 1, "sjukhuset", "handels", lone...)
	add(c, 5, "bussdepan", "handels", "visstid", "bemanning")
	open := survey.Demo()
	open.Slug = "oppen"
	if err := st.CreateCampaign(ctx, open); err != nil {
		t.Fatal(err)
	}
	add(open, 10, "sjukhuset", "kommunal", "heltid")
	st.Close()

	reportOf := func(slug string) (*report.Results, string) {
		t.Helper()
		out, _, err := runCLI(t, nil, "report", "-db", db, "-format", "json", slug)
		if err != nil {
			t.Fatal(err)
		}
		var res report.Results
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		return &res, out
	}
	res, _ := reportOf("demo")
	figures := func(by, key string) map[string]int {
		for _, b := range res.Breakdowns {
			for _, g := range b.Groups {
				if b.By == by && g.Key == key && !g.Suppressed {
					f := map[string]int{"responses": *g.Responses}
					for _, d := range g.Demands {
						f["picks."+d.Key], f["first."+d.Key], f["borda."+d.Key] = d.Picks, d.FirstChoices, d.Borda
					}
					return f
				}
			}
		}
		t.Fatalf("group %s/%s not shown", by, key)
		return nil
	}
	hospital, kommunal := figures(report.ByWorkplace, "sjukhuset"), figures("forbund", "kommunal")
	want := map[string]int{"responses": 1}
	for _, d := range c.Demands {
		want["picks."+d.Key], want["first."+d.Key], want["borda."+d.Key] = 0, 0, 0
	}
	for i, k := range lone {
		want["picks."+k], want["borda."+k] = 1, c.MaxPicks-i
	}
	want["first."+lone[0]] = 1
	same := true
	for k, w := range want {
		if hospital[k]-kommunal[k] != w {
			same = false
		}
	}
	if same {
		t.Error("report -format json: hospital − Kommunal is exactly the lone member's ballot")
	}

	// Two reports an answer apart.
	first, _ := reportOf("oppen")
	st, err = sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	oc, _ := st.Campaign(ctx, "oppen")
	add(oc, 1, "bussdepan", "handels", "visstid")
	st.Close()
	second, _ := reportOf("oppen")
	if first.Responses != 10 || second.Responses != first.Responses {
		t.Errorf("two reports an answer apart: %d then %d responses", first.Responses, second.Responses)
	}
	for i, d := range first.Demands {
		if d.Picks != second.Demands[i].Picks {
			t.Errorf("%s: %d then %d picks", d.Key, d.Picks, second.Demands[i].Picks)
		}
	}
}
