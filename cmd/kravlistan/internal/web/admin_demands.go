package web

import (
	"net/http"
	"strconv"
	"strings"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// demandsPage is the data of static/tmpl/admin_demands.html: the demand list with its
// actions, the add form, and the log of wording changes.
type demandsPage struct {
	adminPage
	Responses int
	Areas     []string
	Edits     []survey.DemandEdit
	// The add form (or, on admin_demand.html, the edit form).
	Key, Area, Title, Body, Reason string
	Editing                        bool
}

// demandsCtx loads what every demand handler needs: the campaign and its response count.
func demandsCtx(v *view.Engine, c echo.Context, st survey.Store) (*survey.Campaign, demandsPage, error) {
	camp, n, err := editableCampaign(c, st)
	if err != nil {
		return nil, demandsPage{}, err
	}
	p := demandsPage{adminPage: newCampaignPage(v, c, camp, "demands"), Responses: n}
	seen := map[string]bool{}
	for _, d := range camp.Demands {
		if d.Area != "" && !seen[d.Area] {
			seen[d.Area] = true
			p.Areas = append(p.Areas, d.Area)
		}
	}
	return camp, p, nil
}

// demandCtx is demandsCtx for a handler on the one demand the route's :key names, with its
// position (a 404 when there is none).
func demandCtx(v *view.Engine, c echo.Context, st survey.Store) (*survey.Campaign, demandsPage, int, error) {
	camp, p, err := demandsCtx(v, c, st)
	if err != nil {
		return nil, p, -1, err
	}
	i, err := routeItem(c, camp.Demands, demandKey)
	return camp, p, i, err
}

func (p *demandsPage) render(c echo.Context, st survey.Store, v *view.Engine, status int) error {
	if !p.Editing {
		edits, err := st.DemandEdits(c.Request().Context(), p.Camp.ID)
		if err != nil {
			return err
		}
		p.Edits = edits
		return adminRender(v, c, status, "admin_demands", p)
	}
	return adminRender(v, c, status, "admin_demand", p)
}

// demandFieldNames maps the JSON paths of demand i to the form's field names.
func demandFieldNames(i int) map[string]string {
	p := "demands[" + strconv.Itoa(i) + "]"
	return map[string]string{p + ".key": "key", p + ".title": "title", p + ".area": "area", p + ".body": "body", p: "key"}
}

// handleDemands shows GET .../demands.
func handleDemands(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		_, p, err := demandsCtx(v, c, st)
		if err != nil {
			return err
		}
		return p.render(c, st, v, http.StatusOK)
	}
}

// handleDemandAdd adds a demand at the end (POST .../demands). Without a key one is made
// from the title; a key typed by hand that is taken is refused with a free one suggested.
// When max_picks was capped by the number of demands, it grows with them up to the default.
func handleDemandAdd(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, p, err := demandsCtx(v, c, st)
		if err != nil {
			return err
		}
		p.Key, p.Area, p.Title, p.Body = strings.TrimSpace(c.FormValue("key")), strings.TrimSpace(c.FormValue("area")),
			strings.TrimSpace(c.FormValue("title")), strings.TrimSpace(c.FormValue("body"))
		used := func(k string) bool { return itemIndex(camp.Demands, demandKey, k) >= 0 }
		key := p.Key
		if key == "" {
			key = survey.FreeName(survey.Slugify(p.Title, 60), 64, used)
			if key == "" {
				key = survey.FreeName("krav", 64, used)
			}
		} else if used(key) {
			p.Errs.Add("key", survey.Message(p.Lang, "key_taken", key, survey.FreeName(key, 64, used)))
			return p.render(c, st, v, http.StatusUnprocessableEntity)
		}
		visible := len(camp.VisibleDemands())
		if camp.MaxPicks == visible && camp.MaxPicks < survey.DefaultMaxPicks {
			camp.MaxPicks++
		}
		camp.Demands = append(camp.Demands, survey.Demand{Key: key, Area: p.Area, Title: p.Title, Body: p.Body})
		if saved, err := saveEdit(c, st, &p.adminPage, camp, "", demandFieldNames(len(camp.Demands)-1)); !saved {
			if err != nil {
				return err
			}
			camp.Demands = camp.Demands[:len(camp.Demands)-1]
			return p.render(c, st, v, http.StatusUnprocessableEntity)
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug+"/demands", "added")
	}
}

// handleDemandForm shows GET .../demands/{key}: the edit form.
func handleDemandForm(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, p, i, err := demandCtx(v, c, st)
		if err != nil {
			return err
		}
		d := camp.Demands[i]
		p.Editing, p.Key, p.Area, p.Title, p.Body = true, d.Key, d.Area, d.Title, d.Body
		return p.render(c, st, v, http.StatusOK)
	}
}

// handleDemandSave saves POST .../demands/{key}. The key never changes (ballots refer to
// it). Once the campaign has responses a changed title or body needs a reason, and the
// store records the change in the edit log shown on the demand page.
func handleDemandSave(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, p, i, err := demandCtx(v, c, st)
		if err != nil {
			return err
		}
		d := &camp.Demands[i]
		p.Editing, p.Key = true, d.Key
		p.Area, p.Title, p.Body = strings.TrimSpace(c.FormValue("area")), strings.TrimSpace(c.FormValue("title")), strings.TrimSpace(c.FormValue("body"))
		p.Reason = strings.TrimSpace(c.FormValue("reason"))
		changed := p.Title != d.Title || p.Body != d.Body
		if p.Responses > 0 && changed && p.Reason == "" {
			p.Errs.Add("reason", v.T(p.Lang, "org.dem.reason_needed"))
			return p.render(c, st, v, http.StatusUnprocessableEntity)
		}
		d.Area, d.Title, d.Body = p.Area, p.Title, p.Body
		if saved, err := saveEdit(c, st, &p.adminPage, camp, p.Reason, demandFieldNames(i)); !saved {
			if err != nil {
				return err
			}
			return p.render(c, st, v, http.StatusUnprocessableEntity)
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug+"/demands", "saved")
	}
}

// handleDemandAction handles the small POSTs on one demand: .../move (dir=up|down),
// .../hide (on=1|0) and .../delete. Deleting a demand of a campaign with responses is
// refused (422) with the advice to hide it.
func handleDemandAction(st survey.Store, v *view.Engine, action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, p, i, err := demandCtx(v, c, st)
		if err != nil {
			return err
		}
		ok := "saved"
		switch action {
		case "move":
			if !moveItem(camp.Demands, i, c.FormValue("dir")) {
				return adminDone(c, "/admin/campaigns/"+camp.Slug+"/demands", "moved")
			}
			ok = "moved"
		case "hide":
			camp.Demands[i].Hidden = c.FormValue("on") == "1"
			ok = "shown"
			if camp.Demands[i].Hidden {
				ok = "hidden"
			}
			camp.FitPicks()
		case "delete":
			camp.Demands = append(camp.Demands[:i], camp.Demands[i+1:]...)
			camp.FitPicks()
			ok = "deleted"
		}
		if saved, err := saveEdit(c, st, &p.adminPage, camp, "", nil); !saved {
			if err != nil {
				return err
			}
			// Show the list as stored, with the reason it was not changed.
			if p.Camp, err = st.CampaignDoc(c.Request().Context(), camp.Slug); err != nil {
				return err
			}
			return p.render(c, st, v, http.StatusUnprocessableEntity)
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug+"/demands", ok)
	}
}

// moveItem swaps s[i] with its neighbour above (dir "up") or below ("down") and reports
// whether it moved; the first item cannot go up nor the last down.
func moveItem[T any](s []T, i int, dir string) bool {
	j := i - 1
	if dir == "down" {
		j = i + 1
	}
	if j < 0 || j >= len(s) {
		return false
	}
	s[i], s[j] = s[j], s[i]
	return true
}

// Last reports whether i is the last index of the campaign's demands (for the down button).
func (p demandsPage) Last(i int) bool { return i == len(p.Camp.Demands)-1 }
