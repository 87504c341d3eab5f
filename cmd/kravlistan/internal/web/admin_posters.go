package web

import (
	"html/template"
	"net/http"
	"strings"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// postersPage is the data of static/tmpl/admin_posters.html: one A4 poster per workplace,
// each on its own sheet when printed.
type postersPage struct {
	adminPage
	Posters []poster
	Back    string
}

// poster is one workplace's poster. The QR code is inline SVG, so printing never waits
// for images and the code stays sharp at any size.
type poster struct {
	Name string
	Link string
	// Short is the link without the scheme, as people type it.
	Short string
	QR    template.HTML
}

func newPoster(c echo.Context, links linkBase, camp *survey.Campaign, w survey.Workplace) (poster, error) {
	link := links.workplaceURL(c, camp.Slug, w.Code)
	svg, err := qrSVG(link, 512)
	if err != nil {
		return poster{}, err
	}
	short := strings.TrimPrefix(strings.TrimPrefix(link, "https://"), "http://")
	// qrSVG writes only numbers and fixed markup, never the link itself.
	return poster{Name: w.Name, Link: link, Short: short, QR: template.HTML(svg)}, nil
}

// handlePosters serves GET /admin/campaigns/{slug}/posters (every workplace) and
// /admin/campaigns/{slug}/workplaces/{code}/poster (one).
func handlePosters(st survey.Store, v *view.Engine, links linkBase, one bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		wps := camp.Workplaces
		if one {
			w, ok := camp.Workplace(c.Param("code"))
			if !ok {
				return errNoCampaign
			}
			wps = []survey.Workplace{w}
		}
		p := postersPage{adminPage: newCampaignPage(v, c, camp, "workplaces"), Back: "/admin/campaigns/" + camp.Slug + "/workplaces"}
		for _, w := range wps {
			ps, err := newPoster(c, links, camp, w)
			if err != nil {
				return err
			}
			p.Posters = append(p.Posters, ps)
		}
		return adminRender(v, c, http.StatusOK, "admin_posters", p)
	}
}
