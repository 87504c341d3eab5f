package web

import (
	"net/http"
	"strings"

	"kravlistan/cmd/kravlistan/internal/i18n"
	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// The organiser workspace's pages share one look: the site layout, plus the partials in
// static/tmpl/part_admin.html:
//
//	{{define "head"}}{{template "admin_head" .}}{{end}}   admin.css and admin.js
//	{{template "admin_bar" .}}                           top navigation, user, sign-out, flash
//	{{template "campaign_tabs" .}}                       a campaign's tabs (Camp must be set)
//	{{template "csrf" .CSRF}}                            the hidden CSRF field of every form
//	{{template "errors" (.Errs.For "field")}}            a field's errors (see view.FormErrors)
//
// A page's data embeds adminPage, made with newAdminPage (or newCampaignPage inside a
// campaign), and is rendered with adminRender(v, c, status, "admin_yourpage", data).
// The campaign tabs are listed in campaignTabs; a tab's handler renders with
// newCampaignPage(v, c, camp, "tab-id"), and its routes are in routes.go.
type adminPage struct {
	view.Page
	User  *survey.User
	CSRF  string
	Flash string
	// Camp is the campaign whose tabs are shown; nil outside a campaign.
	Camp *survey.Campaign
	// Tab is the current campaign tab's id.
	Tab  string
	Tabs []campaignTab
	Errs view.FormErrors
}

// campaignTab is one tab of a campaign's pages.
type campaignTab struct {
	ID, Href, Label string
	Current         bool
}

// campaignTabs are the campaign pages in tab order: id and path below /admin/campaigns/{slug}.
var campaignTabs = [...]struct{ id, path string }{
	{"overview", ""},
	{"settings", "/settings"},
	{"demands", "/demands"},
	{"questions", "/questions"},
	{"translations", "/translations"},
	{"workplaces", "/workplaces"},
	{"progress", "/progress"},
	{"reports", "/reports"},
	{"parties", "/parties"},
	{"file", "/file"},
}

// adminLangCookie remembers a language chosen with ?lang= inside the workspace, so that
// links and forms need not carry it. Member pages never set it.
const adminLangCookie = "kravlistan_lang"

// adminLang picks the workspace language: ?lang= (remembered), the cookie, Accept-Language.
func adminLang(c echo.Context) string {
	if l := i18n.Norm(c.QueryParam("lang")); l != "" {
		setCookie(c, adminLangCookie, l, 365*24*3600, http.SameSiteLaxMode)
		return l
	}
	if ck, err := c.Cookie(adminLangCookie); err == nil {
		if l := i18n.Norm(ck.Value); l != "" {
			return l
		}
	}
	return i18n.Accept(c.Request().Header.Get("Accept-Language"))
}

// newAdminPageFor returns the layout data of a workspace page at path.
func newAdminPageFor(v *view.Engine, c echo.Context, path string) view.Page {
	lang := adminLang(c)
	return v.Bind(view.Page{Lang: lang, Langs: i18n.Links(path, lang)})
}

// newAdminPage returns the data every signed-in workspace page needs. A "?ok=KEY" query
// (set by a redirect after a successful POST) shows the message org.ok.KEY.
func newAdminPage(v *view.Engine, c echo.Context) adminPage {
	p := adminPage{Page: newAdminPageFor(v, c, view.RoutePath(c)), User: userOf(c), CSRF: csrfToken(c), Errs: view.FormErrors{}}
	if ok := c.QueryParam("ok"); ok != "" && v.Has("org.ok."+ok) {
		p.Flash = v.T(p.Lang, "org.ok."+ok)
	}
	return p
}

// newCampaignPage is newAdminPage inside campaign camp with tab tab selected.
func newCampaignPage(v *view.Engine, c echo.Context, camp *survey.Campaign, tab string) adminPage {
	p := newAdminPage(v, c)
	p.Camp, p.Tab = camp, tab
	base := "/admin/campaigns/" + camp.Slug
	for _, t := range campaignTabs {
		p.Tabs = append(p.Tabs, campaignTab{ID: t.id, Href: base + t.path, Label: v.T(p.Lang, "org.tab."+t.id), Current: t.id == tab})
	}
	return p
}

// adminRender renders a workspace page in the workspace language.
func adminRender(v *view.Engine, c echo.Context, status int, name string, data any) error {
	body, err := v.Execute(name, data)
	if err != nil {
		return err
	}
	return view.WriteHTML(c, status, body, adminLang(c))
}

// adminDone redirects after a successful POST to path, showing org.ok.key there.
func adminDone(c echo.Context, path, key string) error {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return c.Redirect(http.StatusSeeOther, path+sep+"ok="+key)
}

// adminField is the data of the "field" partial: a labelled input with its errors.
type adminField struct {
	Lang, Name, Label, Value, Type string
	Errs                           view.FormErrors
}

// F returns the "field" partial's data for input name with label key, value and type
// ("" for text).
func (p adminPage) F(name, label, value, typ string) adminField {
	return adminField{Lang: p.Lang, Name: name, Label: label, Value: value, Type: typ, Errs: p.Errs}
}

// Methods lists the counting methods for a select: the ranking methods, then the rating
// methods (a method that does not fit the ballot kind is switched on save).
func (p adminPage) Methods() []survey.Method {
	return []survey.Method{survey.MethodBorda, survey.MethodPicks, survey.MethodSchulze, survey.MethodMean, survey.MethodTopBox}
}
