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

	// Organiser workspace (see auth.go and admin_page.go). Sign-in and first-admin setup
	// stand outside the group; everything in it needs a session, and requireUser checks the
	// CSRF token of every state-changing request.
	si := newSignInHandlers(st, v, logger)
	e.GET("/admin/login", si.showLogin)
	e.POST("/admin/login", si.login)
	e.GET("/admin/setup", si.showSetup)
	e.POST("/admin/setup", si.setup)
	adm := e.Group("/admin", adminBodyLimit(adminMaxBody), requireUser(st))
	adm.POST("/logout", si.logout)
	adm.GET("", handleAdminCampaigns(st, v))
	adm.GET("/", handleAdminCampaigns(st, v))
	adm.GET("/campaigns/new", handleNewCampaign(v))
	adm.POST("/campaigns", handleCreateCampaign(st, v))
	adm.GET("/campaigns/:slug", handleCampaignOverview(st, v))
	adm.POST("/campaigns/:slug/state", handleCampaignState(st, v))
	adm.POST("/campaigns/:slug/archive", handleCampaignArchive(st))
	adm.POST("/campaigns/:slug/access", handleCampaignAccess(st))
	adm.GET("/campaigns/:slug/duplicate", handleDuplicateForm(st, v))
	adm.POST("/campaigns/:slug/duplicate", handleDuplicate(st, v))
	// Second half of issue 5 goes here: /campaigns/:slug/workplaces, /progress, /reports
	// (tabs already listed in campaignTabs, admin_page.go).
	// Party confrontation, organiser side (party_admin*.go).
	partyAdminRoutes(adm, st, v)

	api := e.Group("/api/v1")
	api.GET("/campaigns/:slug", handleCampaignGet(st))
	api.POST("/campaigns/:slug/responses", handleResponseCreate(st))
	return nil
}
