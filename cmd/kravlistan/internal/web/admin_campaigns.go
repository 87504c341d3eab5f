package web

import (
	"net/http"
	"strings"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// campaignsPage is the data of static/tmpl/admin_campaigns.html: the campaign list.
type campaignsPage struct {
	adminPage
	Campaigns []survey.AdminSummary
	Archived  bool
}

// handleAdminCampaigns shows the campaigns the user may work on (GET /admin; archived
// ones with ?archived=1).
func handleAdminCampaigns(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		p := campaignsPage{adminPage: newAdminPage(v, c), Archived: c.QueryParam("archived") == "1"}
		p.Tab = "list"
		list, err := st.AdminCampaigns(c.Request().Context(), p.User, p.Archived)
		if err != nil {
			return err
		}
		p.Campaigns = list
		return adminRender(v, c, http.StatusOK, "admin_campaigns", p)
	}
}

// newCampaignForm is the data of static/tmpl/admin_new.html: a campaign from scratch (title,
// address and a first demand, since a campaign always has at least one) or from a file.
type newCampaignForm struct {
	adminPage
	Title, Slug, Area, Demand string
}

// handleNewCampaign shows the empty form (GET /admin/campaigns/new).
func handleNewCampaign(v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		return adminRender(v, c, http.StatusOK, "admin_new", newCampaignForm{adminPage: newAdminPage(v, c)})
	}
}

// handleCreateCampaign creates a draft from the form (POST /admin/campaigns). On any error
// the form comes back with the values kept and the errors beside the fields (422); a taken
// address is refused with a free one suggested.
func handleCreateCampaign(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		f := newCampaignForm{adminPage: newAdminPage(v, c),
			Title: strings.TrimSpace(c.FormValue("title")), Slug: strings.TrimSpace(c.FormValue("slug")),
			Area: strings.TrimSpace(c.FormValue("area")), Demand: strings.TrimSpace(c.FormValue("demand"))}
		if f.Slug == "" {
			f.Slug = survey.Slugify(f.Title, 63)
		}
		camp := &survey.Campaign{Slug: f.Slug, Title: f.Title, State: survey.StateDraft, AllowProposals: true,
			Demands: []survey.Demand{{Key: survey.Slugify(f.Demand, 64), Area: f.Area, Title: f.Demand}}}
		if camp.Demands[0].Key == "" {
			camp.Demands[0].Key = "krav-1"
		}
		err := st.CreateCampaignBy(c.Request().Context(), camp, f.User.ID)
		if err != nil {
			if code := survey.ErrorCode(err); code != survey.EINVALID && code != survey.ECONFLICT {
				return err
			}
			f.Errs.AddErr(f.Lang, renameFields(err, map[string]string{"demands[0].title": "demand", "demands[0].area": "area",
				"demands[0].key": "demand", "demands": "demand"}))
			addSlugClash(c, st, f.Errs, f.Slug, f.Lang)
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_new", f)
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug+"/demands", "created")
	}
}

// renameFields maps the JSON paths of err's field errors to form field names.
func renameFields(err error, names map[string]string) error {
	fields := survey.FieldErrors(err)
	if len(fields) == 0 {
		return err
	}
	out := make([]survey.FieldError, len(fields))
	for i, f := range fields {
		if n, ok := names[f.Field]; ok {
			f.Field = n
		}
		out[i] = f
	}
	return &survey.Error{Code: survey.EINVALID, Message: "ogiltiga uppgifter", Fields: out}
}

// overviewPage is the data of static/tmpl/admin_campaign.html: a campaign's state, its
// consequences and the actions on it.
type overviewPage struct {
	adminPage
	Meta     survey.CampaignMeta
	Creator  string
	Access   []survey.User
	Others   []survey.User // accounts that could be given access (admins only)
	Now      time.Time
	MayGrant bool
	// Path is the campaign's path as steps, the next one prominent (see admin_path.go).
	Path []pathStep
	// Proposals is the number of proposals of the intake round (and with answers);
	// ProposalsNew how many of them wait in the inbox.
	Proposals, ProposalsNew int
}

// handleCampaignOverview shows GET /admin/campaigns/{slug}.
func handleCampaignOverview(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		return renderOverview(c, st, v, camp, http.StatusOK, nil, now)
	}
}

func renderOverview(c echo.Context, st survey.Store, v *view.Engine, camp *survey.Campaign, status int, errs view.FormErrors, now func() time.Time) error {
	ctx := c.Request().Context()
	p := overviewPage{adminPage: newCampaignPage(v, c, camp, "overview"), Now: now()}
	if errs != nil {
		p.Errs = errs
	}
	var err error
	if p.Meta, err = st.CampaignMeta(ctx, camp.ID); err != nil {
		return err
	}
	if p.Meta.CreatedBy != 0 {
		if u, err := st.UserByID(ctx, p.Meta.CreatedBy); err == nil {
			p.Creator = u.Name
		}
	}
	if p.Access, err = st.CampaignUsers(ctx, camp.ID); err != nil {
		return err
	}
	pp, err := loadPartyProgress(ctx, st, camp, p.Now)
	if err != nil {
		return err
	}
	props, err := st.Proposals(ctx, camp.ID)
	if err != nil {
		return err
	}
	p.Proposals = len(props)
	for _, pr := range props {
		if pr.Status == survey.ProposalNew {
			p.ProposalsNew++
		}
	}
	p.Path = p.campaignPath(pp)
	p.MayGrant = p.User.IsAdmin() || p.Meta.CreatedBy == p.User.ID
	if p.MayGrant {
		all, err := st.Users(ctx)
		if err != nil {
			return err
		}
		for _, u := range all {
			if (u.Role == survey.RoleOrganiser || u.Role == survey.RoleCaller) && !u.Disabled && u.ID != p.Meta.CreatedBy && !hasUser(p.Access, u.ID) {
				p.Others = append(p.Others, u)
			}
		}
	}
	return adminRender(v, c, status, "admin_campaign", p)
}

func hasUser(us []survey.User, id int64) bool {
	for _, u := range us {
		if u.ID == id {
			return true
		}
	}
	return false
}

// stateMove is the data of one state button on the overview page.
type stateMove struct {
	Slug, CSRF, Lang string
	To               survey.State
	Key              string // open, reopen, closed, draft: names the label and the explanation
}

// Move returns the button that moves the campaign to state to.
func (p overviewPage) Move(to survey.State) stateMove {
	key := string(to)
	if to == survey.StateOpen && p.Camp.State == survey.StateClosed {
		key = "reopen"
	}
	return stateMove{Slug: p.Camp.Slug, CSRF: p.CSRF, Lang: p.Lang, To: to, Key: key}
}

// addSlugClash adds the "taken, try this" error for slug unless errs has one for it, so
// that a form with other errors also tells about the address at once.
func addSlugClash(c echo.Context, st survey.Store, errs view.FormErrors, slug, lang string) {
	if slug == "" || errs.Has("slug") || !survey.ValidSlug(slug) {
		return
	}
	if free, err := st.FreeSlug(c.Request().Context(), slug); err == nil && free != slug {
		errs.Add("slug", survey.Message(lang, "slug_suggest", slug, free))
	}
}
