package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// partyMatrixView is the data of static/tmpl/party_public.html: one matrix demands ×
// parties per assembly. The organiser's matrix page reuses its assemblies.
type partyMatrixView struct {
	view.Page
	Title, Slug string
	Filter      bool
	Print       bool
	PrintHref   string
	JSONHref    string
	// IntroKey and MembersHead say "ranked" or "rated": the introduction's catalogue key
	// and the heading of the members' column.
	IntroKey    string
	MembersHead string
	// AnswersHref is the printable "Så svarade partierna" for workplace meetings.
	AnswersHref string
	// BackHref is where "Så svarade partierna" links back to: the public matrix, or the
	// organiser's matrix in the preview.
	BackHref string
	// Previous links the party answers of the campaign this one was duplicated from.
	Previous *previousLink
	// Assemblies are the matrices, one per assembly that has demands put to it.
	Assemblies []assemblyMatrix
	// Several says there is more than one: each gets its heading and the page a list.
	Several bool
	// FollowUps says whether any assembly has follow-up records.
	FollowUps bool
}

// assemblyMatrix is one assembly's matrix with its comments and follow-ups. It carries the
// page (language) and the members' heading, so that the shared templates can take it alone.
type assemblyMatrix struct {
	view.Page
	// HID is the assembly's part of the HTML ids ("a1"); Key its key.
	HID, Key, Name string
	Seats          int
	Majority       int
	MembersHead    string
	Filter         bool
	Several        bool
	Parties        []matrixParty
	Rows           []matrixRow
	Comments       []partyComments
	FollowUps      []publicFollowUp
	// Promises sums up per party what became of its promises, once follow-ups exist.
	Promises []promiseRow
}

// promiseRow is one party's promises (the demands its answer was read as agreeing with)
// and the latest follow-up status of each.
type promiseRow struct {
	Party                                     string
	Promised, Kept, Partly, NotKept, Underway int
	Unchecked                                 int
}

type previousLink struct{ Title, Href string }

type matrixParty struct {
	ID                         int64
	Short, Name, Colour, Label string
	Seats                      int
}

type matrixRow struct {
	N          int
	ID         int64
	Title      string
	Body       string
	Picks      int
	Share      string
	Members    string // "picks (share)", or "–" until member figures may be shown
	Cells      []matrixCell
	Majority   survey.MajorityCount
	MajorityOK bool
}

type matrixCell struct {
	PartyID    int64
	ItemID     int64
	Class      string // the assessment, for CSS
	Symbol     string
	Text       string // the answer, or "refuses"/"has not answered"
	Assessment string // shown when the district's reading differs from the answer's
	Value      survey.AnswerValue
	Assess     survey.Assessment
	Comment    string
	Note       string // the anchor of the comment, when there is one
}

// publicFollowUp is one follow-up record as the public page shows it.
type publicFollowUp struct {
	Demand, Party, Status, Day, Note string
}

type partyComments struct {
	Short, Name string
	Items       []itemComment
}

type itemComment struct {
	Anchor, Title, Text string
}

// newMatrixView lays out the matrices in lang: one per assembly with a demand put to it.
func newMatrixView(p view.Page, c *survey.Campaign, d *partyData) partyMatrixView {
	v := partyMatrixView{Page: p, Title: c.Title, Slug: c.Slug, Filter: d.Settings.Filter,
		PrintHref: "/r/" + c.Slug + "/partier/utskrift" + p.LangQ, JSONHref: "/r/" + c.Slug + "/partier.json",
		IntroKey: rankedOrRated(c, "party.public.intro"), MembersHead: p.T(p.Lang, "party.public.members"),
		AnswersHref: "/r/" + c.Slug + "/partier/svar" + p.LangQ, BackHref: "/r/" + c.Slug + "/partier" + p.LangQ}
	rates := c.Rates() && c.Scale != nil
	if rates {
		v.MembersHead = p.T(p.Lang, "party.public.members_rate", c.Scale.TopBoxLabel())
	}
	for k, m := range d.Matrices {
		if len(m.Items) == 0 {
			continue
		}
		am := newAssemblyMatrix(p, m, d, rates)
		am.HID, am.MembersHead, am.Filter = "a"+strconv.Itoa(k+1), v.MembersHead, v.Filter
		v.Assemblies = append(v.Assemblies, am)
		v.FollowUps = v.FollowUps || len(am.FollowUps) > 0
	}
	v.Several = len(v.Assemblies) > 1
	for i := range v.Assemblies {
		v.Assemblies[i].Several = v.Several
	}
	return v
}

// newAssemblyMatrix lays out the matrix m of one assembly.
func newAssemblyMatrix(p view.Page, m *survey.Matrix, d *partyData, rates bool) assemblyMatrix {
	v := assemblyMatrix{Page: p, Key: m.Assembly.Key, Name: m.Assembly.Name, Seats: m.Assembly.Seats, Majority: m.Assembly.Majority()}
	comments := make([]partyComments, len(m.Parties))
	for j, pt := range m.Parties {
		v.Parties = append(v.Parties, matrixParty{ID: pt.ID, Short: pt.Short, Name: pt.Name, Colour: pt.Colour, Seats: pt.Seats,
			Label: v.T(p.Lang, "party.public.party_label", pt.Name, pt.Seats)})
		comments[j] = partyComments{Short: pt.Short, Name: pt.Name}
	}
	for i, it := range m.Items {
		row := matrixRow{N: i + 1, ID: it.ID, Title: it.Title, Body: it.Body, Picks: it.Picks,
			Share: strconv.FormatFloat(it.Share*100, 'f', 0, 64) + " %", Majority: m.Majority[i], MajorityOK: m.Majority[i].Has, Members: "–"}
		if d.MemberFigures && rates {
			row.Members = row.Share // the share of those who rated it who gave the top box
		} else if d.MemberFigures {
			row.Members = strconv.Itoa(row.Picks) + " (" + row.Share + ")"
		} else {
			row.Picks, row.Share = 0, ""
		}
		for j, pt := range m.Parties {
			cell := m.Cells[i][j]
			mc := matrixCell{PartyID: pt.ID, ItemID: it.ID, Class: "a-" + string(cell.Assessment), Value: cell.Answer,
				Assess: cell.Assessment, Comment: cell.Comment}
			switch cell.Assessment {
			case survey.AssessRefused, survey.AssessNoAnswer:
				mc.Symbol, mc.Text = symbolOf(string(cell.Assessment)), v.T(p.Lang, "party.assess."+string(cell.Assessment))
			default:
				mc.Symbol, mc.Text = symbolOf(string(cell.Answer)), answerLabel(p, cell.Answer)
				if cell.Assessment != survey.DefaultAssessment(cell.Answer) {
					mc.Assessment = v.T(p.Lang, "party.public.assessed", v.T(p.Lang, "party.assess."+string(cell.Assessment)))
				}
			}
			if cell.Comment != "" {
				mc.Note = fmt.Sprintf("k-%d-%d", pt.ID, it.ID)
				comments[j].Items = append(comments[j].Items, itemComment{Anchor: mc.Note, Title: strconv.Itoa(i+1) + ". " + it.Title, Text: cell.Comment})
			}
			row.Cells = append(row.Cells, mc)
		}
		v.Rows = append(v.Rows, row)
	}
	titles, names := map[int64]string{}, map[int64]string{}
	for _, it := range m.Items {
		titles[it.ID] = it.Title
	}
	for _, pt := range m.Parties {
		names[pt.ID] = pt.Name
	}
	var fs []survey.FollowUp
	for _, f := range d.FollowUps {
		if _, ok := names[f.PartyID]; !ok {
			continue // another assembly's party
		}
		fs = append(fs, f)
		v.FollowUps = append(v.FollowUps, publicFollowUp{Demand: titles[f.ItemID], Party: names[f.PartyID],
			Status: v.T(p.Lang, "party.follow."+string(f.Status)), Day: f.Day, Note: f.Note})
	}
	for _, pc := range comments {
		if len(pc.Items) > 0 {
			v.Comments = append(v.Comments, pc)
		}
	}
	if len(fs) > 0 {
		v.Promises = promiseSummary(m, fs)
	}
	return v
}

// promiseSummary counts, per party, the demands it promised (its answer read as agreeing)
// and the latest follow-up status of each (by day; the last record of a day wins).
func promiseSummary(m *survey.Matrix, fs []survey.FollowUp) []promiseRow {
	type key struct{ party, item int64 }
	latest := map[key]survey.FollowUp{}
	for _, f := range fs {
		k := key{f.PartyID, f.ItemID}
		if old, ok := latest[k]; !ok || f.Day >= old.Day {
			latest[k] = f
		}
	}
	var out []promiseRow
	for j, p := range m.Parties {
		r := promiseRow{Party: p.Name}
		for i, it := range m.Items {
			if m.Cells[i][j].Assessment != survey.AssessAgree {
				continue
			}
			r.Promised++
			f, ok := latest[key{p.ID, it.ID}]
			switch {
			case !ok:
				r.Unchecked++
			case f.Status == survey.FollowKept:
				r.Kept++
			case f.Status == survey.FollowPartly:
				r.Partly++
			case f.Status == survey.FollowNotKept:
				r.NotKept++
			default:
				r.Underway++
			}
		}
		if r.Promised > 0 {
			out = append(out, r)
		}
	}
	return out
}

// symbolOf is the symbol of an answer or assessment; a word always goes with it.
func symbolOf(s string) string {
	switch s {
	case "ja", "agree":
		return "✓"
	case "nej", "disagree":
		return "✗"
	case "delvis":
		return "◐"
	case "unclear":
		return "?"
	case "refused":
		return "⊘"
	}
	return "–"
}

// publishedParties loads the campaign named by :slug and its party data, or gives a plain
// 404 when the organiser has not published the party page (or there is no list yet).
func publishedParties(c echo.Context, st survey.Store) (*survey.Campaign, *partyData, error) {
	ctx := c.Request().Context()
	camp, err := st.Campaign(ctx, c.Param("slug"))
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		return nil, nil, echo.NewHTTPError(http.StatusNotFound)
	} else if err != nil {
		return nil, nil, err
	}
	set, err := st.PartySettings(ctx, camp.ID)
	if err != nil {
		return nil, nil, err
	}
	if !set.Published {
		return nil, nil, echo.NewHTTPError(http.StatusNotFound)
	}
	d, err := loadPartyData(ctx, st, camp)
	if err != nil {
		return nil, nil, err
	}
	if d.empty() {
		return nil, nil, echo.NewHTTPError(http.StatusNotFound)
	}
	return camp, d, nil
}

// handlePartiesPublic shows the published matrix at /r/{slug}/partier, and its A4
// landscape print version at /r/{slug}/partier/utskrift when print is set.
func handlePartiesPublic(st survey.Store, v *view.Engine, print bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, d, err := publishedParties(c, st)
		if err != nil {
			return err
		}
		pv := newMatrixView(v.NewPage(c.Request(), view.RoutePath(c)), camp, d)
		pv.Print = print
		if prev, err := previousParties(c.Request().Context(), st, d.Settings); err != nil {
			return err
		} else if prev != nil {
			pv.Previous = prev
		}
		return v.Render(c, http.StatusOK, "party_public", pv)
	}
}

// previousParties links the published party answers of the campaign this one was
// duplicated from, or nil when there is none or they are not public.
func previousParties(ctx context.Context, st survey.Store, set survey.PartySettings) (*previousLink, error) {
	if set.PreviousSlug == "" {
		return nil, nil
	}
	prev, err := st.Campaign(ctx, set.PreviousSlug)
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	ps, err := st.PartySettings(ctx, prev.ID)
	if err != nil || !ps.Published {
		return nil, err
	}
	return &previousLink{Title: prev.Title, Href: "/r/" + prev.Slug + "/partier"}, nil
}

// handlePartyAnswersPrint shows "Så svarade partierna" at /r/{slug}/partier/svar: the
// frozen list with each demand's text and every party's answer and comment, for printing
// on A4 and taking to a workplace meeting.
func handlePartyAnswersPrint(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, d, err := publishedParties(c, st)
		if err != nil {
			return err
		}
		pv := newMatrixView(v.NewPage(c.Request(), view.RoutePath(c)), camp, d)
		pv.Print = true
		return v.Render(c, http.StatusOK, "party_answers", pv)
	}
}

// handlePartyAnswersPreview shows the organiser "Så svarade partierna" before (and after)
// publishing, to print for a meeting: only submitted answers, as on the public page.
func handlePartyAnswersPreview(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		d, err := loadPartyData(c.Request().Context(), st, camp)
		if err != nil {
			return err
		}
		if d.empty() {
			return echo.NewHTTPError(http.StatusNotFound)
		}
		pv := newMatrixView(v.NewPage(c.Request(), view.RoutePath(c)), camp, d)
		pv.Print, pv.BackHref = true, partyBase(camp.Slug)+"/matrix"
		c.Response().Header().Set("X-Robots-Tag", "noindex, nofollow")
		return v.Render(c, http.StatusOK, "party_answers", pv)
	}
}

// handlePartiesJSON serves the published "parties" document at /r/{slug}/partier.json.
func handlePartiesJSON(st survey.Store) echo.HandlerFunc {
	return func(c echo.Context) error {
		_, d, err := publishedParties(c, st)
		if err != nil {
			return err
		}
		c.Response().Header().Set("Cache-Control", "no-cache")
		return c.JSON(http.StatusOK, d.doc())
	}
}

// rankedOrRated returns key, or key+"_rate" for a campaign whose members rated the demands:
// texts that say the members ranked them.
func rankedOrRated(c *survey.Campaign, key string) string {
	if c.Rates() {
		return key + "_rate"
	}
	return key
}
