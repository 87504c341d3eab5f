package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// partyAdminView is the data of static/tmpl/party_admin.html.
type partyAdminView struct {
	adminPage
	Base      string // /admin/campaigns/{slug}/parties
	Settings  survey.PartySettings
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
	survey.PartyRow
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
func loadPartyAdmin(v *view.Engine, c echo.Context, st survey.Store, camp *survey.Campaign, now func() time.Time) (*partyAdminView, error) {
	ctx := c.Request().Context()
	if err := st.InitParties(ctx, camp.ID); err != nil {
		return nil, err
	}
	pv := &partyAdminView{adminPage: newCampaignPage(v, c, camp, "parties"), Base: partyBase(camp.Slug),
		Kinds:     []survey.AssemblyKind{survey.AssemblyMunicipal, survey.AssemblyRegional, survey.AssemblyRiksdag},
		PublicURL: "/r/" + camp.Slug + "/partier", New: survey.Party{Colour: "#6B6B6B"},
		Deadline: now().In(camp.Location()).AddDate(0, 0, 21).Format(time.DateOnly)}
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
	at := now()
	lang := pv.Lang
	for _, r := range rows {
		row := partyAdminRow{PartyRow: r, State: v.T(lang, "party.state."+string(r.Status.State())), Answers: r.Status.SavedAt != nil}
		switch {
		case r.Status.SubmittedAt != nil:
			row.When = localTime(camp, *r.Status.SubmittedAt)
		case r.Status.SavedAt != nil:
			row.When = localTime(camp, *r.Status.SavedAt)
		case r.Status.OpenedAt != nil:
			row.When = localTime(camp, *r.Status.OpenedAt)
		}
		for _, l := range links {
			if l.PartyID == r.ID {
				row.Links = append(row.Links, partyLinkRow{ID: l.ID, Created: localTime(camp, l.CreatedAt), Expires: localTime(camp, l.ExpiresAt),
					Active: l.Active(at), Revoked: l.RevokedAt != nil})
			}
		}
		pv.Parties = append(pv.Parties, row)
	}
	return pv, nil
}

func handlePartyAdmin(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		pv, err := loadPartyAdmin(v, c, st, camp, now)
		if err != nil {
			return err
		}
		return adminRender(v, c, http.StatusOK, "party_admin", pv)
	}
}

// renderPartyAdminErr shows the parties page again with err's messages.
func renderPartyAdminErr(c echo.Context, st survey.Store, v *view.Engine, camp *survey.Campaign, err error, keep func(*partyAdminView), now func() time.Time) error {
	code := survey.ErrorCode(err)
	if code != survey.EINVALID && code != survey.ECONFLICT {
		return err
	}
	pv, lerr := loadPartyAdmin(v, c, st, camp, now)
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

func handlePartyAssembly(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		seats, _ := strconv.Atoi(strings.TrimSpace(c.FormValue("seats")))
		a := survey.Assembly{Kind: survey.AssemblyKind(c.FormValue("kind")), Seats: seats}
		if err := st.SetAssembly(c.Request().Context(), camp.ID, a); err != nil {
			return renderPartyAdminErr(c, st, v, camp, err, nil, now)
		}
		return adminDone(c, partyBase(camp.Slug), "party_saved")
	}
}

func handlePartyPublish(st survey.Store) echo.HandlerFunc {
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

func handlePartySave(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
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
			}, now)
		}
		return adminDone(c, partyBase(camp.Slug), "party_saved")
	}
}

func handlePartyDelete(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
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
			return renderPartyAdminErr(c, st, v, camp, err, nil, now)
		}
		return adminDone(c, partyBase(camp.Slug), "party_saved")
	}
}

func handlePartyReopen(st survey.Store) echo.HandlerFunc {
	return handlePartyItem(st, "id", "", "party_reopened", st.ReopenParty)
}

// handlePartyItem handles a POST that acts on one numbered item of the campaign (the path
// parameter param) through act, then goes back to partyBase+suffix with the flash ok.
func handlePartyItem(st survey.Store, param, suffix, ok string, act func(ctx context.Context, campaignID, id int64) error) echo.HandlerFunc {
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
