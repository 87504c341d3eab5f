package web

import (
	"html/template"
	"net/http"
	"strings"
	"unicode/utf8"

	"kravlistan/cmd/kravlistan/internal/i18n"
	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"
)

// memberView is the data of static/tmpl/member.html: the questionnaire, either blank (the
// cached page) or filled with what the member sent and what was wrong with it.
type memberView struct {
	view.Page
	Title, Intro, WorkplaceName string
	// Text is the language of the campaign's content (the interface is in Lang); the
	// *Attr fields add lang (and dir) to a text that is not in the page's language, e.g.
	// a demand not yet translated shown in Swedish on an English page.
	Text                  string
	DirAttr               template.HTMLAttr
	TitleAttr, IntroAttr  template.HTMLAttr
	Action                string
	MaxPicks, MaxProposal int
	AllowProposals        bool
	RankOpts              []int
	Areas                 []areaView
	Questions             []questionView
	Proposal              string
	ID                    string
	Summary               []view.SummaryLine
	RankingErr            *view.FieldMsgs
	ProposalErr           *view.FieldMsgs
	// Rate is set when the members rate the demands instead of ranking them.
	Rate    *rateView
	FormErr *view.FieldMsgs
	// Code is the one-time code field (see member_codes.go).
	Code codeView
}

type areaView struct {
	Name     string
	NameAttr template.HTMLAttr
	Demands  []demandView
}

type demandView struct {
	Key, Title, Body string
	// Short is shown on the card; More (if any) behind "Läs mer" (see splitBody).
	Short, More string
	TitleAttr   template.HTMLAttr
	BodyAttr    template.HTMLAttr
	Rank        int
	Err         *view.FieldMsgs
	// Opts and Rated are the buttons of a rating questionnaire and whether one is chosen.
	Opts  []rateOpt
	Rated bool
}

type questionView struct {
	Key, Label string
	LabelAttr  template.HTMLAttr
	Options    []optionView
	Err        *view.FieldMsgs
}

type optionView struct {
	Key, Label string
	LabelAttr  template.HTMLAttr
	Selected   bool
}

// memberInput is what a member chose: the form's values, valid or not.
type memberInput struct {
	ID         string
	Text       string            // the content language (see contentLang)
	Ranks      map[string]int    // demand key → rank as sent (0: not ranked)
	Ratings    map[string]int    // demand key → rating as sent (rating questionnaires)
	Background map[string]string // question key → option key
	Proposal   string
	Code       string // the one-time code as typed (campaigns with access codes)
}

// memberPath is the canonical path of the questionnaire for a campaign and workplace.
func memberPath(slug, workplace string) string {
	if workplace == "" {
		return "/s/" + slug
	}
	return "/s/" + slug + "/" + workplace
}

// newMemberView builds the questionnaire for c at workplace wp (nil: the general link),
// filled with in and showing errs (both may be nil).
func newMemberView(p view.Page, c *survey.Campaign, wp *survey.Workplace, in *memberInput, errs view.FormErrors) memberView {
	if in == nil {
		in = &memberInput{}
	}
	path := memberPath(c.Slug, "")
	text := in.Text
	if text == "" {
		text = "sv"
	}
	rtl := survey.RightToLeft(text)
	at := func(t survey.Text) template.HTMLAttr { return langAttr(t.Lang, p.Lang, rtl) }
	title, intro := c.TitleIn(text), c.IntroIn(text)
	v := memberView{Page: p, Title: title.Text, Intro: intro.Text, TitleAttr: at(title), IntroAttr: at(intro), Text: text, MaxPicks: c.MaxPicks,
		MaxProposal: survey.MaxProposalLength, AllowProposals: c.AllowProposals, Proposal: in.Proposal, ID: in.ID}
	if wp != nil {
		v.WorkplaceName = wp.Name
		path = memberPath(c.Slug, wp.Code)
	}
	v.Action = path + textQuery(p, text)
	v.Langs = contentLinks(i18n.Links(path, p.Lang), c, path, p.Lang, text)
	if rtl {
		v.DirAttr = ` dir="rtl"`
	}
	v.Script = true
	for i := 1; i <= c.MaxPicks; i++ {
		v.RankOpts = append(v.RankOpts, i)
	}
	if msgs := errs["ranking"]; len(msgs) > 0 {
		v.RankingErr = errs.Msgs("ranking", "err-ranking")
		field := p.T(p.Lang, "form.field.ranking")
		if c.Rates() {
			field = p.T(p.Lang, "form.field.ratings")
		}
		for _, m := range msgs {
			v.Summary = append(v.Summary, view.SummaryLine{Anchor: "err-ranking", Text: field + ": " + m})
		}
	}
	for _, a := range c.Areas() {
		av := areaView{Name: a.Name}
		if len(a.Demands) > 0 {
			area, _, _ := c.DemandIn(text, a.Demands[0])
			av.Name, av.NameAttr = area.Text, at(area)
		}
		for _, d := range a.Demands {
			if d.Hidden { // hidden by an organiser (admin_demands.go); ballots that ranked it still count
				continue
			}
			dv := demandView{Key: d.Key, Title: d.Title, Body: d.Body, Rank: in.Ranks[d.Key],
				Err: errs.Msgs("d:"+d.Key, "e-"+d.Key)}
			_, dt, db := c.DemandIn(text, d)
			dv.Title, dv.Body, dv.TitleAttr, dv.BodyAttr = dt.Text, db.Text, at(dt), at(db)
			dv.Short, dv.More = splitBody(dv.Body)
			if dv.Err != nil {
				for _, m := range dv.Err.Msgs {
					v.Summary = append(v.Summary, view.SummaryLine{Anchor: "d-" + d.Key, Text: d.Title + ": " + m})
				}
			}
			av.Demands = append(av.Demands, dv)
		}
		v.Areas = append(v.Areas, av)
	}
	if c.Rates() && c.Scale != nil {
		fillRateView(&v, p.Lang, c, in)
	}
	for _, q := range c.Questions {
		ql := c.QuestionIn(text, q)
		qv := questionView{Key: q.Key, Label: ql.Text, LabelAttr: at(ql), Err: errs.Msgs("q:"+q.Key, "e-q-"+q.Key)}
		for _, o := range q.Options {
			ol := c.OptionIn(text, q, o)
			qv.Options = append(qv.Options, optionView{Key: o.Key, Label: ol.Text, LabelAttr: at(ol), Selected: in.Background[q.Key] == o.Key})
		}
		if qv.Err != nil {
			for _, m := range qv.Err.Msgs {
				v.Summary = append(v.Summary, view.SummaryLine{Anchor: "q-" + q.Key, Text: q.Label + ": " + m})
			}
		}
		v.Questions = append(v.Questions, qv)
	}
	if v.ProposalErr = errs.Msgs("proposal", "e-proposal"); v.ProposalErr != nil {
		for _, m := range v.ProposalErr.Msgs {
			v.Summary = append(v.Summary, view.SummaryLine{Anchor: "proposal", Text: v.T(p.Lang, "member.proposal_title") + ": " + m})
		}
	}
	fillCodeView(&v, c, in, errs)
	if v.FormErr = errs.Msgs("form", "e-form"); v.FormErr != nil {
		for _, m := range v.FormErr.Msgs {
			v.Summary = append(v.Summary, view.SummaryLine{Anchor: "e-form", Text: m})
		}
	}
	return v
}

// shortBody is the longest explanation shown on a card as it is, in characters: about two
// lines on a phone.
const shortBody = 160

// splitBody divides a demand's explanation into what the card shows and what "Läs mer"
// opens: a short body is shown whole; a longer one shows its first sentence when that is
// short, and the rest behind "Läs mer". A card then spends no row on "Läs mer" for a
// one-line explanation.
func splitBody(body string) (short, more string) {
	body = strings.TrimSpace(body)
	if utf8.RuneCountInString(body) <= shortBody {
		return body, ""
	}
	for i, r := range body {
		if utf8.RuneCountInString(body[:i]) > shortBody {
			break
		}
		if (r == '.' || r == '!' || r == '?') && i+1 < len(body) && (body[i+1] == ' ' || body[i+1] == '\n') {
			return body[:i+1], strings.TrimSpace(body[i+1:])
		}
	}
	return "", body
}

// contentLang picks the language of the campaign's content for a request: ?lang=xx when
// the campaign has a translation into xx (or xx is sv); without ?lang, the browser's first
// language when the campaign is translated into it; else the interface language when the
// campaign is translated into it; else Swedish, the source.
func contentLang(r *http.Request, c *survey.Campaign, ui string) string {
	base := func(tag string) string {
		tag = strings.ToLower(strings.TrimSpace(tag))
		if i := strings.IndexAny(tag, "-_;"); i >= 0 {
			tag = tag[:i]
		}
		if tag == "no" || tag == "nn" {
			tag = "nb"
		}
		return tag
	}
	has := func(l string) bool { _, ok := c.Translations[l]; return ok && l != "" }
	if q := r.URL.Query().Get("lang"); q != "" {
		if l := base(q); l == "sv" || has(l) {
			return l
		}
	} else if first, _, _ := strings.Cut(r.Header.Get("Accept-Language"), ","); has(base(first)) {
		return base(first)
	}
	if has(ui) {
		return ui
	}
	return "sv"
}

// textQuery keeps the member's language in form actions and redirects: the interface
// language's ?lang=, or the content language when that is not an interface language.
func textQuery(p view.Page, text string) string {
	if text != "sv" && text != p.Lang && !isUILang(text) {
		return "?lang=" + text
	}
	return p.LangQ
}

func isUILang(l string) bool {
	for _, u := range survey.Languages {
		if u == l {
			return true
		}
	}
	return false
}

// contentLinks adds the campaign's translations that are not interface languages to the
// language switch; the current one is the content language.
func contentLinks(links []i18n.Link, c *survey.Campaign, path, ui, text string) []i18n.Link {
	extra := !isUILang(text)
	for i := range links {
		links[i].Current = !extra && links[i].Code == ui
	}
	for _, l := range c.TranslatedLanguages() {
		if isUILang(l) {
			continue
		}
		links = append(links, i18n.Link{Code: l, Name: survey.LanguageName(l), Href: path + "?lang=" + l, Current: l == text})
	}
	return links
}

// langAttr marks a text whose language differs from the page's (lang) and, inside
// right-to-left content, a left-to-right text (dir).
func langAttr(textLang, pageLang string, rtlContent bool) template.HTMLAttr {
	var a string
	if textLang != pageLang {
		a = ` lang="` + textLang + `"`
	}
	switch {
	case survey.RightToLeft(textLang) && !rtlContent:
		a += ` dir="rtl"`
	case !survey.RightToLeft(textLang) && rtlContent:
		a += ` dir="ltr"`
	}
	return template.HTMLAttr(a)
}
