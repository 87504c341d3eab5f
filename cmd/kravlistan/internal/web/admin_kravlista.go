package web

import (
	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"
	"time"

	"github.com/labstack/echo/v4"
)

// handleKravlistaPreview serves /admin/campaigns/{slug}/kravlista in the organiser
// workspace: the printable demand list of any campaign the signed-in organiser may work
// on, before or after publishing, with the same anonymity threshold as the public list.
// It keeps its own cache: campaignFor hands out a fresh copy of the campaign, and an open
// campaign's results are checked against the number of responses on every request.
func handleKravlistaPreview(st survey.Store, v *view.Engine, links linkBase, now func() time.Time) echo.HandlerFunc {
	rc := newResultsCache(st, now)
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		return serveKravlista(c, st, rc, v, links, camp, true)
	}
}
