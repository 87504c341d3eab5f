package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
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
	Base     string // /admin/campaigns/{slug}/parties
	Settings survey.PartySettings
	Levels   []levelOption
	// Assemblies are the settings form's assemblies, each with its parties.
	Assemblies []assemblyAdmin
	// NewAssembly is the form's row for adding an assembly.
	NewAssembly survey.Assembly
	// Several says the campaign has more than one assembly.
	Several   bool
	Parties   []partyAdminRow
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

// levelOption is a level in the assembly form, with the seats it starts with.
type levelOption struct {
	Level survey.Level
	Seats int
}

// assemblyAdmin is one assembly of the settings form: its fields, its parties (I counts
// within the assembly) and the row for adding a party.
type assemblyAdmin struct {
	survey.Assembly
	K       int // place in the form: field paths "assemblies[K]..."
	Parties []partyAdminRow
	New     survey.Party
	// Answers says a party of it has saved answers: it cannot be removed.
	Answers bool
	// Items is the number of demands on the frozen list put to it.
	Items int
	// Delete keeps a ticked "remove" box ticked when the form comes back with errors.
	Delete bool
}

type partyAdminRow struct {
	survey.PartyRow
	I int // place in its assembly's part of the settings form
	// Assembly is the name of the party's assembly; Items the demands put to it.
	Assembly string
	Items    int
	State    string
	When     string
	Links    []partyLinkRow
	Answers  bool
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
	// Assembly names the party's assembly when the campaign has several.
	Assembly string
	Items    []string
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
		PublicURL: "/r/" + camp.Slug + "/partier", NewAssembly: survey.Assembly{Level: survey.LevelKommun, Seats: survey.LevelKommun.DefaultSeats()}}
	for _, l := range survey.Levels {
		pv.Levels = append(pv.Levels, levelOption{Level: l, Seats: l.DefaultSeats()})
	}
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
	pv.Several = len(pv.Settings.Assemblies) > 1
	at := now()
	lang := pv.Lang
	place := map[int64]int{}
	for k, a := range pv.Settings.Assemblies {
		pv.Assemblies = append(pv.Assemblies, assemblyAdmin{Assembly: a, K: k, New: survey.Party{Colour: "#6B6B6B"},
			Items: len(survey.ItemsFor(list, a.Key))})
		place[a.ID] = k
	}
	for _, r := range rows {
		k := place[r.AssemblyID]
		aa := &pv.Assemblies[k]
		row := partyAdminRow{PartyRow: r, I: len(aa.Parties), Assembly: aa.Name, Items: aa.Items,
			State: v.T(lang, "party.state."+string(r.Status.State())), Answers: r.Status.SavedAt != nil}
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
		aa.Parties = append(aa.Parties, row)
		aa.Answers = aa.Answers || row.Answers
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

// assemblyForm is what the settings form says about one assembly.
type assemblyForm struct {
	a       survey.Assembly
	k       int // place in the form
	parties []survey.Party
	remove  []int64
	added   survey.Party
	delete  bool
}

// readAssemblyForms reads the settings form: per stored assembly the fields a-name-ID,
// a-level-ID, a-seats-ID and a-delete-ID, its parties (short-PID, name-PID, colour-PID,
// seats-PID, refused-PID, delete-PID) and a new party (the same fields with new-ID in
// place of PID, when its name or short name is filled in); and a new assembly (a-key-new,
// a-name-new, a-level-new, a-seats-new, when its key or name is filled in), which starts
// with the usual parties and no seats for them (the Riksdag: their seats there).
func readAssemblyForms(form map[string][]string, set survey.PartySettings, rows []survey.PartyRow) (forms []assemblyForm, added *assemblyForm) {
	get := func(k string) string {
		if v := form[k]; len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
		return ""
	}
	num := func(k string) int { n, _ := strconv.Atoi(get(k)); return n }
	read := func(prefix string) survey.Party {
		return survey.Party{Short: get("short-" + prefix), Name: get("name-" + prefix), Colour: get("colour-" + prefix),
			Refused: get("refused-"+prefix) == "1", Seats: num("seats-" + prefix)}
	}
	for k, a := range set.Assemblies {
		id := strconv.FormatInt(a.ID, 10)
		f := assemblyForm{a: a, k: k}
		if _, sent := form["a-name-"+id]; sent || a.ID == 0 {
			f.a.Name, f.a.Level, f.a.Seats = get("a-name-"+id), survey.Level(get("a-level-"+id)), num("a-seats-"+id)
			f.delete = get("a-delete-"+id) == "1"
		}
		for _, r := range rows {
			if r.AssemblyID != a.ID {
				continue
			}
			pid := strconv.FormatInt(r.ID, 10)
			if _, sent := form["short-"+pid]; !sent { // a party added since the form was loaded stays
				f.parties = append(f.parties, r.Party)
				continue
			}
			if get("delete-"+pid) == "1" {
				f.remove = append(f.remove, r.ID)
				continue
			}
			p := read(pid)
			p.ID, p.AssemblyID = r.ID, a.ID
			f.parties = append(f.parties, p)
		}
		f.added = read("new-" + id)
		if f.added.Short != "" || f.added.Name != "" {
			f.parties = append(f.parties, f.added)
		}
		forms = append(forms, f)
	}
	if key, name := get("a-key-new"), get("a-name-new"); key != "" || name != "" {
		n := &assemblyForm{a: survey.Assembly{Key: key, Name: name, Level: survey.Level(get("a-level-new")), Seats: num("a-seats-new")},
			k: len(set.Assemblies)}
		for _, p := range survey.DefaultParties() {
			if n.a.Level != survey.LevelRiksdag {
				p.Seats = 0
			}
			n.parties = append(n.parties, p)
		}
		added = n
	}
	return forms, added
}

// inForm returns err with its field paths moved under "assemblies[k]": "assembly.seats"
// becomes "assemblies[k].seats", "parties[2].name" "assemblies[k].parties[2].name".
func inForm(err error, k int) error {
	var e *survey.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	cp := *e
	cp.Fields = make([]survey.FieldError, len(e.Fields))
	prefix := "assemblies[" + strconv.Itoa(k) + "]"
	for i, f := range e.Fields {
		if rest, ok := strings.CutPrefix(f.Field, "assembly"); ok {
			f.Field = prefix + rest
		} else {
			f.Field = prefix + "." + f.Field
		}
		cp.Fields[i] = f
	}
	return &cp
}

// handlePartySettings stores the one settings form: the answer deadline and every assembly
// with its parties (readAssemblyForms). Everything is checked before anything is saved.
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
		set, err := st.PartySettings(ctx, camp.ID)
		if err != nil {
			return err
		}
		forms, added := readAssemblyForms(form, set, rows)
		keep := func(pv *partyAdminView) {
			for _, f := range forms {
				if f.k >= len(pv.Assemblies) {
					continue
				}
				aa := &pv.Assemblies[f.k]
				aa.Name, aa.Level, aa.Seats, aa.New, aa.Delete = f.a.Name, f.a.Level, f.a.Seats, f.added, f.delete
				byID := map[int64]survey.Party{}
				for _, p := range f.parties {
					byID[p.ID] = p
				}
				for i := range aa.Parties {
					if p, ok := byID[aa.Parties[i].ID]; ok {
						aa.Parties[i].Party = p
					}
				}
			}
			if added != nil {
				pv.NewAssembly = added.a
			}
			pv.Deadline = form.Get("deadline")
		}
		// Check every assembly first, so that nothing is half saved.
		var fields []survey.FieldError
		check := func(err error, k int) {
			fields = append(fields, survey.FieldErrors(inForm(err, k))...)
		}
		saving := append([]assemblyForm(nil), forms...)
		if added != nil {
			saving = append(saving, *added)
			for _, o := range set.Assemblies {
				if o.ID != 0 && o.Key == added.a.Key {
					fields = append(fields, survey.FieldError{Field: "assemblies[" + strconv.Itoa(added.k) + "].key", Code: "duplicate_key", Args: []any{o.Key}})
				}
			}
		}
		kept, names := 0, map[string]bool{}
		for _, f := range saving {
			if n := survey.AssemblyNameKey(f.a.Name); !f.delete && n != "" {
				if names[n] { // see Campaign.validateAssemblies
					fields = append(fields, survey.FieldError{Field: "assemblies[" + strconv.Itoa(f.k) + "].name", Code: "duplicate_key", Args: []any{f.a.Name}})
				}
				names[n] = true
			}
			if f.delete {
				// A demand of the campaign that names it would name nothing (and the file
				// would not import again).
				for _, d := range camp.Demands {
					if slices.Contains(d.Assemblies, f.a.Key) {
						fields = append(fields, survey.FieldError{Field: "assemblies[" + strconv.Itoa(f.k) + "]", Code: "assembly_named", Args: []any{d.Key}})
					}
				}
				continue
			}
			kept++
			check(f.a.Validate(), f.k)
			check(survey.ValidateParties(f.parties, f.a), f.k)
		}
		if kept == 0 {
			fields = append(fields, survey.FieldError{Field: "assemblies", Code: "last_assembly"})
		}
		if len(fields) > 0 {
			return renderPartyAdminErr(c, st, v, camp, &survey.Error{Code: survey.EINVALID, Message: survey.Message("sv", fields[0].Code), Fields: fields}, keep, now)
		}
		day := strings.TrimSpace(form.Get("deadline"))
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
		for _, f := range saving {
			if f.delete {
				continue
			}
			if err := st.SaveParties(ctx, camp.ID, f.a, f.parties, f.remove); err != nil {
				return renderPartyAdminErr(c, st, v, camp, inForm(err, f.k), keep, now)
			}
		}
		for _, f := range forms {
			if f.delete && f.a.ID != 0 {
				if err := st.DeleteAssembly(ctx, camp.ID, f.a.ID); err != nil {
					return renderPartyAdminErr(c, st, v, camp, inForm(err, f.k), keep, now)
				}
			}
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
