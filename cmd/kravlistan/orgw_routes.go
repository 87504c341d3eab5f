package main

import (
	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey/sqlite"

	"github.com/labstack/echo/v4"
)

// orgwRoutes registers the second half of the organiser workspace in the admin group
// (which checks the session, and the CSRF token of every POST): workplaces with their
// links, QR codes and posters; uploads of workplaces and demands; live progress; report
// downloads and the publish switch. Every handler loads the campaign with campaignFor, so
// another organiser's campaign is a 404.
func orgwRoutes(adm *echo.Group, st *sqlite.Store, v *view.Engine, links linkBase) {
	adm.GET("/campaigns/:slug/workplaces", handleWorkplaces(st, v, links))
	adm.POST("/campaigns/:slug/workplaces", handleWorkplaceAdd(st, v, links))
	adm.GET("/campaigns/:slug/workplaces/:code/qr.svg", handleWorkplaceQR(st, links, "svg"))
	adm.GET("/campaigns/:slug/workplaces/:code/qr.png", handleWorkplaceQR(st, links, "png"))
	adm.GET("/campaigns/:slug/workplaces/:code/poster", handlePosters(st, v, links, true))
	adm.GET("/campaigns/:slug/posters", handlePosters(st, v, links, false))

	adm.GET("/campaigns/:slug/upload", handleUploadForm(st, v))
	adm.POST("/campaigns/:slug/upload", handleUploadPreview(st, v))
	adm.POST("/campaigns/:slug/upload/confirm", handleUploadConfirm(st, v))

	adm.GET("/campaigns/:slug/progress", handleProgress(st, v))
	adm.GET("/campaigns/:slug/progress.json", handleProgressJSON(st, v))

	adm.GET("/campaigns/:slug/reports", handleReports(st, v))
	adm.GET("/campaigns/:slug/report.xlsx", handleDownload(st, dlXLSX))
	adm.GET("/campaigns/:slug/report.json", handleDownload(st, dlJSON))
	adm.GET("/campaigns/:slug/ranking.csv", handleDownload(st, dlRankingCSV))
	adm.GET("/campaigns/:slug/responses.csv", handleDownload(st, dlResponsesCSV))
	adm.POST("/campaigns/:slug/publish", handlePublish(st, v))
}
