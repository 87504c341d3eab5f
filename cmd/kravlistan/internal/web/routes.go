package web

import (
	"log/slog"
	"net"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// routes lists every route of the service in one place.
func routes(e *echo.Echo, st survey.Store, v *view.Engine, m *Metrics, metricsAllow []*net.IPNet, logger *slog.Logger, links linkBase, now func() time.Time) {
	getAndHead(e, "/healthz", handleHealth(st))
	getAndHead(e, "/metrics", m.handler(metricsAllow, now))

	// Member pages (HTML; errors shown as pages in the visitor's language).
	getAndHead(e, "/static/:file", v.Assets.Handle)
	mp := newMemberPages(v)
	onCampaignChange(st, mp.forget)     // a change through another instance (results_cache.go)
	ctr := newCounters(st, now)         // the throttles' counts: shared when the store is (shared_state.go)
	sub := newReplayGuard(st, ctr, now) // the member form and the API submit through it
	codes := newCodeGuard(ctr, now)
	getAndHead(e, "/s/sw.js", handleServiceWorker(v)) // answers without signal (member_offline.go)
	getAndHead(e, "/s/:slug", handleMemberPage(st, mp, now))
	e.POST("/s/:slug", handleMemberSubmit(sub, v, codes, now))
	getAndHead(e, "/s/:slug/_tack", handleThanks(st, v, links, now))
	getAndHead(e, "/s/:slug/:workplace", handleMemberPage(st, mp, now))
	e.POST("/s/:slug/:workplace", handleMemberSubmit(sub, v, codes, now))

	// Party confrontation: the secret answer links and the published matrix. The request
	// log records /p/:token, the pattern, never the token.
	getAndHead(e, "/p/:token", handlePartyAnswerPage(st, v))
	e.POST("/p/:token", handlePartyAnswerSubmit(st, v))
	getAndHead(e, "/r/:slug/partier", handlePartiesPublic(st, v, false))
	getAndHead(e, "/r/:slug/partier/utskrift", handlePartiesPublic(st, v, true))
	getAndHead(e, "/r/:slug/partier/svar", handlePartyAnswersPrint(st, v))
	getAndHead(e, "/r/:slug/partier.json", handlePartiesJSON(st))

	// Public results once published: the page, the printable demand list and the JSON.
	rc := newResultsCache(st, now)
	getAndHead(e, "/r/:slug", handleResultsPage(st, rc, v))
	getAndHead(e, "/r/:slug/kravlista", handleKravlista(st, rc, v, links))
	getAndHead(e, "/r/:slug/logo", handlePosterLogo(st, true))
	getAndHead(e, "/r/:slug/results.json", handleResultsJSON(st, v, rc))

	// Organiser workspace (see auth.go and admin_page.go). Sign-in and first-admin setup
	// stand outside the group; everything in it needs a session, and requireUser checks the
	// CSRF token of every state-changing request.
	si := newSignInHandlers(st, v, ctr, logger, now)
	getAndHead(e, "/admin/login", si.showLogin)
	e.POST("/admin/login", si.login, adminBodyLimit(loginMaxBody))
	getAndHead(e, "/admin/setup", si.showSetup)
	e.POST("/admin/setup", si.setup, adminBodyLimit(loginMaxBody))
	adm := e.Group("/admin", adminBodyLimit(adminMaxBody), requireUser(st, now))
	adm.POST("/logout", si.logout)
	getAndHead(adm, "", handleAdminCampaigns(st, v))
	getAndHead(adm, "/", handleAdminCampaigns(st, v))
	getAndHead(adm, "/campaigns/new", handleNewCampaign(v))
	adm.POST("/campaigns", handleCreateCampaign(st, v))
	getAndHead(adm, "/campaigns/:slug", handleCampaignOverview(st, v, now))
	adm.POST("/campaigns/:slug/state", handleCampaignState(st, v, now))
	adm.POST("/campaigns/:slug/archive", handleCampaignArchive(st))
	adm.POST("/campaigns/:slug/access", handleCampaignAccess(st))
	getAndHead(adm, "/campaigns/:slug/duplicate", handleDuplicateForm(st, v))
	adm.POST("/campaigns/:slug/duplicate", handleDuplicate(st, v))
	getAndHead(adm, "/campaigns/:slug/settings", handleSettingsForm(st, v))
	adm.POST("/campaigns/:slug/settings", handleSettingsSave(st, v))
	adm.GET("/campaigns/:slug/translations", handleTranslations(st, v))
	adm.POST("/campaigns/:slug/translations", handleTranslationsSave(st, v))
	getAndHead(adm, "/campaigns/:slug/demands", handleDemands(st, v))
	adm.POST("/campaigns/:slug/demands", handleDemandAdd(st, v))
	getAndHead(adm, "/campaigns/:slug/demands/:key", handleDemandForm(st, v))
	adm.POST("/campaigns/:slug/demands/:key", handleDemandSave(st, v))
	adm.POST("/campaigns/:slug/demands/:key/move", handleDemandAction(st, v, "move"))
	adm.POST("/campaigns/:slug/demands/:key/hide", handleDemandAction(st, v, "hide"))
	adm.POST("/campaigns/:slug/demands/:key/delete", handleDemandAction(st, v, "delete"))
	// The intake round's inbox: proposals merged into demands, set aside or returned
	// (admin_inbox.go, admin_inbox_merge.go).
	getAndHead(adm, "/campaigns/:slug/proposals", handleInbox(st, v))
	adm.POST("/campaigns/:slug/proposals/merge", handleInboxMerge(st, v))
	adm.POST("/campaigns/:slug/proposals/aside", handleInboxAside(st, v))
	adm.POST("/campaigns/:slug/proposals/return", handleInboxReturn(st, v))
	getAndHead(adm, "/campaigns/:slug/questions", handleQuestions(st, v))
	adm.POST("/campaigns/:slug/questions", handleQuestionAdd(st, v))
	getAndHead(adm, "/campaigns/:slug/questions/:key", handleQuestionForm(st, v))
	adm.POST("/campaigns/:slug/questions/:key", handleQuestionSave(st, v))
	adm.POST("/campaigns/:slug/questions/:key/move", handleQuestionAction(st, v, "move"))
	adm.POST("/campaigns/:slug/questions/:key/delete", handleQuestionAction(st, v, "delete"))
	getAndHead(adm, "/campaigns/:slug/file", handleFilePage(st, v))
	adm.POST("/campaigns/:slug/file", handleFileReplace(st, v))
	getAndHead(adm, "/campaigns/:slug/export.json", handleExport(st))
	adm.POST("/campaigns/import", handleFileImportNew(st, v))
	adminOnly := requireRole(survey.RoleAdmin)
	getAndHead(adm, "/users", handleUsers(st, v), adminOnly)
	adm.POST("/users", handleUserAdd(st, v), adminOnly)
	adm.POST("/users/:name/passwd", handleUserAction(st, v, "passwd"), adminOnly)
	adm.POST("/users/:name/disable", handleUserAction(st, v, "disable"), adminOnly)
	// Workplaces with QR codes and posters, uploads, live progress, report downloads and
	// the publish switch. Every handler loads the campaign with campaignFor, so another
	// organiser's campaign is a 404.
	getAndHead(adm, "/campaigns/:slug/workplaces", handleWorkplaces(st, v, links))
	adm.POST("/campaigns/:slug/workplaces", handleWorkplaceAdd(st, v, links))
	getAndHead(adm, "/campaigns/:slug/workplaces/:code/qr.svg", handleWorkplaceQR(st, links, "svg"))
	getAndHead(adm, "/campaigns/:slug/workplaces/:code/qr.png", handleWorkplaceQR(st, links, "png"))
	getAndHead(adm, "/campaigns/:slug/workplaces/:code/poster", handlePosters(st, v, links, true))
	getAndHead(adm, "/campaigns/:slug/posters", handlePosters(st, v, links, false))
	// Outreach (issue 13): members per workplace, where to go next and the visit log
	// (admin_outreach.go).
	adm.POST("/campaigns/:slug/workplaces/members", handleWorkplaceMembers(st, v, links))
	getAndHead(adm, "/campaigns/:slug/outreach", handleOutreach(st, v, now))
	adm.POST("/campaigns/:slug/outreach", handleVisitAdd(st, v, now))
	getAndHead(adm, "/campaigns/:slug/outreach/visits/:id", handleVisitForm(st, v))
	adm.POST("/campaigns/:slug/outreach/visits/:id", handleVisitSave(st, v))
	adm.POST("/campaigns/:slug/outreach/visits/:id/delete", handleVisitDelete(st))
	// One-time codes: counts by workplace, new batches answered with their printable slips
	// (the only time the codes are shown), voiding a batch (admin_codes.go, admin_slips.go).
	getAndHead(adm, "/campaigns/:slug/codes", handleCodes(st, v))
	adm.POST("/campaigns/:slug/codes", handleCodesIssue(st, v, links))
	adm.POST("/campaigns/:slug/codes/:batch/void", handleCodesVoid(st))

	getAndHead(adm, "/campaigns/:slug/upload", handleUploadForm(st, v))
	adm.POST("/campaigns/:slug/upload", handleUploadPreview(st, v))
	adm.POST("/campaigns/:slug/upload/confirm", handleUploadConfirm(st, v))

	getAndHead(adm, "/campaigns/:slug/progress", handleProgress(st, v, now))
	getAndHead(adm, "/campaigns/:slug/progress.json", handleProgressJSON(st, v, now))

	getAndHead(adm, "/campaigns/:slug/reports", handleReports(st, v))
	getAndHead(adm, "/campaigns/:slug/report.xlsx", handleDownload(st, links, dlXLSX, now))
	getAndHead(adm, "/campaigns/:slug/report.json", handleDownload(st, links, dlJSON, now))
	getAndHead(adm, "/campaigns/:slug/ranking.csv", handleDownload(st, links, dlRankingCSV, now))
	getAndHead(adm, "/campaigns/:slug/responses.csv", handleDownload(st, links, dlResponsesCSV, now))
	adm.POST("/campaigns/:slug/publish", handlePublish(st, v))
	// Paper ballots of a rating campaign: print, then type the piles in.
	getAndHead(adm, "/campaigns/:slug/paper", handlePaperBallot(st, v))
	getAndHead(adm, "/campaigns/:slug/paper/entry", handlePaperEntryForm(st, v))
	adm.POST("/campaigns/:slug/paper/entry", handlePaperEntry(st, v))
	// Piles of paper ballots typed in batches, with double entry (admin_paper_batch.go).
	getAndHead(adm, "/campaigns/:slug/paper/batches", handleBatches(st, v))
	adm.POST("/campaigns/:slug/paper/batches", handleBatchCreate(st, v, now))
	getAndHead(adm, "/campaigns/:slug/paper/batches/:id", handleBatch(st, v))
	adm.POST("/campaigns/:slug/paper/batches/:id/entry", handleBatchEntry(st, v))
	adm.POST("/campaigns/:slug/paper/batches/:id/drop", handleBatchDrop(st, v))
	adm.POST("/campaigns/:slug/paper/batches/:id/fix", handleBatchFix(st, v))
	adm.POST("/campaigns/:slug/paper/batches/:id/commit", handleBatchCommit(st, v, now))
	adm.POST("/campaigns/:slug/paper/batches/:id/discard", handleBatchDiscard(st, v))
	// Telephone canvassing: the call page (the only page a caller reaches, with the list of
	// campaigns to call for) and the printable call sheet (admin_call.go).
	getAndHead(adm, "/call", handleCallList(st, v))
	getAndHead(adm, "/campaigns/:slug/call", handleCall(st, v, now))
	adm.POST("/campaigns/:slug/call", handleCallSubmit(st, v, now))
	getAndHead(adm, "/campaigns/:slug/call/sheet", handleCallSheet(st, v, now))
	// The printable demand list before publishing.
	getAndHead(adm, "/campaigns/:slug/kravlista", handleKravlistaPreview(st, v, links, now))
	// The poster's sender, election day, call to action and logo.
	adm.POST("/campaigns/:slug/poster", handlePosterSave(st, v))
	getAndHead(adm, "/campaigns/:slug/logo", handlePosterLogo(st, false))
	// Party confrontation, organiser side.
	g := adm.Group("/campaigns/:slug/parties")
	getAndHead(g, "", handlePartyAdmin(st, v, now))
	g.POST("/settings", handlePartySettings(st, v, now))
	g.POST("/publish", handlePartyPublish(st))
	g.POST("/:id/reopen", handlePartyReopen(st))
	g.POST("/:id/links", handlePartyLinkCreate(st, v, links, now))
	g.POST("/links/:link/revoke", handlePartyLinkRevoke(st))
	getAndHead(g, "/list", handlePartyListPage(st, v))
	g.POST("/freeze", handlePartyFreeze(st, v, now))
	g.POST("/list", handlePartyListSave(st, v, now))
	getAndHead(g, "/matrix", handlePartyMatrixAdmin(st, v))
	getAndHead(g, "/svar", handlePartyAnswersPreview(st, v))
	g.POST("/assess", handlePartyAssess(st))
	getAndHead(g, "/followup", handleFollowUpPage(st, v, now))
	g.POST("/followup", handleFollowUpAdd(st, v, now))
	g.POST("/followup/:fid/delete", handleFollowUpDelete(st))

	api := e.Group("/api/v1")
	getAndHead(api, "/campaigns/:slug", handleCampaignGet(st))
	api.POST("/campaigns/:slug/responses", handleResponseCreate(sub, codes, now))
	api.POST("/campaigns/:slug/proposals", handleProposalCreate(sub, now))
}

// getter is what routes registers GET routes on: the Echo instance or a group.
type getter interface {
	GET(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route
	HEAD(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route
}

// getAndHead registers h for GET and HEAD: HEAD is served wherever GET is (net/http drops the
// body), so link checkers and caches get the same status and headers.
func getAndHead(r getter, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) {
	r.GET(path, h, m...)
	r.HEAD(path, h, m...)
}
