package web

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/google/uuid"
)

// answer stores one response ranking keys for the campaign slug.
func answer(t *testing.T, st *sqlite.Store, slug string, keys ...string) {
	t.Helper()
	c, err := st.CampaignDoc(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	r := &survey.Response{ID: uuid.New(), Channel: survey.ChannelWeb, Day: "2026-03-01", Ranking: keys}
	if err := st.InsertResponses(context.Background(), c.ID, []*survey.Response{r}); err != nil {
		t.Fatal(err)
	}
}

func stored(t *testing.T, st *sqlite.Store, slug string) *survey.Campaign {
	t.Helper()
	c, err := st.CampaignDoc(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func keys(c *survey.Campaign) string {
	var ks []string
	for _, d := range c.Demands {
		ks = append(ks, d.Key)
	}
	return strings.Join(ks, ",")
}

// upload posts a multipart form with file content in field "file".
func (b *browserClient) upload(path, content string, fields url.Values) *httptest.ResponseRecorder {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", b.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile("file", "kampanj.json")
	fw.Write([]byte(content))
	mw.Close()
	return b.do(http.MethodPost, path, mw.FormDataContentType(), &buf)
}

func newDraft(t *testing.T, b *browserClient, title, demand string) string {
	t.Helper()
	rec := b.post("/admin/campaigns", url.Values{"title": {title}, "demand": {demand}})
	wantStatus(t, rec, http.StatusSeeOther)
	loc := rec.Header().Get("Location")
	slug := strings.TrimPrefix(strings.Split(loc, "/demands")[0], "/admin/campaigns/")
	return slug
}

func TestEditorDemands(t *testing.T) {
	e, st, _, _, ollePW := adminTestServer(t)
	b := signIn(t, e, "olle", ollePW)
	slug := newDraft(t, b, "Valet 2026", "Heltid som norm")
	base := "/admin/campaigns/" + slug + "/demands"
	wantStatus(t, b.get(base), http.StatusOK, "Heltid som norm")

	t.Run("Add", func(t *testing.T) {
		wantStatus(t, b.post(base, url.Values{"title": {"Avskaffa allmän visstid"}, "area": {"Trygghet"}, "body": {"Mer text"}}), http.StatusSeeOther)
		wantStatus(t, b.post(base, url.Values{"title": {"Fler bussar"}}), http.StatusSeeOther)
		c := stored(t, st, slug)
		if keys(c) != "heltid-som-norm,avskaffa-allman-visstid,fler-bussar" || c.Demands[1].Area != "Trygghet" || c.MaxPicks != 3 {
			t.Fatalf("%s max %d", keys(c), c.MaxPicks)
		}
	})
	t.Run("AddErrorsKeepValues", func(t *testing.T) {
		rec := b.post(base, url.Values{"title": {""}, "area": {"Trygghet"}, "body": {"Kvar i formuläret"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "Kvar i formuläret", `value="Trygghet"`, `id="err-title"`, `aria-invalid="true"`)
		if keys(stored(t, st, slug)) != "heltid-som-norm,avskaffa-allman-visstid,fler-bussar" {
			t.Fatal("half-saved")
		}
	})
	t.Run("AddClashingKeySuggests", func(t *testing.T) {
		rec := b.post(base, url.Values{"title": {"Igen"}, "key": {"fler-bussar"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "fler-bussar-2", `value="Igen"`)
	})
	t.Run("Reorder", func(t *testing.T) {
		wantStatus(t, b.post(base+"/fler-bussar/move", url.Values{"dir": {"up"}}), http.StatusSeeOther)
		wantStatus(t, b.post(base+"/heltid-som-norm/move", url.Values{"dir": {"down"}}), http.StatusSeeOther)
		wantStatus(t, b.post(base+"/heltid-som-norm/move", url.Values{"dir": {"down"}}), http.StatusSeeOther)
		wantStatus(t, b.post(base+"/heltid-som-norm/move", url.Values{"dir": {"down"}}), http.StatusSeeOther) // already last
		if got := keys(stored(t, st, slug)); got != "fler-bussar,avskaffa-allman-visstid,heltid-som-norm" {
			t.Fatal(got)
		}
	})
	t.Run("EditWithoutResponses", func(t *testing.T) {
		wantStatus(t, b.get(base+"/fler-bussar"), http.StatusOK, `value="Fler bussar"`)
		rec := b.post(base+"/fler-bussar", url.Values{"title": {""}, "area": {"Trafik"}, "body": {"B"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, `value="Trafik"`, "tom titel")
		wantStatus(t, b.post(base+"/fler-bussar", url.Values{"title": {"Bussar som passar skift"}, "area": {"Trafik"}}), http.StatusSeeOther)
		if d, _ := stored(t, st, slug).Demand("fler-bussar"); d.Title != "Bussar som passar skift" || d.Area != "Trafik" {
			t.Fatalf("%+v", d)
		}
		if edits, _ := st.DemandEdits(context.Background(), stored(t, st, slug).ID); len(edits) != 0 {
			t.Fatal("edits logged without responses")
		}
	})
	t.Run("DeleteWithoutResponses", func(t *testing.T) {
		wantStatus(t, b.post(base+"/avskaffa-allman-visstid/delete", nil), http.StatusSeeOther)
		if c := stored(t, st, slug); keys(c) != "fler-bussar,heltid-som-norm" || c.MaxPicks != 2 {
			t.Fatal(keys(c), c.MaxPicks)
		}
	})

	answer(t, st, slug, "heltid-som-norm")
	t.Run("RefuseDeleteAnswered", func(t *testing.T) {
		rec := b.post(base+"/heltid-som-norm/delete", nil)
		wantStatus(t, rec, http.StatusUnprocessableEntity, "dölj det i stället")
		if keys(stored(t, st, slug)) != "fler-bussar,heltid-som-norm" {
			t.Fatal("deleted")
		}
		if strings.Contains(b.get(base).Body.String(), "/delete") {
			t.Error("delete buttons still shown with responses")
		}
	})
	t.Run("HideAnswered", func(t *testing.T) {
		wantStatus(t, b.post(base+"/heltid-som-norm/hide", url.Values{"on": {"1"}}), http.StatusSeeOther)
		c := stored(t, st, slug)
		if d, _ := c.Demand("heltid-som-norm"); !d.Hidden || c.MaxPicks != 1 {
			t.Fatalf("%+v max %d", d, c.MaxPicks)
		}
		// The last visible demand cannot be hidden too.
		wantStatus(t, b.post(base+"/fler-bussar/hide", url.Values{"on": {"1"}}), http.StatusUnprocessableEntity, "minst ett krav måste vara synligt")
		wantStatus(t, b.post(base+"/heltid-som-norm/hide", url.Values{"on": {"0"}}), http.StatusSeeOther)
	})
	t.Run("EditAnsweredNeedsReasonAndIsLogged", func(t *testing.T) {
		rec := b.post(base+"/heltid-som-norm", url.Values{"title": {"Heltid som rättighet"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "skriv varför", `value="Heltid som rättighet"`)
		if d, _ := stored(t, st, slug).Demand("heltid-som-norm"); d.Title != "Heltid som norm" {
			t.Fatal("changed without reason")
		}
		wantStatus(t, b.post(base+"/heltid-som-norm", url.Values{"title": {"Heltid som norm i kommunerna"}, "reason": {"förtydligande"}}), http.StatusSeeOther)
		wantStatus(t, b.get(base), http.StatusOK, "Logg över ändrade krav", "<del>Heltid som norm</del>", "<ins>Heltid som norm i kommunerna</ins>", "förtydligande", "olle")
	})
}

func TestEditorSettingsAndQuestions(t *testing.T) {
	e, st, _, adaPW, _ := adminTestServer(t)
	b := signIn(t, e, "ada", adaPW)
	base := "/admin/campaigns/utkast"
	wantStatus(t, b.get(base+"/settings"), http.StatusOK, `value="5"`)
	t.Run("ErrorsKeepValues", func(t *testing.T) {
		rec := b.post(base+"/settings", url.Values{"title": {"Nytt namn"}, "intro": {"Hej"}, "min_picks": {"x"}, "max_picks": {"99"},
			"anonymity_threshold": {"5"}, "method": {"schulze"}, "opens_at": {"2026-03-10T08:00"}, "closes_at": {"2026-03-01T08:00"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, `value="Nytt namn"`, `value="x"`, `value="99"`, "måste vara ett heltal",
			`value="schulze" selected`, `value="2026-03-10T08:00"`)
		if stored(t, st, "utkast").Title == "Nytt namn" {
			t.Fatal("half-saved")
		}
	})
	t.Run("Save", func(t *testing.T) {
		rec := b.post(base+"/settings", url.Values{"title": {"Nytt namn"}, "intro": {"Hej"}, "min_picks": {"2"}, "max_picks": {"3"},
			"anonymity_threshold": {"10"}, "method": {"schulze"}, "opens_at": {"2026-03-01T08:00"}, "closes_at": {"2026-03-10T20:00"},
			"intake_intro": {" Vad ska partierna lova? "}})
		wantStatus(t, rec, http.StatusSeeOther)
		c := stored(t, st, "utkast")
		if c.Title != "Nytt namn" || c.IntakeIntro != "Vad ska partierna lova?" || c.MinPicks != 2 || c.MaxPicks != 3 || c.AnonymityThreshold != 10 || c.Method != survey.MethodSchulze ||
			c.AllowProposals || c.OpensAt == nil || c.OpensAt.UTC().Hour() != 7 {
			t.Fatalf("%+v", c)
		}
		wantStatus(t, b.get(base+"/settings"), http.StatusOK, `value="2026-03-01T08:00"`)
	})
	t.Run("Questions", func(t *testing.T) {
		wantStatus(t, b.post(base+"/questions", url.Values{"label": {"Anställning"}, "new": {""}}), http.StatusUnprocessableEntity, `value="Anställning"`, "minst ett svarsalternativ")
		wantStatus(t, b.post(base+"/questions", url.Values{"label": {"Anställning"}, "new": {"Under 30\n\n30–49\n50 eller äldre\n"}}), http.StatusSeeOther)
		c := stored(t, st, "utkast")
		q, ok := c.Question("anstallning")
		if !ok || len(q.Options) != 3 || q.Options[1].Key != "30-49" {
			t.Fatalf("%+v", c.Questions)
		}
		wantStatus(t, b.post(base+"/questions/anstallning/move", url.Values{"dir": {"up"}}), http.StatusSeeOther)
		if stored(t, st, "utkast").Questions[2].Key != "anstallning" {
			t.Fatal("not moved up")
		}
		rec := b.post(base+"/questions/anstallning", url.Values{"label": {"Anställning"}, "opt.under-30": {"Yngre än 30"}, "opt.30-49": {"30–49"},
			"opt.50-eller-aldre": {"50+"}, "del.50-eller-aldre": {"1"}, "new": {"Vill inte säga"}})
		wantStatus(t, rec, http.StatusSeeOther)
		q, _ = stored(t, st, "utkast").Question("anstallning")
		if len(q.Options) != 3 || q.Options[0].Label != "Yngre än 30" || q.Options[2].Key != "vill-inte-saga" {
			t.Fatalf("%+v", q)
		}
		answer(t, st, "utkast", "heltid")
		rec = b.post(base+"/questions/anstallning", url.Values{"label": {"Anställning"}, "opt.under-30": {"Yngre än 30"}, "opt.30-49": {"30–49"},
			"opt.vill-inte-saga": {"Vill inte säga"}, "del.30-49": {"1"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "har redan valts", `name="del.30-49" value="1" checked`)
		wantStatus(t, b.post(base+"/questions/anstallning/delete", nil), http.StatusUnprocessableEntity, "har redan besvarats")
	})
}

func TestEditorStatesDuplicateArchive(t *testing.T) {
	e, st, _, _, ollePW := adminTestServer(t)
	b := signIn(t, e, "olle", ollePW)
	slug := newDraft(t, b, "Valet 2026", "Heltid")
	ov := "/admin/campaigns/" + slug
	wantStatus(t, b.get(ov), http.StatusOK, "Öppna för svar", "Utkast: medlemmar kan inte se enkäten")
	wantStatus(t, b.post(ov+"/state", url.Values{"to": {"closed"}}), http.StatusUnprocessableEntity, "Det går inte att byta")
	wantStatus(t, b.post(ov+"/state", url.Values{"to": {"open"}}), http.StatusSeeOther)
	wantStatus(t, get(e, "/s/"+slug), http.StatusOK)
	wantStatus(t, b.get(ov), http.StatusOK, "Stäng", "Tillbaka till utkast")
	answer(t, st, slug, "heltid")
	wantStatus(t, b.get(ov), http.StatusOK, "1 svar")
	if strings.Contains(b.get(ov).Body.String(), `value="draft"`) {
		t.Error("back-to-draft offered with responses")
	}
	wantStatus(t, b.post(ov+"/state", url.Values{"to": {"draft"}}), http.StatusUnprocessableEntity, "kan inte bli ett utkast")
	wantStatus(t, b.post(ov+"/state", url.Values{"to": {"closed"}}), http.StatusSeeOther)
	wantStatus(t, b.get(ov), http.StatusOK, "Öppna igen", "Svaren som redan finns behålls")
	wantStatus(t, b.post(ov+"/state", url.Values{"to": {"open"}}), http.StatusSeeOther)
	if stored(t, st, slug).State != survey.StateOpen {
		t.Fatal("not reopened")
	}

	t.Run("Duplicate", func(t *testing.T) {
		wantStatus(t, b.get(ov+"/duplicate"), http.StatusOK, `value="valet-2026-2"`)
		wantStatus(t, b.post(ov+"/duplicate", url.Values{"title": {"Kopia"}, "slug": {slug}}), http.StatusUnprocessableEntity, "valet-2026-2", `value="Kopia"`)
		wantStatus(t, b.post(ov+"/duplicate", url.Values{"title": {"Valet 2030"}, "slug": {"valet-2030"}}), http.StatusSeeOther)
		c := stored(t, st, "valet-2030")
		if c.State != survey.StateDraft || keys(c) != "heltid" || c.Published {
			t.Fatalf("%+v", c)
		}
		if n, _ := st.ResponseCount(context.Background(), c.ID); n != 0 {
			t.Fatal("responses copied")
		}
	})
	t.Run("Archive", func(t *testing.T) {
		wantStatus(t, b.post(ov+"/archive", url.Values{"on": {"1"}}), http.StatusSeeOther)
		if strings.Contains(b.get("/admin").Body.String(), ov+`"`) {
			t.Error("archived campaign still listed")
		}
		wantStatus(t, b.get("/admin?archived=1"), http.StatusOK, ov)
		wantStatus(t, get(e, "/s/"+slug), http.StatusOK) // archiving hides from the list only
		wantStatus(t, b.post(ov+"/archive", url.Values{"on": {"0"}}), http.StatusSeeOther)
		wantStatus(t, b.get("/admin"), http.StatusOK, ov)
	})
}

func TestEditorFileImportExport(t *testing.T) {
	e, st, _, adaPW, ollePW := adminTestServer(t)
	b := signIn(t, e, "ada", adaPW)
	rec := b.get("/admin/campaigns/demo/export.json")
	wantStatus(t, rec, http.StatusOK)
	if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, `demo.json`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	exported := rec.Body.String()
	if _, err := survey.DecodeCampaign([]byte(exported)); err != nil {
		t.Fatal(err)
	}
	t.Run("ImportNewSlugClash", func(t *testing.T) {
		rec := b.upload("/admin/campaigns/import", exported, nil)
		wantStatus(t, rec, http.StatusUnprocessableEntity, "demo-2")
	})
	t.Run("ImportNewRoundTrip", func(t *testing.T) {
		wantStatus(t, b.upload("/admin/campaigns/import", exported, url.Values{"slug": {"demo-2"}}), http.StatusSeeOther)
		a, c := stored(t, st, "demo"), stored(t, st, "demo-2")
		c.Slug, c.ID, c.State = a.Slug, a.ID, a.State
		var x, y bytes.Buffer
		survey.EncodeCampaign(&x, a)
		survey.EncodeCampaign(&y, c)
		if x.String() != y.String() {
			t.Fatalf("round trip differs:\n%s\n%s", x.String(), y.String())
		}
	})
	t.Run("ImportErrorsWithPaths", func(t *testing.T) {
		var doc map[string]any
		json.Unmarshal([]byte(exported), &doc)
		doc["demands"].([]any)[2].(map[string]any)["title"] = ""
		doc["max_picks"] = "fem"
		bad, _ := json.Marshal(doc)
		rec := b.upload("/admin/campaigns/demo-2/file", string(bad), nil)
		wantStatus(t, rec, http.StatusUnprocessableEntity, "max_picks: fel typ")
		delete(doc, "max_picks")
		bad, _ = json.Marshal(doc)
		rec = b.upload("/admin/campaigns/demo-2/file", string(bad), nil)
		wantStatus(t, rec, http.StatusUnprocessableEntity, "demands[2].title: tom titel")
		wantStatus(t, b.upload("/admin/campaigns/demo-2/file", `{"slug":`, nil), http.StatusUnprocessableEntity, "ogiltig JSON")
		if keys(stored(t, st, "demo-2")) != keys(stored(t, st, "demo")) {
			t.Fatal("half-saved")
		}
	})
	t.Run("ReplaceRespectsAnswers", func(t *testing.T) {
		answer(t, st, "demo-2", "heltid")
		var doc map[string]any
		json.Unmarshal([]byte(exported), &doc)
		doc["demands"] = doc["demands"].([]any)[1:]
		bad, _ := json.Marshal(doc)
		wantStatus(t, b.upload("/admin/campaigns/demo-2/file", string(bad), nil), http.StatusUnprocessableEntity, "demands[0]", "heltid")
		doc["demands"] = append([]any{map[string]any{"key": "heltid", "title": "Heltid!", "hidden": true}}, doc["demands"].([]any)...)
		good, _ := json.Marshal(doc)
		wantStatus(t, b.upload("/admin/campaigns/demo-2/file", string(good), url.Values{"reason": {"ny fil"}}), http.StatusSeeOther)
		if d, _ := stored(t, st, "demo-2").Demand("heltid"); !d.Hidden || d.Title != "Heltid!" {
			t.Fatalf("%+v", d)
		}
		if edits, _ := st.DemandEdits(context.Background(), stored(t, st, "demo-2").ID); len(edits) != 1 || edits[0].Reason != "ny fil" {
			t.Fatalf("%+v", edits)
		}
	})
	t.Run("OrganiserCannotExportOthers", func(t *testing.T) {
		o := signIn(t, e, "olle", ollePW)
		wantStatus(t, o.get("/admin/campaigns/demo/export.json"), http.StatusNotFound)
		wantStatus(t, o.upload("/admin/campaigns/demo/file", exported, nil), http.StatusNotFound)
	})
}

func TestHiddenDemandNotShownToMembers(t *testing.T) {
	e, st, _, adaPW, _ := adminTestServer(t)
	b := signIn(t, e, "ada", adaPW)
	wantStatus(t, get(e, "/s/demo"), http.StatusOK, `id="d-visstid"`)
	wantStatus(t, b.post("/admin/campaigns/demo/demands/visstid/hide", url.Values{"on": {"1"}}), http.StatusSeeOther)
	if strings.Contains(get(e, "/s/demo").Body.String(), `id="d-visstid"`) {
		t.Error("hidden demand shown to members")
	}
	if d, _ := stored(t, st, "demo").Demand("visstid"); !d.Hidden {
		t.Fatal("not hidden")
	}
}
