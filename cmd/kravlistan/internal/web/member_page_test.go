package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kravlistan/survey"

	"github.com/google/uuid"
)

// get performs a GET through the real Echo with optional headers (name, value pairs).
func get(e http.Handler, path string, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

const formType = "application/x-www-form-urlencoded"

func TestMemberPageStatuses(t *testing.T) {
	e, _ := apiTestServer(t)
	tests := []struct {
		name, method, path, ctype, body string
		hdr                             []string
		status                          int
		want                            []string
	}{
		{name: "Open", path: "/s/demo", status: 200,
			want: []string{`<html lang="sv">`, "Valet 2026", "Heltid som norm", `<p class="db">Alla som anställs i kommun`, "Vilket förbund", "Eget förslag", "Skicka mitt svar", "inga kakor", `name="id" value="`}},
		{name: "Workplace", path: "/s/demo/sjukhuset", status: 200, want: []string{"Arbetsplats: Universitetssjukhuset", `action="/s/demo/sjukhuset"`}},
		{name: "LangQuery", path: "/s/demo?lang=en", status: 200, want: []string{`<html lang="en">`, "Send my answer", `action="/s/demo?lang=en"`, "We do not store your name"}},
		{name: "AcceptLanguage", path: "/s/demo", hdr: []string{"Accept-Language", "nb-NO,nb;q=0.9,en;q=0.5"}, status: 200, want: []string{`<html lang="nb">`, "Send svaret mitt", `action="/s/demo"`}},
		{name: "QueryBeatsHeader", path: "/s/demo?lang=sv", hdr: []string{"Accept-Language", "en"}, status: 200, want: []string{`<html lang="sv">`}},
		{name: "NoProposalBox", path: "/s/forslag", status: 200, want: []string{"Skicka mitt svar"}},
		{name: "Draft", path: "/s/utkast", status: 404, want: []string{"Enkäten är inte öppen än", "fackombud"}},
		{name: "NotYetOpen", path: "/s/snart", status: 403, want: []string{"Enkäten har inte öppnat än", "Enkäten öppnar 20"}},
		{name: "NotYetOpenEnglish", path: "/s/snart?lang=en", status: 403, want: []string{"The survey opens 20"}},
		{name: "Closed", path: "/s/stangd", status: 410, want: []string{"Enkäten är stängd"}},
		{name: "ClosedWorkplace", path: "/s/stangd/sjukhuset", status: 410, want: []string{"Enkäten är stängd"}},
		{name: "UnknownSlug", path: "/s/finns-inte", status: 404, want: []string{"Enkäten finns inte", `<html lang="sv">`}},
		{name: "UnknownSlugNorwegian", path: "/s/finns-inte", hdr: []string{"Accept-Language", "no"}, status: 404, want: []string{"Undersøkelsen finnes ikke"}},
		{name: "UnknownWorkplace", path: "/s/demo/finns-inte", status: 404, want: []string{"Arbetsplatsen finns inte", `href="/s/demo"`}},
		{name: "UnknownPage", path: "/nowhere?lang=en", status: 404, want: []string{"Page not found"}},
		{name: "Thanks", path: "/s/demo/_tack", status: 200, want: []string{"Tack för ditt svar!", "Tipsa en arbetskamrat", `value="http://example.com/s/demo"`, "<svg", `id="sentlist"`}},
		{name: "ThanksDraft", path: "/s/utkast/_tack", status: 404},
		{name: "PostClosed", method: "POST", path: "/s/stangd", ctype: formType, body: "rank-heltid=1", status: 410, want: []string{"Enkäten är stängd"}},
		{name: "PostNotYetOpen", method: "POST", path: "/s/snart", ctype: formType, body: "rank-heltid=1", status: 403},
		{name: "PostDraft", method: "POST", path: "/s/utkast", ctype: formType, body: "rank-heltid=1", status: 404},
		{name: "PostUnknown", method: "POST", path: "/s/finns-inte", ctype: formType, status: 404, want: []string{"Enkäten finns inte"}},
		{name: "PostUnknownWorkplace", method: "POST", path: "/s/demo/nej", ctype: formType, status: 404, want: []string{"Arbetsplatsen finns inte"}},
		{name: "PostJSON", method: "POST", path: "/s/demo", ctype: jsonType, body: "{}", status: 415, want: []string{"Något blev fel"}},
		{name: "PostTooLarge", method: "POST", path: "/s/demo", ctype: formType, body: "proposal=" + strings.Repeat("x", 70<<10), status: 413, want: []string{"Svaret är för stort"}},
		{name: "APIStaysJSON", path: "/api/v1/campaigns/finns-inte", status: 404, want: []string{`{"errors":`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			method := tc.method
			if method == "" {
				method = http.MethodGet
			}
			req := httptest.NewRequest(method, tc.path, strings.NewReader(tc.body))
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			for i := 0; i+1 < len(tc.hdr); i += 2 {
				req.Header.Set(tc.hdr[i], tc.hdr[i+1])
			}
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			body := rec.Body.String()
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d; body:\n%s", rec.Code, tc.status, body)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%s", w, body)
				}
			}
			if c := rec.Header().Get("Set-Cookie"); c != "" {
				t.Errorf("Set-Cookie %q on a member page", c)
			}
			if !strings.HasPrefix(tc.path, "/api/") {
				if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
					t.Errorf("Content-Type %q", ct)
				}
				if strings.Contains(body, "goroutine") || strings.Contains(body, ".go:") {
					t.Errorf("page shows internals:\n%s", body)
				}
			}
		})
	}
	t.Run("NoProposalBoxWhenOff", func(t *testing.T) {
		if body := get(e, "/s/forslag").Body.String(); strings.Contains(body, `name="proposal"`) {
			t.Error("proposal box shown for a campaign without proposals")
		}
	})
	t.Run("FreshIDPerRequest", func(t *testing.T) {
		a, b := formID(t, get(e, "/s/demo").Body.String()), formID(t, get(e, "/s/demo").Body.String())
		if a == b {
			t.Errorf("two page loads carry the same id %s", a)
		}
	})
}

var idRE = regexp.MustCompile(`name="id" value="([0-9a-f-]{36})"`)

func formID(t *testing.T, body string) string {
	t.Helper()
	m := idRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no id in form:\n%s", body)
	}
	return m[1]
}

func post(e http.Handler, path string, form url.Values) *httptest.ResponseRecorder {
	return do(e, http.MethodPost, path, formType, form.Encode())
}

func TestMemberSubmit(t *testing.T) {
	e, st := apiTestServer(t)
	ctx := context.Background()
	camp, err := st.Campaign(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("StoredAndRedirected", func(t *testing.T) {
		id := formID(t, get(e, "/s/demo/verkstaden?lang=en").Body.String())
		form := url.Values{"id": {id}, "rank-visstid": {"2"}, "rank-busslinjer": {"1"}, "rank-heltid": {"4"},
			"rank-upphandling": {""}, "bg-forbund": {"if-metall"}, "bg-alder": {""}, "proposal": {"  Gratis arbetskläder  "}}
		rec := post(e, "/s/demo/verkstaden?lang=en", form)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/s/demo/_tack?lang=en" {
			t.Fatalf("status %d Location %q, body:\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
		}
		r, err := st.Response(ctx, uuid.MustParse(id))
		if err != nil {
			t.Fatal(err)
		}
		want := &survey.Response{Workplace: "verkstaden", Ranking: []string{"busslinjer", "visstid", "heltid"},
			Background: map[string]string{"forbund": "if-metall"}, Proposal: "Gratis arbetskläder"}
		if !r.SameContent(want) || r.Channel != survey.ChannelWeb || r.Day == "" {
			t.Errorf("stored %+v, want %+v", r, want)
		}
	})

	t.Run("DoubleSubmitCountsOnce", func(t *testing.T) {
		before, _ := st.ResponseCount(ctx, camp.ID)
		form := url.Values{"id": {formID(t, get(e, "/s/demo").Body.String())}, "rank-heltid": {"1"}}
		for range 3 {
			if rec := post(e, "/s/demo", form); rec.Code != http.StatusSeeOther {
				t.Fatalf("status %d:\n%s", rec.Code, rec.Body)
			}
		}
		if after, _ := st.ResponseCount(ctx, camp.ID); after != before+1 {
			t.Errorf("%d responses stored, want 1", after-before)
		}
		form.Set("rank-heltid", "")
		form.Set("rank-visstid", "1")
		rec := post(e, "/s/demo", form)
		if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "Formuläret är redan skickat") {
			t.Errorf("reused id with other content: status %d:\n%s", rec.Code, rec.Body)
		}
	})

	t.Run("InvalidKeepsChoices", func(t *testing.T) {
		before, _ := st.ResponseCount(ctx, camp.ID)
		id := uuid.NewString()
		long := strings.Repeat("å", survey.MaxProposalLength+1)
		form := url.Values{"id": {id}, "rank-heltid": {"1"}, "rank-visstid": {"1"}, "rank-busslinjer": {"3"},
			"bg-forbund": {"kommunal"}, "bg-sektor": {"rymden"}, "proposal": {long}}
		rec := post(e, "/s/demo", form)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d:\n%s", rec.Code, rec.Body)
		}
		body := rec.Body.String()
		for _, w := range []string{
			"Svaret kunde inte skickas",
			survey.Message("sv", "duplicate_rank", 1),
			template.HTMLEscapeString(survey.Message("sv", "unknown_option", "rymden")),
			survey.Message("sv", "proposal_too_long", survey.MaxProposalLength),
			`id="e-heltid"`, `id="e-visstid"`, `id="e-q-sektor"`, `id="e-proposal"`,
			`name="id" value="` + id + `"`,
			`<option value="kommunal" selected>Kommunal</option>`,
			long + "</textarea>",
		} {
			if !strings.Contains(body, w) {
				t.Errorf("body lacks %q", w)
			}
		}
		for key, rank := range map[string]string{"heltid": "1", "visstid": "1", "busslinjer": "3"} {
			re := regexp.MustCompile(`name="rank-` + key + `"[^>]*>.*?<option selected>` + rank + `</option>`)
			if !re.MatchString(body) {
				t.Errorf("rank %s of %s not kept", rank, key)
			}
		}
		if after, _ := st.ResponseCount(ctx, camp.ID); after != before {
			t.Error("an invalid form was stored")
		}
	})

	t.Run("MessagesInPageLanguage", func(t *testing.T) {
		rec := post(e, "/s/demo?lang=en", url.Values{"id": {uuid.NewString()}})
		body := rec.Body.String()
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, survey.Message("en", "too_few_picks", 1)) ||
			!strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, `action="/s/demo?lang=en"`) {
			t.Errorf("status %d:\n%s", rec.Code, body)
		}
	})

	t.Run("SameRulesAsAPI", func(t *testing.T) {
		// Six picks: the API says too_many_picks; the form cannot even offer rank 6.
		apiRec := do(e, http.MethodPost, "/api/v1/campaigns/demo/responses", jsonType,
			`{"ranking":["heltid","visstid","bemanning","fackavdrag","delade-turer","hot-och-vald"]}`)
		if !strings.Contains(apiRec.Body.String(), survey.Message("sv", "too_many_picks", 5)) {
			t.Fatalf("API: %s", apiRec.Body)
		}
		form := url.Values{"id": {uuid.NewString()}, "rank-heltid": {"6"}}
		if body := post(e, "/s/demo", form).Body.String(); !strings.Contains(body, survey.Message("sv", "bad_range", 1, 5)) {
			t.Errorf("form: rank 6 accepted:\n%s", body)
		}
		form = url.Values{"id": {uuid.NewString()}, "rank-heltid": {"1"}, "proposal": {"Mer fika"}}
		if body := post(e, "/s/forslag", form).Body.String(); !strings.Contains(body, survey.Message("sv", "proposals_off")) {
			t.Errorf("form: proposal accepted where proposals are off:\n%s", body)
		}
		form = url.Values{"id": {"inte-ett-id"}, "rank-heltid": {"1"}}
		rec := post(e, "/s/demo", form)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), survey.Message("sv", "bad_uuid")) ||
			formID(t, rec.Body.String()) == "inte-ett-id" {
			t.Errorf("bad id: status %d:\n%s", rec.Code, rec.Body)
		}
	})
}

// TestMemberPageGzip checks the spliced gzip stream: Go's gzip reader verifies the CRC and
// length, and the text must equal the uncompressed page with the same id.
func TestMemberPageGzip(t *testing.T) {
	e, _ := apiTestServer(t)
	for _, path := range []string{"/s/demo", "/s/demo/bussdepan?lang=nb", "/s/forslag?lang=en"} {
		for range 3 {
			rec := get(e, path, "Accept-Encoding", "gzip")
			if rec.Header().Get("Content-Encoding") != "gzip" {
				t.Fatalf("%s: not gzip", path)
			}
			zr, err := gzip.NewReader(bytes.NewReader(rec.Body.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			plain, err := io.ReadAll(zr)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			id := formID(t, string(plain))
			ref := get(e, path).Body.String()
			if want := strings.Replace(ref, formID(t, ref), id, 1); string(plain) != want {
				t.Errorf("%s: gzip body differs from plain body", path)
			}
		}
	}
}

// TestMemberPageWeight keeps the first load of the demo questionnaire (HTML, CSS, JS, all
// gzip) under 40 KB and free of requests to other hosts.
func TestMemberPageWeight(t *testing.T) {
	e, _ := apiTestServer(t)
	rec := get(e, "/s/demo", "Accept-Encoding", "gzip")
	total := rec.Body.Len()
	var plain bytes.Buffer
	zr, _ := gzip.NewReader(bytes.NewReader(rec.Body.Bytes()))
	io.Copy(&plain, zr)
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(plain.String(), -1)
	assets := 0
	for _, m := range refs {
		u := m[1]
		if strings.Contains(u, "//") {
			t.Errorf("reference to another host: %s", u)
		}
		if strings.HasPrefix(u, "/static/") {
			a := get(e, u, "Accept-Encoding", "gzip")
			if a.Code != 200 || a.Header().Get("Content-Encoding") != "gzip" ||
				a.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
				t.Errorf("%s: status %d, headers %v", u, a.Code, a.Header())
			}
			total += a.Body.Len()
			assets++
		}
	}
	if assets != 4 {
		t.Errorf("%d assets referenced, want CSS, rank.js, answered.js and offline.js", assets)
	}
	t.Logf("first load of /s/demo: %d bytes gzip (HTML %d bytes plain)", total, plain.Len())
	if total > 40*1024 {
		t.Errorf("first load is %d bytes gzip, want under 40 KB", total)
	}
	if a := get(e, "/static/app.0000000000.css"); a.Code != 404 {
		t.Errorf("stale asset URL: status %d", a.Code)
	}
}

func TestSplitBody(t *testing.T) {
	long := "Kort första mening. " + strings.Repeat("Sedan en lång förklaring. ", 8)
	noStop := strings.Repeat("ord ", 50)
	for _, tc := range []struct{ in, short, more string }{
		{"", "", ""},
		{"En rad förklaring.", "En rad förklaring.", ""},
		{long, "Kort första mening.", strings.TrimSpace(long[len("Kort första mening. "):])},
		{noStop, "", strings.TrimSpace(noStop)},
	} {
		if s, m := splitBody(tc.in); s != tc.short || m != tc.more {
			t.Errorf("splitBody(%.30q) = %.30q, %.30q", tc.in, s, m)
		}
	}
	e, _ := apiTestServer(t)
	if strings.Contains(get(e, "/s/demo").Body.String(), "<details>") {
		t.Error("the demo's one-line explanations still sit behind Läs mer")
	}
}
