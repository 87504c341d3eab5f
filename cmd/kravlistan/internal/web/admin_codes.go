package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"kravlistan/cmd/kravlistan/internal/i18n"
	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// codesPage is the data of static/tmpl/admin_codes.html: a campaign's one-time codes,
// issued and used by workplace, its batches (each can be voided) and the form that makes a
// new batch of slips.
type codesPage struct {
	adminPage
	Rows    []codeRow
	Total   codeRow
	Batches []batchRow
	// Workplaces are the choices of the form; the form's values are kept on errors.
	Workplaces []survey.Workplace
	Workplace  string
	N          string
	SlipLang   string
	SlipLangs  []i18n.Link
	MaxBatch   int
}

// codeRow is one workplace's codes.
type codeRow struct {
	Name         string
	Issued, Used int
	Rate         string // used/issued in percent, "–" without codes
}

// batchRow is one batch as listed.
type batchRow struct {
	survey.CodeBatch
	Name string
}

func percent(used, issued int) string {
	if issued == 0 {
		return "–"
	}
	return strconv.Itoa((used*100+issued/2)/issued) + " %"
}

// workplaceName returns the name of a workplace code, or the "no workplace" label.
func workplaceName(v *view.Engine, lang string, camp *survey.Campaign, code string) string {
	if code == "" {
		return v.T(lang, "codes.no_workplace")
	}
	if w, ok := camp.Workplace(code); ok {
		return w.Name
	}
	return code
}

func newCodesPage(v *view.Engine, c echo.Context, st survey.Store, camp *survey.Campaign) (codesPage, error) {
	ctx := c.Request().Context()
	p := codesPage{adminPage: newCampaignPage(v, c, camp, "workplaces"), Workplaces: camp.Workplaces, N: "24", MaxBatch: survey.MaxCodeBatch}
	p.SlipLang = p.Lang
	p.SlipLangs = i18n.Links("", p.Lang)
	total, by, err := st.CodeCounts(ctx, camp.ID)
	if err != nil {
		return p, err
	}
	for _, r := range by {
		p.Rows = append(p.Rows, codeRow{Name: workplaceName(v, p.Lang, camp, r.Workplace), Issued: r.Issued, Used: r.Used, Rate: percent(r.Used, r.Issued)})
	}
	p.Total = codeRow{Issued: total.Issued, Used: total.Used, Rate: percent(total.Used, total.Issued)}
	batches, err := st.CodeBatches(ctx, camp.ID)
	if err != nil {
		return p, err
	}
	for _, b := range batches {
		p.Batches = append(p.Batches, batchRow{CodeBatch: b, Name: workplaceName(v, p.Lang, camp, b.Workplace)})
	}
	return p, nil
}

// handleCodes shows GET /admin/campaigns/{slug}/codes.
func handleCodes(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		p, err := newCodesPage(v, c, st, camp)
		if err != nil {
			return err
		}
		return adminRender(v, c, http.StatusOK, "admin_codes", p)
	}
}

// handleCodesIssue makes a batch of codes (POST /admin/campaigns/{slug}/codes: workplace,
// n, lang) and answers with the printable slips. The codes exist in readable form only in
// this response: the store keeps their HMACs. Bad input brings the codes page back with
// the values kept (422).
func handleCodesIssue(st survey.Store, v *view.Engine, links linkBase) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		p, err := newCodesPage(v, c, st, camp)
		if err != nil {
			return err
		}
		p.Workplace = strings.TrimSpace(c.FormValue("workplace"))
		p.N = strings.TrimSpace(c.FormValue("n"))
		if l := i18n.Norm(c.FormValue("lang")); l != "" {
			p.SlipLang = l
		}
		n, err := strconv.Atoi(p.N)
		if err != nil || n < 1 || n > survey.MaxCodeBatch {
			p.Errs.Add("n", v.T(p.Lang, "codes.bad_n", survey.MaxCodeBatch))
		}
		if _, ok := camp.Workplace(p.Workplace); p.Workplace != "" && !ok {
			p.Errs.Add("workplace", survey.Message(p.Lang, "unknown_workplace", p.Workplace))
		}
		if len(p.Errs) > 0 {
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_codes", p)
		}
		batch, codes, err := st.IssueCodes(c.Request().Context(), camp.ID, p.Workplace, n)
		if err != nil {
			return err
		}
		sp, err := newSlipsPage(v, c, links, camp, p.adminPage, batch, p.Workplace, p.SlipLang, codes)
		if err != nil {
			return err
		}
		c.Response().Header().Set("Cache-Control", "no-store")
		return adminRender(v, c, http.StatusOK, "admin_slips", sp)
	}
}

// handleCodesVoid voids a batch (POST /admin/campaigns/{slug}/codes/{batch}/void): its
// unused codes stop working.
func handleCodesVoid(st survey.Store) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		id, err := strconv.ParseInt(c.Param("batch"), 10, 64)
		if err != nil {
			return errNoCampaign
		}
		if err := st.VoidCodeBatch(c.Request().Context(), camp.ID, id); err != nil {
			if survey.ErrorCode(err) == survey.ENOTFOUND {
				return errNoCampaign
			}
			return err
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug+"/codes", "codes_voided")
	}
}

// noCodesLeft reports whether a campaign that needs one-time codes has none left to
// answer with: no code issued, or every one used. Opening it then, or switching an open
// campaign to codes, would lock every member out, so handleCampaignState, the settings
// form and a replaced campaign file refuse to. A draft may switch to codes first and have
// its slips made before it opens.
func noCodesLeft(ctx context.Context, st survey.CodeStore, camp *survey.Campaign) (bool, error) {
	if !camp.NeedsCode() {
		return false, nil
	}
	total, _, err := st.CodeCounts(ctx, camp.ID)
	return total.Issued <= total.Used, err
}

// locksOut reports whether saving next over a campaign that did not need codes (wasCodes
// false) would leave an open campaign without a code to answer with. A campaign with
// answers cannot switch at all (survey.CheckEdit says so), so that is left to the save.
func locksOut(ctx context.Context, st survey.Store, wasCodes bool, next *survey.Campaign) (bool, error) {
	if wasCodes || next.State != survey.StateOpen || !next.NeedsCode() {
		return false, nil
	}
	if n, err := st.ResponseCount(ctx, next.ID); err != nil || n > 0 {
		return false, err
	}
	return noCodesLeft(ctx, st, next)
}
