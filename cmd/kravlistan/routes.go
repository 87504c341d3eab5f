package main

import (
	"log/slog"

	"kravlistan/survey/sqlite"

	"github.com/labstack/echo/v4"
)

// routes lists every route of the service in one place.
func routes(e *echo.Echo, st *sqlite.Store, logger *slog.Logger) error {
	e.GET("/healthz", handleHealth(st))

	api := e.Group("/api/v1")
	api.GET("/campaigns/:slug", handleCampaignGet(st))
	api.POST("/campaigns/:slug/responses", handleResponseCreate(st))
	return nil
}
