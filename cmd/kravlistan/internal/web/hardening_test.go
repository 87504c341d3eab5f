package web

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"kravlistan/survey"

	"github.com/xuri/excelize/v2"
)

// TestRequestLogAtInfo: with the default level (info) every request leaves one line with
// its route, status, duration and request id, and never the client's address or query.
func TestRequestLogAtInfo(t *testing.T) {
	var logs bytes.Buffer
	_, st := apiTestServer(t)
	e := newTestServer(t, st, slog.New(slog.NewTextHandler(&logs, nil)))
	req := httptestRequest("GET", "/s/demo?secret=q1", "")
	req.RemoteAddr = "198.51.100.23:4444"
	rec := serve(e, req)
	if rec.Code != http.StatusOK {
		t.Fatal(rec.Code)
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	var found []string
	for _, l := range lines {
		if strings.Contains(l, "msg=request") {
			found = append(found, l)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one request line at info, got %q", logs.String())
	}
	l := found[0]
	for _, want := range []string{"level=INFO", "route=/s/:slug", "status=200", "dur=", "request_id=" + rec.Header().Get("X-Request-ID")} {
		if !strings.Contains(l, want) {
			t.Errorf("request line lacks %q: %s", want, l)
		}
	}
	for _, secret := range []string{"198.51.100.23", "secret", "q1"} {
		if strings.Contains(l, secret) {
			t.Errorf("request line holds %q: %s", secret, l)
		}
	}
}

// TestHeadWhereGet: HEAD is answered wherever GET is, with GET's status and no body.
func TestHeadWhereGet(t *testing.T) {
	e, st := apiTestServer(t)
	resultsCampaign(t, st, "resultat", survey.StateClosed, 20, true, nil)
	page := serve(e, httptestRequest("GET", "/s/demo", "")).Body.String()
	asset := regexp.MustCompile(`/static/[a-z.]+\.[0-9a-f]{10}\.css`).FindString(page)
	if asset == "" {
		t.Fatal("no stylesheet link on the member page")
	}
	for _, path := range []string{asset, "/s/demo", "/r/resultat", "/r/resultat/kravlista", "/r/resultat/results.json",
		"/healthz", "/api/v1/campaigns/demo", "/admin/login"} {
		g := serve(e, httptestRequest("GET", path, ""))
		h := serve(e, httptestRequest("HEAD", path, ""))
		if h.Code != g.Code || h.Code == http.StatusMethodNotAllowed {
			t.Errorf("HEAD %s: %d, GET %d", path, h.Code, g.Code)
		}
		if h.Header().Get("Content-Type") != g.Header().Get("Content-Type") {
			t.Errorf("HEAD %s: Content-Type %q, GET %q", path, h.Header().Get("Content-Type"), g.Header().Get("Content-Type"))
		}
	}
}

// httptestRequest builds a request with body (form-encoded when body is not empty).
func httptestRequest(method, path, body string) *http.Request {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req
}

// serve runs req through h and returns what it answered.
func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestProxyHeaders: X-Forwarded-Proto counts only with -trust-proxy (Secure cookie, HSTS),
// and a party's answer link is built from -public-url like every other link.
func TestProxyHeaders(t *testing.T) {
	e, st, _, adaPW, _ := adminTestServer(t)
	trusted := newTestServer(t, st, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{TrustProxy: true})
	for _, tc := range []struct {
		name   string
		h      http.Handler
		secure bool
	}{{"Untrusted", e, false}, {"Trusted", trusted, true}} {
		req := httptestRequest("GET", "/admin/login", "")
		req.RemoteAddr = "127.0.0.1:40000" // a proxy, or anyone on this machine
		req.Header.Set("X-Forwarded-Proto", "https")
		rec := serve(tc.h, req)
		if got := rec.Header().Get("Strict-Transport-Security") != ""; got != tc.secure {
			t.Errorf("%s: HSTS sent %v, want %v", tc.name, got, tc.secure)
		}
		cookies := rec.Result().Cookies()
		if len(cookies) == 0 {
			t.Fatalf("%s: the sign-in page sets no cookie", tc.name)
		}
		for _, ck := range cookies {
			if ck.Secure != tc.secure {
				t.Errorf("%s: cookie %s Secure %v, want %v", tc.name, ck.Name, ck.Secure, tc.secure)
			}
		}
	}

	ctx := context.Background()
	camp, err := st.Campaign(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.InitParties(ctx, camp.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.FreezeList(ctx, camp, []survey.ListItem{{DemandKey: "heltid", Title: "Heltid som norm", Rank: 1}}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetPartyDeadline(ctx, camp.ID, st.Now().AddDate(0, 0, 7).Format("2006-01-02"), st.Now().AddDate(0, 0, 8)); err != nil {
		t.Fatal(err)
	}
	ps, _ := st.Parties(ctx, camp.ID)
	pub := newTestServer(t, st, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{PublicURL: "https://krav.example.org"})
	b := signIn(t, pub, "ada", adaPW)
	rec := b.post("/admin/campaigns/demo/parties/"+strconv.FormatInt(ps[0].ID, 10)+"/links", nil)
	wantStatus(t, rec, http.StatusCreated, `value="https://krav.example.org/p/`)
}

// TestLinksStayOnThisHost: pages for odd paths (a 404 for //evil.example/x among them)
// link only to this host: no href starts with "//" or a scheme.
func TestLinksStayOnThisHost(t *testing.T) {
	e, _ := apiTestServer(t)
	hrefRE := regexp.MustCompile(`(?:href|action)="([^"]*)"`)
	for _, path := range []string{"//evil.example/x", "//evil.example/x?lang=en", "/s/demo//evil.example",
		"/r//evil.example/x", "/%2F%2Fevil.example/x", "/s/%2F%2Fevil.example", "/s/demo/%2F%2Fevil.example"} {
		req := httptestRequest("GET", "/", "")
		req.URL.Path, req.URL.RawPath, req.RequestURI = "", "", path
		if u, err := url.ParseRequestURI(path); err == nil {
			req.URL = u
		}
		rec := serve(e, req)
		for _, m := range hrefRE.FindAllStringSubmatch(rec.Body.String(), -1) {
			href := html.UnescapeString(m[1])
			if strings.HasPrefix(href, "//") || strings.HasPrefix(href, `/\`) || strings.Contains(href, "evil.example/") ||
				strings.Contains(href, ":") && !strings.HasPrefix(href, "/") && !strings.HasPrefix(href, "?") && !strings.HasPrefix(href, "#") {
				t.Errorf("%s (%d) links to %q", path, rec.Code, href)
			}
		}
	}
}

// TestMarkerInCampaignText: campaign text holding the string the page cache once used for
// the response id (or anything like it) does not break the questionnaire.
func TestMarkerInCampaignText(t *testing.T) {
	e, st := apiTestServer(t)
	c := survey.Demo()
	c.Slug = "markor"
	c.Intro = "kravlistan-id-placeholder-0123456789"
	c.Demands[0].Title = "kravlistan-id-placeholder-0123456789"
	c.Demands[1].Body = "id-00000000000000000000000000000000-"
	if err := st.CreateCampaign(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for range 2 {
		rec := serve(e, httptestRequest("GET", "/s/markor", ""))
		wantStatus(t, rec, http.StatusOK, "kravlistan-id-placeholder-0123456789")
		m := regexp.MustCompile(`name="id" value="([0-9a-f-]{36})"`).FindStringSubmatch(rec.Body.String())
		if m == nil {
			t.Fatalf("no response id in the form")
		}
		ids[m[1]] = true
	}
	if len(ids) != 2 {
		t.Error("two loads carry the same id")
	}
}

// loginForm returns a sign-in request with the anti-forgery cookie and token of tok.
func loginForm(tok, name, pw string) *http.Request {
	req := httptestRequest("POST", "/admin/login", url.Values{"name": {name}, "password": {pw}, csrfField: {tok}}.Encode())
	req.AddCookie(&http.Cookie{Name: loginCookie, Value: tok})
	return req
}

// loginTokenOf fetches the sign-in page and returns its anti-forgery token.
func loginTokenOf(t *testing.T, e http.Handler) string {
	t.Helper()
	for _, ck := range serve(e, httptestRequest("GET", "/admin/login", "")).Result().Cookies() {
		if ck.Name == loginCookie {
			return ck.Value
		}
	}
	t.Fatal("the sign-in page sets no anti-forgery cookie")
	return ""
}

// TestLoginThrottleConcurrent: attempts sent at once are counted before any password is
// checked: of 40 at once for one account at most the free ones are checked, and of 60 at
// once from one address (other names) at most the address's free ones.
func TestLoginThrottleConcurrent(t *testing.T) {
	e, _, _, _, _ := adminTestServer(t)
	tok := loginTokenOf(t, e)
	burst := func(n int, name func(i int) string) (checked, refused int) {
		var wg sync.WaitGroup
		codes := make([]int, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = serve(e, loginForm(tok, name(i), "fel lösenord")).Code
			}()
		}
		wg.Wait()
		for _, c := range codes {
			switch c {
			case http.StatusUnauthorized:
				checked++
			case http.StatusTooManyRequests:
				refused++
			default:
				t.Errorf("status %d", c)
			}
		}
		return checked, refused
	}
	if checked, _ := burst(40, func(int) string { return "ada" }); checked > freeAttemptsAccount {
		t.Errorf("40 at once for one account: %d checked, want at most %d", checked, freeAttemptsAccount)
	}
	e2, _, _, _, _ := adminTestServer(t)
	e = e2
	tok = loginTokenOf(t, e)
	if checked, _ := burst(60, func(i int) string { return "gissning" + strconv.Itoa(i) }); checked > freeAttemptsAddress {
		t.Errorf("60 at once from one address: %d checked, want at most %d", checked, freeAttemptsAddress)
	}
}

// TestLoginHugeName: a 5 MiB user name is refused at once, and nothing of it is kept.
func TestLoginHugeName(t *testing.T) {
	e, _, _, _, _ := adminTestServer(t)
	tok := loginTokenOf(t, e)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	big := strings.Repeat("a", 5<<20)
	for range 8 {
		rec := serve(e, loginForm(tok, big, "x"))
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("5 MiB name: %d", rec.Code)
		}
	}
	// Just under the body limit but far over a name's length: refused, not remembered.
	long := strings.Repeat("b", 12<<10)
	for range 30 {
		if rec := serve(e, loginForm(tok, long, "x")); rec.Code != http.StatusUnauthorized && rec.Code != http.StatusTooManyRequests {
			t.Fatalf("12 KiB name: %d", rec.Code)
		}
	}
	big = ""
	runtime.GC()
	runtime.ReadMemStats(&after)
	// Keeping the eight names would hold 40 MiB; other tests' goroutines (caches, the
	// writer) may allocate a few MiB meanwhile, so the bound leaves room for them.
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 16<<20 {
		t.Errorf("the heap grew by %d bytes", grew)
	}
}

// TestLockoutsAreShort: failures from one address (behind a proxy: everyone) hold the
// rightful user back at most a minute, and an account under attack at most five, with
// the wait said in the message.
func TestLockoutsAreShort(t *testing.T) {
	e, _, clock, adaPW, _ := adminTestServer(t)
	tok := loginTokenOf(t, e)
	for i := range 40 {
		serve(e, loginForm(tok, "gissning"+strconv.Itoa(i), "fel"))
	}
	rec := serve(e, loginForm(tok, "ada", adaPW))
	wantStatus(t, rec, http.StatusTooManyRequests, "Vänta")
	if s, _ := strconv.Atoi(rec.Header().Get("Retry-After")); s < 1 || s > 60 {
		t.Errorf("the address waits %q s, want at most 60", rec.Header().Get("Retry-After"))
	}
	clock.add(61 * time.Second)
	wantStatus(t, serve(e, loginForm(tok, "ada", adaPW)), http.StatusSeeOther)

	// Someone guesses ada's password from many addresses for an hour.
	longest := 0
	for i := range 200 {
		req := loginForm(tok, "ada", "fel")
		req.RemoteAddr = "203.0.113." + strconv.Itoa(i%250) + ":1234"
		rec := serve(e, req)
		if s, _ := strconv.Atoi(rec.Header().Get("Retry-After")); s > longest {
			longest = s
		}
		clock.add(20 * time.Second)
	}
	if longest > 300 {
		t.Errorf("the account waits up to %d s, want at most 300", longest)
	}
	clock.add(301 * time.Second)
	wantStatus(t, serve(e, loginForm(tok, "ada", adaPW)), http.StatusSeeOther)
}

// TestLoginTokenSigned: an anti-forgery value the client chose itself (cookie and field
// alike, as a page on a sibling host could set) is refused; the server's own works.
func TestLoginTokenSigned(t *testing.T) {
	e, _, _, adaPW, _ := adminTestServer(t)
	forged := strings.Repeat("k", 43)
	wantStatus(t, serve(e, loginForm(forged, "ada", adaPW)), http.StatusForbidden)
	tok := loginTokenOf(t, e)
	wantStatus(t, serve(e, loginForm(tok+"x", "ada", adaPW)), http.StatusForbidden)
	wantStatus(t, serve(e, loginForm(tok, "ada", adaPW)), http.StatusSeeOther)
}

// TestWideWorkbookRefused: one cell in column XFD on 5,000 rows (a 55 KB file) is refused,
// saying the column limit, without unfolding the rows.
func TestWideWorkbookRefused(t *testing.T) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for r := 1; r <= 5000; r++ {
		cell, _ := excelize.CoordinatesToCellName(16384, r)
		if err := sw.SetRow(cell, []any{"x"}); err != nil {
			t.Fatal(err)
		}
	}
	sw.Flush()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = readTable("bred.xlsx", buf.Bytes())
	runtime.ReadMemStats(&after)
	if uploadKey(err) != "org.up.err.cols" {
		t.Fatalf("got %v, want the column limit", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 200<<20 {
		t.Errorf("reading allocated %d MB", alloc>>20)
	}
	// A CSV row that wide is refused the same way.
	if _, err := readTable("bred.csv", []byte("Namn"+strings.Repeat(";x", 100)+"\n")); uploadKey(err) != "org.up.err.cols" {
		t.Errorf("wide CSV: %v", err)
	}
	// Trailing empty columns are not columns.
	if tb, err := readTable("ok.csv", []byte("Namn"+strings.Repeat(";", 200)+"\nHamnen"+strings.Repeat(";", 200)+"\n")); err != nil || len(tb.Rows) != 2 {
		t.Errorf("trailing separators: %v", err)
	}
}

// TestDemandLimitEverywhere: no path makes a campaign of more than survey.MaxDemands
// demands: the campaign file, the editor and uploads.
func TestDemandLimitEverywhere(t *testing.T) {
	_, st, b := organiserServer(t)
	ctx := context.Background()
	// The campaign file.
	big := survey.Demo()
	big.Slug = "stor"
	for i := len(big.Demands); i <= survey.MaxDemands; i++ {
		big.Demands = append(big.Demands, survey.Demand{Key: "k" + strconv.Itoa(i), Title: "Krav " + strconv.Itoa(i)})
	}
	if err := st.CreateCampaign(ctx, big); survey.ErrorCode(err) != survey.EINVALID || !strings.Contains(fmt.Sprint(survey.FieldErrors(err)), "för många") {
		t.Errorf("campaign file with %d demands: %v", len(big.Demands), err)
	}
	// Fill demo up to the limit through the store, then the editor refuses one more.
	camp, _ := st.Campaign(ctx, "demo")
	for i := len(camp.Demands); i < survey.MaxDemands; i++ {
		camp.Demands = append(camp.Demands, survey.Demand{Key: "k" + strconv.Itoa(i), Title: "Krav " + strconv.Itoa(i)})
	}
	if err := st.SaveCampaign(ctx, camp, "test", ""); err != nil {
		t.Fatal(err)
	}
	rec := b.post("/admin/campaigns/demo/demands", url.Values{"title": {"Ett krav för mycket"}, "area": {"X"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity, "är för många")
	// An upload of one more demand is refused at the preview.
	rec = uploadFile(b, "/admin/campaigns/demo/upload", "krav.csv", []byte("Krav;Område\nÄnnu ett krav;X\n"), url.Values{"kind": {"demands"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity, "är för många")
	if c, _ := st.Campaign(ctx, "demo"); len(c.Demands) != survey.MaxDemands {
		t.Errorf("demo has %d demands", len(c.Demands))
	}
}

// TestMetricsAllowedAndCoarse: /metrics answers only allowed networks (loopback unless
// -metrics-allow says more), and scraped again within a minute it shows the same
// snapshot, so its counters cannot time a single answer.
func TestMetricsAllowedAndCoarse(t *testing.T) {
	_, st := apiTestServer(t)
	clock := &testClock{t: time.Now()}
	st.Now = clock.Now
	e := newTestServer(t, st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	scrape := func(h http.Handler, from string) *httptest.ResponseRecorder {
		req := httptestRequest("GET", "/metrics", "")
		req.RemoteAddr = from + ":40000"
		return serve(h, req)
	}
	for _, from := range []string{"198.51.100.7", "10.0.0.5", "192.168.1.20"} {
		if rec := scrape(e, from); rec.Code != http.StatusForbidden || strings.Contains(rec.Body.String(), "kravlistan_") {
			t.Errorf("/metrics from %s: %d", from, rec.Code)
		}
	}
	first := scrape(e, "127.0.0.1")
	if first.Code != http.StatusOK || !strings.Contains(first.Body.String(), "kravlistan_responses_total") && !strings.Contains(first.Body.String(), "kravlistan_http_requests_total") {
		t.Fatalf("/metrics from loopback: %d", first.Code)
	}
	do(e, "POST", "/api/v1/campaigns/demo/responses", jsonType, `{"ranking":["heltid"]}`)
	if again := scrape(e, "[::1]"); again.Code != http.StatusOK || again.Body.String() != first.Body.String() {
		t.Error("a scrape within the minute shows the new answer")
	}
	clock.add(61 * time.Second)
	if later := scrape(e, "127.0.0.1"); !strings.Contains(later.Body.String(), `kravlistan_responses_total{outcome="created"} 1`) {
		t.Errorf("a minute later the answer is not counted:\n%s", later.Body)
	}
	nets, err := ParseNetworks("198.51.100.0/24, 10.0.0.5")
	if err != nil {
		t.Fatal(err)
	}
	wide := newTestServer(t, st, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{MetricsAllow: nets})
	for from, want := range map[string]int{"198.51.100.7": 200, "10.0.0.5": 200, "10.0.0.6": 403, "127.0.0.1": 403} {
		if rec := scrape(wide, from); rec.Code != want {
			t.Errorf("-metrics-allow: from %s %d, want %d", from, rec.Code, want)
		}
	}
	if _, err := ParseNetworks("10.0.0.0/33"); err == nil {
		t.Error("a bad network is accepted")
	}
}
