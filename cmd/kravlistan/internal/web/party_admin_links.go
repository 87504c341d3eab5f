package web

import (
	"net/http"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// handlePartyLinkCreate makes a new answer link valid to the end of the chosen day and
// shows it once: only its hash is stored.
func handlePartyLinkCreate(st survey.Store, v *view.Engine, links linkBase, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		day, err := time.ParseInLocation(time.DateOnly, c.FormValue("deadline"), camp.Location())
		if err != nil || !day.AddDate(0, 0, 1).After(now()) {
			return renderPartyAdminErr(c, st, v, camp, &survey.Error{Code: survey.EINVALID, Message: "ogiltigt datum",
				Fields: []survey.FieldError{{Field: "deadline", Code: "bad_day"}}}, nil, now)
		}
		expires := day.AddDate(0, 0, 1) // the whole chosen day
		tok, err := st.CreatePartyLink(ctx, camp.ID, id, expires)
		if err != nil {
			return err
		}
		p, err := st.Party(ctx, camp.ID, id)
		if err != nil {
			return err
		}
		pv, err := loadPartyAdmin(v, c, st, camp, now)
		if err != nil {
			return err
		}
		pv.NewLink = &newLinkView{Party: p.Name, URL: links.base(c) + "/p/" + tok, Expires: localTime(camp, expires)}
		pv.NewLink.QR = partyQR(pv.NewLink.URL)
		// The page shows a secret: never store it anywhere on the way.
		c.Response().Header().Set("Cache-Control", "no-store")
		return adminRender(v, c, http.StatusCreated, "party_admin", pv)
	}
}

func handlePartyLinkRevoke(st survey.Store) echo.HandlerFunc {
	return handlePartyItem(st, "link", "", "party_revoked", st.RevokePartyLink)
}
