package web

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/report"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// partyListView is the data of static/tmpl/party_admin_list.html: the freeze form, or the
// frozen list to edit (wording, order, drop, add).
type partyListView struct {
	adminPage
	Base      string
	Items     []listRow
	Others    []survey.Demand // campaign demands not on the list
	Responses int
	TopN      int
	// FiguresHidden says the member figures read "–": they follow the rules of the public
	// matrix (survey.MemberFiguresPublic), here as everywhere else.
	FiguresHidden bool
	Threshold     int
	// Several says the campaign has more than one assembly: each item says which it is put to.
	Several bool
}

// listRow is one item of the list form with its place (from 1), the campaign demand's own
// title (the key means nothing to a reader), its member figures as they may be shown, and
// whether a party has answered it (its wording then stays).
type listRow struct {
	survey.ListItem
	Pos         int
	DemandTitle string
	Members     string
	Answered    bool
	// Ticks are the campaign's assemblies, ticked where the item is put to them (shown
	// only with several assemblies).
	Ticks []asmTick
}

type asmTick struct {
	Key, Name string
	On        bool
}

func loadPartyList(v *view.Engine, c echo.Context, st survey.Store, camp *survey.Campaign) (*partyListView, error) {
	ctx := c.Request().Context()
	items, err := st.PartyList(ctx, camp.ID)
	if err != nil {
		return nil, err
	}
	n, err := st.ResponseCount(ctx, camp.ID)
	if err != nil {
		return nil, err
	}
	answered, err := answeredItems(ctx, st, camp.ID)
	if err != nil {
		return nil, err
	}
	set, err := st.PartySettings(ctx, camp.ID)
	if err != nil {
		return nil, err
	}
	pv := &partyListView{adminPage: newCampaignPage(v, c, camp, "parties"), Base: partyBase(camp.Slug),
		TopN: min(survey.DefaultListLength, len(camp.Demands)), FiguresHidden: !camp.MemberFiguresPublic(n), Threshold: camp.AnonymityThreshold,
		Several: len(set.Assemblies) > 1}
	on := map[string]bool{}
	for i, it := range items {
		on[it.DemandKey] = true
		row := listRow{ListItem: it, Pos: i + 1, DemandTitle: it.DemandKey, Members: "–", Answered: answered[it.ID]}
		if d, ok := camp.Demand(it.DemandKey); ok {
			row.DemandTitle = d.Title
		}
		if !pv.FiguresHidden {
			row.Members = memberFigures(camp, it)
		}
		if pv.Several {
			for _, a := range set.Assemblies {
				row.Ticks = append(row.Ticks, asmTick{Key: a.Key, Name: a.Name, On: survey.Addresses(it.Assemblies, a.Key)})
			}
		}
		pv.Items = append(pv.Items, row)
	}
	for _, d := range camp.Demands {
		if !on[d.Key] {
			pv.Others = append(pv.Others, d)
		}
	}
	return pv, nil
}

// memberFigures is how a list item's member figures read where they may be shown: "picks
// (share)", or for a rating campaign the share who gave the top box.
func memberFigures(camp *survey.Campaign, it survey.ListItem) string {
	share := strconv.FormatFloat(it.Share*100, 'f', 0, 64) + " %"
	if camp.Rates() {
		return share
	}
	return strconv.Itoa(it.Picks) + " (" + share + ")"
}

// answeredItems returns the list items some party has saved an answer or a comment to.
func answeredItems(ctx context.Context, st survey.Store, campaignID int64) (map[int64]bool, error) {
	rows, err := st.Parties(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	out := map[int64]bool{}
	for _, p := range rows {
		if p.Status.SavedAt == nil {
			continue
		}
		as, err := st.PartyAnswers(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		for id, a := range as {
			if a.Value != survey.AnswerNone || a.Comment != "" {
				out[id] = true
			}
		}
	}
	return out, nil
}

func handlePartyListPage(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		pv, err := loadPartyList(v, c, st, camp)
		if err != nil {
			return err
		}
		return adminRender(v, c, http.StatusOK, "party_admin_list", pv)
	}
}

func renderListErr(c echo.Context, st survey.Store, v *view.Engine, camp *survey.Campaign, err error) error {
	code := survey.ErrorCode(err)
	if code != survey.EINVALID && code != survey.ECONFLICT {
		return err
	}
	pv, lerr := loadPartyList(v, c, st, camp)
	if lerr != nil {
		return lerr
	}
	pv.Errs.AddErr(pv.Lang, err)
	return adminRender(v, c, http.StatusUnprocessableEntity, "party_admin_list", pv)
}

// handlePartyFreeze freezes the top N demands of the headline ranking, with the member
// figures of this moment, as the list put to the parties.
func handlePartyFreeze(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		n, _ := strconv.Atoi(c.FormValue("n"))
		if n < 1 || n > len(camp.Demands) {
			return renderListErr(c, st, v, camp, &survey.Error{Code: survey.EINVALID, Message: "ogiltigt antal",
				Fields: []survey.FieldError{{Field: "n", Code: "bad_range", Args: []any{1, len(camp.Demands)}}}})
		}
		res, err := report.Compute(c.Request().Context(), st, camp, nil, now())
		if err != nil {
			return err
		}
		var items []survey.ListItem
		for _, d := range res.Demands { // in headline order
			if len(items) == n {
				break
			}
			dem, _ := camp.Demand(d.Key)
			picks, share := listFigures(d)
			items = append(items, survey.ListItem{DemandKey: d.Key, Title: d.Title, Body: dem.Body, Rank: d.Rank, Picks: picks, Share: share})
		}
		if err := st.FreezeList(c.Request().Context(), camp, items); err != nil {
			return renderListErr(c, st, v, camp, err)
		}
		return adminDone(c, partyBase(camp.Slug)+"/list", "party_frozen")
	}
}

// handlePartyListSave stores the edited list. Fields per item: id, pos (a number: the list
// is sorted by it), title, body, drop=1. "add" names a campaign demand to append, with the
// figures it has in the results now.
func handlePartyListSave(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		old, err := st.PartyList(ctx, camp.ID)
		if err != nil {
			return err
		}
		form, err := c.FormParams()
		if err != nil {
			return echo.NewHTTPError(http.StatusBadRequest)
		}
		type placed struct {
			it  survey.ListItem
			pos float64
		}
		set, err := st.PartySettings(ctx, camp.ID)
		if err != nil {
			return err
		}
		var list []placed
		for i, it := range old {
			id := strconv.FormatInt(it.ID, 10)
			if form.Get("drop-"+id) == "1" {
				continue
			}
			if _, shown := form["asm-shown-"+id]; shown {
				it.Assemblies = tickedAssemblies(set.Assemblies, form["asm-"+id])
				if it.Assemblies != nil && len(it.Assemblies) == 0 {
					return renderListErr(c, st, v, camp, &survey.Error{Code: survey.EINVALID, Message: survey.Message("sv", "item_no_assembly"),
						Fields: []survey.FieldError{{Field: "items[" + strconv.Itoa(i) + "].assemblies", Code: "item_no_assembly"}}})
				}
			}
			pos, err := strconv.ParseFloat(strings.TrimSpace(form.Get("pos-"+id)), 64)
			if err != nil {
				pos = float64(i + 1)
			}
			it.Title, it.Body = strings.TrimSpace(form.Get("title-"+id)), strings.TrimSpace(form.Get("body-"+id))
			list = append(list, placed{it, pos})
		}
		sort.SliceStable(list, func(i, j int) bool { return list[i].pos < list[j].pos })
		items := make([]survey.ListItem, 0, len(list)+1)
		for _, p := range list {
			items = append(items, p.it)
		}
		if key := form.Get("add"); key != "" {
			d, ok := camp.Demand(key)
			if !ok {
				return echo.NewHTTPError(http.StatusBadRequest)
			}
			it := survey.ListItem{DemandKey: d.Key, Title: d.Title, Body: d.Body}
			res, err := report.Compute(ctx, st, camp, nil, now())
			if err != nil {
				return err
			}
			for _, r := range res.Demands {
				if r.Key == key {
					it.Rank = r.Rank
					it.Picks, it.Share = listFigures(r)
				}
			}
			items = append(items, it)
		}
		if err := st.SaveList(ctx, camp, items); err != nil {
			return renderListErr(c, st, v, camp, err)
		}
		return adminDone(c, partyBase(camp.Slug)+"/list", "party_saved")
	}
}

// tickedAssemblies is an item's assemblies from the keys ticked in the list form, in the
// assemblies' order: nil when every assembly is ticked (the item is put to all), empty
// when none is.
func tickedAssemblies(as []survey.Assembly, ticked []string) []string {
	out := []string{}
	for _, a := range as {
		if slices.Contains(ticked, a.Key) {
			out = append(out, a.Key)
		}
	}
	if len(out) == len(as) {
		return nil
	}
	return out
}

// listFigures returns the member figures a frozen list item keeps of demand result d: the
// members who picked it and their share, or for a rating campaign the members who rated it
// and the share of them who gave it the top box.
func listFigures(d report.DemandResult) (int, float64) {
	if r := d.Ratings; r != nil {
		share := 0.0
		if r.TopBox != nil {
			share = *r.TopBox
		}
		return r.N, share
	}
	return d.Picks, d.Share
}
