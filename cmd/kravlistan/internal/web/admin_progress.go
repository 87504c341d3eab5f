package web

import (
	"net/http"
	"strconv"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// Live progress: how many members have answered, by day, by workplace and by every
// background question (förbund, sector, …). Workplace and background groups with fewer
// answers than the campaign's anonymity threshold show "färre än N"; when that would leave
// a single hidden group in a breakdown, whose size the total would give away by
// subtraction, the next smallest group is hidden too. Days are shown exactly: a count per
// day says when people answered, not who said what.

// progressView is the progress in display form, the same for the page and its JSON.
type progressView struct {
	Total    string            `json:"total"`
	Updated  string            `json:"updated"`
	Announce string            `json:"announce"`
	Sections []progressSection `json:"sections"`
}

// progressSection is one breakdown: a table of groups.
type progressSection struct {
	ID    string        `json:"id"`
	Title string        `json:"-"`
	Rows  []progressRow `json:"rows"`
}

// progressRow is one group and its count, or the word that hides it.
type progressRow struct {
	Label string `json:"label"`
	Value string `json:"value"`
	Small bool   `json:"small,omitempty"`
}

// suppress decides which counts to hide: those from 1 to k-1, and, when that hides just
// one group, also the smallest other group above zero, so no hidden count can be worked
// out from the total. Zero is shown: it says only that nobody answered.
func suppress(counts []int, k int) (small, hidden []bool) {
	small, hidden = make([]bool, len(counts)), make([]bool, len(counts))
	n := 0
	for i, c := range counts {
		if c > 0 && c < k {
			small[i] = true
			n++
		}
	}
	if n == 1 {
		best := -1
		for i, c := range counts {
			if !small[i] && c > 0 && (best < 0 || c < counts[best]) {
				best = i
			}
		}
		if best >= 0 {
			hidden[best] = true
		}
	}
	return small, hidden
}

type group struct {
	label string
	n     int
}

func progressRows(v *view.Engine, lang string, groups []group, k int, hide bool) []progressRow {
	counts := make([]int, len(groups))
	for i, g := range groups {
		counts[i] = g.n
	}
	var small, hidden []bool
	if hide {
		small, hidden = suppress(counts, k)
	}
	rows := make([]progressRow, len(groups))
	for i, g := range groups {
		rows[i] = progressRow{Label: g.label, Value: strconv.Itoa(g.n)}
		switch {
		case hide && small[i]:
			rows[i].Value, rows[i].Small = v.T(lang, "org.pr.fewer", k), true
		case hide && hidden[i]:
			rows[i].Value, rows[i].Small = v.T(lang, "org.pr.hidden"), true
		}
	}
	return rows
}

// newProgressView turns the store's raw counts into what an organiser may see.
func newProgressView(tr *view.Engine, lang string, camp *survey.Campaign, p *survey.Progress, now time.Time) progressView {
	k := camp.AnonymityThreshold
	v := progressView{Total: strconv.Itoa(p.Total), Updated: now.Format("15:04:05"),
		Announce: tr.T(lang, "org.pr.announce", p.Total)}

	days := make([]group, 0, len(p.ByDay))
	for i := len(p.ByDay) - 1; i >= 0; i-- { // newest first
		days = append(days, group{p.ByDay[i].Key, p.ByDay[i].N})
	}
	v.Sections = append(v.Sections, progressSection{ID: "day", Title: tr.T(lang, "org.pr.by_day"), Rows: progressRows(tr, lang, days, k, false)})

	byWP := map[string]int{}
	for _, c := range p.ByWorkplace {
		byWP[c.Key] = c.N
	}
	wps := []group{}
	for _, w := range camp.Workplaces {
		wps = append(wps, group{w.Name, byWP[w.Code]})
		delete(byWP, w.Code)
	}
	other := 0
	for _, n := range byWP { // the general link, and any code no longer in the campaign
		other += n
	}
	wps = append(wps, group{tr.T(lang, "org.pr.no_workplace"), other})
	v.Sections = append(v.Sections, progressSection{ID: "wp", Title: tr.T(lang, "org.pr.by_workplace"), Rows: progressRows(tr, lang, wps, k, true)})

	for _, q := range camp.Questions {
		by := map[string]int{}
		for _, c := range p.ByAnswer[q.Key] {
			by[c.Key] = c.N
		}
		gs := []group{}
		answered := 0
		for _, o := range q.Options {
			gs = append(gs, group{o.Label, by[o.Key]})
			answered += by[o.Key]
		}
		gs = append(gs, group{tr.T(lang, "org.pr.no_answer"), p.Total - answered})
		v.Sections = append(v.Sections, progressSection{ID: "q-" + q.Key, Title: q.Label, Rows: progressRows(tr, lang, gs, k, true)})
	}
	return v
}

// progressPage is the data of static/tmpl/admin_progress.html.
type progressPage struct {
	adminPage
	progressView
	Threshold int
	JSONHref  string
	Interval  int
}

func loadProgress(c echo.Context, st survey.Store) (*survey.Campaign, *survey.Progress, error) {
	camp, err := campaignFor(c, st)
	if err != nil {
		return nil, nil, err
	}
	p, err := st.Progress(c.Request().Context(), camp.ID)
	if err != nil {
		return nil, nil, err
	}
	return camp, p, nil
}

// handleProgress shows GET /admin/campaigns/{slug}/progress. Without JavaScript it is a
// plain page with a reload link; with it, the numbers refresh every few seconds
// (?poll=MS sets the interval, 1000 to 60000).
func handleProgress(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, p, err := loadProgress(c, st)
		if err != nil {
			return err
		}
		page := progressPage{adminPage: newCampaignPage(v, c, camp, "progress"), Threshold: camp.AnonymityThreshold,
			JSONHref: "/admin/campaigns/" + camp.Slug + "/progress.json", Interval: 5000}
		if ms, err := strconv.Atoi(c.QueryParam("poll")); err == nil {
			page.Interval = min(max(ms, 1000), 60000)
		}
		page.progressView = newProgressView(v, page.Lang, camp, p, now())
		return adminRender(v, c, http.StatusOK, "admin_progress", page)
	}
}

// handleProgressJSON serves GET /admin/campaigns/{slug}/progress.json for the page's script.
func handleProgressJSON(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, p, err := loadProgress(c, st)
		if err != nil {
			return err
		}
		c.Response().Header().Set("Cache-Control", "no-store")
		return c.JSON(http.StatusOK, newProgressView(v, adminLang(c), camp, p, now()))
	}
}
