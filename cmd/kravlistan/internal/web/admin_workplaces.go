package web

import (
	"net/http"
	"strconv"
	"strings"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// workplacesPage is the data of static/tmpl/admin_workplaces.html: the campaign's
// workplaces with their links, QR codes and posters, and the form that adds one.
type workplacesPage struct {
	adminPage
	CampaignLink string
	Rows         []workplaceRow
	// The add form's values, kept when it comes back with errors.
	Name, Code, Members string
}

// workplaceRow is one workplace with its short link and its number of members as shown
// in the members form (as typed, when the form comes back with errors).
type workplaceRow struct {
	survey.Workplace
	Link        string
	MembersText string
}

func newWorkplacesPage(v *view.Engine, c echo.Context, camp *survey.Campaign, links linkBase) workplacesPage {
	p := workplacesPage{adminPage: newCampaignPage(v, c, camp, "workplaces"), CampaignLink: links.campaignURL(c, camp.Slug)}
	for _, w := range camp.Workplaces {
		m := ""
		if w.Members > 0 {
			m = strconv.Itoa(w.Members)
		}
		p.Rows = append(p.Rows, workplaceRow{Workplace: w, Link: links.workplaceURL(c, camp.Slug, w.Code), MembersText: m})
	}
	return p
}

// handleWorkplaces shows GET /admin/campaigns/{slug}/workplaces.
func handleWorkplaces(st survey.Store, v *view.Engine, links linkBase) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		return adminRender(v, c, http.StatusOK, "admin_workplaces", newWorkplacesPage(v, c, camp, links))
	}
}

// handleWorkplaceAdd adds one workplace (POST /admin/campaigns/{slug}/workplaces). The code
// may be left out and is then made from the name. On errors the form comes back with the
// values kept and each message beside its field; nothing is saved.
func handleWorkplaceAdd(st survey.Store, v *view.Engine, links linkBase) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		p := newWorkplacesPage(v, c, camp, links)
		p.Name, p.Code = strings.TrimSpace(c.FormValue("name")), strings.TrimSpace(c.FormValue("code"))
		p.Members = strings.TrimSpace(c.FormValue("members"))
		rows := []uploadRow{{Line: 1, Name: p.Name, Key: p.Code, Members: p.Members}}
		if checkRows(v, camp, uploadWorkplaces, rows, p.Lang) > 0 {
			for _, e := range rows[0].Errs {
				field := e.Field
				if e.Field == "key" {
					field = "code"
				}
				p.Errs.Add(field, e.Msg)
			}
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_workplaces", p)
		}
		applyRows(camp, uploadWorkplaces, rows)
		if err := st.SaveCampaign(c.Request().Context(), camp, userOf(c).Name, ""); err != nil {
			if survey.ErrorCode(err) != survey.EINVALID && survey.ErrorCode(err) != survey.ECONFLICT {
				return err
			}
			p.Errs.AddErr(p.Lang, err)
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_workplaces", p)
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug+"/workplaces", "workplace_added")
	}
}

// handleWorkplaceMembers saves the number of members of every workplace at once (POST
// /admin/campaigns/{slug}/workplaces/members, fields members-CODE): the basis of the
// response rate per workplace. On errors the form comes back as typed; nothing is saved.
func handleWorkplaceMembers(st survey.Store, v *view.Engine, links linkBase) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		p := newWorkplacesPage(v, c, camp, links)
		bad := false
		for i := range camp.Workplaces {
			w := &camp.Workplaces[i]
			typed := strings.TrimSpace(c.FormValue("members-" + w.Code))
			p.Rows[i].MembersText = typed
			n, ok := parseMembers(typed)
			if !ok {
				p.Errs.Add("members-"+w.Code, survey.Message(p.Lang, "bad_members", survey.MaxMembers))
				bad = true
				continue
			}
			w.Members = n
		}
		if bad {
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_workplaces", p)
		}
		if err := st.SaveCampaign(c.Request().Context(), camp, userOf(c).Name, ""); err != nil {
			if survey.ErrorCode(err) != survey.EINVALID && survey.ErrorCode(err) != survey.ECONFLICT {
				return err
			}
			p.Errs.AddErr(p.Lang, err)
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_workplaces", p)
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug+"/workplaces", "members_saved")
	}
}
