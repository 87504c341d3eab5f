package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// mergePage is the data of static/tmpl/admin_proposal_merge.html: the second step of a
// merge, where the organiser words the demand the ticked proposals become.
type mergePage struct {
	adminPage
	Proposals []inboxItem
	// Into is the key of the existing demand merged into; "" for a new demand.
	Into                      string
	Title, Body, Area, Reason string
	Areas                     []string
	// Ranked says members have answered: rewording an existing demand is logged.
	Ranked bool
	Q      string
	Show   string
}

// handleInboxMerge merges the ticked proposals (POST .../proposals/merge). Without save=1
// it shows the wording form, filled from the demand chosen (into=KEY) or, for a new
// demand (into=new), from the first proposal; with save=1 it saves the demand and marks
// the proposals merged into it in one transaction, then returns to the inbox with an undo
// button. A proposal merged before moves to the new demand.
func handleInboxMerge(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		form, err := c.FormParams()
		if err != nil {
			return echo.NewHTTPError(http.StatusBadRequest)
		}
		lang := adminLang(c)
		ids := parseIDs(form["id"])
		if err := survey.CheckProposalIDs(ids); err != nil {
			errs := view.FormErrors{}
			errs.AddErr(lang, err)
			return renderInbox(c, st, v, camp, http.StatusUnprocessableEntity, errs, nil, "")
		}
		all, err := st.Proposals(ctx, camp.ID)
		if err != nil {
			return err
		}
		byID := map[uuid.UUID]survey.Proposal{}
		for _, p := range all {
			byID[p.ID] = p
		}
		mp := mergePage{adminPage: newCampaignPage(v, c, camp, "demands"), Areas: camp.ProposalAreas(),
			Q: form.Get("q"), Show: form.Get("visa")}
		origin := survey.ProposalOrigins(camp, all)
		for _, id := range ids {
			p, ok := byID[id]
			if !ok {
				return errNoCampaign // another campaign's proposal looks like none at all
			}
			mp.Proposals = append(mp.Proposals, inboxItem{Proposal: p, From: proposalFrom(mp.Page, camp, p, origin(p))})
		}
		if into := form.Get("into"); into != "" && into != "new" {
			d, ok := camp.Demand(into)
			if !ok {
				mp.Errs.Add("into", survey.Message(lang, "unknown_demand", into))
				return adminRender(v, c, http.StatusUnprocessableEntity, "admin_proposal_merge", mp)
			}
			mp.Into, mp.Title, mp.Body, mp.Area = d.Key, d.Title, d.Body, d.Area
		} else {
			first := mp.Proposals[0]
			mp.Title, mp.Body, mp.Area = first.Title, first.Body, first.Area
		}
		n, err := st.ResponseCount(ctx, camp.ID)
		if err != nil {
			return err
		}
		mp.Ranked = n > 0 && mp.Into != ""
		if form.Get("save") != "1" {
			return adminRender(v, c, http.StatusOK, "admin_proposal_merge", mp)
		}
		mp.Title, mp.Body = strings.TrimSpace(form.Get("title")), strings.TrimSpace(strings.ReplaceAll(form.Get("body"), "\r\n", "\n"))
		mp.Area, mp.Reason = strings.TrimSpace(form.Get("area")), strings.TrimSpace(form.Get("reason"))
		edited := camp.Clone()
		key := mp.Into
		if key == "" {
			used := func(k string) bool { _, ok := edited.Demand(k); return ok }
			base := survey.Slugify(mp.Title, 60)
			if base == "" {
				base = "krav"
			}
			key = survey.FreeName(base, 64, used)
			edited.Demands = append(edited.Demands, survey.Demand{Key: key, Area: mp.Area, Title: mp.Title, Body: mp.Body})
		} else {
			for i := range edited.Demands {
				if edited.Demands[i].Key == key {
					edited.Demands[i].Title, edited.Demands[i].Body, edited.Demands[i].Area = mp.Title, mp.Body, mp.Area
				}
			}
		}
		if err := st.MergeProposals(ctx, edited, ids, key, userOf(c).Name, mp.Reason); err != nil {
			if code := survey.ErrorCode(err); code != survey.EINVALID {
				return err
			}
			idx := len(edited.Demands) - 1
			if mp.Into != "" {
				for i, d := range edited.Demands {
					if d.Key == key {
						idx = i
					}
				}
			}
			mp.Errs.AddErr(lang, renameFields(err, demandFields(idx)))
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_proposal_merge", mp)
		}
		back := inboxBase(camp.Slug, form) + sepFor(inboxBase(camp.Slug, form)) + "undo=" + idList(ids)
		if mp.Into == "" {
			back += "&made=" + url.QueryEscape(key) // the undo removes the new demand again
		}
		return adminDone(c, back, "merged")
	}
}

// demandFields maps the JSON paths of demand i to the merge form's fields.
func demandFields(i int) map[string]string {
	p := "demands[" + strconv.Itoa(i) + "]"
	return map[string]string{p + ".title": "title", p + ".body": "body", p + ".area": "area", p + ".key": "title", "demands": "title"}
}
