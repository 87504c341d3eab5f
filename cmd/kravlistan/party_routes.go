package main

import (
	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey/sqlite"

	"github.com/labstack/echo/v4"
)

// partyRoutes registers the public party routes: the secret answer link and the
// published matrix. The request log records /p/:token, the pattern, never the token.
func partyRoutes(e *echo.Echo, st *sqlite.Store, v *view.Engine) {
	e.GET("/p/:token", handlePartyAnswerPage(st, v))
	e.POST("/p/:token", handlePartyAnswerSubmit(st, v))
	e.GET("/r/:slug/partier", handlePartiesPublic(st, v, false))
	e.GET("/r/:slug/partier/utskrift", handlePartiesPublic(st, v, true))
	e.GET("/r/:slug/partier.json", handlePartiesJSON(st))
}
