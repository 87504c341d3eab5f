package web

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"kravlistan/cmd/kravlistan/internal/i18n"
	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/report"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// errUnpublished is the friendly 404 of a campaign whose results are not public, the same
// for a campaign that does not exist, so the page reveals nothing about drafts.
var errUnpublished = &view.PageError{Status: http.StatusNotFound, Key: "results.unpublished"}

// publishedCampaign loads the campaign named by :slug when its results are public: the
// organiser has published them and the campaign is closed (a campaign reopened after
// publishing takes answers again, and showing running results could steer them).
func publishedCampaign(c echo.Context, st survey.Store) (*survey.Campaign, error) {
	camp, err := st.Campaign(c.Request().Context(), c.Param("slug"))
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		return nil, errUnpublished
	} else if err != nil {
		return nil, err
	}
	if !camp.Published || camp.State != survey.StateClosed {
		return nil, errUnpublished
	}
	return camp, nil
}

// handleResultsPage serves /r/{slug}: the ranked list with a bar chart.
func handleResultsPage(st survey.Store, rc *resultsCache, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := publishedCampaign(c, st)
		if err != nil {
			return err
		}
		return serveResultsPage(c, rc, v, camp, false)
	}
}

// serveResultsPage renders the results page of camp, from the cached bytes when they exist.
func serveResultsPage(c echo.Context, rc *resultsCache, v *view.Engine, camp *survey.Campaign, preview bool) error {
	snap, err := rc.get(c.Request().Context(), camp)
	if err != nil {
		return err
	}
	p := v.NewPage(c.Request(), view.RoutePath(c))
	body, err := snap.made(fmt.Sprintf("page|%s|%s|%t", p.Lang, p.LangQ, preview), func() ([]byte, error) {
		return v.Execute("results", newResultsView(p, camp, snap.res, preview))
	})
	if err != nil {
		return err
	}
	return view.WriteHTML(c, http.StatusOK, body, p.Lang)
}

// handleKravlista serves /r/{slug}/kravlista: the printable demand list, the top ?n=
// demands (10 unless asked) on one A4 page.
func handleKravlista(st survey.Store, rc *resultsCache, v *view.Engine, links linkBase) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := publishedCampaign(c, st)
		if err != nil {
			return err
		}
		return serveKravlista(c, st, rc, v, links, camp, false)
	}
}

// serveKravlista renders the printable demand list of camp.
func serveKravlista(c echo.Context, st survey.Store, rc *resultsCache, v *view.Engine, links linkBase, camp *survey.Campaign, preview bool) error {
	ctx := c.Request().Context()
	snap, err := rc.get(ctx, camp)
	if err != nil {
		return err
	}
	ps, err := st.Poster(ctx, camp.ID)
	if err != nil {
		return err
	}
	p := v.NewPage(c.Request(), view.RoutePath(c))
	n := listLength(c.QueryParam("n"), len(snap.res.Demands))
	paper := paperSize(c.QueryParam("paper"))
	resultsURL := links.base(c) + "/r/" + camp.Slug
	answers, answersSum, err := posterPartyAnswers(ctx, st, p, camp)
	if err != nil {
		return err
	}
	key := fmt.Sprintf("list|%s|%s|%d|%t|%s|%q|%q|%q|%q|%s|%s|%s", p.Lang, p.LangQ, n, preview, paper,
		ps.Sender, ps.ElectionDay, ps.Call, ps.LogoSum, resultsURL, camp.Title, answersSum)
	body, err := snap.made(key, func() ([]byte, error) {
		return v.Execute("results_kravlista", newKravlistaView(p, camp, snap.res, n, preview, ps, resultsURL, paper, answers))
	})
	if err != nil {
		return err
	}
	return view.WriteHTML(c, http.StatusOK, body, p.Lang)
}

// suppressedDoc is the JSON document of a campaign with fewer responses than its
// anonymity threshold: no figures at all, not even the number of responses.
type suppressedDoc struct {
	Campaign           string        `json:"campaign"`
	Title              string        `json:"title"`
	Method             survey.Method `json:"method"`
	Suppressed         bool          `json:"suppressed"`
	AnonymityThreshold int           `json:"anonymity_threshold"`
}

// handleResultsJSON serves /r/{slug}/results.json: the report document of
// `kravlistan report -format json`, gzip-compressed when the client takes it.
func handleResultsJSON(st survey.Store, v *view.Engine, rc *resultsCache) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := publishedCampaign(c, st)
		if err != nil {
			c.Response().Header().Set("Cache-Control", "no-store")
			if pe, ok := err.(*view.PageError); ok {
				lang, _ := i18n.Pick(c.Request())
				return jsonError(c, pe.Status, v.T(lang, "results.unpublished.title"))
			}
			return err
		}
		snap, err := rc.get(c.Request().Context(), camp)
		if err != nil {
			return err
		}
		gz := view.AcceptsGzip(c.Request())
		key := "json"
		if gz {
			key = "json.gz"
		}
		body, err := snap.made(key, func() ([]byte, error) { return resultsJSON(camp, snap.res, gz) })
		if err != nil {
			return err
		}
		h := c.Response().Header()
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		h.Set("Vary", "Accept-Encoding")
		if gz {
			h.Set("Content-Encoding", "gzip")
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		c.Response().WriteHeader(http.StatusOK)
		_, err = c.Response().Write(body)
		return err
	}
}

// resultsJSON encodes the report document the way the report command does, or the
// suppressed document below the anonymity threshold.
func resultsJSON(camp *survey.Campaign, res *report.Results, gz bool) ([]byte, error) {
	var doc any = res
	if res.Responses < camp.AnonymityThreshold {
		doc = suppressedDoc{Campaign: camp.Slug, Title: camp.Title, Method: camp.Method, Suppressed: true,
			AnonymityThreshold: camp.AnonymityThreshold}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if !gz {
		return buf.Bytes(), nil
	}
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	zw.Write(buf.Bytes())
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return zb.Bytes(), nil
}
