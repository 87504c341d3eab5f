package web

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"kravlistan/cmd/kravlistan/internal/sample"
	"kravlistan/report"
	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/labstack/echo/v4"
)

// resultsCampaign stores a copy of the demo campaign as slug in state with n generated
// responses, changed by mod first when it is not nil, and publishes it when publish is set.
func resultsCampaign(tb testing.TB, st *sqlite.Store, slug string, state survey.State, n int, publish bool, mod func(*survey.Campaign)) *survey.Campaign {
	tb.Helper()
	ctx := context.Background()
	c := survey.Demo()
	c.Slug = slug
	if mod != nil {
		mod(c)
	}
	if err := st.CreateCampaign(ctx, c); err != nil {
		tb.Fatal(err)
	}
	if n > 0 {
		err := sample.Responses(c, n, 7, 500, func(b []*survey.Response) error { return st.InsertResponses(ctx, c.ID, b) })
		if err != nil {
			tb.Fatal(err)
		}
	}
	if state != c.State {
		if err := st.SetState(ctx, slug, state); err != nil {
			tb.Fatal(err)
		}
	}
	if publish {
		if err := st.SetPublished(ctx, slug, true); err != nil {
			tb.Fatal(err)
		}
	}
	return c
}

// resultsTestServer is apiTestServer (demo open, "utkast" draft, "stangd" closed and not
// published) plus "resultat": closed and published with 300 responses.
func resultsTestServer(t *testing.T) (*echo.Echo, *sqlite.Store) {
	t.Helper()
	e, st := apiTestServer(t)
	resultsCampaign(t, st, "resultat", survey.StateClosed, 300, true, nil)
	return e, st
}

var (
	rowKeyRE  = regexp.MustCompile(`<tr id="d-([^"]+)"`)
	listKeyRE = regexp.MustCompile(`<li id="k-([^"]+)"`)
)

func TestResultsPublication(t *testing.T) {
	e, st := resultsTestServer(t)
	// Published, then reopened: public no more until it closes again.
	resultsCampaign(t, st, "oppnad-igen", survey.StateOpen, 10, false, nil)
	if err := st.SetPublished(context.Background(), "oppnad-igen", true); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, slug string
		want       int
	}{
		{"Open", "demo", http.StatusNotFound},
		{"Draft", "utkast", http.StatusNotFound},
		{"ClosedUnpublished", "stangd", http.StatusNotFound},
		{"PublishedButReopened", "oppnad-igen", http.StatusNotFound},
		{"NoSuchCampaign", "finns-inte", http.StatusNotFound},
		{"Published", "resultat", http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, path := range []string{"/r/" + tc.slug, "/r/" + tc.slug + "/kravlista", "/r/" + tc.slug + "/results.json"} {
				rec := get(e, path)
				if rec.Code != tc.want {
					t.Fatalf("GET %s: %d, want %d", path, rec.Code, tc.want)
				}
				body := rec.Body.String()
				json := strings.HasSuffix(path, ".json")
				if ct := rec.Header().Get("Content-Type"); json != strings.HasPrefix(ct, "application/json") {
					t.Errorf("GET %s: Content-Type %q", path, ct)
				}
				if tc.want == http.StatusNotFound && !json && !strings.Contains(body, "Resultaten är inte publicerade") {
					t.Errorf("GET %s: not the friendly page:\n%s", path, body)
				}
			}
		})
	}
	// The publish command's rule: after unpublishing, 404 again.
	if err := st.SetPublished(context.Background(), "resultat", false); err != nil {
		t.Fatal(err)
	}
	if rec := get(e, "/r/resultat"); rec.Code != http.StatusNotFound {
		t.Errorf("unpublished: %d", rec.Code)
	}
}

func TestResultsPageMatchesJSON(t *testing.T) {
	e, st := resultsTestServer(t)
	rec := get(e, "/r/resultat/results.json")
	if rec.Code != http.StatusOK {
		t.Fatalf("JSON: %d", rec.Code)
	}
	var doc report.Results
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	// The same document as `kravlistan report -format json`, apart from when it was made.
	c, _ := st.Campaign(context.Background(), "resultat")
	want, err := report.Compute(context.Background(), st, c, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := IntakeReport(context.Background(), st, c, want); err != nil { // provenance, as the command adds it
		t.Fatal(err)
	}
	want.GeneratedAt = doc.GeneratedAt
	wb, _ := json.Marshal(want)
	gb, _ := json.Marshal(&doc)
	if string(wb) != string(gb) {
		t.Errorf("results.json differs from the report document")
	}
	if doc.Responses != 300 || len(doc.Demands) != len(c.Demands) {
		t.Fatalf("responses %d, demands %d", doc.Responses, len(doc.Demands))
	}
	var order []string
	for _, d := range doc.Demands {
		order = append(order, d.Key)
	}

	page := get(e, "/r/resultat").Body.String()
	var got []string
	for _, m := range rowKeyRE.FindAllStringSubmatch(page, -1) {
		got = append(got, m[1])
	}
	if strings.Join(got, " ") != strings.Join(order, " ") {
		t.Errorf("page order %v\nJSON order %v", got, order)
	}
	top := doc.Demands[0]
	for _, s := range []string{"300 medlemmar svarade.", top.Title, fmtPct("sv", top.Share), `<svg class="bar"`,
		`href="/r/resultat/kravlista"`, `href="/r/resultat/results.json"`, "<h1>", "<caption", `scope="row"`, "Så räknade vi",
		"varje medlem valde upp till 5 krav i egen ordning, förstahandsvalet gav 5 poäng"} {
		if !strings.Contains(page, s) {
			t.Errorf("page lacks %q", s)
		}
	}

	list := get(e, "/r/resultat/kravlista").Body.String()
	got = got[:0]
	for _, m := range listKeyRE.FindAllStringSubmatch(list, -1) {
		got = append(got, m[1])
	}
	if strings.Join(got, " ") != strings.Join(order[:10], " ") {
		t.Errorf("printable list %v\nwant the JSON's top 10 %v", got, order[:10])
	}
	for _, s := range []string{"Våra krav till partierna", "De 10 krav som medlemmarna rangordnade högst. 300 medlemmar svarade.",
		"Listan är ordnad efter poäng", `href="/r/resultat/kravlista?n=16"`} {
		if !strings.Contains(list, s) {
			t.Errorf("printable list lacks %q", s)
		}
	}
	for q, want := range map[string]int{"?n=3": 3, "?n=alla": 16, "?n=all": 16, "?n=999": 16, "?n=0": 10, "?n=x": 10} {
		body := get(e, "/r/resultat/kravlista"+q).Body.String()
		if n := len(listKeyRE.FindAllString(body, -1)); n != want {
			t.Errorf("%s: %d demands, want %d", q, n, want)
		}
	}
}

func TestResultsBelowThreshold(t *testing.T) {
	e, st := apiTestServer(t)
	resultsCampaign(t, st, "fa", survey.StateClosed, 4, true, nil) // threshold 5
	resultsCampaign(t, st, "inga", survey.StateClosed, 0, true, nil)
	for _, slug := range []string{"fa", "inga"} {
		for _, path := range []string{"/r/" + slug, "/r/" + slug + "/kravlista"} {
			rec := get(e, path)
			body := rec.Body.String()
			if rec.Code != http.StatusOK || !strings.Contains(body, "Färre än 5 medlemmar svarade") {
				t.Fatalf("GET %s: %d\n%s", path, rec.Code, body)
			}
			// No figure of any kind: no table, no list, no share, no count.
			for _, s := range []string{"<table", `<li id="k-`, "\u00a0%", "4 medlemmar", "0 medlemmar", "<svg", "Så räknade vi"} {
				if strings.Contains(body, s) {
					t.Errorf("GET %s shows %q below the threshold", path, s)
				}
			}
		}
		rec := get(e, "/r/"+slug+"/results.json")
		var doc map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || rec.Code != http.StatusOK {
			t.Fatalf("JSON: %d %v", rec.Code, err)
		}
		if doc["suppressed"] != true || doc["anonymity_threshold"] != 5.0 {
			t.Errorf("JSON below the threshold: %v", doc)
		}
		for _, k := range []string{"responses", "demands", "pairwise", "breakdowns"} {
			if _, ok := doc[k]; ok {
				t.Errorf("JSON below the threshold has %q", k)
			}
		}
	}
	// Exactly at the threshold the figures appear.
	resultsCampaign(t, st, "nog", survey.StateClosed, 5, true, nil)
	if body := get(e, "/r/nog").Body.String(); !strings.Contains(body, "5 medlemmar svarade.") {
		t.Error("no figures at the threshold")
	}
}

func TestResultsEscaping(t *testing.T) {
	e, st := apiTestServer(t)
	evil := `<script>alert("krav")</script>`
	resultsCampaign(t, st, "elak", survey.StateClosed, 50, true, func(c *survey.Campaign) {
		c.Title = evil
		for i := range c.Demands {
			c.Demands[i].Title = evil + " " + c.Demands[i].Key
			c.Demands[i].Area = `<img src=x onerror=alert(1)>`
		}
	})
	for _, path := range []string{"/r/elak", "/r/elak/kravlista?n=all"} {
		body := get(e, path).Body.String()
		if strings.Contains(body, "<script>") || strings.Contains(body, "<img") {
			t.Errorf("%s: markup from a title reached the page", path)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(&#34;krav&#34;)&lt;/script&gt; heltid") {
			t.Errorf("%s: escaped title missing", path)
		}
	}
	var doc report.Results
	if err := json.Unmarshal(get(e, "/r/elak/results.json").Body.Bytes(), &doc); err != nil || doc.Title != evil {
		t.Errorf("JSON title %q, %v", doc.Title, err)
	}
}

func TestResultsLanguages(t *testing.T) {
	e, _ := resultsTestServer(t)
	for _, tc := range []struct {
		name, path, accept string
		want               []string
	}{
		{"SwedishDefault", "/r/resultat", "", []string{`lang="sv"`, "Så rangordnade medlemmarna kraven", "300 medlemmar svarade."}},
		{"Norwegian", "/r/resultat?lang=nb", "", []string{`lang="nb"`, "Slik rangerte medlemmene kravene", "300 medlemmer svarte.",
			`href="/r/resultat/kravlista?lang=nb"`}},
		{"English", "/r/resultat?lang=en", "", []string{`lang="en"`, "How the members ranked the demands", "300 members answered."}},
		{"AcceptLanguage", "/r/resultat", "en-GB,en;q=0.9", []string{`lang="en"`, "Share who chose the demand"}},
		{"ListNorwegian", "/r/resultat/kravlista?lang=nb", "", []string{"Våre krav til partiene", "Listen er ordnet etter poeng",
			`href="/r/resultat/kravlista?lang=nb&amp;n=16"`}},
		{"ListEnglish", "/r/resultat/kravlista?lang=en&n=16", "", []string{"Our demands to the parties", "All 16 demands",
			`href="/r/resultat/kravlista?lang=en"`}},
		{"NotPublishedEnglish", "/r/stangd?lang=en", "", []string{"The results have not been published"}},
		{"NotPublishedNorwegian", "/r/stangd/kravlista?lang=nb", "", []string{"Resultatene er ikke publisert"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := get(e, tc.path, "Accept-Language", tc.accept).Body.String()
			for _, s := range tc.want {
				if !strings.Contains(body, s) {
					t.Errorf("%s lacks %q", tc.path, s)
				}
			}
		})
	}
}

func TestResultsCache(t *testing.T) {
	_, st := apiTestServer(t)
	ctx := context.Background()
	closed := resultsCampaign(t, st, "cache-stangd", survey.StateClosed, 20, true, nil)
	open := resultsCampaign(t, st, "cache-oppen", survey.StateOpen, 20, false, nil)
	rc := newResultsCache(st, time.Now)
	now := time.Now()
	rc.now = func() time.Time { return now }
	counts := 0
	count := rc.count
	rc.count = func(ctx context.Context, c *survey.Campaign) (*report.Results, error) {
		counts++
		return count(ctx, c)
	}
	load := func(slug string) *survey.Campaign {
		c, err := st.Campaign(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	add := func(c *survey.Campaign, n int) {
		err := sample.Responses(c, n, 9, 100, func(b []*survey.Response) error { return st.InsertResponses(ctx, c.ID, b) })
		if err != nil {
			t.Fatal(err)
		}
	}
	responses := func(slug string) int {
		s, err := rc.get(ctx, load(slug))
		if err != nil {
			t.Fatal(err)
		}
		return s.res.Responses
	}

	// Twenty requests at once wait for one count.
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if _, err := rc.get(ctx, load("cache-stangd")); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	responses("cache-stangd")
	if counts != 1 {
		t.Fatalf("closed campaign counted %d times for 21 requests", counts)
	}
	add(closed, 3) // e.g. written with the generate command
	now = now.Add(30 * time.Second)
	if n := responses("cache-stangd"); n != 20 || counts != 1 {
		t.Errorf("within the minute: %d responses after %d counts", n, counts)
	}
	now = now.Add(31 * time.Second)
	if n := responses("cache-stangd"); n != 23 || counts != 2 {
		t.Errorf("after the minute: %d responses after %d counts", n, counts)
	}
	now = now.Add(10 * time.Minute)
	responses("cache-stangd")
	if counts != 2 {
		t.Errorf("unchanged closed campaign counted again (%d)", counts)
	}

	// An open campaign (the organiser's preview) shows the store's snapshot: one more
	// answer changes nothing; once the threshold of new answers has arrived it is recounted.
	counts = 0
	responses("cache-oppen")
	responses("cache-oppen")
	add(open, 1)
	if n := responses("cache-oppen"); n != 20 || counts != 1 {
		t.Errorf("open campaign, one more answer: %d responses after %d counts", n, counts)
	}
	add(open, open.AnonymityThreshold-1)
	if n := responses("cache-oppen"); n != 20+open.AnonymityThreshold || counts != 2 {
		t.Errorf("open campaign, k more answers: %d responses after %d counts", n, counts)
	}
	// A changed campaign is counted afresh.
	if err := st.SetPublished(ctx, "cache-stangd", false); err != nil {
		t.Fatal(err)
	}
	counts = 0
	responses("cache-stangd")
	if counts != 1 {
		t.Errorf("changed campaign not recounted")
	}
}

func TestResultsAdminPreview(t *testing.T) {
	e, st, _, adaPW, ollePW := adminTestServer(t)
	resultsCampaign(t, st, "forhands", survey.StateOpen, 40, false, nil)
	path := "/admin/campaigns/forhands/kravlista"
	if rec := get(e, path); rec.Code == http.StatusOK {
		t.Fatalf("signed out: %d", rec.Code)
	}
	if rec := get(e, "/r/forhands/kravlista"); rec.Code != http.StatusNotFound {
		t.Fatalf("public list of an open campaign: %d", rec.Code)
	}
	ada := signIn(t, e, "ada", adaPW)
	rec := ada.get(path)
	wantStatus(t, rec, http.StatusOK, "Våra krav till partierna", "40 medlemmar svarade.",
		"Förhandsvisning för arrangörer", `href="/admin/campaigns/forhands/kravlista?n=16"`)
	if n := len(listKeyRE.FindAllString(rec.Body.String(), -1)); n != 10 {
		t.Errorf("%d demands in the preview", n)
	}
	if strings.Contains(rec.Body.String(), `href="/r/forhands`) {
		t.Error("the preview links to the unpublished public page")
	}
	// An organiser without access to the campaign sees no list.
	olle := signIn(t, e, "olle", ollePW)
	if rec := olle.get(path); rec.Code != http.StatusNotFound {
		t.Errorf("organiser without access: %d", rec.Code)
	}
}
