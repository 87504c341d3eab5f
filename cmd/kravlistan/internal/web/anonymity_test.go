package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"kravlistan/report"
	"kravlistan/report/xlsx"
	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"
)

// The attacks of issue 11, tried through the web doors: an adversary who subtracts
// published figures, downloads twice and reads raw rows.

// loneRanking is the ballot of the one Handels member at the hospital.
var loneRanking = []string{"busslinjer", "hyresratter", "validering"}

// loneMemberCampaign stores the example as campaign slug, closed and published: at
// the hospital five Kommunal members and one Handels member answered, at the bus depot five
// Handels members. Every group of "per arbetsplats" and "per förbund" has at least 5
// answers, so nothing is suppressed, yet hospital − Kommunal is the lone member.
func loneMemberCampaign(t *testing.T, st *sqlite.Store, slug string) *survey.Campaign {
	t.Helper()
	ctx := context.Background()
	c := survey.Demo()
	c.Slug, c.State = slug, survey.StateClosed
	if err := st.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	var rs []*survey.Response
	add := func(n int, wp, forbund string, ranking ...string) {
		for range n {
			rs = append(rs, &survey.Response{ID: uuid.New(), Channel: survey.ChannelWeb, Day: "2026-03-02", Workplace: wp,
				Background: map[string]string{"forbund": forbund}, Ranking: ranking})
		}
	}
	add(5, "sjukhuset", "kommunal", "heltid", "visstid")
	add(1, "sjukhuset", "handels", loneRanking...)
	add(5, "bussdepan", "handels", "visstid", "bemanning")
	if err := st.InsertResponses(ctx, c.ID, rs); err != nil {
		t.Fatal(err)
	}
	if err := st.SetPublished(ctx, slug, true); err != nil {
		t.Fatal(err)
	}
	c, _ = st.Campaign(ctx, slug)
	return c
}

// loneContribution is what the lone member's ballot adds to each figure of a group.
func loneContribution(c *survey.Campaign) map[string]int {
	f := map[string]int{"responses": 1}
	for _, d := range c.Demands {
		f["picks."+d.Key], f["first."+d.Key], f["borda."+d.Key] = 0, 0, 0
	}
	for i, key := range loneRanking {
		f["picks."+key]++
		if i == 0 {
			f["first."+key]++
		}
		f["borda."+key] += c.MaxPicks - i
	}
	return f
}

// groupFigures returns every count the shown group by/key publishes, by name.
func groupFigures(t *testing.T, res *report.Results, by, key string) map[string]int {
	t.Helper()
	for _, b := range res.Breakdowns {
		for _, g := range b.Groups {
			if b.By != by || g.Key != key {
				continue
			}
			if g.Suppressed || g.Responses == nil {
				t.Fatalf("%s/%s is suppressed: the attack needs it shown", by, key)
			}
			f := map[string]int{"responses": *g.Responses}
			for _, d := range g.Demands {
				f["picks."+d.Key], f["first."+d.Key], f["borda."+d.Key] = d.Picks, d.FirstChoices, d.Borda
			}
			return f
		}
	}
	t.Fatalf("no group %s/%s", by, key)
	return nil
}

// exactly reports whether a − b equals want on every figure.
func exactly(a, b, want map[string]int) bool {
	for k, w := range want {
		if a[k]-b[k] != w {
			return false
		}
	}
	return true
}

func subtract(t *testing.T, c *survey.Campaign, res *report.Results, where string) {
	t.Helper()
	hospital := groupFigures(t, res, report.ByWorkplace, "sjukhuset")
	kommunal := groupFigures(t, res, "forbund", "kommunal")
	if exactly(hospital, kommunal, loneContribution(c)) {
		t.Errorf("%s: hospital − Kommunal is exactly the lone Handels member's ballot", where)
	}
}

func TestLoneMemberThroughResultsJSON(t *testing.T) {
	e, st := apiTestServer(t)
	c := loneMemberCampaign(t, st, "ensam")
	rec := get(e, "/r/ensam/results.json")
	wantStatus(t, rec, http.StatusOK, `"protection"`)
	var res report.Results
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if res.Responses != 11 {
		t.Fatalf("%d responses", res.Responses)
	}
	subtract(t, c, &res, "/r/ensam/results.json")
}

func TestLoneMemberThroughDownloads(t *testing.T) {
	_, st, b := organiserServer(t)
	c := loneMemberCampaign(t, st, "ensam")
	grant(t, st, "olle", "ensam")
	base := "/admin/campaigns/ensam"

	t.Run("JSON", func(t *testing.T) {
		var res report.Results
		if err := json.Unmarshal(b.get(base+"/report.json").Body.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		subtract(t, c, &res, "report.json")
	})

	t.Run("Excel", func(t *testing.T) {
		rec := b.get(base + "/report.xlsx")
		wantStatus(t, rec, http.StatusOK)
		f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		// The crosstabs give each group's base and shares: picks = share × base.
		fromSheet := func(sheet, label string) map[string]int {
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatalf("%s: %v (sheets %v)", sheet, err, f.GetSheetList())
			}
			col := -1
			for i, h := range rows[4] {
				if h == label {
					col = i
				}
			}
			if col < 0 {
				t.Fatalf("%s: no column %q in %v", sheet, label, rows[4])
			}
			base, _ := strconv.Atoi(rows[5][col])
			out := map[string]int{"responses": base}
			for _, d := range c.Demands {
				for _, r := range rows[6 : 6+len(c.Demands)] {
					if r[1] != d.Title {
						continue
					}
					cellText := strings.TrimSpace(strings.TrimRight(r[col], "▲▼ ")) // "80.0% ▲"
					share, err := strconv.ParseFloat(strings.TrimSuffix(cellText, "%"), 64)
					if err != nil {
						t.Fatalf("%s: share %q", sheet, r[col])
					}
					if strings.HasSuffix(cellText, "%") {
						share /= 100
					}
					out["picks."+d.Key] = int(math.Round(share * float64(base)))
				}
			}
			return out
		}
		hospital := fromSheet(xlsx.BreakdownTitle(c, report.ByWorkplace), "Universitetssjukhuset, vårdavdelningarna")
		kommunal := fromSheet(xlsx.BreakdownTitle(c, "forbund"), "Kommunal")
		want := map[string]int{"responses": 1}
		for k, v := range loneContribution(c) {
			if strings.HasPrefix(k, "picks.") {
				want[k] = v
			}
		}
		if exactly(hospital, kommunal, want) {
			t.Errorf("Excel: hospital − Kommunal gives the lone member's picks exactly: %v − %v", hospital, kommunal)
		}
	})

	t.Run("RawRowsCSV", func(t *testing.T) {
		// The lone member's combination (hospital, Handels) is hidden; were it the only
		// hidden row, the breakdowns (hospital 6, only 5 rows say hospital) would pin it.
		rec := b.get(base + "/responses.csv")
		wantStatus(t, rec, http.StatusOK)
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\uFEFF"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		hidden, lone := 0, false
		for _, r := range recs[1:] {
			if r[1] == report.Hidden {
				hidden++
			}
			if strings.Contains(strings.Join(r, "|"), "Busslinjer") && r[1] != report.Hidden {
				t.Errorf("the lone member's row shows its workplace: %v", r)
			}
			if strings.Contains(strings.Join(r, "|"), "Busslinjer") {
				lone = true
			}
			if strings.Contains(strings.Join(r, "|"), "2026-03-02") {
				t.Errorf("a raw row carries the day: %v", r)
			}
		}
		if !lone || hidden < c.AnonymityThreshold {
			t.Errorf("%d hidden rows: the lone row is pinned when fewer than %d are hidden", hidden, c.AnonymityThreshold)
		}
	})

	t.Run("RawRowsExcel", func(t *testing.T) {
		f, err := excelize.OpenReader(bytes.NewReader(b.get(base + "/report.xlsx").Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(xlsx.SheetResponses)
		if err != nil {
			t.Fatal(err)
		}
		hidden := 0
		for _, r := range rows {
			if len(r) > 1 && r[1] == report.Hidden {
				hidden++
			}
		}
		if hidden != 0 && hidden < c.AnonymityThreshold {
			t.Errorf("Excel Svar: %d hidden rows", hidden)
		}
		if hidden == 0 {
			t.Error("Excel Svar: the lone member's combination is shown")
		}
	})
}

// TestTwoDownloadsAnAnswerApart: an organiser downloads report.json, one answer arrives,
// she downloads again. While the campaign is open both come from the same snapshot: not
// even the campaign-wide totals move until k new answers have arrived.
func TestTwoDownloadsAnAnswerApart(t *testing.T) {
	_, st, b := organiserServer(t)
	submit := func(n int, wp, forbund string) {
		submitN(t, st, "demo", n, "2026-03-02", wp, map[string]string{"forbund": forbund})
	}
	submit(10, "sjukhuset", "kommunal")
	submit(10, "bussdepan", "handels")
	download := func() (*report.Results, string) {
		t.Helper()
		rec := b.get("/admin/campaigns/demo/report.json")
		wantStatus(t, rec, http.StatusOK)
		var res report.Results
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		// Everything but the time it was made.
		res.GeneratedAt = res.GeneratedAt.Truncate(24 * 3600e9)
		doc, _ := json.Marshal(res)
		return &res, string(doc)
	}
	before, docBefore := download()
	csvBefore := b.get("/admin/campaigns/demo/responses.csv").Body.String()
	submit(1, "bussdepan", "handels")
	after, docAfter := download()
	if before.Responses != 20 || after.Responses != 20 || docBefore != docAfter {
		t.Errorf("one answer moved the report: %d → %d responses", before.Responses, after.Responses)
	}
	if csv := b.get("/admin/campaigns/demo/responses.csv").Body.String(); csv != csvBefore {
		t.Error("one answer moved the raw rows")
	}
	submit(4, "bussdepan", "handels")
	if later, _ := download(); later.Responses != 25 {
		t.Errorf("after k answers the report shows %d responses, want 25", later.Responses)
	}
}

// TestOnlyRandomIDs: time-based ids (v1: time and MAC address, v7: milliseconds) are
// refused through the API and the form with a clear message; nothing is stored.
func TestOnlyRandomIDs(t *testing.T) {
	e, st := apiTestServer(t)
	ctx := context.Background()
	camp, _ := st.Campaign(ctx, "demo")
	v1, _ := uuid.NewUUID()
	v7, _ := uuid.NewV7()
	for _, id := range []uuid.UUID{v1, v7} {
		rec := do(e, http.MethodPost, "/api/v1/campaigns/demo/responses", jsonType, `{"id":"`+id.String()+`","ranking":["heltid"]}`)
		wantStatus(t, rec, http.StatusUnprocessableEntity, `"field":"id"`, "slumpmässigt UUID (version 4)")
		formID(t, get(e, "/s/demo").Body.String())
		rec = post(e, "/s/demo", url.Values{"id": {id.String()}, "rank-heltid": {"1"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "slumpmässigt UUID (version 4)")
	}
	if n, _ := st.ResponseCount(ctx, camp.ID); n != 0 {
		t.Errorf("%d responses stored", n)
	}
	// Without an id the server mints a random one.
	rec := do(e, http.MethodPost, "/api/v1/campaigns/demo/responses", jsonType, `{"ranking":["heltid"]}`)
	wantStatus(t, rec, http.StatusCreated)
	var out struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	if id, err := uuid.Parse(out.ID); err != nil || !survey.RandomID(id) {
		t.Errorf("minted id %q", out.ID)
	}
}

// TestTextMustBeClean: NUL (raw or as \u0000) and invalid UTF-8 through the API and the
// form get 422 with a clear message and are not stored.
func TestTextMustBeClean(t *testing.T) {
	e, st := apiTestServer(t)
	ctx := context.Background()
	camp, _ := st.Campaign(ctx, "demo")
	for _, tc := range []struct {
		name, body, want string
	}{
		{"APIEscapedNUL", `{"ranking":["heltid"],"proposal":"fler\u0000bussar"}`, "styrtecken"},
		{"APIInvalidUTF8", "{\"ranking\":[\"heltid\"],\"proposal\":\"fler \xff bussar\"}", "UTF-8"},
		{"APIEscape", `{"ranking":["heltid"],"proposal":"fler\u001b[2Jbussar"}`, "styrtecken"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(e, http.MethodPost, "/api/v1/campaigns/demo/responses", jsonType, tc.body)
			wantStatus(t, rec, http.StatusUnprocessableEntity, tc.want)
		})
	}
	for _, tc := range []struct {
		name, proposal, want string
	}{
		{"FormNUL", "fler\x00bussar", "styrtecken"},
		{"FormInvalidUTF8", "fler \xff bussar", "UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := formID(t, get(e, "/s/demo").Body.String())
			rec := post(e, "/s/demo", url.Values{"id": {id}, "rank-heltid": {"1"}, "proposal": {tc.proposal}})
			wantStatus(t, rec, http.StatusUnprocessableEntity, tc.want)
		})
	}
	if n, _ := st.ResponseCount(ctx, camp.ID); n != 0 {
		t.Errorf("%d responses stored", n)
	}
	// A multi-line proposal with CR LF line breaks is fine.
	id := formID(t, get(e, "/s/demo").Body.String())
	wantStatus(t, post(e, "/s/demo", url.Values{"id": {id}, "rank-heltid": {"1"}, "proposal": {"rad ett\r\nrad två"}}), http.StatusSeeOther)
}
