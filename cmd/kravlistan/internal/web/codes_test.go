package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/google/uuid"
)

// codesCampaign adds the campaign "koder" (the demo with access codes) and issues n codes
// for workplace wp.
func codesCampaign(t *testing.T, st *sqlite.Store, wp string, n int) (*survey.Campaign, []string) {
	t.Helper()
	ctx := context.Background()
	c := survey.Demo()
	c.Slug, c.Access = "koder", survey.AccessCodes
	if err := st.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	camp, err := st.Campaign(ctx, "koder")
	if err != nil {
		t.Fatal(err)
	}
	_, codes, err := st.IssueCodes(ctx, camp.ID, wp, n)
	if err != nil {
		t.Fatal(err)
	}
	return camp, codes
}

// wantJSONField checks a JSON error body names field with a message containing msg.
func wantJSONField(t *testing.T, body, field, msg string) {
	t.Helper()
	var eb errorsBody
	if err := json.Unmarshal([]byte(body), &eb); err != nil {
		t.Fatalf("not a JSON error body: %v\n%s", err, body)
	}
	for _, e := range eb.Errors {
		if e.Field == field && strings.Contains(e.Message, msg) {
			return
		}
	}
	t.Fatalf("no error on %q with %q in %s", field, msg, body)
}

func TestAPICodes(t *testing.T) {
	e, st := apiTestServer(t)
	ctx := context.Background()
	camp, codes := codesCampaign(t, st, "sjukhuset", 3)
	path := "/api/v1/campaigns/koder/responses"
	body := func(id, code string, ranking ...string) string {
		b, _ := json.Marshal(map[string]any{"id": id, "code": code, "ranking": ranking})
		return string(b)
	}
	id := uuid.NewString()
	t.Run("Missing403", func(t *testing.T) {
		rec := do(e, http.MethodPost, path, jsonType, fmt.Sprintf(`{"id":%q,"ranking":["heltid"]}`, uuid.NewString()))
		wantStatus(t, rec, http.StatusForbidden)
		wantJSONField(t, rec.Body.String(), "code", "skriv koden")
	})
	t.Run("Unknown403", func(t *testing.T) {
		rec := do(e, http.MethodPost, path, jsonType, body(uuid.NewString(), "ZZZZ-ZZZZ", "heltid"))
		wantStatus(t, rec, http.StatusForbidden)
		wantJSONField(t, rec.Body.String(), "code", "koden finns inte")
	})
	t.Run("Created201", func(t *testing.T) {
		// Typed in lower case without the dash.
		rec := do(e, http.MethodPost, path, jsonType, body(id, strings.ToLower(codes[0]), "heltid", "visstid"))
		wantStatus(t, rec, http.StatusCreated)
		r, err := st.Response(ctx, uuid.MustParse(id))
		if err != nil {
			t.Fatal(err)
		}
		if r.Workplace != "sjukhuset" {
			t.Errorf("stored workplace %q, want the code's workplace sjukhuset", r.Workplace)
		}
	})
	t.Run("Retry200", func(t *testing.T) {
		rec := do(e, http.MethodPost, path, jsonType, body(id, survey.FormatCode(codes[0]), "heltid", "visstid"))
		wantStatus(t, rec, http.StatusOK)
	})
	t.Run("UsedNewAnswer403", func(t *testing.T) {
		rec := do(e, http.MethodPost, path, jsonType, body(uuid.NewString(), codes[0], "bemanning"))
		wantStatus(t, rec, http.StatusForbidden)
		wantJSONField(t, rec.Body.String(), "code", "Koden är redan använd")
	})
	t.Run("SameIDOtherAnswer403", func(t *testing.T) {
		rec := do(e, http.MethodPost, path, jsonType, body(id, codes[0], "bemanning"))
		wantStatus(t, rec, http.StatusForbidden)
		wantJSONField(t, rec.Body.String(), "code", "Koden är redan använd")
	})
	t.Run("Invalid422KeepsCodeUnused", func(t *testing.T) {
		rec := do(e, http.MethodPost, path, jsonType, body(uuid.NewString(), codes[1], "finns-inte"))
		wantStatus(t, rec, http.StatusUnprocessableEntity)
		rec = do(e, http.MethodPost, path, jsonType, body(uuid.NewString(), codes[1], "heltid"))
		wantStatus(t, rec, http.StatusCreated)
	})
	t.Run("OpenModeIgnoresCode201", func(t *testing.T) {
		rec := do(e, http.MethodPost, "/api/v1/campaigns/demo/responses", jsonType, body(uuid.NewString(), "whatever", "heltid"))
		wantStatus(t, rec, http.StatusCreated)
	})
	t.Run("Throttled429", func(t *testing.T) {
		var rec = do(e, http.MethodPost, path, jsonType, body(uuid.NewString(), "AAAA-AAAA", "heltid"))
		for i := 0; i < 30 && rec.Code != http.StatusTooManyRequests; i++ {
			rec = do(e, http.MethodPost, path, jsonType, body(uuid.NewString(), "AAAA-AAAA", "heltid"))
		}
		wantStatus(t, rec, http.StatusTooManyRequests)
		wantJSONField(t, rec.Body.String(), "code", "för många felaktiga koder")
		if rec.Header().Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		// A right code is throttled too while the address waits: guessing cannot go on.
		rec = do(e, http.MethodPost, path, jsonType, body(uuid.NewString(), codes[2], "heltid"))
		wantStatus(t, rec, http.StatusTooManyRequests)
	})
	total, _, _ := st.CodeCounts(ctx, camp.ID)
	if total.Issued != 3 || total.Used != 2 {
		t.Errorf("codes %+v, want 3 issued, 2 used", total)
	}
	t.Run("CampaignDocumentHasAccess", func(t *testing.T) {
		rec := get(e, "/api/v1/campaigns/koder")
		wantStatus(t, rec, http.StatusOK, `"access":"codes"`)
	})
}

// TestCodeGuardPerCampaign: wrong codes from many addresses run the campaign's bucket dry,
// after which every address waits; right codes are given back; another campaign is not
// affected; the bucket refills.
func TestCodeGuardPerCampaign(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	testCodeGuard(t, newMemCounters(clock), &now)
}

// testCodeGuard runs the code guard's rules on counters c (in memory, or a shared store's),
// moving the clock *now.
func testCodeGuard(t *testing.T, c counters, now *time.Time) {
	t.Helper()
	ctx := context.Background()
	g := newCodeGuard(c, func() time.Time { return *now })
	check := func(ip string, campaign int64) (time.Duration, func() error) {
		t.Helper()
		d, right, err := g.check(ctx, ip, campaign)
		if err != nil {
			t.Fatal(err)
		}
		return d, right
	}
	for range 100 { // right codes cost nothing
		d, right := check("192.0.2.1", 1)
		if d != 0 {
			t.Fatalf("a right code throttled after %v", d)
		}
		if err := right(); err != nil {
			t.Fatal(err)
		}
	}
	for i := range codeCampaignBurst {
		ip := fmt.Sprintf("10.0.%d.%d", i/250, i%250)
		if d, _ := check(ip, 1); d != 0 {
			t.Fatalf("wrong code %d throttled after %v", i, d)
		}
	}
	if d, _ := check("192.0.2.99", 1); d <= 0 {
		t.Fatal("a new address is not throttled after the campaign's burst of wrong codes")
	}
	if d, _ := check("192.0.2.99", 2); d != 0 {
		t.Fatal("another campaign is throttled")
	}
	// One address alone: 20 free wrong codes, then it waits (another campaign's bucket).
	for i := range freeAttemptsAddress - 1 {
		if d, _ := check("192.0.2.99", 2); d != 0 {
			t.Fatalf("wrong code %d from one address throttled after %v", i+2, d)
		}
	}
	if d, _ := check("192.0.2.99", 2); d != time.Second {
		t.Fatalf("the 21st wrong code from one address waits %v, want 1s", d)
	}
	*now = now.Add(time.Hour)
	if d, _ := check("192.0.2.99", 1); d != 0 {
		t.Fatalf("still throttled an hour later: %v", d)
	}
}

var codeValueRE = regexp.MustCompile(`id="code" name="code" class="code-in" value="([^"]*)"`)

func TestMemberFormCodes(t *testing.T) {
	e, st := apiTestServer(t)
	ctx := context.Background()
	_, codes := codesCampaign(t, st, "verkstaden", 2)
	formatted := survey.FormatCode(codes[0])
	t.Run("LinkFillsCode", func(t *testing.T) {
		rec := get(e, "/s/koder/verkstaden?kod="+url.QueryEscape(strings.ToLower(codes[0])))
		wantStatus(t, rec, http.StatusOK)
		if m := codeValueRE.FindStringSubmatch(rec.Body.String()); m == nil || m[1] != formatted {
			t.Fatalf("code field %v, want %s", m, formatted)
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q", cc)
		}
		if !strings.Contains(rec.Body.String(), "?lang=en&amp;kod="+url.QueryEscape(formatted)) {
			t.Error("the language switch drops the code")
		}
	})
	t.Run("FieldWithoutLink", func(t *testing.T) {
		rec := get(e, "/s/koder")
		wantStatus(t, rec, http.StatusOK, `name="code"`)
		if strings.Contains(rec.Body.String(), `id="answered"`) {
			t.Error("a codes campaign shows the open campaign's answered note")
		}
	})
	path := "/s/koder/verkstaden"
	id := formID(t, get(e, path).Body.String())
	t.Run("Missing403KeepsChoices", func(t *testing.T) {
		rec := post(e, path, url.Values{"id": {id}, "rank-heltid": {"1"}, "rank-visstid": {"2"}, "bg-forbund": {"kommunal"}})
		wantStatus(t, rec, http.StatusForbidden, "skriv koden", `id="e-code"`, `<option selected>1</option>`, `value="kommunal" selected`)
	})
	t.Run("Unknown403", func(t *testing.T) {
		rec := post(e, path, url.Values{"id": {id}, "rank-heltid": {"1"}, "code": {"ABCD-EFGH"}})
		wantStatus(t, rec, http.StatusForbidden, "koden finns inte", `value="ABCD-EFGH"`)
	})
	t.Run("BallotAndCode422", func(t *testing.T) {
		rec := post(e, path, url.Values{"id": {id}, "rank-heltid": {"1"}, "rank-visstid": {"1"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "skriv koden", "plats 1 är vald för flera krav")
	})
	t.Run("Stored303", func(t *testing.T) {
		rec := post(e, path, url.Values{"id": {id}, "rank-heltid": {"1"}, "code": {formatted}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("status %d\n%s", rec.Code, rec.Body)
		}
		if _, err := st.Response(ctx, uuid.MustParse(id)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Resent303", func(t *testing.T) {
		rec := post(e, path, url.Values{"id": {id}, "rank-heltid": {"1"}, "code": {codes[0]}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("the same answer sent again: status %d\n%s", rec.Code, rec.Body)
		}
	})
	t.Run("Used403KeepsChoices", func(t *testing.T) {
		rec := post(e, path, url.Values{"id": {uuid.NewString()}, "rank-visstid": {"1"}, "code": {formatted}})
		wantStatus(t, rec, http.StatusForbidden, "Koden är redan använd", `<option selected>1</option>`, `value="`+formatted+`"`)
	})
	t.Run("Thanks", func(t *testing.T) {
		rec := get(e, "/s/koder/_tack")
		wantStatus(t, rec, http.StatusOK)
		if strings.Contains(rec.Body.String(), "answered-mark") {
			t.Error("a codes campaign's thank-you page marks the phone")
		}
	})
}

func TestOpenModeRemembersLocally(t *testing.T) {
	e, _ := apiTestServer(t)
	rec := get(e, "/s/demo/_tack")
	wantStatus(t, rec, http.StatusOK, `id="answered-mark" data-slug="demo"`, "answered.")
	body := rec.Body.String()
	if strings.Contains(body, `href="/s/demo"`) && strings.Contains(body, "Tillbaka till enkäten") {
		t.Error("the thank-you page still invites a second answer")
	}
	if len(rec.Result().Cookies()) > 0 {
		t.Error("the thank-you page sets a cookie")
	}
	rec = get(e, "/s/demo")
	wantStatus(t, rec, http.StatusOK, `id="answered" data-slug="demo"`, "Svara ändå")
	if strings.Contains(rec.Body.String(), `name="code"`) {
		t.Error("an open campaign asks for a code")
	}
}

var slipCodeRE = regexp.MustCompile(`<p class="slip-code">([0-9A-Z]{4}-[0-9A-Z]{4})</p>`)

func TestAdminCodes(t *testing.T) {
	e, st, b := organiserServer(t)
	ctx := context.Background()
	base := "/admin/campaigns/demo/codes"
	wantStatus(t, b.get(base), http.StatusOK, "Engångskoder", "Inga koder ännu.", "öppen för alla med länken")
	t.Run("BadN422", func(t *testing.T) {
		wantStatus(t, b.post(base, url.Values{"n": {"0"}, "workplace": {"sjukhuset"}}), http.StatusUnprocessableEntity,
			"Antalet måste vara", `value="0"`, `value="sjukhuset" selected`)
	})
	t.Run("BadWorkplace422", func(t *testing.T) {
		wantStatus(t, b.post(base, url.Values{"n": {"3"}, "workplace": {"finns-inte"}}), http.StatusUnprocessableEntity, "okänd arbetsplats")
	})
	t.Run("NoCSRF403", func(t *testing.T) {
		rec := b.do(http.MethodPost, base, formType, strings.NewReader(url.Values{"n": {"3"}}.Encode()))
		wantStatus(t, rec, http.StatusForbidden)
	})
	var codes []string
	t.Run("Slips200", func(t *testing.T) {
		rec := b.post(base, url.Values{"n": {"30"}, "workplace": {"sjukhuset"}, "lang": {"nb"}})
		wantStatus(t, rec, http.StatusOK, "Koden din", "Universitetssjukhuset", "/s/demo/sjukhuset")
		if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q", cc)
		}
		for _, m := range slipCodeRE.FindAllStringSubmatch(rec.Body.String(), -1) {
			codes = append(codes, m[1])
		}
		if len(codes) != 30 || strings.Count(rec.Body.String(), `<section class="sheet"`) != 2 {
			t.Fatalf("%d codes on %d sheets, want 30 on 2", len(codes), strings.Count(rec.Body.String(), `<section class="sheet"`))
		}
	})
	camp, _ := st.Campaign(ctx, "demo")
	total, by, _ := st.CodeCounts(ctx, camp.ID)
	if total.Issued != 30 || len(by) != 1 || by[0].Workplace != "sjukhuset" {
		t.Fatalf("counts %+v %+v", total, by)
	}
	wantStatus(t, b.get(base), http.StatusOK, "Universitetssjukhuset", ">30<", "Makulera oanvända koder")
	t.Run("SettingsAccess", func(t *testing.T) {
		rec := b.get("/admin/campaigns/demo/settings")
		wantStatus(t, rec, http.StatusOK, `name="access" value="codes"`)
		wantStatus(t, b.post("/admin/campaigns/demo/settings", ballotForm(map[string]string{"access": "bogus"})), http.StatusUnprocessableEntity, "måste vara open")
		rec = b.post("/admin/campaigns/demo/settings", ballotForm(map[string]string{"access": "codes"}))
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("save access: %d\n%s", rec.Code, rec.Body)
		}
		if c, _ := st.Campaign(ctx, "demo"); !c.NeedsCode() {
			t.Fatal("access not saved")
		}
	})
	api := "/api/v1/campaigns/demo/responses"
	send := func(code string) int {
		return do(e, http.MethodPost, api, jsonType, fmt.Sprintf(`{"id":%q,"code":%q,"ranking":["heltid"]}`, uuid.NewString(), code)).Code
	}
	if s := send(codes[0]); s != http.StatusCreated {
		t.Fatalf("slip code: %d", s)
	}
	batches, _ := st.CodeBatches(ctx, camp.ID)
	t.Run("Void303", func(t *testing.T) {
		rec := b.post(fmt.Sprintf("%s/%d/void", base, batches[0].ID), nil)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("void: %d\n%s", rec.Code, rec.Body)
		}
		if s := send(codes[1]); s != http.StatusForbidden {
			t.Errorf("voided code: %d, want 403", s)
		}
		wantStatus(t, b.get(base), http.StatusOK, "Makulerad")
	})
	t.Run("VoidUnknown404", func(t *testing.T) {
		wantStatus(t, b.post(base+"/999/void", nil), http.StatusNotFound)
	})
	t.Run("OtherOrganisersCampaign404", func(t *testing.T) {
		wantStatus(t, b.get("/admin/campaigns/stangd/codes"), http.StatusNotFound)
		wantStatus(t, b.post("/admin/campaigns/stangd/codes", url.Values{"n": {"3"}}), http.StatusNotFound)
	})
	t.Run("ReportSaysAccess", func(t *testing.T) {
		rec := b.get("/admin/campaigns/demo/report.json")
		wantStatus(t, rec, http.StatusOK)
		var doc struct {
			Access struct {
				Mode        string `json:"mode"`
				Text        string `json:"text"`
				CodesIssued int    `json:"codes_issued"`
				CodesUsed   int    `json:"codes_used"`
			} `json:"access"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		a := doc.Access
		if a.Mode != "codes" || a.CodesIssued != 1 || a.CodesUsed != 1 || !strings.Contains(a.Text, "Varje medlem fick en engångskod") {
			t.Errorf("access %+v", a)
		}
	})
}
