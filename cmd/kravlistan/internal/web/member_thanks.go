package web

import (
	"html/template"
	"net/http"
	"net/url"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// thanksPage is the data of static/tmpl/thanks.html.
type thanksPage struct {
	view.Page
	CampaignTitle string
	// Remember is the campaign's slug when answered.js should remember on the phone that
	// it answered (open campaigns); empty otherwise. The page no longer invites a second
	// answer.
	Remember string
	// ShareURL is the campaign's general link, to pass on to a colleague; QR is the same
	// link as an inline SVG QR code (drawn on the server, so it works without JavaScript).
	ShareURL string
	QR       template.HTML
	Rate     bool // a rating questionnaire (its privacy note differs)
	// Intake: the member sent a proposal (intake round); the page thanks for it and
	// invites another through Again (the form it came from), and the phone is not marked
	// as having answered.
	Intake bool
	Again  string
}

// handleThanks serves GET /s/:slug/_tack, where a member lands after answering. The path
// cannot clash with a workplace code: codes never start with "_". It thanks, shows what
// this tab sent (thanks.js, from sessionStorage) and offers the link to share; it has no
// button back to the questionnaire, which would invite a second answer.
func handleThanks(st survey.Store, v *view.Engine, links linkBase, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := st.Campaign(c.Request().Context(), c.Param("slug"))
		if err != nil {
			return err
		} else if camp.State == survey.StateDraft {
			return camp.CheckOpen(now(), camp.Location())
		}
		p := v.NewPage(c.Request(), view.RoutePath(c))
		share := links.campaignURL(c, camp.Slug)
		svg, err := qrSVG(share, 176)
		if err != nil {
			return err
		}
		tp := thanksPage{Page: p, CampaignTitle: camp.Title, ShareURL: share, QR: template.HTML(svg), Rate: camp.Rates(), // #nosec: our own SVG, no user text
			Intake: camp.State == survey.StateIntake}
		if !camp.NeedsCode() && !tp.Intake {
			tp.Remember = camp.Slug
		}
		if tp.Intake {
			tp.Again = "/s/" + camp.Slug
			if wp, ok := camp.Workplace(c.QueryParam("ap")); ok {
				tp.Again += "/" + url.PathEscape(wp.Code)
			}
			if l := c.QueryParam("lang"); l != "" {
				tp.Again += "?lang=" + url.QueryEscape(l)
			}
		}
		return v.Render(c, http.StatusOK, "thanks", tp)
	}
}
