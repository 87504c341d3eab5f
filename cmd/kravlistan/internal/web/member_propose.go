package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kravlistan/cmd/kravlistan/internal/i18n"
	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// The member link during the intake round (issue 14): /s/{slug} and the workplace links
// show the proposal form instead of the questionnaire, so that the same poster and QR code
// serve both rounds. The form works without JavaScript; it posts to the same address as
// the questionnaire.

// proposeView is the data of static/tmpl/propose.html.
type proposeView struct {
	view.Page
	Title, Intro, WorkplaceName string
	TitleAttr, IntroAttr        template.HTMLAttr
	DirAttr                     template.HTMLAttr
	Action                      string
	ID                          string
	Areas                       []proposeArea
	Questions                   []questionView
	In                          proposeInput
	MaxTitle, MaxBody           int
	MinMembers                  int
	Summary                     []view.SummaryLine
	Errs                        map[string]*view.FieldMsgs
}

type proposeArea struct {
	Value, Label string
	LabelAttr    template.HTMLAttr
	Selected     bool
}

// proposeInput is what the member typed, valid or not.
type proposeInput struct {
	Area, Title, Body, Members string
	Meeting                    bool
	Background                 map[string]string
}

// proposeFields are the form's fields in page order, with the anchor the error summary
// links to and the label it gives (short labels where the field's own is a question:
// "Hur många medlemmar var med på mötet?: …" read badly).
var proposeFields = []struct{ field, anchor, label string }{
	{"area", "p-area", "propose.area"},
	{"title", "p-title", "propose.title"},
	{"body", "p-body", "propose.sum.body"},
	{"meeting_members", "p-members", "propose.sum.members"},
	{"form", "e-form", ""},
}

// newProposeView builds the proposal form of c at workplace wp, filled with in and errs.
func newProposeView(p view.Page, c *survey.Campaign, wp *survey.Workplace, id string, in proposeInput, errs view.FormErrors, text string) proposeView {
	rtl := survey.RightToLeft(text)
	at := func(t survey.Text) template.HTMLAttr { return langAttr(t.Lang, p.Lang, rtl) }
	// The campaign's intro is written for the ranking; the form has its own, if any.
	title, intro := c.TitleIn(text), c.IntakeIntroIn(text)
	v := proposeView{Page: p, Title: title.Text, Intro: intro.Text, TitleAttr: at(title), IntroAttr: at(intro), ID: id, In: in,
		MaxTitle: survey.MaxProposalTitle, MaxBody: survey.MaxProposalBody, MinMembers: survey.MinMeetingMembers,
		Errs: map[string]*view.FieldMsgs{}}
	path := memberPath(c.Slug, "")
	if wp != nil {
		v.WorkplaceName = wp.Name
		path = memberPath(c.Slug, wp.Code)
	}
	v.Action = path + textQuery(p, text)
	v.Langs = contentLinks(i18n.Links(path, p.Lang), c, path, p.Lang, text)
	if rtl {
		v.DirAttr = ` dir="rtl"`
	}
	for _, a := range c.Areas() {
		if strings.TrimSpace(a.Name) == "" {
			continue
		}
		label, _, _ := c.DemandIn(text, a.Demands[0])
		v.Areas = append(v.Areas, proposeArea{Value: a.Name, Label: label.Text, LabelAttr: at(label), Selected: in.Area == a.Name})
	}
	for _, q := range c.Questions {
		ql := c.QuestionIn(text, q)
		qv := questionView{Key: q.Key, Label: ql.Text, LabelAttr: at(ql), Err: errs.Msgs("q:"+q.Key, "e-q-"+q.Key)}
		for _, o := range q.Options {
			ol := c.OptionIn(text, q, o)
			qv.Options = append(qv.Options, optionView{Key: o.Key, Label: ol.Text, LabelAttr: at(ol), Selected: in.Background[q.Key] == o.Key})
		}
		v.Questions = append(v.Questions, qv)
	}
	for _, f := range proposeFields {
		m := errs.Msgs(f.field, "e-"+f.anchor)
		if m == nil {
			continue
		}
		v.Errs[f.field] = m
		for _, msg := range m.Msgs {
			line := msg
			if f.label != "" {
				line = p.T(p.Lang, f.label) + ": " + msg
			}
			v.Summary = append(v.Summary, view.SummaryLine{Anchor: f.anchor, Text: line})
		}
	}
	for _, q := range v.Questions {
		if q.Err != nil {
			for _, msg := range q.Err.Msgs {
				v.Summary = append(v.Summary, view.SummaryLine{Anchor: "q-" + q.Key, Text: q.Label + ": " + msg})
			}
		}
	}
	return v
}

// renderProposeForm serves the blank proposal form (GET during intake) with a fresh id.
func renderProposeForm(c echo.Context, v *view.Engine, camp *survey.Campaign, wp *survey.Workplace) error {
	req := c.Request()
	p := v.NewPage(req, view.RoutePath(c))
	text := contentLang(req, camp, p.Lang)
	c.Response().Header().Set("Cache-Control", "no-store")
	return v.Render(c, http.StatusOK, "propose", newProposeView(p, camp, wp, uuid.NewString(), proposeInput{}, nil, text))
}

// submitProposeForm takes the proposal form (POST during intake): 303 to the thank-you
// page once the proposal is durable, 422 with the form filled in and every problem beside
// its field otherwise, 409 when the id was used for another proposal.
func submitProposeForm(c echo.Context, st survey.Store, v *view.Engine, camp *survey.Campaign, wp *survey.Workplace, form url.Values, now time.Time) error {
	req := c.Request()
	p := v.NewPage(req, view.RoutePath(c))
	text := contentLang(req, camp, p.Lang)
	in, prop, errs := parseProposeForm(p.Lang, camp, wp, form)
	if len(errs) == 0 {
		prop.Day = camp.Day(now)
		_, err := st.SubmitProposal(req.Context(), camp.ID, prop)
		switch {
		case survey.ErrorCode(err) == survey.ECONFLICT:
			return &view.PageError{Status: http.StatusConflict, Key: "err.conflict",
				LinkHref: view.RoutePath(c), LinkKey: "err.conflict.link"}
		case err != nil:
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/s/"+camp.Slug+"/_tack"+thanksQuery(textQuery(p, text), wp))
	}
	id := form.Get("id")
	if _, err := survey.ParseID(id); err != nil {
		id = uuid.NewString()
	}
	return v.Render(c, http.StatusUnprocessableEntity, "propose", newProposeView(p, camp, wp, id, in, errs, text))
}

// parseProposeForm reads the form into what the member typed and a proposal, and
// validates it with the rules and messages of the JSON API.
func parseProposeForm(lang string, camp *survey.Campaign, wp *survey.Workplace, form url.Values) (proposeInput, *survey.Proposal, view.FormErrors) {
	errs := view.FormErrors{}
	in := proposeInput{Area: form.Get("area"), Title: form.Get("title"), Body: form.Get("body"),
		Members: strings.TrimSpace(form.Get("members")), Meeting: form.Get("meeting") == "1", Background: map[string]string{}}
	prop := &survey.Proposal{Source: survey.SourceIntake, Area: in.Area, Title: in.Title, Body: in.Body,
		Background: map[string]string{}, Status: survey.ProposalNew}
	if wp != nil {
		prop.Workplace = wp.Code
	}
	if id, err := survey.ParseID(form.Get("id")); err != nil {
		key := "bad_uuid"
		if fe := survey.FieldErrors(err); len(fe) == 1 {
			key = fe[0].Code
		}
		errs.Add("form", survey.Message(lang, key))
		prop.ID = uuid.New()
	} else {
		prop.ID = id
	}
	if in.Members != "" {
		n, err := strconv.Atoi(in.Members)
		if err != nil {
			errs.Add("meeting_members", survey.Message(lang, "bad_range", survey.MinMeetingMembers, survey.MaxMeetingMembers))
		} else {
			prop.MeetingMembers = n
			in.Meeting = true
		}
	} else if in.Meeting {
		errs.Add("meeting_members", survey.Message(lang, "meeting_members_missing"))
	}
	for _, q := range camp.Questions {
		if val := form.Get("bg-" + q.Key); val != "" {
			in.Background[q.Key] = val
			prop.Background[q.Key] = val
		}
	}
	prop.Normalize()
	if err := prop.Validate(camp); err != nil {
		for _, f := range survey.FieldErrors(err) {
			field := f.Field
			switch {
			case strings.HasPrefix(field, "background."):
				field = "q:" + strings.TrimPrefix(field, "background.")
			case field == "id" || field == "workplace":
				field = "form"
			}
			if field == "meeting_members" && errs.Has(field) {
				continue
			}
			errs.Add(field, f.Message(lang))
		}
		if len(survey.FieldErrors(err)) == 0 {
			errs.Add("form", survey.ErrorMessage(err))
		}
	}
	return in, prop, errs
}

// thanksQuery adds to q (a language query or "") the workplace whose form the proposal
// came from, so that the thank-you page can link back to the same form ("ap": the code is
// already in the form's own address; nothing is stored).
func thanksQuery(q string, wp *survey.Workplace) string {
	if wp == nil {
		return q
	}
	if q == "" {
		return "?ap=" + url.QueryEscape(wp.Code)
	}
	return q + "&ap=" + url.QueryEscape(wp.Code)
}
