package web

import (
	"net/http"
	"strings"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// The translations editor (GET/POST /admin/campaigns/{slug}/translations?to=fi) shows each
// Swedish text beside a field for its translation. Ballots name demands and options by key,
// so translating never touches what is counted.

// trRow is one text: its Swedish source beside the field for the translation.
type trRow struct {
	Name, Label, Source, Value string
	Long                       bool
	// path is the text's JSON path inside the translation (demands.heltid.title), to put
	// the validation's messages next to the right field.
	path string
}

type trLang struct {
	Code, Name, Href string
	Done, Total      int
	Current          bool
}

// translationsPage is the data of static/tmpl/admin_translations.html.
type translationsPage struct {
	adminPage
	To, ToName string
	Dir        string // "rtl" for Arabic and Persian
	Languages  []trLang
	Rows       []trRow
}

// trRows lists every translatable text of c with its translation into lang. Areas are
// translated once per area and stored on each of its demands.
func trRows(v *view.Engine, lang string, c *survey.Campaign, to string) []trRow {
	t := c.Translations[to]
	rows := []trRow{
		{Name: "title", Label: v.T(lang, "org.tr.title"), Source: c.Title, Value: t.Title, path: "title"},
		{Name: "intro", Label: v.T(lang, "org.tr.intro"), Source: c.Intro, Value: t.Intro, Long: true, path: "intro"},
	}
	if c.IntakeIntro != "" {
		rows = append(rows, trRow{Name: "intake_intro", Label: v.T(lang, "org.tr.intake_intro"), Source: c.IntakeIntro,
			Value: t.IntakeIntro, Long: true, path: "intake_intro"})
	}
	seen := map[string]bool{}
	for _, d := range c.Demands {
		if d.Area != "" && !seen[d.Area] {
			seen[d.Area] = true
			rows = append(rows, trRow{Name: "a." + d.Key, Label: v.T(lang, "org.tr.area"), Source: d.Area,
				Value: t.Demands[d.Key].Area, path: "demands." + d.Key + ".area"})
		}
	}
	for _, d := range c.Demands {
		dt := t.Demands[d.Key]
		rows = append(rows, trRow{Name: "d." + d.Key + ".title", Label: v.T(lang, "org.tr.demand", d.Key), Source: d.Title,
			Value: dt.Title, path: "demands." + d.Key + ".title"})
		if d.Body != "" {
			rows = append(rows, trRow{Name: "d." + d.Key + ".body", Label: v.T(lang, "org.tr.body", d.Key), Source: d.Body,
				Value: dt.Body, Long: true, path: "demands." + d.Key + ".body"})
		}
	}
	for _, q := range c.Questions {
		qt := t.Questions[q.Key]
		rows = append(rows, trRow{Name: "q." + q.Key, Label: v.T(lang, "org.tr.question", q.Key), Source: q.Label,
			Value: qt.Label, path: "questions." + q.Key + ".label"})
		for _, o := range q.Options {
			rows = append(rows, trRow{Name: "o." + q.Key + "." + o.Key, Label: v.T(lang, "org.tr.option", o.Key), Source: o.Label,
				Value: qt.Options[o.Key], path: "questions." + q.Key + ".options." + o.Key})
		}
	}
	return rows
}

// readTranslation builds the translation into to from the form. Blank fields are left
// out: the member then sees the Swedish text, marked as Swedish.
func readTranslation(c echo.Context, camp *survey.Campaign, rows []trRow) survey.Translation {
	val := func(name string) string { return strings.TrimSpace(c.FormValue(name)) }
	t := survey.Translation{Title: val("title"), Intro: val("intro"), IntakeIntro: val("intake_intro"), Demands: map[string]survey.DemandText{},
		Questions: map[string]survey.QuestionText{}}
	areas := map[string]string{} // Swedish area → its translation
	for _, r := range rows {
		if strings.HasPrefix(r.Name, "a.") {
			areas[r.Source] = val(r.Name)
		}
	}
	for _, d := range camp.Demands {
		dt := survey.DemandText{Area: areas[d.Area], Title: val("d." + d.Key + ".title"), Body: val("d." + d.Key + ".body")}
		if dt != (survey.DemandText{}) {
			t.Demands[d.Key] = dt
		}
	}
	for _, q := range camp.Questions {
		qt := survey.QuestionText{Label: val("q." + q.Key), Options: map[string]string{}}
		for _, o := range q.Options {
			if s := val("o." + q.Key + "." + o.Key); s != "" {
				qt.Options[o.Key] = s
			}
		}
		if len(qt.Options) == 0 {
			qt.Options = nil
		}
		if qt.Label != "" || qt.Options != nil {
			t.Questions[q.Key] = qt
		}
	}
	return t
}

func newTranslationsPage(v *view.Engine, c echo.Context, camp *survey.Campaign) (translationsPage, error) {
	to := c.QueryParam("to")
	if to == "" {
		to = "en"
	}
	if !survey.IsContentLanguage(to) {
		return translationsPage{}, echo.NewHTTPError(http.StatusNotFound)
	}
	p := translationsPage{adminPage: newCampaignPage(v, c, camp, "translations"), To: to, ToName: survey.LanguageName(to)}
	if survey.RightToLeft(to) {
		p.Dir = "rtl"
	}
	base := "/admin/campaigns/" + camp.Slug + "/translations?to="
	for _, l := range survey.ContentLanguages {
		tl := trLang{Code: l, Name: survey.LanguageName(l), Href: base + l, Current: l == to}
		for _, r := range trRows(v, p.Lang, camp, l) {
			if r.Source != "" {
				tl.Total++
				if r.Value != "" {
					tl.Done++
				}
			}
		}
		p.Languages = append(p.Languages, tl)
	}
	p.Rows = trRows(v, p.Lang, camp, to)
	return p, nil
}

// handleTranslations shows GET .../translations?to=xx.
func handleTranslations(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		p, err := newTranslationsPage(v, c, camp)
		if err != nil {
			return err
		}
		return adminRender(v, c, http.StatusOK, "admin_translations", p)
	}
}

// handleTranslationsSave saves POST .../translations?to=xx: the whole translation into
// one language, all or nothing.
func handleTranslationsSave(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		p, err := newTranslationsPage(v, c, camp)
		if err != nil {
			return err
		}
		t := readTranslation(c, camp, p.Rows)
		if camp.Translations == nil {
			camp.Translations = map[string]survey.Translation{}
		}
		camp.Translations[p.To] = t
		camp.PruneTranslations()
		for i := range p.Rows { // show what was typed, also when it cannot be saved
			p.Rows[i].Value = strings.TrimSpace(c.FormValue(p.Rows[i].Name))
		}
		err = st.SaveCampaign(c.Request().Context(), camp, p.User.Name, "")
		if err == nil {
			return adminDone(c, "/admin/campaigns/"+camp.Slug+"/translations?to="+p.To, "saved")
		}
		if !userError(err) {
			return err
		}
		names := map[string]string{}
		for _, r := range p.Rows {
			names["translations."+p.To+"."+r.path] = r.Name
		}
		p.Errs.AddErr(p.Lang, renameFields(err, names))
		return adminRender(v, c, http.StatusUnprocessableEntity, "admin_translations", p)
	}
}
