package main

import (
	"log/slog"

	"kravlistan/survey/sqlite"

	"github.com/labstack/echo/v4"
)

// routes lists every route of the service in one place.
func routes(e *echo.Echo, st *sqlite.Store, v *views, m *metrics, logger *slog.Logger) error {
	e.GET("/healthz", handleHealth(st))
	e.GET("/metrics", m.handler())

	// Member pages (HTML; errors shown as pages in the visitor's language).
	e.GET("/static/:file", v.assets.handle)
	mp := newMemberPages(v)
	e.GET("/s/:slug", handleMemberPage(st, mp))
	e.HEAD("/s/:slug", handleMemberPage(st, mp))
	e.POST("/s/:slug", handleMemberSubmit(st, v))
	e.GET("/s/:slug/_tack", handleThanks(st, v))
	e.GET("/s/:slug/:workplace", handleMemberPage(st, mp))
	e.HEAD("/s/:slug/:workplace", handleMemberPage(st, mp))
	e.POST("/s/:slug/:workplace", handleMemberSubmit(st, v))

	// Party confrontation: the secret answer links and the published matrix.
	partyRoutes(e, st, v)

	api := e.Group("/api/v1")
	api.GET("/campaigns/:slug", handleCampaignGet(st))
	api.POST("/campaigns/:slug/responses", handleResponseCreate(st))
	return nil
}
