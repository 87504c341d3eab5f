package web

import (
	"log/slog"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// routes lists every route of the service in one place.
func routes(e *echo.Echo, st survey.Store, v *view.Engine, m *Metrics, logger *slog.Logger, links linkBase, now func() time.Time) {
	e.GET("/healthz", handleHealth(st))
	e.GET("/metrics", m.handler())

	// Member pages (HTML; errors shown as pages in the visitor's language).
	e.GET("/static/:file", v.Assets.Handle)
	mp := newMemberPages(v)
	e.GET("/s/:slug", handleMemberPage(st, mp, now))
	e.HEAD("/s/:slug", handleMemberPage(st, mp, now))
	e.POST("/s/:slug", handleMemberSubmit(st, v, now))
	e.GET("/s/:slug/_tack", handleThanks(st, v, now))
	e.GET("/s/:slug/:workplace", handleMemberPage(st, mp, now))
	e.HEAD("/s/:slug/:workplace", handleMemberPage(st, mp, now))
	e.POST("/s/:slug/:workplace", handleMemberSubmit(st, v, now))

	// Party confrontation: the secret answer links and the published matrix. The request
	// log records /p/:token, the pattern, never the token.
	e.GET("/p/:token", handlePartyAnswerPage(st, v))
	e.POST("/p/:token", handlePartyAnswerSubmit(st, v))
	e.GET("/r/:slug/partier", handlePartiesPublic(st, v, false))
	e.GET("/r/:slug/partier/utskrift", handlePartiesPublic(st, v, true))
	e.GET("/r/:slug/partier.json", handlePartiesJSON(st))

	// Public results once published: the page, the printable demand list and the JSON.
	rc := newResultsCache(st, now)
	e.GET("/r/:slug", handleResultsPage(st, rc, v))
	e.GET("/r/:slug/kravlista", handleKravlista(st, rc, v))
	e.GET("/r/:slug/results.json", handleResultsJSON(st, v, rc))

	// Organiser workspace (see auth.go and admin_page.go). Sign-in and first-admin setup
	// stand outside the group; everything in it needs a session, and requireUser checks the
	// CSRF token of every state-changing request.
	si := newSignInHandlers(st, v, logger, now)
	e.GET("/admin/login", si.showLogin)
	e.POST("/admin/login", si.login)
	e.GET("/admin/setup", si.showSetup)
	e.POST("/admin/setup", si.setup)
	adm := e.Group("/admin", adminBodyLimit(adminMaxBody), requireUser(st, now))
	adm.POST("/logout", si.logout)
	adm.GET("", handleAdminCampaigns(st, v))
	adm.GET("/", handleAdminCampaigns(st, v))
	adm.GET("/campaigns/new", handleNewCampaign(v))
	adm.POST("/campaigns", handleCreateCampaign(st, v))
	adm.GET("/campaigns/:slug", handleCampaignOverview(st, v, now))
	adm.POST("/campaigns/:slug/state", handleCampaignState(st, v, now))
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
	// the publish switch. Every handler loads the campaign with campaignFor, so another
	// organiser's campaign is a 404.
	adm.GET("/campaigns/:slug/workplaces", handleWorkplaces(st, v, links))
	adm.POST("/campaigns/:slug/workplaces", handleWorkplaceAdd(st, v, links))
	adm.GET("/campaigns/:slug/workplaces/:code/qr.svg", handleWorkplaceQR(st, links, "svg"))
	adm.GET("/campaigns/:slug/workplaces/:code/qr.png", handleWorkplaceQR(st, links, "png"))
	adm.GET("/campaigns/:slug/workplaces/:code/poster", handlePosters(st, v, links, true))
	adm.GET("/campaigns/:slug/posters", handlePosters(st, v, links, false))

	adm.GET("/campaigns/:slug/upload", handleUploadForm(st, v))
	adm.POST("/campaigns/:slug/upload", handleUploadPreview(st, v))
	adm.POST("/campaigns/:slug/upload/confirm", handleUploadConfirm(st, v))

	adm.GET("/campaigns/:slug/progress", handleProgress(st, v, now))
	adm.GET("/campaigns/:slug/progress.json", handleProgressJSON(st, v, now))

	adm.GET("/campaigns/:slug/reports", handleReports(st, v))
	adm.GET("/campaigns/:slug/report.xlsx", handleDownload(st, links, dlXLSX, now))
	adm.GET("/campaigns/:slug/report.json", handleDownload(st, links, dlJSON, now))
	adm.GET("/campaigns/:slug/ranking.csv", handleDownload(st, links, dlRankingCSV, now))
	adm.GET("/campaigns/:slug/responses.csv", handleDownload(st, links, dlResponsesCSV, now))
	adm.POST("/campaigns/:slug/publish", handlePublish(st, v))
	// The printable demand list before publishing.
	adm.GET("/campaigns/:slug/kravlista", handleKravlistaPreview(st, v, now))
	// Party confrontation, organiser side.
	g := adm.Group("/campaigns/:slug/parties")
	g.GET("", handlePartyAdmin(st, v, now))
	g.POST("/assembly", handlePartyAssembly(st, v, now))
	g.POST("/publish", handlePartyPublish(st))
	g.POST("/new", handlePartySave(st, v, now))
	g.POST("/:id", handlePartySave(st, v, now))
	g.POST("/:id/delete", handlePartyDelete(st, v, now))
	g.POST("/:id/reopen", handlePartyReopen(st))
	g.POST("/:id/links", handlePartyLinkCreate(st, v, now))
	g.POST("/links/:link/revoke", handlePartyLinkRevoke(st))
	g.GET("/list", handlePartyListPage(st, v))
	g.POST("/freeze", handlePartyFreeze(st, v, now))
	g.POST("/list", handlePartyListSave(st, v, now))
	g.GET("/matrix", handlePartyMatrixAdmin(st, v))
	g.POST("/assess", handlePartyAssess(st))
	g.GET("/followup", handleFollowUpPage(st, v, now))
	g.POST("/followup", handleFollowUpAdd(st, v, now))
	g.POST("/followup/:fid/delete", handleFollowUpDelete(st))

	api := e.Group("/api/v1")
	api.GET("/campaigns/:slug", handleCampaignGet(st))
	api.POST("/campaigns/:slug/responses", handleResponseCreate(st, now))
}
