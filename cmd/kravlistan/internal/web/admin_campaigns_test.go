package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kravlistan/survey"
)

func TestAdminCampaignList(t *testing.T) {
	e, st, _, adaPW, ollePW := adminTestServer(t)
	ada := signIn(t, e, "ada", adaPW)
	wantStatus(t, ada.get("/admin"), http.StatusOK, "/admin/campaigns/demo", "/admin/users", "Kampanjer")
	wantStatus(t, ada.get("/admin/campaigns/demo"), http.StatusOK, "/admin/campaigns/demo/workplaces",
		"/admin/campaigns/demo/progress", "/admin/campaigns/demo/reports", "Stäng")

	olle := signIn(t, e, "olle", ollePW)
	rec := olle.get("/admin")
	wantStatus(t, rec, http.StatusOK, "Här finns inga kampanjer än")
	t.Run("OrganiserSeesNoOtherCampaign", func(t *testing.T) {
		for _, p := range []string{"/admin/campaigns/demo", "/admin/campaigns/demo/duplicate", "/admin/campaigns/nope"} {
			wantStatus(t, olle.get(p), http.StatusNotFound)
		}
		wantStatus(t, olle.post("/admin/campaigns/demo/state", url.Values{"to": {"closed"}}), http.StatusNotFound)
		if c, _ := st.CampaignDoc(context.Background(), "demo"); c.State != survey.StateOpen {
			t.Fatal("state changed by an organiser without access")
		}
	})
	t.Run("Create", func(t *testing.T) {
		rec := olle.post("/admin/campaigns", url.Values{"title": {"Valet 2026"}, "demand": {"Heltid som norm"}, "area": {"Arbete"}})
		wantStatus(t, rec, http.StatusSeeOther)
		if loc := rec.Header().Get("Location"); loc != "/admin/campaigns/valet-2026/demands?ok=created" {
			t.Fatalf("Location %q", loc)
		}
		c, err := st.CampaignDoc(context.Background(), "valet-2026")
		if err != nil || c.State != survey.StateDraft || c.Demands[0].Title != "Heltid som norm" || c.Demands[0].Key != "heltid-som-norm" {
			t.Fatalf("%+v %v", c, err)
		}
		wantStatus(t, olle.get("/admin"), http.StatusOK, "Valet 2026")
		wantStatus(t, olle.get("/admin/campaigns/valet-2026"), http.StatusOK, "Valet 2026")
	})
	t.Run("TakenSlugNamesNoCampaign", func(t *testing.T) {
		// "demo" belongs to a campaign olle cannot see: the form says only that the address
		// is not free and suggests another, exactly as for an address he could see.
		rec := olle.post("/admin/campaigns", url.Values{"title": {"Demo"}, "slug": {"demo"}, "demand": {"Krav"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "inte ledig", "demo-2")
		if strings.Contains(rec.Body.String(), "används") {
			t.Fatalf("the message says the address is used by a campaign: %s", rec.Body)
		}
	})
	t.Run("CreateErrorsKeepValues", func(t *testing.T) {
		rec := olle.post("/admin/campaigns", url.Values{"title": {"Valet 2026"}, "demand": {""}, "area": {"Välfärd"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, `value="Välfärd"`, `value="Valet 2026"`, "tom titel",
			"valet-2026-2", `aria-invalid="true"`)
		rec = olle.post("/admin/campaigns", url.Values{"title": {"Valet 2026"}, "demand": {"Krav"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, `&#34;valet-2026-2&#34;`)
	})
}
