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
	// Undo holds the ids of the last merge or set-aside, for its undo button; Made the
	// demand that merge created, removed again by the undo while no one has ranked.
	Undo    string
	UndoIDs []string
	Made    string
	// Small says some proposal's workplace is not named (SmallK is the threshold).
	Small        bool
	SmallK       int
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
	// From says where the proposal came from, as far as organisers may see it
	// (survey.ProposalOrigins): the workplace, "small workplace", the general link, whether
	// a meeting sent it or it is the free text of an answer.
	From        string
	DemandTitle string
	Checked     bool
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
	if m := c.QueryParam("made"); p.Undo != "" && m != "" {
		if _, ok := camp.Demand(m); ok {
			p.Made = m
		}
	}
	p.ShowOpts = []string{"new", "alla", "merged", "aside"}
	all, err := st.Proposals(c.Request().Context(), camp.ID)
	if err != nil {
		return err
	}
	origin := survey.ProposalOrigins(camp, all)
	p.SmallK = camp.AnonymityThreshold
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
		o := origin(it.Proposal)
		it.From = proposalFrom(p.Page, camp, it.Proposal, o)
		p.Small = p.Small || o == survey.OriginSmall
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

// proposalFrom says in the page's language where proposal pr came from, as far as its
// origin o lets organisers see: "Sjukhuset · möte med 12 medlemmar", "Liten arbetsplats",
// "Allmänna länken", "från ett svar".
func proposalFrom(p view.Page, camp *survey.Campaign, pr survey.Proposal, o survey.ProposalOrigin) string {
	var parts []string
	switch o {
	case survey.OriginWorkplace:
		w, _ := camp.Workplace(pr.Workplace)
		parts = append(parts, w.Name)
	case survey.OriginSmall:
		parts = append(parts, p.T(p.Lang, "inbox.small_workplace"))
	case survey.OriginGeneral:
		parts = append(parts, p.T(p.Lang, "inbox.no_workplace"))
	}
	if pr.MeetingMembers > 0 {
		parts = append(parts, p.T(p.Lang, "inbox.meeting", pr.MeetingMembers))
	}
	if o == survey.OriginAnswer {
		parts = append(parts, p.T(p.Lang, "inbox.from_ballot"))
	}
	return strings.Join(parts, " · ")
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
		ctx := c.Request().Context()
		if err := st.ReturnProposals(ctx, camp.ID, ids); err != nil {
			if code := survey.ErrorCode(err); code != survey.EINVALID && code != survey.ENOTFOUND {
				return err
			}
			errs := view.FormErrors{}
			errs.AddErr(adminLang(c), err)
			return renderInbox(c, st, v, camp, http.StatusUnprocessableEntity, errs, checkedSet(ids), "")
		}
		if key := form.Get("drop"); key != "" {
			if err := dropMergedDemand(c, st, camp, key); err != nil {
				return err
			}
		}
		return adminDone(c, inboxBase(camp.Slug, form), "returned")
	}
}

// dropMergedDemand removes the demand key that a merge created, when the undo of that
// merge leaves no proposal in it and no member has ranked yet; otherwise (members have
// answered, another merge added proposals) the demand stays, as deleting it on the
// demands page would be refused or lose work.
func dropMergedDemand(c echo.Context, st survey.Store, camp *survey.Campaign, key string) error {
	ctx := c.Request().Context()
	if _, ok := camp.Demand(key); !ok {
		return nil
	}
	pv, err := st.Provenance(ctx, camp.ID)
	if err != nil {
		return err
	}
	n, err := st.ResponseCount(ctx, camp.ID)
	if err != nil {
		return err
	}
	if pv[key].Proposals > 0 || n > 0 {
		return nil
	}
	edited := camp.Clone()
	for i, d := range edited.Demands {
		if d.Key == key {
			edited.Demands = append(edited.Demands[:i], edited.Demands[i+1:]...)
			break
		}
	}
	edited.FitPicks()
	if err := st.SaveCampaign(ctx, edited, userOf(c).Name, ""); err != nil && !userError(err) {
		return err
	}
	return nil
}

func sepFor(path string) string {
	if strings.Contains(path, "?") {
		return "&"
	}
	return "?"
}
