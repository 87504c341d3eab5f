package web

import (
	"bytes"
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"kravlistan/survey"
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
	ps, _ := st.Parties(ctx, camp.ID)
	pub := newTestServer(t, st, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{PublicURL: "https://krav.example.org"})
	b := signIn(t, pub, "ada", adaPW)
	rec := b.post("/admin/campaigns/demo/parties/"+strconv.FormatInt(ps[0].ID, 10)+"/links",
		url.Values{"deadline": {st.Now().AddDate(0, 0, 7).Format("2006-01-02")}})
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
