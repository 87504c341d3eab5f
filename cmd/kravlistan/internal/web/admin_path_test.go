package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kravlistan/survey"
)

// nextStepRE finds the step the overview marks as the next one.
var nextStepRE = regexp.MustCompile(`(?s)<li class="step step-next" aria-current="step">.*?<p class="step-name">(.*?) <span`)

// rawKeyRE finds what must never reach a page: a catalogue key, a form field's internal
// name before a message, or a fmt error.
var rawKeyRE = regexp.MustCompile(`\b(org|party|poster|results|rate|member)\.[a-z_]+\.[a-z_.]+|>(publish|file|sender|call|logo|election_day): |%!|\bsql: |runtime error`)

func TestCampaignPath(t *testing.T) {
	_, st, b := organiserServer(t)
	ctx := context.Background()
	base := "/admin/campaigns/demo"
	next := func(want string) {
		t.Helper()
		rec := b.get(base)
		wantStatus(t, rec, http.StatusOK)
		body := rec.Body.String()
		m := nextStepRE.FindStringSubmatch(body)
		if m == nil || !strings.Contains(m[1], want) {
			t.Errorf("next step %q, want %q", m, want)
		}
		if n := strings.Count(body, `aria-current="step"`); n != 1 {
			t.Errorf("%d steps marked next", n)
		}
		if k := rawKeyRE.FindString(body); k != "" {
			t.Errorf("overview shows %q", k)
		}
	}
	// The demo is open: closing is next, publishing cannot be done yet and says why.
	next("Stäng kampanjen")
	body := b.get(base).Body.String()
	for _, want := range []string{"Går först när kampanjen är stängd, så att resultaten inte påverkar svaren.", "Fastställ kravlistan först."} {
		if !strings.Contains(body, want) {
			t.Errorf("overview lacks the reason %q", want)
		}
	}
	// The reports page offers Publicera only as a disabled button with the reason.
	rep := b.get(base + "/reports").Body.String()
	if !regexp.MustCompile(`<button type="submit" class="btn" id="publish" disabled aria-describedby="publish-hint">`).MatchString(rep) {
		t.Error("Publicera is clickable while the campaign is open")
	}
	// Forced anyway, the answer is a sentence, not "publish: …".
	rec := b.post(base+"/publish", url.Values{"on": {"1"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity, "Stäng kampanjen innan resultaten publiceras.")
	if k := rawKeyRE.FindString(rec.Body.String()); k != "" {
		t.Errorf("publish error shows %q", k)
	}

	if err := st.SetState(ctx, "demo", survey.StateClosed); err != nil {
		t.Fatal(err)
	}
	// Closed: publishing is the prominent step, reopening a secondary button.
	next("Publicera resultaten")
	body = b.get(base).Body.String()
	if !strings.Contains(body, `action="/admin/campaigns/demo/publish"`) || !strings.Contains(body, `class="btn2" aria-describedby="move-reopen"`) {
		t.Error("closed overview: publish form or secondary reopen missing")
	}
	if err := st.SetPublished(ctx, "demo", true); err != nil {
		t.Fatal(err)
	}
	next("Fastställ kravlistan till partierna")
	c, _ := st.Campaign(ctx, "demo")
	if err := st.FreezeList(ctx, c, []survey.ListItem{{DemandKey: c.Demands[0].Key, Title: c.Demands[0].Title}}); err != nil {
		t.Fatal(err)
	}
	next("Skicka svarslänkar")
	parties, _ := st.Parties(ctx, c.ID)
	if _, err := st.CreatePartyLink(ctx, c.ID, parties[0].ID, time.Now().Add(72*time.Hour)); err != nil {
		t.Fatal(err)
	}
	next("Vänta in svaren")

	// In English and Norwegian the steps have their own words.
	for lang, want := range map[string]string{"en": "Wait for the answers", "nb": "Vent på svarene"} {
		body := b.get(base + "?lang=" + lang).Body.String()
		if m := nextStepRE.FindStringSubmatch(body); m == nil || !strings.Contains(m[1], want) {
			t.Errorf("%s: next step %q", lang, m)
		}
	}
	b.get(base + "?lang=sv")
}

// posterForm posts the poster form with a logo file (none when logo is nil).
func posterForm(b *browserClient, fields url.Values, name string, logo []byte) *httptest.ResponseRecorder {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", b.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if logo != nil {
		fw, _ := mw.CreateFormFile("logo", name)
		fw.Write(logo)
	}
	mw.Close()
	return b.do(http.MethodPost, "/admin/campaigns/demo/poster", mw.FormDataContentType(), &buf)
}

func TestPosterSettings(t *testing.T) {
	e, st, b := organiserServer(t)
	ctx := context.Background()
	c, _ := st.Campaign(ctx, "demo")
	fields := url.Values{"sender": {"LO-distriktet i Västsverige"}, "election_day": {"2026-09-13"}, "call": {""}}

	for _, tc := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"NotAnImage", "logo.png", []byte("<svg onload=alert(1)></svg>"), "Logotypen måste vara en PNG- eller JPEG-bild."},
		{"GIF", "logo.gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "Logotypen måste vara en PNG- eller JPEG-bild."},
		{"BrokenPNG", "logo.png", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 40)...), "Logotypen måste vara en PNG- eller JPEG-bild."},
		{"TooLarge", "logo.png", append(testLogo(t), make([]byte, survey.MaxLogoBytes)...), "Logotypen är för stor: högst 512 kB."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := posterForm(b, fields, tc.file, tc.data)
			wantStatus(t, rec, http.StatusUnprocessableEntity, tc.want, `id="err-logo"`, `value="LO-distriktet i Västsverige"`)
			if k := rawKeyRE.FindString(rec.Body.String()); k != "" {
				t.Errorf("shows %q", k)
			}
			if p, _ := st.Poster(ctx, c.ID); p.Sender != "" || p.LogoType != "" {
				t.Errorf("saved despite the error: %+v", p)
			}
		})
	}
	rec := posterForm(b, url.Values{"election_day": {"13/9"}}, "", nil)
	wantStatus(t, rec, http.StatusUnprocessableEntity, `id="err-election_day"`, "måste vara ett datum")

	rec = posterForm(b, fields, "logo.png", testLogo(t))
	wantStatus(t, rec, http.StatusSeeOther)
	p, _ := st.Poster(ctx, c.ID)
	if p.Sender != "LO-distriktet i Västsverige" || p.ElectionDay != "2026-09-13" || p.LogoType != "image/png" {
		t.Fatalf("saved %+v", p)
	}
	// The organiser sees the logo; the public only once the results are published.
	logo := b.get("/admin/campaigns/demo/logo")
	wantStatus(t, logo, http.StatusOK)
	if logo.Header().Get("Content-Type") != "image/png" || logo.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("logo headers %v", logo.Header())
	}
	pub := httptest.NewRecorder()
	e.ServeHTTP(pub, httptest.NewRequest(http.MethodGet, "/r/demo/logo", nil))
	if pub.Code != http.StatusNotFound {
		t.Errorf("unpublished campaign's logo: %d", pub.Code)
	}
	submitN(t, st, "demo", 10, "2026-03-02", "sjukhuset", map[string]string{"forbund": "kommunal"})
	// The preview carries sender, logo, election day and the default call to action.
	wantStatus(t, b.get("/admin/campaigns/demo/kravlista"), http.StatusOK, "LO-distriktet i Västsverige",
		`src="/admin/campaigns/demo/logo?v=`+p.LogoSum+`"`, "Valet 13 september 2026", "står ni bakom våra krav?", `class="qr"`)
	wantStatus(t, b.get("/admin/campaigns/demo/kravlista?paper=a3&lang=en"), http.StatusOK, "poster-a3", "Election day 13 September 2026")
	// Saving the text without a file keeps the logo; remove_logo drops it.
	wantStatus(t, posterForm(b, fields, "", nil), http.StatusSeeOther)
	if p, _ := st.Poster(ctx, c.ID); p.LogoType != "image/png" {
		t.Error("the logo went with a text save")
	}
	fields.Set("remove_logo", "1")
	wantStatus(t, posterForm(b, fields, "", nil), http.StatusSeeOther)
	if p, _ := st.Poster(ctx, c.ID); p.LogoType != "" || p.Sender == "" {
		t.Errorf("after removing the logo %+v", p)
	}
}
