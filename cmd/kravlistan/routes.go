package main

import (
	"log/slog"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/labstack/echo/v4"
)

// routes lists every route of the service in one place.
func routes(e *echo.Echo, st *sqlite.Store, v *view.Engine, m *metrics, logger *slog.Logger, links linkBase) error {
	e.GET("/healthz", handleHealth(st))
	e.GET("/metrics", m.handler())

	// Member pages (HTML; errors shown as pages in the visitor's language).
	e.GET("/static/:file", v.Assets.Handle)
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

	// Public results once published: the page, the printable demand list and the JSON.
	resultRoutes(e, st, v)

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
	adm.GET("/campaigns/:slug/settings", handleSettingsForm(st, v))
	adm.POST("/campaigns/:slug/settings", handleSettingsSave(st, v))
	adm.GET("/campaigns/:slug/demands", handleDemands(st, v))
	adm.POST("/campaigns/:slug/demands", handleDemandAdd(st, v))
	adm.GET("/campaigns/:slug/demands/:key", handleDemandForm(st, v))
	adm.POST("/campaigns/:slug/demands/:key", handleDemandSave(st, v))
	adm.POST("/campaigns/:slug/demands/:key/move", handleDemandAction(st, v, "move"))
	adm.POST("/campaigns/:slug/demands/:key/hide", handleDemandAction(st, v, "hide"))
	adm.POST("/campaigns/:slug/demands/:key/delete", handleDemandAction(st, v, "delete"))
	adm.GET("/campaigns/:slug/questions", handleQuestions(st, v))
	adm.POST("/campaigns/:slug/questions", handleQuestionAdd(st, v))
	adm.GET("/campaigns/:slug/questions/:key", handleQuestionForm(st, v))
	adm.POST("/campaigns/:slug/questions/:key", handleQuestionSave(st, v))
	adm.POST("/campaigns/:slug/questions/:key/move", handleQuestionAction(st, v, "move"))
	adm.POST("/campaigns/:slug/questions/:key/delete", handleQuestionAction(st, v, "delete"))
	adm.GET("/campaigns/:slug/file", handleFilePage(st, v))
	adm.POST("/campaigns/:slug/file", handleFileReplace(st, v))
	adm.GET("/campaigns/:slug/export.json", handleExport(st))
	adm.POST("/campaigns/import", handleFileImportNew(st, v))
	adminOnly := requireRole(survey.RoleAdmin)
	adm.GET("/users", handleUsers(st, v), adminOnly)
	adm.POST("/users", handleUserAdd(st, v), adminOnly)
	adm.POST("/users/:name/passwd", handleUserAction(st, v, "passwd"), adminOnly)
	adm.POST("/users/:name/disable", handleUserAction(st, v, "disable"), adminOnly)
	// Workplaces with QR codes and posters, uploads, live progress, report downloads and
	// the publish switch (orgw_routes.go).
	orgwRoutes(adm, st, v, links)
	// The printable demand list before publishing (results_admin.go).
	adm.GET("/campaigns/:slug/kravlista", handleKravlistaPreview(st, v))
	// Party confrontation, organiser side (party_admin*.go).
	partyAdminRoutes(adm, st, v)

	api := e.Group("/api/v1")
	api.GET("/campaigns/:slug", handleCampaignGet(st))
	api.POST("/campaigns/:slug/responses", handleResponseCreate(st))
	return nil
}
