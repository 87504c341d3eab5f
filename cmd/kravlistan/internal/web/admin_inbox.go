package web

import (
	"net/http"
	"net/url"
	"sort"
	"strings"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// The organisers' inbox of proposals (issue 14): grouped by area, searchable, with
// near-duplicates suggested (survey.Similar). Organisers select proposals and merge them
// into a new demand or an existing one (admin_inbox_merge.go), set them aside with a
// reason, or return them to the inbox (undo). Everything works without JavaScript: the
// actions are buttons of one form, each posting the ticked proposals to its own address.

// inboxPage is the data of static/tmpl/admin_proposals.html.
type inboxPage struct {
	adminPage
	Q, Show string
	// Groups are the shown proposals by area, the campaign's areas first, "annat" last.
	Groups  []inboxGroup
	Counts  map[string]int
	Total   int
	Demands []survey.Demand // merge targets
	// Target is the demand preselected as the merge target (the one most like the
	// proposals picked with ?liknande=).
	Target string
	// Undo holds the ids of the last merge or set-aside, for its undo button.
	Undo         string
	UndoIDs      []string
	ShowOpts     []string
	Reason       string
	Intake, Open bool
}

type inboxGroup struct {
	Area  string // "" is "annat"
	Items []inboxItem
}

type inboxItem struct {
	survey.Proposal
	WorkplaceName string
	DemandTitle   string
	Checked       bool
	// Similar lists the other proposals like this one; LikeDemands the demands.
	Similar     []inboxRef
	LikeDemands []inboxRef
}

type inboxRef struct{ ID, Title string }

// handleInbox shows GET .../proposals: ?q= searches title and text, ?visa= new (default),
// all, merged or aside; ?liknande=ID ticks a proposal and those like it.
func handleInbox(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		return renderInbox(c, st, v, camp, http.StatusOK, nil, nil, "")
	}
}

func renderInbox(c echo.Context, st survey.Store, v *view.Engine, camp *survey.Campaign, status int, errs view.FormErrors, checked map[string]bool, reason string) error {
	p := inboxPage{adminPage: newCampaignPage(v, c, camp, "demands"), Q: strings.TrimSpace(c.QueryParam("q")),
		Show: c.QueryParam("visa"), Counts: map[string]int{}, Reason: reason,
		Intake: camp.State == survey.StateIntake, Open: camp.State == survey.StateOpen}
	if errs != nil {
		p.Errs = errs
	}
	switch p.Show {
	case "alla", "merged", "aside":
	default:
		p.Show = "new"
	}
	if u := c.QueryParam("undo"); u != "" && len(parseIDs(strings.Split(u, ","))) > 0 {
		p.Undo = u
		for _, id := range parseIDs(strings.Split(u, ",")) {
			p.UndoIDs = append(p.UndoIDs, id.String())
		}
	}
	p.ShowOpts = []string{"new", "alla", "merged", "aside"}
	all, err := st.Proposals(c.Request().Context(), camp.ID)
	if err != nil {
		return err
	}
	p.Total = len(all)
	for _, pr := range all {
		p.Counts[string(pr.Status)]++
	}
	for _, d := range camp.Demands {
		if !d.Hidden {
			p.Demands = append(p.Demands, d)
		}
	}
	var shown []survey.Proposal
	q := strings.ToLower(p.Q)
	for _, pr := range all {
		if p.Show != "alla" && string(pr.Status) != p.Show {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(pr.Title+"\n"+pr.Body), q) {
			continue
		}
		shown = append(shown, pr)
	}
	items := suggest(camp, shown, p.Demands)
	if checked == nil {
		checked = map[string]bool{}
		if like := c.QueryParam("liknande"); like != "" {
			for _, it := range items {
				if it.ID.String() == like {
					checked[like] = true
					for _, s := range it.Similar {
						checked[s.ID] = true
					}
					if len(it.LikeDemands) > 0 {
						p.Target = it.LikeDemands[0].ID
					}
				}
			}
		}
	}
	groups := map[string]*inboxGroup{}
	var order []string
	for _, a := range camp.ProposalAreas() {
		groups[a] = &inboxGroup{Area: a}
		order = append(order, a)
	}
	for _, it := range items {
		it.Checked = checked[it.ID.String()]
		if w, ok := camp.Workplace(it.Workplace); ok {
			it.WorkplaceName = w.Name
		}
		if d, ok := camp.Demand(it.Demand); ok {
			it.DemandTitle = d.Title
		}
		g := groups[it.Area]
		if g == nil {
			// An area the campaign no longer has, or "annat".
			g = &inboxGroup{Area: it.Area}
			groups[it.Area] = g
			if it.Area != "" {
				order = append(order, it.Area)
			}
		}
		g.Items = append(g.Items, it)
	}
	if groups[""] != nil {
		order = append(order, "")
	}
	for _, a := range order {
		if g := groups[a]; len(g.Items) > 0 {
			sort.SliceStable(g.Items, func(i, j int) bool { return strings.ToLower(g.Items[i].Title) < strings.ToLower(g.Items[j].Title) })
			p.Groups = append(p.Groups, *g)
		}
	}
	return adminRender(v, c, status, "admin_proposals", p)
}

// suggest pairs each proposal with the proposals and demands like it.
func suggest(camp *survey.Campaign, ps []survey.Proposal, demands []survey.Demand) []inboxItem {
	items := make([]inboxItem, len(ps))
	texts := make([]survey.SimilarText, 0, len(ps)+len(demands))
	for i, pr := range ps {
		items[i] = inboxItem{Proposal: pr}
		texts = append(texts, survey.SimilarText{ID: pr.ID.String(), Title: pr.Title, Body: pr.Body})
	}
	for _, d := range demands {
		texts = append(texts, survey.SimilarText{ID: d.Key, Title: d.Title, Body: d.Body})
	}
	for _, pair := range survey.Similar(texts) {
		a, b := pair.A, pair.B // a < b: a demand is never before a proposal
		switch {
		case b < len(ps):
			items[a].Similar = append(items[a].Similar, inboxRef{ID: texts[b].ID, Title: texts[b].Title})
			items[b].Similar = append(items[b].Similar, inboxRef{ID: texts[a].ID, Title: texts[a].Title})
		case a < len(ps):
			if items[a].Demand != texts[b].ID {
				items[a].LikeDemands = append(items[a].LikeDemands, inboxRef{ID: texts[b].ID, Title: texts[b].Title})
			}
		}
	}
	return items
}

// parseIDs reads proposal ids from a form, dropping what is not one.
func parseIDs(vals []string) []uuid.UUID {
	var ids []uuid.UUID
	seen := map[uuid.UUID]bool{}
	for _, s := range vals {
		if id, err := uuid.Parse(strings.TrimSpace(s)); err == nil && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

func idList(ids []uuid.UUID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = id.String()
	}
	return strings.Join(s, ",")
}

func checkedSet(ids []uuid.UUID) map[string]bool {
	m := map[string]bool{}
	for _, id := range ids {
		m[id.String()] = true
	}
	return m
}

// inboxBase is the inbox's address, keeping the search and view of the form.
func inboxBase(slug string, form url.Values) string {
	q := url.Values{}
	if s := strings.TrimSpace(form.Get("q")); s != "" {
		q.Set("q", s)
	}
	if s := form.Get("visa"); s != "" && s != "new" {
		q.Set("visa", s)
	}
	path := "/admin/campaigns/" + slug + "/proposals"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	return path
}

// handleInboxAside sets the ticked proposals aside with the reason given (POST
// .../proposals/aside).
func handleInboxAside(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		form, err := c.FormParams()
		if err != nil {
			return echo.NewHTTPError(http.StatusBadRequest)
		}
		ids := parseIDs(form["id"])
		reason := strings.TrimSpace(form.Get("reason"))
		err = st.SetProposalsAside(c.Request().Context(), camp.ID, ids, reason)
		if err != nil {
			if code := survey.ErrorCode(err); code != survey.EINVALID && code != survey.ENOTFOUND {
				return err
			}
			errs := view.FormErrors{}
			errs.AddErr(adminLang(c), err)
			return renderInbox(c, st, v, camp, http.StatusUnprocessableEntity, errs, checkedSet(ids), reason)
		}
		return adminDone(c, inboxBase(camp.Slug, form)+sepFor(inboxBase(camp.Slug, form))+"undo="+idList(ids), "set_aside")
	}
}

// handleInboxReturn puts the ticked proposals back in the inbox (POST
// .../proposals/return): the undo of a merge or a set-aside.
func handleInboxReturn(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		form, err := c.FormParams()
		if err != nil {
			return echo.NewHTTPError(http.StatusBadRequest)
		}
		ids := parseIDs(form["id"])
		if err := st.ReturnProposals(c.Request().Context(), camp.ID, ids); err != nil {
			if code := survey.ErrorCode(err); code != survey.EINVALID && code != survey.ENOTFOUND {
				return err
			}
			errs := view.FormErrors{}
			errs.AddErr(adminLang(c), err)
			return renderInbox(c, st, v, camp, http.StatusUnprocessableEntity, errs, checkedSet(ids), "")
		}
		return adminDone(c, inboxBase(camp.Slug, form), "returned")
	}
}

func sepFor(path string) string {
	if strings.Contains(path, "?") {
		return "&"
	}
	return "?"
}
