package web

import (
	"net/http"
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
}

// handleThanks serves GET /s/:slug/_tack, where a member lands after answering. The path
// cannot clash with a workplace code: codes never start with "_".
func handleThanks(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := st.Campaign(c.Request().Context(), c.Param("slug"))
		if err != nil {
			return err
		} else if camp.State == survey.StateDraft {
			return camp.CheckOpen(now(), camp.Location())
		}
		p := v.NewPage(c.Request(), view.RoutePath(c))
		tp := thanksPage{Page: p, CampaignTitle: camp.Title}
		if !camp.NeedsCode() {
			tp.Remember = camp.Slug
		}
		return v.Render(c, http.StatusOK, "thanks", tp)
	}
}
