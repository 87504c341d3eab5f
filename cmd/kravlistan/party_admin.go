package main

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/labstack/echo/v4"
)

// The organiser's party pages live under /admin/campaigns/{slug}/parties, in the tab
// "parties" that this file adds before "file".
var _ = addCampaignTab("parties", "/parties", "file")

// addCampaignTab inserts a campaign tab before the tab named before (or last).
func addCampaignTab(id, path, before string) bool {
	tab := struct{ id, path string }{id, path}
	for i, t := range campaignTabs {
		if t.id == before {
			campaignTabs = append(campaignTabs[:i], append([]struct{ id, path string }{tab}, campaignTabs[i:]...)...)
			return true
		}
	}
	campaignTabs = append(campaignTabs, tab)
	return true
}

// partyAdminRoutes registers the organiser's party pages in the admin group (which
// requires a session and checks the CSRF token of every POST).
func partyAdminRoutes(adm *echo.Group, st *sqlite.Store, v *view.Engine) {
	g := adm.Group("/campaigns/:slug/parties")
	g.GET("", handlePartyAdmin(st, v))
	g.POST("/assembly", handlePartyAssembly(st, v))
	g.POST("/publish", handlePartyPublish(st))
	g.POST("/new", handlePartySave(st, v))
	g.POST("/:id", handlePartySave(st, v))
	g.POST("/:id/delete", handlePartyDelete(st, v))
	g.POST("/:id/reopen", handlePartyReopen(st))
	g.POST("/:id/links", handlePartyLinkCreate(st, v))
	g.POST("/links/:link/revoke", handlePartyLinkRevoke(st))
	g.GET("/list", handlePartyListPage(st, v))
	g.POST("/freeze", handlePartyFreeze(st, v))
	g.POST("/list", handlePartyListSave(st, v))
	g.GET("/matrix", handlePartyMatrixAdmin(st, v))
	g.POST("/assess", handlePartyAssess(st))
	g.GET("/followup", handleFollowUpPage(st, v))
	g.POST("/followup", handleFollowUpAdd(st, v))
	g.POST("/followup/:fid/delete", handleFollowUpDelete(st))
}

// partyAdminView is the data of static/tmpl/party_admin.html.
type partyAdminView struct {
	adminPage
	Base      string // /admin/campaigns/{slug}/parties
	Settings  sqlite.PartySettings
	Kinds     []survey.AssemblyKind
	Parties   []partyAdminRow
	New       survey.Party
	ListLen   int
	PublicURL string
	Deadline  string // default deadline for new links (YYYY-MM-DD)
	// NewLink is shown once, right after it was made.
	NewLink *newLinkView
}

type partyAdminRow struct {
	sqlite.PartyRow
	State   string
	When    string
	Links   []partyLinkRow
	Answers bool
}

type partyLinkRow struct {
	ID               int64
	Created, Expires string
	Active           bool
	Revoked          bool
}

type newLinkView struct {
	Party, URL, Expires string
	QR                  any // template.HTML of an SVG, when a QR encoder is available
}

func partyBase(slug string) string { return "/admin/campaigns/" + slug + "/parties" }

// loadPartyAdmin builds the parties page of camp.
func loadPartyAdmin(v *view.Engine, c echo.Context, st *sqlite.Store, camp *survey.Campaign) (*partyAdminView, error) {
	ctx := c.Request().Context()
	if err := st.InitParties(ctx, camp.ID); err != nil {
		return nil, err
	}
	pv := &partyAdminView{adminPage: newCampaignPage(v, c, camp, "parties"), Base: partyBase(camp.Slug),
		Kinds:     []survey.AssemblyKind{survey.AssemblyMunicipal, survey.AssemblyRegional, survey.AssemblyRiksdag},
		PublicURL: "/r/" + camp.Slug + "/partier", New: survey.Party{Colour: "#6B6B6B"},
		Deadline: st.Now().AddDate(0, 0, 21).Format(time.DateOnly)}
	var err error
	if pv.Settings, err = st.PartySettings(ctx, camp.ID); err != nil {
		return nil, err
	}
	rows, err := st.Parties(ctx, camp.ID)
	if err != nil {
		return nil, err
	}
	links, err := st.PartyLinks(ctx, camp.ID)
	if err != nil {
		return nil, err
	}
	list, err := st.PartyList(ctx, camp.ID)
	if err != nil {
		return nil, err
	}
	pv.ListLen = len(list)
	now := st.Now()
	lang := pv.Lang
	for _, r := range rows {
		row := partyAdminRow{PartyRow: r, State: v.T(lang, "party.state."+string(r.Status.State())), Answers: r.Status.SavedAt != nil}
		switch {
		case r.Status.SubmittedAt != nil:
			row.When = localTime(*r.Status.SubmittedAt)
		case r.Status.SavedAt != nil:
			row.When = localTime(*r.Status.SavedAt)
		case r.Status.OpenedAt != nil:
			row.When = localTime(*r.Status.OpenedAt)
		}
		for _, l := range links {
			if l.PartyID == r.ID {
				row.Links = append(row.Links, partyLinkRow{ID: l.ID, Created: localTime(l.CreatedAt), Expires: localTime(l.ExpiresAt),
					Active: l.Active(now), Revoked: l.RevokedAt != nil})
			}
		}
		pv.Parties = append(pv.Parties, row)
	}
	return pv, nil
}

func handlePartyAdmin(st *sqlite.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		pv, err := loadPartyAdmin(v, c, st, camp)
		if err != nil {
			return err
		}
		return adminRender(v, c, http.StatusOK, "party_admin", pv)
	}
}

// renderPartyAdminErr shows the parties page again with err's messages.
func renderPartyAdminErr(c echo.Context, st *sqlite.Store, v *view.Engine, camp *survey.Campaign, err error, keep func(*partyAdminView)) error {
	code := survey.ErrorCode(err)
	if code != survey.EINVALID && code != survey.ECONFLICT {
		return err
	}
	pv, lerr := loadPartyAdmin(v, c, st, camp)
	if lerr != nil {
		return lerr
	}
	pv.Errs.AddErr(pv.Lang, err)
	if keep != nil {
		keep(pv)
	}
	status := http.StatusUnprocessableEntity
	if code == survey.ECONFLICT {
		status = http.StatusConflict
	}
	return adminRender(v, c, status, "party_admin", pv)
}

func handlePartyAssembly(st *sqlite.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		seats, _ := strconv.Atoi(strings.TrimSpace(c.FormValue("seats")))
		a := survey.Assembly{Kind: survey.AssemblyKind(c.FormValue("kind")), Seats: seats}
		if err := st.SetAssembly(c.Request().Context(), camp.ID, a); err != nil {
			return renderPartyAdminErr(c, st, v, camp, err, nil)
		}
		return adminDone(c, partyBase(camp.Slug), "party_saved")
	}
}

func handlePartyPublish(st *sqlite.Store) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		if err := st.SetPartiesPublished(c.Request().Context(), camp.ID, c.FormValue("published") == "1", c.FormValue("filter") == "1"); err != nil {
			return err
		}
		return adminDone(c, partyBase(camp.Slug), "party_saved")
	}
}

// pathID reads a numeric path parameter; anything else is a plain 404.
func pathID(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, echo.NewHTTPError(http.StatusNotFound)
	}
	return id, nil
}

func handlePartySave(st *sqlite.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		p := survey.Party{Short: strings.TrimSpace(c.FormValue("short")), Name: strings.TrimSpace(c.FormValue("name")),
			Colour: strings.TrimSpace(c.FormValue("colour")), Refused: c.FormValue("refused") == "1"}
		p.Seats, _ = strconv.Atoi(strings.TrimSpace(c.FormValue("seats")))
		if c.Param("id") != "" {
			if p.ID, err = pathID(c, "id"); err != nil {
				return err
			}
		}
		if err := st.SaveParty(c.Request().Context(), camp.ID, &p); err != nil {
			return renderPartyAdminErr(c, st, v, camp, err, func(pv *partyAdminView) {
				if p.ID == 0 {
					pv.New = p
				}
			})
		}
		return adminDone(c, partyBase(camp.Slug), "party_saved")
	}
}

func handlePartyDelete(st *sqlite.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		if err := st.DeleteParty(c.Request().Context(), camp.ID, id); err != nil {
			return renderPartyAdminErr(c, st, v, camp, err, nil)
		}
		return adminDone(c, partyBase(camp.Slug), "party_saved")
	}
}

func handlePartyReopen(st *sqlite.Store) echo.HandlerFunc {
	return handlePartyItem(st, "id", "", "party_reopened", st.ReopenParty)
}

// handlePartyItem handles a POST that acts on one numbered item of the campaign (the path
// parameter param) through act, then goes back to partyBase+suffix with the flash ok.
func handlePartyItem(st *sqlite.Store, param, suffix, ok string, act func(ctx context.Context, campaignID, id int64) error) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		id, err := pathID(c, param)
		if err != nil {
			return err
		}
		if err := act(c.Request().Context(), camp.ID, id); err != nil {
			return err
		}
		return adminDone(c, partyBase(camp.Slug)+suffix, ok)
	}
}
