package web

import (
	"net/http"
	"strings"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// Telephone canvassing (issue 13 part 3). The call page shows what to read aloud (a
// greeting, the rules, the numbered demands, the background questions) and takes the
// member's answer typed as on paper ("3 7 1 / 2"): Enter shows it as read, Enter again
// stores it at once with channel phone, under the member form's rules. Nothing about the
// member or the number called is asked for or stored. The account role caller may use
// this page (for campaigns it was given access to) and nothing else in the workspace
// (callerRoutes). The printable call sheet is for calling without a computer: its rows are
// typed in later as a batch of channel phone.

// callerRoutes are the only workspace routes a caller reaches; requireUser refuses every
// other with 403 (and sends /admin to the list of campaigns to call for).
var callerRoutes = map[string]bool{
	"/admin/logout":               true,
	"/admin/call":                 true,
	"/admin/campaigns/:slug/call": true,
}

// callPage is the data of static/tmpl/admin_call.html and admin_call_sheet.html.
type callPage struct {
	paperPage
	Closed              bool
	Line, Code, Checked string
	Preview             *entryView
	// Campaigns lists what a caller may call for (the list page).
	Campaigns []survey.AdminSummary
}

func newCallPage(v *view.Engine, c echo.Context, camp *survey.Campaign, now func() time.Time) (callPage, error) {
	pp, err := newPaperPage(v, c, camp)
	if err != nil {
		return callPage{}, err
	}
	pp.Base = "/admin/campaigns/" + camp.Slug + "/call"
	return callPage{paperPage: pp, Closed: camp.AvailableAt(now()) != survey.Available}, nil
}

// handleCallList serves GET /admin/call: the campaigns the user may call for.
func handleCallList(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		p := callPage{paperPage: paperPage{adminPage: newAdminPage(v, c)}}
		p.Tab = "call"
		cs, err := st.AdminCampaigns(c.Request().Context(), p.User, false)
		if err != nil {
			return err
		}
		for _, s := range cs {
			if s.State == survey.StateOpen {
				p.Campaigns = append(p.Campaigns, s)
			}
		}
		return adminRender(v, c, http.StatusOK, "admin_call_list", p)
	}
}

// handleCall serves GET /admin/campaigns/{slug}/call.
func handleCall(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		p, err := newCallPage(v, c, camp, now)
		if err != nil {
			return err
		}
		return adminRender(v, c, http.StatusOK, "admin_call", p)
	}
}

// handleCallSubmit takes POST /admin/campaigns/{slug}/call: one member's answer.
func handleCallSubmit(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		p, err := newCallPage(v, c, camp, now)
		if err != nil {
			return err
		}
		p.Line, p.Code, p.Workplace = strings.TrimSpace(c.FormValue("line")), strings.TrimSpace(c.FormValue("code")), c.FormValue("workplace")
		b := &survey.PaperBatch{Channel: survey.ChannelPhone, Workplace: p.Workplace}
		if p.Closed {
			p.Errs.Add("line", v.T(p.Lang, "call.closed"))
		} else if e, r, bad := readLine(camp, b, p.Lang, p.Line, p.Code); bad != nil {
			for _, m := range bad {
				p.Errs.Add("line", m)
			}
		} else if c.FormValue("checked") != checkedValue(p.Line, p.Code, p.Workplace) {
			p.Preview, p.Checked = newEntryView(camp, p.Lang, e), checkedValue(p.Line, p.Code, p.Workplace)
		} else {
			r.ID, r.Day = uuid.New(), camp.Day(now())
			_, err := st.Submit(c.Request().Context(), camp.ID, r)
			switch {
			case err == nil:
				return adminDone(c, p.Base, "call_saved")
			case len(survey.FieldErrors(err)) > 0:
				for _, fe := range survey.FieldErrors(err) {
					p.Errs.Add("line", fe.Message(p.Lang))
				}
			default:
				return err
			}
		}
		status := http.StatusOK
		if len(p.Errs) > 0 {
			status = http.StatusUnprocessableEntity
		}
		return adminRender(v, c, status, "admin_call", p)
	}
}

// handleCallSheet serves GET /admin/campaigns/{slug}/call/sheet: the call sheet to print.
func handleCallSheet(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		p, err := newCallPage(v, c, camp, now)
		if err != nil {
			return err
		}
		if err := p.printChoice(c, camp); err != nil {
			return err
		}
		p.Rows = make([]int, 12)
		for i := range p.Rows {
			p.Rows[i] = i + 1
		}
		return adminRender(v, c, http.StatusOK, "admin_call_sheet", p)
	}
}
