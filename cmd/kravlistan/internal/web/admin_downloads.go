package web

import (
	"bufio"
	"encoding/json"
	"net/http"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/report"
	"kravlistan/report/xlsx"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// The organiser's report downloads: the Excel workbook, CSV files (ranking, responses) with
// "," or ";", the JSON document, links to the public results and the printable demand list,
// and the switch that publishes /r/{slug}. The files are the same as `kravlistan report`
// writes; raw response rows hide rare combinations of workplace and background answers.

// reportsPage is the data of static/tmpl/admin_reports.html.
type reportsPage struct {
	adminPage
	Base      string // /admin/campaigns/{slug}
	Responses int
	// Public says whether /r/{slug} is shown to everyone.
	Public bool
	// Poster is the printed list's sender, election day and call to action (as typed,
	// when the form comes back with errors).
	Poster survey.Poster
}

func renderReports(c echo.Context, st survey.Store, v *view.Engine, camp *survey.Campaign, status int, errs view.FormErrors) error {
	return renderReportsPoster(c, st, v, camp, status, errs, nil)
}

// renderReportsPoster is renderReports with the poster form showing typed, if not nil.
func renderReportsPoster(c echo.Context, st survey.Store, v *view.Engine, camp *survey.Campaign, status int, errs view.FormErrors, typed *survey.Poster) error {
	n, err := st.ResponseCount(c.Request().Context(), camp.ID)
	if err != nil {
		return err
	}
	ps, err := st.Poster(c.Request().Context(), camp.ID)
	if err != nil {
		return err
	}
	if typed != nil {
		typed.LogoType, typed.LogoSum = ps.LogoType, ps.LogoSum
		ps = *typed
	}
	p := reportsPage{adminPage: newCampaignPage(v, c, camp, "reports"), Base: "/admin/campaigns/" + camp.Slug,
		Responses: n, Public: camp.Published, Poster: ps}
	for f, m := range errs {
		p.Errs[f] = m
	}
	return adminRender(v, c, status, "admin_reports", p)
}

// handleReports shows GET /admin/campaigns/{slug}/reports.
func handleReports(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		return renderReports(c, st, v, camp, http.StatusOK, nil)
	}
}

// handlePublish switches the public results page on or off (POST
// /admin/campaigns/{slug}/publish, on=1|0). Only a closed campaign can be published, so
// that no ranking is shown while members still answer.
func handlePublish(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		on := c.FormValue("on") == "1"
		if on && camp.State != survey.StateClosed {
			lang := adminLang(c)
			return renderReports(c, st, v, camp, http.StatusUnprocessableEntity, view.FormErrors{"publish": {v.T(lang, "org.rep.err.not_closed")}})
		}
		if err := st.SetPublished(c.Request().Context(), camp.Slug, on); err != nil {
			return err
		}
		key := "unpublished"
		if on {
			key = "published"
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug+"/reports", key)
	}
}

// The download formats.
const (
	dlXLSX         = "xlsx"
	dlJSON         = "json"
	dlRankingCSV   = "ranking.csv"
	dlResponsesCSV = "responses.csv"
)

var dlTypes = map[string]string{
	dlXLSX:         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	dlJSON:         "application/json; charset=utf-8",
	dlRankingCSV:   "text/csv; charset=utf-8",
	dlResponsesCSV: "text/csv; charset=utf-8",
}

// handleDownload serves one report file: GET /admin/campaigns/{slug}/report.xlsx,
// report.json, ranking.csv and responses.csv (?sep=semicolon for Swedish Excel). The
// workbook gives the campaign's address under the public URL members use (links).
func handleDownload(st survey.Store, links linkBase, format string, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		sep := ','
		if c.QueryParam("sep") == "semicolon" {
			sep = ';'
		}
		walk := func(fn func(*survey.Response) error) error { return st.EachCounted(ctx, camp, now(), fn) } // the snapshot, as Compute counts
		// Count before the first byte goes out, so a failure is still a proper error page.
		var (
			res    *report.Results
			combos *report.Combos
			extra  []xlsx.Extra
			doc    any
		)
		switch format {
		case dlXLSX:
			combos = report.NewCombos(camp)
			if res, err = report.Compute(ctx, st, camp, combos, now()); err == nil {
				extra, err = IntakeReport(ctx, st, camp, res)
			}
			if err == nil {
				var parties []xlsx.Extra
				parties, err = PartySheets(ctx, st, camp)
				extra = append(extra, parties...)
			}
		case dlRankingCSV:
			res, err = report.Compute(ctx, st, camp, nil, now())
		case dlJSON:
			if res, err = report.Compute(ctx, st, camp, nil, now()); err == nil {
				_, err = IntakeReport(ctx, st, camp, res)
			}
			if err == nil {
				doc, err = WithParties(ctx, st, camp, res)
			}
		}
		if err != nil {
			return err
		}
		name := "kravlistan-" + camp.Slug + "-" + camp.Day(now())
		switch format {
		case dlXLSX:
			name += ".xlsx"
		case dlJSON:
			name += ".json"
		default:
			name += "-" + format
		}
		h := c.Response().Header()
		h.Set("Content-Type", dlTypes[format])
		h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
		h.Set("Cache-Control", "no-store")
		c.Response().WriteHeader(http.StatusOK)
		bw := bufio.NewWriterSize(c.Response(), 64<<10)
		switch format {
		case dlXLSX:
			err = xlsx.WriteWith(bw, camp, res, combos, walk, xlsx.Options{PublicURL: links.base(c), Extra: extra})
		case dlRankingCSV:
			err = report.WriteRankingCSV(bw, res, sep)
		case dlResponsesCSV:
			err = report.WriteResponsesCSV(bw, camp, walk, sep)
		case dlJSON:
			enc := json.NewEncoder(bw)
			enc.SetIndent("", "  ")
			err = enc.Encode(doc)
		}
		if err != nil {
			return err // too late for an error page: the client sees a cut-off download
		}
		return bw.Flush()
	}
}
