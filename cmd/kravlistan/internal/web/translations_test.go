package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"kravlistan/survey"

	"github.com/chromedp/chromedp"
)

// translatedDemo is the demo with Finnish and Arabic content, partly translated.
func translatedDemo() *survey.Campaign {
	c := survey.Demo()
	c.Slug = "kaannos"
	c.Translations = map[string]survey.Translation{
		"fi": {Title: "Vaalit 2026", Intro: "Valitse tärkeimmät vaatimukset.",
			Demands: map[string]survey.DemandText{"heltid": {Area: "Turvalliset työsuhteet", Title: "Kokoaikatyö normiksi", Body: "Kaikille tarjotaan kokoaikatyötä."}},
			Questions: map[string]survey.QuestionText{"forbund": {Label: "Mihin liittoon kuulut?",
				Options: map[string]string{"kommunal": "Kommunal (kunta-ala)"}}}},
		"ar": {Title: "انتخابات 2026", Demands: map[string]survey.DemandText{"heltid": {Title: "العمل بدوام كامل كقاعدة"}}},
	}
	return c
}

func TestTranslationsInCampaignFile(t *testing.T) {
	c := translatedDemo()
	c.ApplyDefaults()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := survey.EncodeCampaign(&buf, c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"translations"`) || !strings.Contains(buf.String(), `"Kokoaikatyö normiksi"`) {
		t.Fatalf("export lacks the translations:\n%s", buf.String())
	}
	back, err := survey.DecodeCampaign(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	survey.EncodeCampaign(&again, back)
	if again.String() != buf.String() {
		t.Fatalf("round trip differs:\n%s\n%s", buf.String(), again.String())
	}
	// Problems come with their JSON path.
	bad := strings.Replace(buf.String(), `"heltid": {`, `"hel-tid": {`, 1)
	bad = strings.Replace(bad, `"fi": {`, `"xx": {"title": "?"}, "fi": {`, 1)
	_, err = survey.DecodeCampaign([]byte(bad))
	var paths []string
	for _, f := range survey.FieldErrors(err) {
		paths = append(paths, f.Field)
	}
	got := strings.Join(paths, " ")
	for _, want := range []string{"translations.xx", "translations.ar.demands.hel-tid"} {
		if !strings.Contains(got, want) {
			t.Errorf("errors %q lack %s (%v)", got, want, err)
		}
	}
}

func TestTranslatedMemberPage(t *testing.T) {
	e, st := apiTestServer(t)
	if err := st.CreateCampaign(context.Background(), translatedDemo()); err != nil {
		t.Fatal(err)
	}
	// Finnish content, Swedish interface; untranslated demands are marked Swedish.
	wantStatus(t, get(e, "/s/kaannos?lang=fi"), http.StatusOK, `<h1 lang="fi">Vaalit 2026</h1>`,
		`lang="fi">Kokoaikatyö normiksi</label>`, `<h3 class="area" lang="fi">Turvalliset työsuhteet</h3>`,
		`lang="fi">Mihin liittoon kuulut?</label>`, `lang="fi">Kommunal (kunta-ala)</option>`,
		`action="/s/kaannos?lang=fi"`, `hreflang="fi" lang="fi" aria-current="page">Suomi</a>`, "Skicka mitt svar")
	// The demo's second demand has no Finnish text: on this Swedish page it needs no mark.
	if body := get(e, "/s/kaannos?lang=fi").Body.String(); !strings.Contains(body, `for="r-visstid">Avskaffa`) {
		t.Error("untranslated demand on a Swedish page marked")
	}
	// English interface, no English content: every demand is marked Swedish.
	en := get(e, "/s/demo?lang=en").Body.String()
	if !strings.Contains(en, `<h1 lang="sv">`) || !strings.Contains(en, `for="r-heltid" lang="sv">Heltid som norm i kommuner och regioner</label>`) {
		t.Error("Swedish content on an English page is not marked lang=sv")
	}
	// Arabic: right to left, the untranslated rest marked Swedish and left to right.
	wantStatus(t, get(e, "/s/kaannos?lang=ar"), http.StatusOK, `<div class="ct" dir="rtl">`, `<h1 lang="ar">انتخابات 2026</h1>`,
		`lang="ar">العمل بدوام كامل كقاعدة</label>`, `<p class="intro" dir="ltr">`)
	// A phone set to Finnish gets the Finnish content without choosing it.
	wantStatus(t, get(e, "/s/kaannos", "Accept-Language", "fi-FI,fi;q=0.9,sv;q=0.5"), http.StatusOK, `<h1 lang="fi">Vaalit 2026</h1>`)
	wantStatus(t, get(e, "/s/kaannos?lang=sv", "Accept-Language", "fi"), http.StatusOK, `<h1>Valet 2026`)
	// A language the campaign is not translated into gives the Swedish source.
	wantStatus(t, get(e, "/s/kaannos?lang=pl"), http.StatusOK, `<h1>Valet 2026`)
	// Ballots are key-based: an answer in Finnish is the same ballot.
	body := get(e, "/s/kaannos?lang=fi").Body.String()
	rec := post(e, "/s/kaannos?lang=fi", url.Values{"id": {formID(t, body)}, "rank-heltid": {"1"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/s/kaannos/_tack?lang=fi" {
		t.Fatalf("%d %s", rec.Code, rec.Header().Get("Location"))
	}
}

func TestTranslationsEditor(t *testing.T) {
	e, st, _, adaPW, _ := adminTestServer(t)
	b := signIn(t, e, "ada", adaPW)
	base := "/admin/campaigns/utkast/translations"
	wantStatus(t, b.get(base+"?to=fi"), http.StatusOK, "Översättning: Suomi", `<p lang="sv" dir="ltr">Heltid som norm i kommuner och regioner</p>`,
		`name="d.heltid.title" value="" lang="fi"`, "0/")
	wantStatus(t, b.get(base+"?to=ar"), http.StatusOK, `lang="ar" dir="rtl"`)
	wantStatus(t, b.get(base+"?to=klingon"), http.StatusNotFound)
	form := url.Values{"title": {"Vaalit"}, "d.heltid.title": {"Kokoaikatyö"}, "a.heltid": {"Turvalliset työsuhteet"},
		"o.forbund.kommunal": {"Kommunal"}}
	wantStatus(t, b.post(base+"?to=fi", form), http.StatusSeeOther)
	c := stored(t, st, "utkast")
	fi := c.Translations["fi"]
	if fi.Title != "Vaalit" || fi.Demands["heltid"].Title != "Kokoaikatyö" || fi.Demands["heltid"].Area != "Turvalliset työsuhteet" ||
		fi.Questions["forbund"].Options["kommunal"] != "Kommunal" {
		t.Fatalf("%+v", fi)
	}
	// Every demand of the area gets the area's translation.
	for _, d := range c.Demands {
		if d.Area == c.Demands[0].Area && fi.Demands[d.Key].Area != "Turvalliset työsuhteet" {
			t.Errorf("area of %s not translated", d.Key)
		}
	}
	wantStatus(t, b.get(base+"?to=fi"), http.StatusOK, `value="Kokoaikatyö"`)
	// Too long: the message sits next to the field, nothing is saved.
	form.Set("d.heltid.title", strings.Repeat("x", 201))
	wantStatus(t, b.post(base+"?to=fi", form), http.StatusUnprocessableEntity, "får vara högst 200 tecken", `aria-invalid="true"`)
	if stored(t, st, "utkast").Translations["fi"].Demands["heltid"].Title != "Kokoaikatyö" {
		t.Error("half-saved")
	}
	// The proposal form's intro is offered once the campaign has one.
	if strings.Contains(b.get(base+"?to=fi").Body.String(), `name="intake_intro"`) {
		t.Error("an intake intro row without an intake intro")
	}
	doc := stored(t, st, "utkast")
	doc.IntakeIntro = "Föreslå krav till partierna."
	if err := st.SaveCampaign(context.Background(), doc, "", ""); err != nil {
		t.Fatal(err)
	}
	form.Set("d.heltid.title", "Kokoaikatyö")
	form.Set("intake_intro", "Ehdota vaatimuksia.")
	wantStatus(t, b.post(base+"?to=fi", form), http.StatusSeeOther)
	if got := stored(t, st, "utkast").Translations["fi"].IntakeIntro; got != "Ehdota vaatimuksia." {
		t.Errorf("intake intro translated as %q", got)
	}
	// Emptying every field removes the language.
	wantStatus(t, b.post(base+"?to=fi", url.Values{}), http.StatusSeeOther)
	if _, ok := stored(t, st, "utkast").Translations["fi"]; ok {
		t.Error("an empty translation is kept")
	}
}

// TestBrowserTranslationsEditor: the side-by-side editor fits a phone and a laptop, passes
// axe, and an Arabic field is typed right to left.
func TestBrowserTranslationsEditor(t *testing.T) {
	base, st, _ := browserServer(t)
	pw := addUser(t, st, "ada", survey.RoleAdmin)
	ctx := newTab(t, true)
	do1(t, ctx, chromedp.Navigate(base+"/admin?lang=sv"), chromedp.WaitVisible(`#password`),
		chromedp.SendKeys(`#name`, "ada"), chromedp.SendKeys(`#password`, pw),
		chromedp.Click(`form button[type=submit]`), chromedp.WaitVisible(`.abar`))
	do1(t, ctx, chromedp.Navigate(base+"/admin/campaigns/demo/translations?to=ar"), chromedp.WaitVisible(`#title`),
		chromedp.SendKeys(`[name="d.heltid.title"]`, "العمل بدوام كامل"), chromedp.Click(`.trform button[type=submit]`),
		chromedp.WaitVisible(`.flash`))
	if got := must(t, ctx, chromedp.Value(`[name="d.heltid.title"]`)); got != "العمل بدوام كامل" {
		t.Errorf("saved value %q", got)
	}
	if dir := must(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('[name="d.heltid.title"]')).direction`)); dir != "rtl" {
		t.Errorf("Arabic field is %s", dir)
	}
	for _, w := range []int{390, 1280} {
		setWidth(t, ctx, w)
		if sw := must(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); sw > w {
			t.Errorf("editor is %d px wide at %d px", sw, w)
		}
		screenshot(t, ctx, "translations-"+strconv.Itoa(w))
	}
	axeCheck(t, ctx)
	if c := stored(t, st, "demo"); c.Translations["ar"].Demands["heltid"].Title != "العمل بدوام كامل" {
		t.Errorf("stored %+v", c.Translations)
	}
}
