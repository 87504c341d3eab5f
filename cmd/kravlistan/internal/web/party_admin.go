package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// partyAdminView is the data of static/tmpl/party_admin.html: the next step, the one
// settings form (assembly, deadline, parties), the answer links and publication.
type partyAdminView struct {
	adminPage
	Base      string // /admin/campaigns/{slug}/parties
	Settings  survey.PartySettings
	Kinds     []survey.AssemblyKind
	Parties   []partyAdminRow
	New       survey.Party
	ListLen   int
	PublicURL string
	// Deadline is the value of the deadline field: the stored one, or a suggestion three
	// weeks ahead while none is set.
	Deadline string
	// DeadlineEnd is the end of the deadline day in the campaign's time zone, "" when unset.
	DeadlineEnd string
	Steps       []partyStep
	Next        *partyStep
	// NewLink is shown once, right after it was made, with the party's letter.
	NewLink *newLinkView
}

type partyAdminRow struct {
	survey.PartyRow
	I       int // place in the settings form
	State   string
	When    string
	Links   []partyLinkRow
	Answers bool
	// HasLink says the party was sent a link that is not revoked.
	HasLink bool
}

type partyLinkRow struct {
	ID               int64
	Created, Expires string
	Active           bool
	Revoked          bool
}

type newLinkView struct {
	Party, URL, Expires string
	QR                  any // template.HTML of an SVG, when a QR encoder is available
	Letter              partyLetter
}

// partyLetter is the printable A4 letter that goes with a new answer link.
type partyLetter struct {
	Sender, Party, Campaign, Deadline, Day string
	Items                                  []string
}

// partyStep is one step of the party flow: freeze → links → deadline → assess → publish.
type partyStep struct {
	Key, Label, Href string
	Done, Current    bool
}

func partyBase(slug string) string { return "/admin/campaigns/" + slug + "/parties" }

// deadlineEnd is the end of the deadline day in the campaign's time zone (links work until
// then); ok is false for an unset or malformed day.
func deadlineEnd(camp *survey.Campaign, day string) (time.Time, bool) {
	d, err := time.ParseInLocation(time.DateOnly, day, camp.Location())
	if err != nil {
		return time.Time{}, false
	}
	return d.AddDate(0, 0, 1), true
}

// loadPartyAdmin builds the parties page of camp.
func loadPartyAdmin(v *view.Engine, c echo.Context, st survey.Store, camp *survey.Campaign, now func() time.Time) (*partyAdminView, error) {
	ctx := c.Request().Context()
	if err := st.InitParties(ctx, camp.ID); err != nil {
		return nil, err
	}
	pv := &partyAdminView{adminPage: newCampaignPage(v, c, camp, "parties"), Base: partyBase(camp.Slug),
		Kinds:     []survey.AssemblyKind{survey.AssemblyMunicipal, survey.AssemblyRegional, survey.AssemblyRiksdag},
		PublicURL: "/r/" + camp.Slug + "/partier", New: survey.Party{Colour: "#6B6B6B"}}
	var err error
	if pv.Settings, err = st.PartySettings(ctx, camp.ID); err != nil {
		return nil, err
	}
	pv.Deadline = pv.Settings.Deadline
	if pv.Deadline == "" {
		pv.Deadline = now().In(camp.Location()).AddDate(0, 0, 21).Format(time.DateOnly)
	} else if end, ok := deadlineEnd(camp, pv.Settings.Deadline); ok {
		pv.DeadlineEnd = localTime(camp, end)
	}
	rows, err := st.Parties(ctx, camp.ID)
	if err != nil {
		return nil, err
	}
	links, err := st.PartyLinks(ctx, camp.ID)
	if err != nil {
		return nil, err
	}
	list, err := st.PartyList(ctx, camp.ID)
	if err != nil {
		return nil, err
	}
	pv.ListLen = len(list)
	at := now()
	lang := pv.Lang
	for i, r := range rows {
		row := partyAdminRow{PartyRow: r, I: i, State: v.T(lang, "party.state."+string(r.Status.State())), Answers: r.Status.SavedAt != nil}
		if r.Refused {
			row.State = v.T(lang, "party.assess.refused")
		}
		switch {
		case r.Status.SubmittedAt != nil:
			row.When = localTime(camp, *r.Status.SubmittedAt)
		case r.Status.SavedAt != nil:
			row.When = localTime(camp, *r.Status.SavedAt)
		case r.Status.OpenedAt != nil:
			row.When = localTime(camp, *r.Status.OpenedAt)
		}
		for _, l := range links {
			if l.PartyID == r.ID {
				row.Links = append(row.Links, partyLinkRow{ID: l.ID, Created: localTime(camp, l.CreatedAt), Expires: localTime(camp, l.ExpiresAt),
					Active: l.Active(at), Revoked: l.RevokedAt != nil})
				// A link sent counts until revoked: one that ran out at the deadline was sent.
				row.HasLink = row.HasLink || l.RevokedAt == nil
			}
		}
		pv.Parties = append(pv.Parties, row)
	}
	pv.steps(v, camp, at)
	return pv, nil
}

// steps works out where the party flow stands and which step comes next.
func (pv *partyAdminView) steps(v *view.Engine, camp *survey.Campaign, now time.Time) {
	linked, answered, waiting := true, true, 0
	for _, p := range pv.Parties {
		if p.Refused {
			continue
		}
		waiting++
		if !p.HasLink && p.Status.SubmittedAt == nil {
			linked = false
		}
		if p.Status.SubmittedAt == nil {
			answered = false
		}
	}
	end, set := deadlineEnd(camp, pv.Settings.Deadline)
	frozen := pv.ListLen > 0
	waited := frozen && waiting > 0 && (answered || (set && !now.Before(end)))
	done := map[string]bool{
		"freeze":   frozen,
		"links":    frozen && set && linked && waiting > 0,
		"deadline": waited,
		"assess":   waited && pv.Settings.Published,
		"publish":  pv.Settings.Published,
	}
	hrefs := map[string]string{"freeze": pv.Base + "/list", "links": pv.Base + "#h-links", "deadline": pv.Base + "#h-links",
		"assess": pv.Base + "/matrix", "publish": pv.Base + "#h-publish"}
	next := -1
	for i, k := range []string{"freeze", "links", "deadline", "assess", "publish"} {
		pv.Steps = append(pv.Steps, partyStep{Key: k, Label: v.T(pv.Lang, "party.step."+k), Href: hrefs[k], Done: done[k]})
		if !done[k] && next < 0 {
			next = i
		}
	}
	if next >= 0 {
		pv.Steps[next].Current = true
		pv.Next = &pv.Steps[next]
	}
}

func handlePartyAdmin(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		pv, err := loadPartyAdmin(v, c, st, camp, now)
		if err != nil {
			return err
		}
		return adminRender(v, c, http.StatusOK, "party_admin", pv)
	}
}

// renderPartyAdminErr shows the parties page again with err's messages.
func renderPartyAdminErr(c echo.Context, st survey.Store, v *view.Engine, camp *survey.Campaign, err error, keep func(*partyAdminView), now func() time.Time) error {
	code := survey.ErrorCode(err)
	if code != survey.EINVALID && code != survey.ECONFLICT {
		return err
	}
	pv, lerr := loadPartyAdmin(v, c, st, camp, now)
	if lerr != nil {
		return lerr
	}
	pv.Errs.AddErr(pv.Lang, err)
	if keep != nil {
		keep(pv)
	}
	status := http.StatusUnprocessableEntity
	if code == survey.ECONFLICT {
		status = http.StatusConflict
	}
	return adminRender(v, c, status, "party_admin", pv)
}

// handlePartySettings stores the one settings form: the assembly, the answer deadline and
// every party (fields short-ID, name-ID, colour-ID, seats-ID, refused-ID, delete-ID; a new
// party in the new-* fields when its name or short name is filled in).
func handlePartySettings(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		form, err := c.FormParams()
		if err != nil {
			return echo.NewHTTPError(http.StatusBadRequest)
		}
		rows, err := st.Parties(ctx, camp.ID)
		if err != nil {
			return err
		}
		seats, _ := strconv.Atoi(strings.TrimSpace(form.Get("seats")))
		a := survey.Assembly{Kind: survey.AssemblyKind(form.Get("kind")), Seats: seats}
		var parties []survey.Party
		var remove []int64
		read := func(prefix string) survey.Party {
			p := survey.Party{Short: strings.TrimSpace(form.Get("short-" + prefix)), Name: strings.TrimSpace(form.Get("name-" + prefix)),
				Colour: strings.TrimSpace(form.Get("colour-" + prefix)), Refused: form.Get("refused-"+prefix) == "1"}
			p.Seats, _ = strconv.Atoi(strings.TrimSpace(form.Get("seats-" + prefix)))
			return p
		}
		for _, r := range rows {
			id := strconv.FormatInt(r.ID, 10)
			if _, sent := form["short-"+id]; !sent { // a party added since the form was loaded stays
				parties = append(parties, r.Party)
				continue
			}
			if form.Get("delete-"+id) == "1" {
				remove = append(remove, r.ID)
				continue
			}
			p := read(id)
			p.ID = r.ID
			parties = append(parties, p)
		}
		added := read("new")
		if added.Short != "" || added.Name != "" {
			parties = append(parties, added)
		}
		keep := func(pv *partyAdminView) {
			pv.New = added
			pv.Settings.Assembly = a
			byID := map[int64]survey.Party{}
			for _, p := range parties {
				byID[p.ID] = p
			}
			for i := range pv.Parties {
				if p, ok := byID[pv.Parties[i].ID]; ok {
					pv.Parties[i].Party = p
				}
			}
			pv.Deadline = form.Get("deadline")
		}
		day := strings.TrimSpace(form.Get("deadline"))
		set, err := st.PartySettings(ctx, camp.ID)
		if err != nil {
			return err
		}
		var end time.Time
		if day != set.Deadline {
			var ok bool
			if end, ok = deadlineEnd(camp, day); !ok {
				return renderPartyAdminErr(c, st, v, camp, fieldErr("deadline", "bad_day"), keep, now)
			}
			if !end.After(now()) {
				return renderPartyAdminErr(c, st, v, camp, fieldErr("deadline", "deadline_past"), keep, now)
			}
		}
		if err := st.SaveParties(ctx, camp.ID, a, parties, remove); err != nil {
			return renderPartyAdminErr(c, st, v, camp, err, keep, now)
		}
		if day != set.Deadline {
			if err := st.SetPartyDeadline(ctx, camp.ID, day, end); err != nil {
				return renderPartyAdminErr(c, st, v, camp, err, keep, now)
			}
		}
		return adminDone(c, partyBase(camp.Slug), "party_saved")
	}
}

// fieldErr is an EINVALID error of one form field with the survey message key code.
func fieldErr(field, code string) error {
	return &survey.Error{Code: survey.EINVALID, Message: survey.Message("sv", code), Fields: []survey.FieldError{{Field: field, Code: code}}}
}

func handlePartyPublish(st survey.Store) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		if err := st.SetPartiesPublished(c.Request().Context(), camp.ID, c.FormValue("published") == "1", c.FormValue("filter") == "1"); err != nil {
			return err
		}
		return adminDone(c, partyBase(camp.Slug), "party_saved")
	}
}

// pathID reads a numeric path parameter; anything else is a plain 404.
func pathID(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, echo.NewHTTPError(http.StatusNotFound)
	}
	return id, nil
}

func handlePartyReopen(st survey.Store) echo.HandlerFunc {
	return handlePartyItem(st, "id", "", "party_reopened", st.ReopenParty)
}

// handlePartyItem handles a POST that acts on one numbered item of the campaign (the path
// parameter param) through act, then goes back to partyBase+suffix with the flash ok.
func handlePartyItem(st survey.Store, param, suffix, ok string, act func(ctx context.Context, campaignID, id int64) error) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		id, err := pathID(c, param)
		if err != nil {
			return err
		}
		if err := act(c.Request().Context(), camp.ID, id); err != nil {
			return err
		}
		return adminDone(c, partyBase(camp.Slug)+suffix, ok)
	}
}
