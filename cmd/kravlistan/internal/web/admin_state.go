package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// handleCampaignState moves a campaign to another state (POST .../state, field "to").
func handleCampaignState(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		to := survey.State(c.FormValue("to"))
		allowed := survey.CanMove(camp.State, to)
		lang := adminLang(c)
		if to == survey.StateDraft && allowed {
			n, err := st.ResponseCount(ctx, camp.ID)
			if err != nil {
				return err
			}
			if n > 0 {
				return renderOverview(c, st, v, camp, http.StatusUnprocessableEntity, view.FormErrors{"state": {v.T(lang, "org.state.no_draft")}}, now)
			}
			// Nor while proposals are in: the intake round would vanish under them.
			if n, err = st.ProposalCount(ctx, camp.ID); err != nil {
				return err
			} else if n > 0 && camp.State == survey.StateIntake {
				return renderOverview(c, st, v, camp, http.StatusUnprocessableEntity, view.FormErrors{"state": {v.T(lang, "org.state.no_draft_proposals")}}, now)
			}
		}
		if !allowed {
			return renderOverview(c, st, v, camp, http.StatusUnprocessableEntity, view.FormErrors{"state": {v.T(lang, "org.state.bad_move")}}, now)
		}
		if to == survey.StateOpen && allowed {
			if none, err := noCodesLeft(ctx, st, camp); err != nil {
				return err
			} else if none {
				return renderOverview(c, st, v, camp, http.StatusUnprocessableEntity, view.FormErrors{"state": {v.T(lang, "org.state.no_codes")}}, now)
			}
		}
		camp.State = to
		if err := st.SaveCampaign(ctx, camp, userOf(c).Name, ""); err != nil {
			if survey.ErrorCode(err) != survey.EINVALID {
				return err
			}
			errs := view.FormErrors{}
			errs.AddErr(lang, err)
			return renderOverview(c, st, v, camp, http.StatusUnprocessableEntity, errs, now)
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug, "state_"+string(to))
	}
}

// handleCampaignArchive archives or restores a campaign (POST .../archive, on=1|0).
func handleCampaignArchive(st survey.Store) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		on := c.FormValue("on") == "1"
		if err := st.SetArchived(c.Request().Context(), camp.Slug, on); err != nil {
			return err
		}
		if on {
			return adminDone(c, "/admin", "archived")
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug, "restored")
	}
}

// handleCampaignAccess gives or takes an organiser's access (POST .../access, user=ID,
// action=grant|revoke). Only admins and the campaign's creator may.
func handleCampaignAccess(st survey.Store) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		meta, err := st.CampaignMeta(ctx, camp.ID)
		if err != nil {
			return err
		}
		u := userOf(c)
		if !u.IsAdmin() && meta.CreatedBy != u.ID {
			return &view.PageError{Status: http.StatusForbidden, Key: "org.err.role", LinkHref: "/admin", LinkKey: "org.nav.campaigns"}
		}
		id, err := strconv.ParseInt(c.FormValue("user"), 10, 64)
		if err != nil {
			return echo.NewHTTPError(http.StatusBadRequest)
		}
		if _, err := st.UserByID(ctx, id); err != nil {
			return echo.NewHTTPError(http.StatusBadRequest)
		}
		if c.FormValue("action") == "revoke" {
			err = st.RevokeAccess(ctx, camp.ID, id)
		} else {
			err = st.GrantAccess(ctx, camp.ID, id)
		}
		if err != nil {
			return err
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug, "saved")
	}
}

// duplicateForm is the data of static/tmpl/admin_duplicate.html.
type duplicateForm struct {
	adminPage
	Title, Slug string
}

// handleDuplicateForm shows GET .../duplicate with a free address suggested.
func handleDuplicateForm(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		p := newCampaignPage(v, c, camp, "overview")
		slug, err := st.FreeSlug(c.Request().Context(), camp.Slug)
		if err != nil {
			return err
		}
		return adminRender(v, c, http.StatusOK, "admin_duplicate", duplicateForm{adminPage: p, Title: camp.Title, Slug: slug})
	}
}

// handleDuplicate copies a campaign as a template (POST .../duplicate): same demands,
// questions, workplaces, settings, assembly and parties, a new address, state draft, no responses, not
// published, owned by the user who copied it.
func handleDuplicate(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		f := duplicateForm{adminPage: newCampaignPage(v, c, camp, "overview"),
			Title: strings.TrimSpace(c.FormValue("title")), Slug: strings.TrimSpace(c.FormValue("slug"))}
		cp := camp.Clone()
		cp.ID, cp.Published, cp.State, cp.Title, cp.Slug = 0, false, survey.StateDraft, f.Title, f.Slug
		if err := st.CreateCampaignBy(c.Request().Context(), cp, f.User.ID); err != nil {
			if code := survey.ErrorCode(err); code != survey.EINVALID && code != survey.ECONFLICT {
				return err
			}
			f.Errs.AddErr(f.Lang, err)
			addSlugClash(c, st, f.Errs, f.Slug, f.Lang)
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_duplicate", f)
		}
		// The next election faces the same assembly and parties, and its party page links
		// this campaign's answers.
		if err := st.CopyParties(c.Request().Context(), camp.ID, cp.ID); err != nil {
			return err
		}
		// Proposals still waiting in the inbox (also those that came with answers) are
		// ready for the next round.
		if _, err := st.CopyProposals(c.Request().Context(), camp.ID, cp.ID); err != nil {
			return err
		}
		return adminDone(c, "/admin/campaigns/"+cp.Slug, "duplicated")
	}
}
