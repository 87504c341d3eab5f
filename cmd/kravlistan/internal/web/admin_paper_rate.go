package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// The quick pile entry of a rating campaign (issue 21): LO's Stockholm district collected
// most of its 12,000 ratings on paper. The organiser types a pile in, one line per ballot
// with one number (or a dash) per demand, stored all or nothing. The printed ballot (for
// both kinds of campaign) is admin_paper.go's; batches with double entry and background
// answers are admin_paper_batch.go's.

// handlePaperEntryForm serves GET /admin/campaigns/{slug}/paper/entry.
func handlePaperEntryForm(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		p, err := newPaperPage(v, c, camp)
		if err != nil || !camp.Rates() {
			return errNoCampaign
		}
		p.Stored, _ = strconv.Atoi(c.QueryParam("stored"))
		return adminRender(v, c, http.StatusOK, "admin_paper_entry", p)
	}
}

// handlePaperEntry takes POST /admin/campaigns/{slug}/paper/entry: a pile of typed
// ballots, all or nothing. Every line is read and validated first; any problem sends the
// form back (422) as typed with every problem named by line and demand, and nothing is
// stored. Each ballot is stored with channel paper, a new random id and today's date,
// like a member's; the lines' content is never logged.
func handlePaperEntry(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		p, err := newPaperPage(v, c, camp)
		if err != nil || !camp.Rates() {
			return errNoCampaign
		}
		p.Workplace, p.Lines = c.FormValue("workplace"), c.FormValue("lines")
		if p.Workplace != "" {
			if _, ok := camp.Workplace(p.Workplace); !ok {
				p.Errs.Add("workplace", survey.Message(p.Lang, "unknown_workplace", p.Workplace))
			}
		}
		titles := map[string]string{}
		for _, d := range camp.Demands {
			titles[d.Key] = d.Title
		}
		var ballots []*survey.Response
		for i, line := range strings.Split(strings.ReplaceAll(p.Lines, "\r\n", "\n"), "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			r := &survey.Response{ID: uuid.New(), Channel: survey.ChannelPaper, Workplace: p.Workplace, Day: survey.Day(time.Now())}
			r.Ratings, err = survey.ParseRatingEntry(camp, line)
			if err == nil {
				r.Normalize()
				err = r.Validate(camp)
			}
			for _, fe := range survey.FieldErrors(err) {
				where := v.T(p.Lang, "org.paper.line", i+1)
				if key, ok := strings.CutPrefix(fe.Field, "ratings."); ok {
					where += ", " + titles[key]
				}
				if fe.Field != "workplace" {
					p.Errs.Add("lines", where+": "+fe.Message(p.Lang))
				}
			}
			ballots = append(ballots, r)
		}
		if len(ballots) == 0 && len(p.Errs) == 0 {
			p.Errs.Add("lines", v.T(p.Lang, "org.paper.empty"))
		}
		if len(p.Errs) > 0 {
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_paper_entry", p)
		}
		for _, r := range ballots {
			if _, err := st.Submit(c.Request().Context(), camp.ID, r); err != nil {
				return err
			}
		}
		return c.Redirect(http.StatusSeeOther, p.Base+"/entry?stored="+strconv.Itoa(len(ballots)))
	}
}
