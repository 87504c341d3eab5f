package web

import (
	"net/http"
	"strconv"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/report"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// Live progress: how many members have answered, by day, by workplace and by every
// background question (förbund, sector, …). The total and the days are live and exact: a
// count per day says when people answered, not who said what. Workplace and background
// counts follow the report's rules: they come from the snapshot (which moves only by the
// anonymity threshold k at a time while the campaign is open, so a new answer cannot be
// traced to its workplace and union), groups under k show "färre än k", more are hidden
// until the hidden ones together reach k, and shown counts carry cell key noise.

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
	// Rates: the rows carry members and a response rate (workplaces with members).
	Rates bool `json:"rates,omitempty"`
}

// progressRow is one group and its count, or the word that hides it. The label of a
// workplace or a background option has soft hyphens in its long words (view.Hyphenate).
// A workplace with a number of members also carries its members and response rate ("–"
// when its count is hidden).
type progressRow struct {
	Label   string `json:"label"`
	Value   string `json:"value"`
	Small   bool   `json:"small,omitempty"`
	Members string `json:"members,omitempty"`
	Rate    string `json:"rate,omitempty"`
}

type group struct {
	label string
	n     int
	key   uint32 // the cell key of the group's responses
}

// progressRows lays out one table. Days (hide false) are shown exactly. Workplace and
// background groups follow the report's rules (report.ProtectGroups): groups under the
// threshold read "färre än k", more are hidden ("dolt") until the hidden ones together reach
// k, and every shown count carries the cell key noise, the same as the report's figure for
// the same responses.
func progressRows(v *view.Engine, lang string, groups []group, k int, hide bool) []progressRow {
	rows := make([]progressRow, len(groups))
	if !hide {
		for i, g := range groups {
			rows[i] = progressRow{Label: g.label, Value: strconv.Itoa(g.n)}
		}
		return rows
	}
	counts := make([]report.GroupCount, len(groups))
	for i, g := range groups {
		counts[i] = report.GroupCount{N: g.n, Key: g.key}
	}
	shown := report.ProtectGroups(counts, k)
	for i, g := range groups {
		// Union and workplace names get soft hyphens, in the page and the JSON it refreshes
		// from, so that a long one breaks at a syllable in a narrow column.
		rows[i] = progressRow{Label: view.Hyphenate(g.label), Value: strconv.Itoa(shown[i])}
		switch {
		case shown[i] >= 0:
		case g.n < k:
			rows[i].Value, rows[i].Small = v.T(lang, "org.pr.fewer", k), true
		default:
			rows[i].Value, rows[i].Small = v.T(lang, "org.pr.hidden"), true
		}
	}
	return rows
}

// newProgressView turns the store's counts into what an organiser may see. The total and
// the days are live; workplaces and background answers come from the snapshot (see
// survey.ResponseStore.ProgressAt), or a new answer would show where it came from.
func newProgressView(tr *view.Engine, lang string, camp *survey.Campaign, p *survey.Progress, now time.Time) progressView {
	k := camp.AnonymityThreshold
	v := progressView{Total: strconv.Itoa(p.Total), Updated: now.In(camp.Location()).Format("15:04:05"),
		Announce: tr.T(lang, "org.pr.announce", p.Total)}

	days := make([]group, 0, len(p.ByDay))
	for i := len(p.ByDay) - 1; i >= 0; i-- { // newest first
		days = append(days, group{label: p.ByDay[i].Key, n: p.ByDay[i].N})
	}
	v.Sections = append(v.Sections, progressSection{ID: "day", Title: tr.T(lang, "org.pr.by_day"), Rows: progressRows(tr, lang, days, k, false)})

	byWP := map[string]survey.Count{}
	for _, c := range p.ByWorkplace {
		byWP[c.Key] = c
	}
	wps := []group{}
	for _, w := range camp.Workplaces {
		wps = append(wps, group{w.Name, byWP[w.Code].N, byWP[w.Code].CellKey})
		delete(byWP, w.Code)
	}
	other := group{label: tr.T(lang, "org.pr.no_workplace")}
	for _, c := range byWP { // the general link, and any code no longer in the campaign
		other.n += c.N
		other.key += c.CellKey
	}
	wps = append(wps, other)
	wpSec := progressSection{ID: "wp", Title: tr.T(lang, "org.pr.by_workplace"), Rows: progressRows(tr, lang, wps, k, true)}
	// Answers against members (issue 13): the rate of a shown count, none for a hidden one.
	for i, a := range workplaceAnswers(tr, lang, camp, p) {
		if m := a.Workplace.Members; m > 0 {
			wpSec.Rates = true
			wpSec.Rows[i].Members, wpSec.Rows[i].Rate = fmtInt(lang, m), a.Rate
			if a.Rate == "" {
				wpSec.Rows[i].Rate = "–"
			}
		}
	}
	v.Sections = append(v.Sections, wpSec)

	v.Sections = append(v.Sections, channelSection(tr, lang, p))

	for _, q := range camp.Questions {
		by := map[string]survey.Count{}
		for _, c := range p.ByAnswer[q.Key] {
			by[c.Key] = c
		}
		gs := []group{}
		for _, o := range q.Options {
			gs = append(gs, group{o.Label, by[o.Key].N, by[o.Key].CellKey})
			delete(by, o.Key)
		}
		none := group{label: tr.T(lang, "org.pr.no_answer")}
		for _, c := range by { // skipped, and options no longer in the campaign
			none.n += c.N
			none.key += c.CellKey
		}
		gs = append(gs, none)
		v.Sections = append(v.Sections, progressSection{ID: "q-" + q.Key, Title: q.Label, Rows: progressRows(tr, lang, gs, k, true)})
	}
	return v
}

// channelSection counts the answers by channel (issue 13): exact, as the report's
// "channels" are, and from the same snapshot as the other groups, so they always add up to
// the counted responses and a new answer's channel shows only with k others.
func channelSection(tr *view.Engine, lang string, p *survey.Progress) progressSection {
	by := map[string]int{}
	for _, c := range p.ByChannel {
		by[c.Key] += c.N
	}
	gs := make([]group, 0, len(survey.Channels))
	for _, ch := range survey.Channels {
		gs = append(gs, group{label: tr.T(lang, "org.pr.channel."+string(ch)), n: by[string(ch)]})
	}
	return progressSection{ID: "ch", Title: tr.T(lang, "org.pr.by_channel"), Rows: progressRows(tr, lang, gs, 0, false)}
}

// progressPage is the data of static/tmpl/admin_progress.html.
type progressPage struct {
	adminPage
	progressView
	Threshold int
	JSONHref  string
	Interval  int
	// Next is where to go next: the workplaces with members by response rate, lowest
	// first; Missing counts the workplaces without a number of members.
	Next    []nextRow
	Missing int
}

func loadProgress(c echo.Context, st survey.Store, now time.Time) (*survey.Campaign, *survey.Progress, error) {
	camp, err := campaignFor(c, st)
	if err != nil {
		return nil, nil, err
	}
	p, err := st.ProgressAt(c.Request().Context(), camp, now)
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
		t := now()
		camp, p, err := loadProgress(c, st, t)
		if err != nil {
			return err
		}
		page := progressPage{adminPage: newCampaignPage(v, c, camp, "progress"), Threshold: camp.AnonymityThreshold,
			JSONHref: "/admin/campaigns/" + camp.Slug + "/progress.json", Interval: 5000}
		if ms, err := strconv.Atoi(c.QueryParam("poll")); err == nil {
			page.Interval = min(max(ms, 1000), 60000)
		}
		page.progressView = newProgressView(v, page.Lang, camp, p, t)
		visits, err := st.Visits(c.Request().Context(), camp.ID)
		if err != nil {
			return err
		}
		page.Next, page.Missing = nextList(v, page.Lang, camp, p, visits)
		return adminRender(v, c, http.StatusOK, "admin_progress", page)
	}
}

// handleProgressJSON serves GET /admin/campaigns/{slug}/progress.json for the page's script.
func handleProgressJSON(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		t := now()
		camp, p, err := loadProgress(c, st, t)
		if err != nil {
			return err
		}
		c.Response().Header().Set("Cache-Control", "no-store")
		return c.JSON(http.StatusOK, newProgressView(v, adminLang(c), camp, p, t))
	}
}
