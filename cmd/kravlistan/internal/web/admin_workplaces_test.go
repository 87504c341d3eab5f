package web

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"kravlistan/survey"
	"kravlistan/survey/sqlite"
)

// organiserServer is adminTestServer with the organiser "olle" signed in and given access to
// the demo campaign (but to no other).
func organiserServer(t *testing.T) (http.Handler, *sqlite.Store, *browserClient) {
	t.Helper()
	e, st, _, _, ollePW := adminTestServer(t)
	grant(t, st, "olle", "demo")
	return e, st, signIn(t, e, "olle", ollePW)
}

func grant(t *testing.T, st *sqlite.Store, user, slug string) {
	t.Helper()
	ctx := context.Background()
	u, _, err := st.UserByName(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	c, err := st.Campaign(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.GrantAccess(ctx, c.ID, u.ID); err != nil {
		t.Fatal(err)
	}
}

// uploadFile posts a multipart form with a file named name holding data.
func uploadFile(b *browserClient, path, name string, data []byte, fields url.Values) *httptest.ResponseRecorder {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", b.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	return b.do(http.MethodPost, path, mw.FormDataContentType(), &buf)
}

func storedDoc(t *testing.T, st *sqlite.Store, slug string) *survey.Campaign {
	t.Helper()
	c, err := st.CampaignDoc(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestWorkplaces(t *testing.T) {
	_, st, b := organiserServer(t)
	base := "/admin/campaigns/demo/workplaces"

	rec := b.get(base)
	wantStatus(t, rec, http.StatusOK, "http://example.com/s/demo/sjukhuset", "Hemtjänsten Norr",
		base+"/bussdepan/qr.svg", base+"/bussdepan/qr.png", base+"/bussdepan/poster", `href="/admin/campaigns/demo/posters"`)

	t.Run("AddWithCodeFromName", func(t *testing.T) {
		wantStatus(t, b.post(base, url.Values{"name": {"Åkeriet i Öre"}}), http.StatusSeeOther)
		w, ok := storedDoc(t, st, "demo").Workplace("akeriet-i-ore")
		if !ok || w.Name != "Åkeriet i Öre" {
			t.Fatalf("stored %+v %v", w, ok)
		}
		wantStatus(t, b.get(base+"?ok=workplace_added"), http.StatusOK, "Arbetsplatsen är tillagd", "/s/demo/akeriet-i-ore")
	})
	t.Run("ErrCodeTaken", func(t *testing.T) {
		before := len(storedDoc(t, st, "demo").Workplaces)
		rec := b.post(base, url.Values{"name": {"Nya sjukhuset"}, "code": {"sjukhuset"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, `value="Nya sjukhuset"`, `value="sjukhuset"`,
			`id="err-code"`, "förslag: &#34;sjukhuset-2&#34;", `aria-invalid="true"`)
		if n := len(storedDoc(t, st, "demo").Workplaces); n != before {
			t.Errorf("%d workplaces after a refused add, want %d", n, before)
		}
	})
	t.Run("ErrNameMissing", func(t *testing.T) {
		wantStatus(t, b.post(base, url.Values{"code": {"x"}}), http.StatusUnprocessableEntity, `id="err-name"`, "måste fyllas i", `value="x"`)
	})
	t.Run("ErrBadCode", func(t *testing.T) {
		wantStatus(t, b.post(base, url.Values{"name": {"Verkstad"}, "code": {"a b"}}), http.StatusUnprocessableEntity, `id="err-code"`, "får bara innehålla")
	})
	t.Run("ErrNoCSRF", func(t *testing.T) {
		rec := b.do(http.MethodPost, base, formType, strings.NewReader(url.Values{"name": {"Utan token"}}.Encode()))
		wantStatus(t, rec, http.StatusForbidden)
		if _, ok := storedDoc(t, st, "demo").Workplace("utan-token"); ok {
			t.Error("saved without a CSRF token")
		}
	})
}

func TestWorkplaceQR(t *testing.T) {
	_, _, b := organiserServer(t)
	base := "/admin/campaigns/demo/workplaces/hemtjansten-norr"

	rec := b.get(base + "/qr.png")
	wantStatus(t, rec, http.StatusOK)
	if ct := rec.Header().Get("Content-Type"); ct != "image/png" {
		t.Errorf("PNG content type %q", ct)
	}
	img, err := png.Decode(rec.Body)
	if err != nil {
		t.Fatal("PNG does not decode:", err)
	}
	// Version 3 (29 modules) holds the ~40-byte link; 4 modules of quiet zone each side.
	if bd := img.Bounds(); bd.Dx() != bd.Dy() || bd.Dx()%qrPNGModule != 0 || bd.Dx()/qrPNGModule < 21+8 {
		t.Errorf("PNG is %v", bd)
	}

	rec = b.get(base + "/qr.svg?download=1")
	wantStatus(t, rec, http.StatusOK)
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "image/svg+xml") {
		t.Errorf("SVG content type %q", ct)
	}
	if cd := rec.Header().Get("Content-Disposition"); cd != `attachment; filename="qr-demo-hemtjansten-norr.svg"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	var svg struct {
		XMLName xml.Name
		Width   string `xml:"width,attr"`
		Height  string `xml:"height,attr"`
		ViewBox string `xml:"viewBox,attr"`
		Rect    struct {
			Width string `xml:"width,attr"`
		} `xml:"rect"`
		Path struct {
			D string `xml:"d,attr"`
		} `xml:"path"`
	}
	dec := xml.NewDecoder(rec.Body)
	if err := dec.Decode(&svg); err != nil {
		t.Fatal("SVG is not well-formed XML:", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Errorf("content after the SVG element: %v", err)
	}
	n, _ := strconv.Atoi(svg.Rect.Width)
	if svg.XMLName.Local != "svg" || svg.XMLName.Space != "http://www.w3.org/2000/svg" || svg.Width != "512" || svg.Height != "512" ||
		svg.ViewBox != fmt.Sprintf("0 0 %d %d", n, n) || n < 21+8 || !strings.HasPrefix(svg.Path.D, "M") {
		t.Errorf("SVG %+v", svg)
	}
	// The same matrix in both: as many modules wide.
	if want := img.Bounds().Dx() / qrPNGModule; n != want {
		t.Errorf("SVG has %d modules, PNG %d", n, want)
	}
	wantStatus(t, b.get("/admin/campaigns/demo/workplaces/nope/qr.png"), http.StatusNotFound)
}

func TestPosters(t *testing.T) {
	_, st, b := organiserServer(t)
	rec := b.get("/admin/campaigns/demo/posters")
	wantStatus(t, rec, http.StatusOK, "Valet 2026", "example.com/s/demo/bussdepan", "Bussdepån Syd")
	body := rec.Body.String()
	if n := strings.Count(body, `<section class="poster"`); n != len(survey.Demo().Workplaces) {
		t.Errorf("%d posters, want one per workplace", n)
	}
	if n := strings.Count(body, "<svg "); n != len(survey.Demo().Workplaces) {
		t.Errorf("%d inline QR codes", n)
	}
	wantStatus(t, b.get("/admin/campaigns/demo/workplaces/coop-centrum/poster"), http.StatusOK, "example.com/s/demo/coop-centrum")

	t.Run("PublicURL", func(t *testing.T) {
		pub := newTestServer(t, st, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{PublicURL: "https://krav.example.org/"})
		c := newClient(t, pub)
		c.cookies = b.cookies
		rec := c.get("/admin/campaigns/demo/workplaces/coop-centrum/poster")
		wantStatus(t, rec, http.StatusOK, "krav.example.org/s/demo/coop-centrum")
		if strings.Contains(rec.Body.String(), "example.com/s/") {
			t.Error("the request's host is used despite -public-url")
		}
	})
	t.Run("ServeFlag", func(t *testing.T) {
		if err := CheckPublicURL("krav.example.org"); err == nil {
			t.Error("a URL without scheme is accepted")
		}
		if err := CheckPublicURL("https://krav.example.org"); err != nil {
			t.Error(err)
		}
	})
}

// TestOrganiserScope: every page and file of this half answers 404 for a campaign the
// organiser has no access to, 303 to the sign-in page without a session, and 403 for a
// POST without the CSRF token.
func TestOrganiserScope(t *testing.T) {
	e, _, b := organiserServer(t)
	for _, p := range []string{"/workplaces", "/workplaces/sjukhuset/qr.svg", "/workplaces/sjukhuset/qr.png",
		"/workplaces/sjukhuset/poster", "/posters", "/upload", "/progress", "/progress.json", "/reports",
		"/report.xlsx", "/report.json", "/ranking.csv", "/responses.csv"} {
		wantStatus(t, b.get("/admin/campaigns/utkast"+p), http.StatusNotFound)
		if rec := get(e, "/admin/campaigns/demo"+p); rec.Code != http.StatusSeeOther ||
			!strings.HasPrefix(rec.Header().Get("Location"), "/admin/login") {
			t.Errorf("%s without a session: %d %s", p, rec.Code, rec.Header().Get("Location"))
		}
	}
	for _, p := range []string{"/workplaces", "/upload/confirm", "/publish"} {
		wantStatus(t, b.post("/admin/campaigns/utkast"+p, url.Values{"name": {"x"}, "on": {"1"}}), http.StatusNotFound)
		rec := b.do(http.MethodPost, "/admin/campaigns/demo"+p, formType, strings.NewReader("name=x&on=1"))
		wantStatus(t, rec, http.StatusForbidden)
	}
}
