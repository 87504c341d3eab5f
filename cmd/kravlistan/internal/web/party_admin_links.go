package web

import (
	"net/http"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// handlePartyLinkCreate makes a new answer link that works to the end of the campaign's
// answer deadline and shows it once (only its hash is stored), with a printable letter to
// the party. It needs a frozen list and a deadline that has not passed.
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
		set, err := st.PartySettings(ctx, camp.ID)
		if err != nil {
			return err
		}
		expires, ok := deadlineEnd(camp, set.Deadline)
		switch {
		case !ok:
			return renderPartyAdminErr(c, st, v, camp, fieldErr("deadline", "deadline_missing"), nil, now)
		case !expires.After(now()):
			return renderPartyAdminErr(c, st, v, camp, fieldErr("deadline", "deadline_past"), nil, now)
		}
		tok, err := st.CreatePartyLink(ctx, camp.ID, id, expires)
		if err != nil {
			return renderPartyAdminErr(c, st, v, camp, err, nil, now)
		}
		p, err := st.Party(ctx, camp.ID, id)
		if err != nil {
			return err
		}
		pv, err := loadPartyAdmin(v, c, st, camp, now)
		if err != nil {
			return err
		}
		items, err := st.PartyList(ctx, camp.ID)
		if err != nil {
			return err
		}
		poster, err := st.Poster(ctx, camp.ID)
		if err != nil {
			return err
		}
		nl := &newLinkView{Party: p.Name, URL: links.base(c) + "/p/" + tok, Expires: localTime(camp, expires)}
		nl.QR = partyQR(nl.URL)
		nl.Letter = partyLetter{Sender: poster.Sender, Party: p.Name, Campaign: camp.Title, Deadline: longDay(pv.Lang, set.Deadline),
			Day: longDay(pv.Lang, camp.Day(now()))}
		if nl.Letter.Sender == "" {
			nl.Letter.Sender = v.T(pv.Lang, "party.letter.sender_default")
		}
		// The letter lists the demands put to the party's own assembly.
		a, _ := survey.AssemblyByID(set.Assemblies, p.AssemblyID)
		for _, it := range survey.ItemsFor(items, a.Key) {
			nl.Letter.Items = append(nl.Letter.Items, it.Title)
		}
		if len(set.Assemblies) > 1 {
			nl.Party = p.Name + ", " + a.Name
			nl.Letter.Assembly = a.Name
		}
		pv.NewLink = nl
		// The page shows a secret: never store it anywhere on the way.
		c.Response().Header().Set("Cache-Control", "no-store")
		return adminRender(v, c, http.StatusCreated, "party_admin", pv)
	}
}

func handlePartyLinkRevoke(st survey.Store) echo.HandlerFunc {
	return handlePartyItem(st, "link", "", "party_revoked", st.RevokePartyLink)
}
