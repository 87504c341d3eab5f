package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// followUpView is the data of static/tmpl/party_admin_followup.html.
type followUpView struct {
	adminPage
	Base     string
	Parties  []followParty
	Items    []survey.ListItem
	Statuses []followStatus
	Records  []followRecord
	In       survey.FollowUp
	Today    string
}

type followParty struct {
	ID   int64
	Name string
}

type followStatus struct {
	Value survey.FollowUpStatus
	Label string
}

type followRecord struct {
	ID                            int64
	Demand, Party, Answer, Status string
	Day, Note                     string
}

func loadFollowUps(v *view.Engine, c echo.Context, st survey.Store, camp *survey.Campaign, now func() time.Time) (*followUpView, error) {
	d, err := loadPartyData(c.Request().Context(), st, camp)
	if err != nil {
		return nil, err
	}
	ap := newCampaignPage(v, c, camp, "parties")
	pv := &followUpView{adminPage: ap, Base: partyBase(camp.Slug), Items: d.List, Today: camp.Day(now())}
	if d.empty() {
		pv.Items = nil
	}
	for _, p := range d.Rows {
		pv.Parties = append(pv.Parties, followParty{ID: p.ID, Name: d.partyLabel(p.Party)})
	}
	pv.In.Day = pv.Today
	for _, s := range survey.FollowUpStatuses {
		pv.Statuses = append(pv.Statuses, followStatus{s, v.T(ap.Lang, "party.follow."+string(s))})
	}
	for _, f := range d.FollowUps {
		for _, m := range d.Matrices {
			i, j := m.ItemIndex(f.ItemID), m.PartyIndex(f.PartyID)
			if i < 0 || j < 0 {
				continue
			}
			cell := m.Cells[i][j]
			pv.Records = append(pv.Records, followRecord{ID: f.ID, Demand: m.Items[i].Title, Party: d.partyLabel(m.Parties[j]),
				Answer: answerLabel(ap.Page, cell.Answer), Status: v.T(ap.Lang, "party.follow."+string(f.Status)), Day: f.Day, Note: f.Note})
		}
	}
	return pv, nil
}

func handleFollowUpPage(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		pv, err := loadFollowUps(v, c, st, camp, now)
		if err != nil {
			return err
		}
		return adminRender(v, c, http.StatusOK, "party_admin_followup", pv)
	}
}

func handleFollowUpAdd(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		f := survey.FollowUp{Status: survey.FollowUpStatus(c.FormValue("status")), Day: strings.TrimSpace(c.FormValue("day")),
			Note: strings.TrimSpace(c.FormValue("note"))}
		f.PartyID, _ = strconv.ParseInt(c.FormValue("party"), 10, 64)
		f.ItemID, _ = strconv.ParseInt(c.FormValue("item"), 10, 64)
		if err := st.AddFollowUp(c.Request().Context(), camp.ID, &f); err != nil {
			if code := survey.ErrorCode(err); code != survey.EINVALID && code != survey.ENOTFOUND {
				return err
			}
			pv, lerr := loadFollowUps(v, c, st, camp, now)
			if lerr != nil {
				return lerr
			}
			pv.In = f
			pv.Errs.AddErr(pv.Lang, err)
			return adminRender(v, c, http.StatusUnprocessableEntity, "party_admin_followup", pv)
		}
		return adminDone(c, partyBase(camp.Slug)+"/followup", "party_saved")
	}
}

func handleFollowUpDelete(st survey.Store) echo.HandlerFunc {
	return handlePartyItem(st, "fid", "/followup", "party_saved", st.DeleteFollowUp)
}
