package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kravlistan/survey"
)

// TestCallerReachesNothingElse signs in a caller and tries every route of the workspace:
// all but the call pages are refused (403), the start page leads to the call list, and an
// answer taken on the call page is stored with channel phone.
func TestCallerReachesNothingElse(t *testing.T) {
	e, st, _, _, _ := adminTestServer(t)
	ctx := context.Background()
	pw := addUser(t, st, "ringa", survey.RoleCaller)
	u, _, _ := st.UserByName(ctx, "ringa")
	camp, _ := st.Campaign(ctx, "demo")
	if err := st.GrantAccess(ctx, camp.ID, u.ID); err != nil {
		t.Fatal(err)
	}
	b := newClient(t, e)
	b.get("/admin/login")
	wantStatus(t, b.post("/admin/login", url.Values{"name": {"ringa"}, "password": {pw}}), http.StatusSeeOther)
	rec := b.get("/admin")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin/call" {
		t.Fatalf("GET /admin as a caller: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	wantStatus(t, b.get("/admin/call"), http.StatusOK, `href="/admin/campaigns/demo/call"`)
	wantStatus(t, b.get("/admin/campaigns/demo/call"), http.StatusOK, "Ring medlemmar", "Be medlemmen välja högst 5 krav")

	params := strings.NewReplacer(":slug", "demo", ":key", "heltid", ":code", "sjukhuset", ":name", "ada",
		":id", "1", ":batch", "1", ":link", "1", ":fid", "1")
	reached := 0
	for _, r := range e.Routes() {
		if !strings.HasPrefix(r.Path, "/admin") || r.Path == "/admin/login" || r.Path == "/admin/setup" || callerRoutes[r.Path] ||
			r.Path == "/admin" || r.Path == "/admin/" {
			continue
		}
		path := params.Replace(r.Path)
		var rec interface{ Result() *http.Response }
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			rec = b.do(r.Method, path, "", nil)
		case http.MethodPost:
			rec = b.post(path, url.Values{"line": {"1"}, "name": {"x"}, "role": {"admin"}})
		default:
			continue
		}
		if code := rec.Result().StatusCode; code != http.StatusForbidden {
			t.Errorf("%s %s (%s): %d, want 403", r.Method, path, r.Path, code)
		}
		reached++
	}
	wantStatus(t, b.get("/admin/campaigns/demo/settings"), http.StatusForbidden, "Ett konto för uppringare kan bara skriva in svar från telefonsamtal.", `href="/admin/call"`)
	if reached < 80 {
		t.Errorf("only %d workspace routes tried", reached)
	}
	// The caller's only work: an answer, shown as read and then stored with channel phone.
	rec2 := b.post("/admin/campaigns/demo/call", url.Values{"line": {"2 9 / 8"}})
	wantStatus(t, rec2, http.StatusOK, "Avskaffa allmän visstidsanställning", "Kommunal", "Så här läses")
	wantStatus(t, b.post("/admin/campaigns/demo/call", url.Values{"line": {"2 99"}}), http.StatusUnprocessableEntity, "krav nummer 99 finns inte")
	rec2 = b.post("/admin/campaigns/demo/call", url.Values{"line": {"2 9 / 8"}, "checked": {checkedValue("2 9 / 8", "", "")}})
	wantStatus(t, rec2, http.StatusSeeOther)
	wantStatus(t, b.get(rec2.Header().Get("Location")), http.StatusOK, "Svaret är sparat. Nästa samtal!")
	rs := demoResponses(t, st, "demo")
	if len(rs) != 1 || rs[0].Channel != survey.ChannelPhone || strings.Join(rs[0].Ranking, ",") != "visstid,arbetslivskriminalitet" ||
		rs[0].Background["forbund"] != "kommunal" || rs[0].Workplace != "" {
		t.Fatalf("stored %+v", rs)
	}
	// A campaign the caller was not given, and a closed one, take nothing.
	wantStatus(t, b.get("/admin/campaigns/stangd/call"), http.StatusNotFound)
	wantStatus(t, b.post("/admin/logout", nil), http.StatusSeeOther)
}

// TestCallClosedCampaign: an organiser's call page refuses answers when the campaign is
// not open, with the reason.
func TestCallClosedCampaign(t *testing.T) {
	e, _, _, adaPW, _ := adminTestServer(t)
	b := signIn(t, e, "ada", adaPW)
	wantStatus(t, b.get("/admin/campaigns/stangd/call"), http.StatusOK, "Kampanjen tar inte emot svar just nu.")
	wantStatus(t, b.post("/admin/campaigns/stangd/call", url.Values{"line": {"1"}, "checked": {checkedValue("1", "", "")}}), http.StatusUnprocessableEntity, "Kampanjen tar inte emot svar just nu.")
	wantStatus(t, b.get("/admin/campaigns/demo/call/sheet?language=en"), http.StatusOK, "Call sheet", "Demand numbers in order")
}
