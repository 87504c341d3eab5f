package web

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"kravlistan/report"
	"kravlistan/survey"

	"github.com/chromedp/chromedp"
)

// rateResultsCampaign turns resultsCampaign's copy of the demo into the rating demo.
func rateResultsCampaign(slug string, method survey.Method) func(*survey.Campaign) {
	return func(c *survey.Campaign) {
		*c = *survey.DemoRating()
		c.Slug, c.Method = slug, method
	}
}

func TestResultsRate(t *testing.T) {
	e, st := apiTestServer(t)
	resultsCampaign(t, st, "betyg", survey.StateClosed, 400, true, rateResultsCampaign("betyg", survey.MethodMean))
	resultsCampaign(t, st, "betyg-topp", survey.StateClosed, 400, true, rateResultsCampaign("betyg-topp", survey.MethodTopBox))

	var res report.Results
	rec := get(e, "/r/betyg/results.json")
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || rec.Code != 200 {
		t.Fatalf("results.json: %d %v", rec.Code, err)
	}
	if res.Ballot != survey.BallotRate || res.Scale == nil || len(res.Demands) != 21 {
		t.Fatalf("results.json: ballot %q scale %v, %d demands", res.Ballot, res.Scale, len(res.Demands))
	}
	for i, d := range res.Demands {
		r := d.Ratings
		if r == nil || r.Mean == nil || r.MeanCI == nil || r.TopBox == nil || r.TopBoxCI == nil || len(r.Distribution) != 10 {
			t.Fatalf("%s: ratings %+v", d.Key, r)
		}
		sum := 0
		for _, k := range r.Distribution {
			sum += k
		}
		if sum != r.N || r.N+r.Skipped != res.Responses {
			t.Errorf("%s: distribution adds up to %d, n %d, skipped %d, responses %d", d.Key, sum, r.N, r.Skipped, res.Responses)
		}
		if i > 0 && *res.Demands[i-1].Ratings.Mean < *r.Mean {
			t.Errorf("headline order not by mean at %d: %v < %v", i, *res.Demands[i-1].Ratings.Mean, *r.Mean)
		}
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, rec.Body.Bytes()); err != nil {
		t.Fatal(err)
	}
	raw := compact.String()
	for _, k := range []string{`"ratings":{"n":`, `"mean":`, `"mean_ci":[`, `"median":`, `"distribution":[`, `"top_box":`, `"top_box_ci":[`} {
		if !strings.Contains(raw, k) {
			t.Errorf("results.json lacks %s", k)
		}
	}

	first := res.Demands[0]
	body := get(e, "/r/betyg?lang=sv").Body.String()
	mean := strings.Replace(strconv.FormatFloat(math.Round(*first.Ratings.Mean*10)/10, 'f', 1, 64), ".", ",", 1)
	for _, w := range []string{"Så betygsatte medlemmarna kraven", "Medelbetyg (1–10)", "Andel som gav 8–10", "Antal betyg",
		"Listan är ordnad efter medelbetyget", "Lika medelbetyg avgörs av andelen som gav 8–10",
		`<tr id="d-` + first.Key + `"><td class="num rank">1</td>`, `<span class="pct">` + mean + `</span>`,
		"konfidensintervall för medelbetyget"} {
		if !strings.Contains(body, w) {
			t.Errorf("results page lacks %q", w)
		}
	}
	if strings.Contains(body, "Andel som valde kravet") || strings.Count(body, "<tr id=\"d-") != 21 {
		t.Error("the results page shows ranking columns or not every demand")
	}
	if b := get(e, "/r/betyg-topp?lang=en").Body.String(); !strings.Contains(b, "The list is ordered by the share of those who rated a demand who gave it 8–10") {
		t.Error("top-box ordering not explained")
	}
	list := get(e, "/r/betyg/kravlista?lang=sv").Body.String()
	for _, w := range []string{"De 10 krav som medlemmarna gav högst betyg", `class="klist rated"`, `<span class="kb" aria-hidden="true">`,
		"Siffrorna är medelbetyget på skalan 1–10 och andelen som gav 8–10.", "medelbetyg " + mean + " av 10"} {
		if !strings.Contains(list, w) {
			t.Errorf("printable list lacks %q", w)
		}
	}
	if n := strings.Count(list, `<li id="k-`); n != 10 {
		t.Errorf("%d demands on the printed list, want 10", n)
	}
}

func TestFmtDec(t *testing.T) {
	for _, tc := range []struct {
		lang string
		x    float64
		want string
	}{{"sv", 7.25, "7,3"}, {"nb", 10, "10,0"}, {"en", 4.333, "4.3"}} {
		if got := fmtDec(tc.lang, tc.x); got != tc.want {
			t.Errorf("fmtDec(%s, %v) = %q, want %q", tc.lang, tc.x, got, tc.want)
		}
	}
}

// TestBrowserRateResults prints the rating campaign's list on one A4 page (all 21
// statements too), runs axe on the results page and the list, and checks the page at
// phone width.
func TestBrowserRateResults(t *testing.T) {
	e, st := apiTestServer(t)
	resultsCampaign(t, st, "betyg", survey.StateClosed, 400, true, rateResultsCampaign("betyg", survey.MethodMean))
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	ctx := newTab(t, true)
	for _, path := range []string{"/r/betyg/kravlista?lang=sv", "/r/betyg/kravlista?n=all&lang=nb"} {
		do1(t, ctx, chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(`.klist`))
		axeCheck(t, ctx)
		for _, css := range []bool{true, false} {
			pdf := printPDF(t, ctx, css)
			if os.Getenv("KRAVLISTAN_SHOTS") != "" {
				os.WriteFile(os.Getenv("KRAVLISTAN_SHOTS")+"/kravlista-betyg-"+strconv.FormatBool(css)+".pdf", pdf, 0o644)
			}
			if n := len(pdfPageRE.FindAll(pdf, -1)); n != 1 {
				t.Errorf("%s printed on %d pages (CSS page size %t), want one", path, n, css)
			}
		}
	}
	for _, w := range []int{320, 390, 1280} {
		do1(t, ctx, chromedp.EmulateViewport(int64(w), 900), chromedp.Navigate(srv.URL+"/r/betyg?lang=sv"), chromedp.WaitVisible(`.rt`))
		if got := must(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); got > w {
			t.Errorf("results page is %d px wide at %d px", got, w)
		}
		screenshot(t, ctx, "results-betyg-"+strconv.Itoa(w))
	}
	axeCheck(t, ctx)
}

// TestPartyListRated freezes the party list of a rating campaign: the demands come in the
// rated order, each with the members who rated it and the top-box share.
func TestPartyListRated(t *testing.T) {
	e, st, _, adaPW, _ := adminTestServer(t)
	resultsCampaign(t, st, "betyg", survey.StateClosed, 300, false, rateResultsCampaign("betyg", survey.MethodMean))
	b := signIn(t, e, "ada", adaPW)
	if rec := b.post("/admin/campaigns/betyg/parties/freeze", url.Values{"n": {"5"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("freeze: %d %s", rec.Code, rec.Body)
	}
	camp, _ := st.Campaign(context.Background(), "betyg")
	items, err := st.PartyList(context.Background(), camp.ID)
	if err != nil || len(items) != 5 {
		t.Fatalf("%+v %v", items, err)
	}
	res, err := report.Compute(context.Background(), st, camp, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for i, it := range items {
		d := res.Demands[i]
		if it.DemandKey != d.Key || it.Picks != d.Ratings.N || it.Picks == 0 || it.Share != *d.Ratings.TopBox {
			t.Errorf("item %d: %s %d %v, want %s %d %v", i, it.DemandKey, it.Picks, it.Share, d.Key, d.Ratings.N, *d.Ratings.TopBox)
		}
	}
	// The editor names each demand by its title, never its key, and its member figures
	// follow the rules of the public matrix: hidden until the results are published.
	d0, _ := camp.Demand(items[0].DemandKey)
	share := strconv.FormatFloat(items[0].Share*100, 'f', 0, 64) + " %"
	rec := b.get("/admin/campaigns/betyg/parties/list")
	wantStatus(t, rec, http.StatusOK, "1. "+html.EscapeString(d0.Title), "Medlemmarnas siffror visas först när resultatet är publicerat")
	if strings.Contains(rec.Body.String(), "siffror när listan fastställdes: "+share) {
		t.Error("the unpublished list shows the members' figures")
	}
	if err := st.SetPublished(context.Background(), "betyg", true); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, b.get("/admin/campaigns/betyg/parties/list"), http.StatusOK, "Medlemmarnas siffror när listan fastställdes: "+share)
}

// TestPartyPagesRated: the parties' answer page and the published matrix of a rating
// campaign say the members rated the demands, and the members' column is the share who
// gave the top box.
func TestPartyPagesRated(t *testing.T) {
	ctx := context.Background()
	e, st := apiTestServer(t)
	c := resultsCampaign(t, st, "betyg", survey.StateClosed, 50, true, rateResultsCampaign("betyg", survey.MethodMean))
	camp, err := st.Campaign(ctx, c.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.InitParties(ctx, camp.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.FreezeList(ctx, camp, []survey.ListItem{{DemandKey: "heltid", Title: "Heltid", Rank: 1, Picks: 45, Share: 0.62}}); err != nil {
		t.Fatal(err)
	}
	ps, _ := st.Parties(ctx, camp.ID)
	tok, err := st.CreatePartyLink(ctx, camp.ID, ps[0].ID, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, get(e, "/p/"+tok), http.StatusOK, "Här är de krav som medlemmarna har gett högst betyg.")
	if err := st.SetPartiesPublished(ctx, camp.ID, true, false); err != nil {
		t.Fatal(err)
	}
	rec := get(e, "/r/betyg/partier?lang=sv")
	wantStatus(t, rec, http.StatusOK, "Medlemmarna betygsatte kraven.", "Andel som gav 8–10", `<td class="num">62 %</td>`)
	if strings.Contains(rec.Body.String(), "45 (") {
		t.Error("the members' column shows a count of picks")
	}
}
