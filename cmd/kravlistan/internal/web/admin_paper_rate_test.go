package web

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kravlistan/survey"

	"github.com/chromedp/chromedp"
)

// paperServer is adminTestServer plus the rating demo, signed in as the admin.
func paperServer(t *testing.T) (http.Handler, *browserClient, func() []survey.Response) {
	t.Helper()
	e, st, _, adaPW, _ := adminTestServer(t)
	if err := ensureDemoForTest(st); err != nil {
		t.Fatal(err)
	}
	b := signIn(t, e, "ada", adaPW)
	all := func() []survey.Response {
		camp, _ := st.Campaign(context.Background(), "demo-betyg")
		var rs []survey.Response
		_ = st.EachResponse(context.Background(), camp.ID, survey.Unordered, func(r *survey.Response) error {
			c := *r
			c.Ratings = maps.Clone(r.Ratings)
			rs = append(rs, c)
			return nil
		})
		return rs
	}
	return e, b, all
}

func ensureDemoForTest(st survey.Store) error {
	return st.CreateCampaign(context.Background(), survey.DemoRating())
}

func TestPaperRatingBallot(t *testing.T) {
	_, b, stored := paperServer(t)
	base := "/admin/campaigns/demo-betyg/paper"
	rec := b.get(base)
	wantStatus(t, rec, http.StatusOK, "Ringa in ett betyg från 1 till 10 för varje krav.", "1 = Inte viktigt.", "Hoppa över de krav")
	if n := strings.Count(rec.Body.String(), `<span class="pb-box">`); n != 21*10 {
		t.Errorf("%d boxes, want 210", n)
	}
	// A ranking campaign has its own ballot (admin_paper_batch_test.go) but no rating pile entry.
	wantStatus(t, b.get("/admin/campaigns/demo/paper"), http.StatusOK, "Skriv 1 i rutan")
	wantStatus(t, b.get("/admin/campaigns/demo/paper/entry"), http.StatusNotFound)
	wantStatus(t, b.get("/admin/campaigns/demo-betyg/reports"), http.StatusOK, `href="/admin/campaigns/demo-betyg/paper/entry"`)

	// 21 demands: the first and the last rated, the rest left blank.
	line := func(first, last string) string {
		return first + strings.Repeat(" -", 19) + " " + last
	}
	t.Run("Errors", func(t *testing.T) {
		lines := line("8", "3") + "\n" + line("11", "3") + "\n\n1 2 3\n" + line("x", "zz")
		rec := b.post(base+"/entry", url.Values{"lines": {lines}, "workplace": {"lagret"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity,
			"Rad 2, Heltid ska vara norm i kommuner och regioner: betyget måste vara ett heltal från 1 till 10",
			"Rad 4: skriv ett betyg eller ett streck per krav: 21 krav men 3 uppgifter",
			"Rad 5, Rätt till kompetensutveckling på arbetstid: betyget måste vara",
			`<option value="lagret" selected>`, line("8", "3"))
		if rs := stored(); len(rs) != 0 {
			t.Fatalf("%d ballots stored from a pile with errors", len(rs))
		}
		wantStatus(t, b.post(base+"/entry", url.Values{"lines": {"\n \n"}}), http.StatusUnprocessableEntity, "Skriv minst en blankett.")
		wantStatus(t, b.post(base+"/entry", url.Values{"lines": {line("1", "1")}, "workplace": {"nope"}}), http.StatusUnprocessableEntity, `okänd arbetsplats`)
		wantStatus(t, b.post(base+"/entry", url.Values{"lines": {strings.Repeat("- ", 21)}}), http.StatusUnprocessableEntity, "Rad 1: betygsätt minst ett krav")
	})
	t.Run("Stored", func(t *testing.T) {
		rec := b.post(base+"/entry", url.Values{"lines": {line("8", "3") + "\r\n" + line("-", "10")}, "workplace": {"lagret"}})
		wantStatus(t, rec, http.StatusSeeOther)
		wantStatus(t, b.get(rec.Header().Get("Location")), http.StatusOK, "2 blanketter sparade.")
		rs := stored()
		if len(rs) != 2 {
			t.Fatalf("%d stored", len(rs))
		}
		got := map[string]bool{}
		for _, r := range rs {
			if r.Channel != survey.ChannelPaper || r.Workplace != "lagret" || r.Day == "" {
				t.Errorf("stored %+v", r)
			}
			got[rating(r.Ratings, "heltid")+" "+rating(r.Ratings, "validering")] = true
		}
		if !got["8 3"] || !got["- 10"] {
			t.Errorf("stored ratings %v", got)
		}
	})
}

func rating(m map[string]int, k string) string {
	if v, ok := m[k]; ok {
		return strconv.Itoa(v)
	}
	return "-"
}

// TestBrowserPaperRatingBallot prints the ballot of the 21-statement demo: at most two A4
// pages; and runs axe on the entry form.
func TestBrowserPaperRatingBallot(t *testing.T) {
	e, st, _, adaPW, _ := adminTestServer(t)
	if err := ensureDemoForTest(st); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	ctx := newTab(t, true)
	do1(t, ctx, chromedp.Navigate(srv.URL+"/admin?lang=sv"), chromedp.WaitVisible(`#password`),
		chromedp.SendKeys(`#name`, "ada"), chromedp.SendKeys(`#password`, adaPW),
		chromedp.Click(`form button[type=submit]`), chromedp.WaitVisible(`.abar`))
	do1(t, ctx, chromedp.Navigate(srv.URL+"/admin/campaigns/demo-betyg/paper"), chromedp.WaitVisible(`.pb-list`))
	for _, css := range []bool{true, false} {
		pdf := printPDF(t, ctx, css)
		if n := len(pdfPageRE.FindAll(pdf, -1)); n < 1 || n > 2 {
			t.Errorf("the ballot prints on %d pages (CSS page size %t), want one or two", n, css)
		}
		if dir := os.Getenv("KRAVLISTAN_SHOTS"); dir != "" {
			os.WriteFile(filepath.Join(dir, "paper-ballot-"+strconv.FormatBool(css)+".pdf"), pdf, 0o644)
		}
	}
	axeCheck(t, ctx)
	do1(t, ctx, chromedp.Navigate(srv.URL+"/admin/campaigns/demo-betyg/paper/entry"), chromedp.WaitVisible(`#lines`))
	axeCheck(t, ctx)
}
