package web

import (
	"net/http"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// Printed ballots (issue 13 part 1; rating ballots since issue 21). The organiser prints a
// ballot per campaign, per workplace and per language (?workplace=CODE&language=sv|nb|en):
// numbered demands with a box to write the rank in (or a box per value of the scale), the
// rules in one sentence, the background questions with numbered tick boxes, and a slot for
// the one-time code when the campaign uses codes. The numbers are the ones typed in from
// the pile (admin_paper_batch.go), so they follow the campaign's order of visible demands
// and options in every language.

// paperPage is the data of static/tmpl/admin_paper.html, the printable ballot (and the
// call sheet), and of static/tmpl/admin_paper_entry.html, the rating pile entry.
type paperPage struct {
	adminPage
	Demands   []paperDemand
	Questions []paperQuestion
	Scale     survey.Scale
	Values    []int
	Skip      bool
	Base      string
	// Title and Intro in the ballot's language; WorkplaceName of the chosen workplace.
	Title, Intro  survey.Text
	WorkplaceName string
	// Choice of workplace and language on screen.
	BallotLangs []string
	Rows        []int // call sheet: one per call
	// Entry form: the workplace of the pile, the lines as typed, and after a save the
	// number stored.
	Workplace, Lines string
	Stored           int
}

type paperDemand struct {
	N int
	survey.Demand
	// Lang is the language the title is in (a missing translation falls back to Swedish).
	Lang string
}

type paperQuestion struct {
	Label   survey.Text
	Options []paperOption
}

type paperOption struct {
	N     int
	Label survey.Text
}

// newPaperPage makes the ballot of camp in the workspace language.
func newPaperPage(v *view.Engine, c echo.Context, camp *survey.Campaign) (paperPage, error) {
	if camp.Rates() && camp.Scale == nil {
		return paperPage{}, errNoCampaign
	}
	p := paperPage{adminPage: newCampaignPage(v, c, camp, "reports"), Base: "/admin/campaigns/" + camp.Slug + "/paper",
		BallotLangs: []string{"sv", "nb", "en"}}
	if camp.Rates() {
		p.Scale, p.Values, p.Skip = *camp.Scale, camp.Scale.Values(), !camp.Scale.RequireAll
	}
	p.localise(camp)
	return p, nil
}

// localise fills the campaign's texts in p.Lang.
func (p *paperPage) localise(camp *survey.Campaign) {
	p.Title, p.Intro = camp.TitleIn(p.Lang), camp.IntroIn(p.Lang)
	p.Demands, p.Questions = nil, nil
	for i, d := range camp.VisibleDemands() {
		_, title, _ := camp.DemandIn(p.Lang, d)
		d.Title = title.Text
		p.Demands = append(p.Demands, paperDemand{N: i + 1, Demand: d, Lang: title.Lang})
	}
	for _, q := range camp.Questions {
		pq := paperQuestion{Label: camp.QuestionIn(p.Lang, q)}
		for j, o := range q.Options {
			pq.Options = append(pq.Options, paperOption{N: j + 1, Label: camp.OptionIn(p.Lang, q, o)})
		}
		p.Questions = append(p.Questions, pq)
	}
}

// printChoice applies ?workplace= and ?language= to a printable page: an unknown workplace
// is a 404, a language other than sv, nb and en is ignored.
func (p *paperPage) printChoice(c echo.Context, camp *survey.Campaign) error {
	if code := c.QueryParam("workplace"); code != "" {
		wp, ok := camp.Workplace(code)
		if !ok {
			return errNoCampaign
		}
		p.Workplace, p.WorkplaceName = wp.Code, wp.Name
	}
	switch l := c.QueryParam("language"); l {
	case "sv", "nb", "en":
		p.Lang = l
		p.localise(camp)
	}
	return nil
}

// handlePaperBallot serves GET /admin/campaigns/{slug}/paper: the ballot to print.
func handlePaperBallot(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		p, err := newPaperPage(v, c, camp)
		if err != nil {
			return err
		}
		if err := p.printChoice(c, camp); err != nil {
			return err
		}
		return adminRender(v, c, http.StatusOK, "admin_paper", p)
	}
}
