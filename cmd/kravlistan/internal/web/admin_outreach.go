package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/report"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// Outreach (issue 13 part 6): answers per workplace against its number of members, a
// "where to go next" list and the visit log.
//
// A workplace's response rate is its shown answer count (the progress page's: from the
// snapshot, under the report's rules: a group under the threshold k is hidden, more are
// hidden until the hidden ones reach k, and a shown count carries cell key noise) divided
// by its members. A hidden group has no rate, so a rate never tells an exact small count;
// and the rate of a shown group tells nothing its shown count does not.

// wpAnswers is what may be shown of one workplace's answers.
type wpAnswers struct {
	Workplace survey.Workplace
	Shown     int    // the shown count, −1 when hidden
	Small     bool   // hidden because it has fewer than k answers
	Value     string // the shown count or the word that hides it
	Rate      string // "42 %", "" without members or when hidden
	rate      float64
}

// workplaceAnswers protects the workplaces' answer counts as the progress page does and
// works out each rate.
func workplaceAnswers(tr *view.Engine, lang string, camp *survey.Campaign, p *survey.Progress) []wpAnswers {
	k := camp.AnonymityThreshold
	byWP := map[string]survey.Count{}
	for _, c := range p.ByWorkplace {
		byWP[c.Key] = c
	}
	counts := make([]report.GroupCount, 0, len(camp.Workplaces)+1)
	for _, w := range camp.Workplaces {
		counts = append(counts, report.GroupCount{N: byWP[w.Code].N, Key: byWP[w.Code].CellKey})
		delete(byWP, w.Code)
	}
	var other report.GroupCount // the general link and codes no longer in the campaign
	for _, c := range byWP {
		other.N += c.N
		other.Key += c.CellKey
	}
	counts = append(counts, other)
	shown := report.ProtectGroups(counts, k)
	out := make([]wpAnswers, len(camp.Workplaces))
	for i, w := range camp.Workplaces {
		a := wpAnswers{Workplace: w, Shown: shown[i], Value: strconv.Itoa(shown[i])}
		switch {
		case shown[i] >= 0:
			if w.Members > 0 {
				a.rate = float64(shown[i]) / float64(w.Members)
				a.Rate = strconv.Itoa(int(a.rate*100+0.5)) + pctSign(lang)
			}
		case counts[i].N < k:
			a.Value, a.Small = tr.T(lang, "org.pr.fewer", k), true
		default:
			a.Value = tr.T(lang, "org.pr.hidden")
		}
		out[i] = a
	}
	return out
}

// nextRow is one workplace of the "where to go next" list.
type nextRow struct {
	wpAnswers
	Members   string
	LastVisit string // the day of the latest visit, "" when none
	Visits    int
	key       float64
}

// nextList orders the workplaces with a number of members by their response rate, lowest
// first. A hidden count is ranked by what its label already says, never by the count: a
// group "under k" as if it had k/2 answers, a group hidden beside it as if it had k. Ties
// go to the larger workplace. Workplaces without members are counted in missing.
func nextList(tr *view.Engine, lang string, camp *survey.Campaign, p *survey.Progress, visits []survey.Visit) (rows []nextRow, missing int) {
	last, count := map[string]string{}, map[string]int{}
	for _, v := range visits {
		count[v.Workplace]++
		last[v.Workplace] = max(last[v.Workplace], v.Day)
	}
	k := float64(camp.AnonymityThreshold)
	for _, a := range workplaceAnswers(tr, lang, camp, p) {
		m := a.Workplace.Members
		if m <= 0 {
			missing++
			continue
		}
		r := nextRow{wpAnswers: a, Members: fmtInt(lang, m), LastVisit: last[a.Workplace.Code], Visits: count[a.Workplace.Code], key: a.rate}
		switch {
		case a.Shown >= 0:
		case a.Small:
			r.key = k / 2 / float64(m)
		default:
			r.key = k / float64(m)
		}
		rows = append(rows, r)
	}
	slices.SortStableFunc(rows, func(a, b nextRow) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return b.Workplace.Members - a.Workplace.Members
	})
	return rows, missing
}

// outreachPage is the data of static/tmpl/admin_outreach.html: where to go next, the
// visit log and the form that adds a visit.
type outreachPage struct {
	adminPage
	Next    []nextRow
	Missing int
	Visits  []visitRow
	Form    survey.Visit
	Kinds   []survey.VisitKind
	// Days are the campaign's answers per day (live and exact, as on the progress page)
	// beside the visits made that day, newest first: the effect of visits on the whole.
	Days []dayRow
}

// visitRow is one visit as listed.
type visitRow struct {
	survey.Visit
	WorkplaceName string
}

// dayRow is one day of answers and visits.
type dayRow struct {
	Day     string
	Answers int
	Visits  int
}

func newOutreachPage(v *view.Engine, c echo.Context, camp *survey.Campaign, p *survey.Progress, visits []survey.Visit) outreachPage {
	page := outreachPage{adminPage: newCampaignPage(v, c, camp, "workplaces"), Kinds: survey.VisitKinds}
	page.Next, page.Missing = nextList(v, page.Lang, camp, p, visits)
	perDay := map[string]*dayRow{}
	day := func(d string) *dayRow {
		if perDay[d] == nil {
			perDay[d] = &dayRow{Day: d}
		}
		return perDay[d]
	}
	for _, d := range p.ByDay {
		day(d.Key).Answers = d.N
	}
	for _, vi := range visits {
		name := v.T(page.Lang, "org.out.gone", vi.Workplace)
		if w, ok := camp.Workplace(vi.Workplace); ok {
			name = w.Name
		}
		page.Visits = append(page.Visits, visitRow{Visit: vi, WorkplaceName: name})
		day(vi.Day).Visits++
	}
	for _, d := range perDay {
		page.Days = append(page.Days, *d)
	}
	slices.SortFunc(page.Days, func(a, b dayRow) int { return strings.Compare(b.Day, a.Day) })
	return page
}

func loadOutreach(c echo.Context, st survey.Store, v *view.Engine, now time.Time) (*survey.Campaign, outreachPage, error) {
	camp, p, err := loadProgress(c, st, now)
	if err != nil {
		return nil, outreachPage{}, err
	}
	visits, err := st.Visits(c.Request().Context(), camp.ID)
	if err != nil {
		return nil, outreachPage{}, err
	}
	return camp, newOutreachPage(v, c, camp, p, visits), nil
}

// handleOutreach shows GET /admin/campaigns/{slug}/outreach.
func handleOutreach(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, page, err := loadOutreach(c, st, v, now())
		if err != nil {
			return err
		}
		page.Form = survey.Visit{Day: camp.Day(now()), Kind: survey.VisitMeeting, Workplace: c.QueryParam("workplace"), Who: userOf(c).Name}
		return adminRender(v, c, http.StatusOK, "admin_outreach", page)
	}
}

// visitFromForm reads a visit from the posted form.
func visitFromForm(c echo.Context) survey.Visit {
	vi := survey.Visit{Workplace: c.FormValue("workplace"), Day: c.FormValue("day"), Kind: survey.VisitKind(c.FormValue("kind")),
		Note: c.FormValue("note"), Who: c.FormValue("who")}
	vi.Normalize()
	return vi
}

// handleVisitAdd adds a visit (POST /admin/campaigns/{slug}/outreach). Errors come back
// beside their fields with what was typed kept.
func handleVisitAdd(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, page, err := loadOutreach(c, st, v, now())
		if err != nil {
			return err
		}
		vi := visitFromForm(c)
		if err := vi.Validate(camp); err != nil {
			page.Form = vi
			page.Errs.AddErr(page.Lang, err)
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_outreach", page)
		}
		if err := st.AddVisit(c.Request().Context(), camp.ID, &vi); err != nil {
			return err
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug+"/outreach", "visit_added")
	}
}

// visitPage is the data of static/tmpl/admin_visit.html: one visit to change or delete.
type visitPage struct {
	adminPage
	Form  survey.Visit
	Kinds []survey.VisitKind
}

func visitID(c echo.Context) int64 {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	return id
}

// handleVisitForm shows GET /admin/campaigns/{slug}/outreach/visits/{id}.
func handleVisitForm(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		vi, err := st.Visit(c.Request().Context(), camp.ID, visitID(c))
		if err != nil {
			return err
		}
		page := visitPage{adminPage: newCampaignPage(v, c, camp, "workplaces"), Form: vi, Kinds: survey.VisitKinds}
		return adminRender(v, c, http.StatusOK, "admin_visit", page)
	}
}

// handleVisitSave changes a visit (POST /admin/campaigns/{slug}/outreach/visits/{id}).
func handleVisitSave(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		if _, err := st.Visit(c.Request().Context(), camp.ID, visitID(c)); err != nil {
			return err
		}
		vi := visitFromForm(c)
		vi.ID = visitID(c)
		if err := vi.Validate(camp); err != nil {
			page := visitPage{adminPage: newCampaignPage(v, c, camp, "workplaces"), Form: vi, Kinds: survey.VisitKinds}
			page.Errs.AddErr(page.Lang, err)
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_visit", page)
		}
		if err := st.SaveVisit(c.Request().Context(), camp.ID, &vi); err != nil {
			return err
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug+"/outreach", "visit_saved")
	}
}

// handleVisitDelete removes a visit (POST /admin/campaigns/{slug}/outreach/visits/{id}/delete).
func handleVisitDelete(st survey.Store) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		if err := st.DeleteVisit(c.Request().Context(), camp.ID, visitID(c)); err != nil {
			return err
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug+"/outreach", "visit_deleted")
	}
}
