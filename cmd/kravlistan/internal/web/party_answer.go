package web

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"kravlistan/cmd/kravlistan/internal/i18n"
	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// maxPartyBody bounds an answer form: 1,000 characters of comment (up to 4 bytes each,
// percent-encoded) for a few dozen demands.
const maxPartyBody = 1 << 20

// partyAnswerView is the data of static/tmpl/party_answer.html.
type partyAnswerView struct {
	view.Page
	Campaign, Party, Deadline string
	Action                    string
	Version                   int
	Locked                    bool
	SubmittedAt               string
	Flash                     string
	Problem                   string // a message for the whole form (stale version, lock)
	Summary                   []view.SummaryLine
	Items                     []partyAnswerItem
	MaxComment                int
	// IntroKey is the catalogue key of the introduction: ranked or rated demands.
	IntroKey string
	// NotYet says the list is not frozen yet: the page says so instead of an empty form.
	NotYet bool
	// Assembly names the party's assembly when the campaign has several.
	Assembly string
}

type partyAnswerItem struct {
	N          int
	ID         int64
	Title      string
	Body       string
	Value      survey.AnswerValue
	Comment    string
	Choices    []answerChoice
	Err        *view.FieldMsgs
	CommentErr *view.FieldMsgs
	// Theirs is what another representative saved meanwhile, when it differs.
	Theirs      *survey.Answer
	TheirsLabel string
}

type answerChoice struct {
	Value   survey.AnswerValue
	Label   string
	Checked bool
}

// partyAccess resolves the token in the path. Every bad token gets the same plain 404;
// the token never reaches a log (the request log records the route pattern /p/:token).
func partyAccess(c echo.Context, st survey.Store) (*survey.PartyAccess, *survey.Campaign, error) {
	a, err := st.PartyByToken(c.Request().Context(), c.Param("token"))
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		return nil, nil, echo.NewHTTPError(http.StatusNotFound)
	} else if err != nil {
		return nil, nil, err
	}
	camp, err := st.Campaign(c.Request().Context(), a.Slug)
	if err != nil {
		return nil, nil, err
	}
	c.Response().Header().Set("X-Robots-Tag", "noindex, nofollow")
	return a, camp, nil
}

// handlePartyAnswerPage shows a party its answer form, or its locked answers once submitted.
func handlePartyAnswerPage(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		a, camp, err := partyAccess(c, st)
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		if err := st.MarkPartyOpened(ctx, a.Party.ID); err != nil {
			return err
		}
		items, assembly, err := partyItems(ctx, st, a)
		if err != nil {
			return err
		}
		answers, err := st.PartyAnswers(ctx, a.Party.ID)
		if err != nil {
			return err
		}
		p := v.NewPage(c.Request(), view.RoutePath(c))
		pv := newPartyAnswerView(p, view.RoutePath(c), camp, a, items, answers)
		pv.NotYet, pv.Assembly = len(items) == 0, assembly
		switch c.QueryParam("ok") {
		case "saved":
			pv.Flash = v.T(p.Lang, "party.flash_saved")
		case "submitted":
			pv.Flash = v.T(p.Lang, "party.flash_submitted")
		}
		return v.Render(c, http.StatusOK, "party_answer", pv)
	}
}

func newPartyAnswerView(p view.Page, path string, camp *survey.Campaign, a *survey.PartyAccess, items []survey.ListItem, answers map[int64]survey.Answer) partyAnswerView {
	pv := partyAnswerView{Page: p, Campaign: camp.Title, Party: a.Party.Name, Action: path, IntroKey: rankedOrRated(camp, "party.answer.intro"),
		Deadline: localTime(camp, a.ExpiresAt), Version: a.Party.Status.Version, MaxComment: survey.MaxCommentLength}
	if at := a.Party.Status.SubmittedAt; at != nil {
		pv.Locked, pv.SubmittedAt = true, localTime(camp, *at)
	}
	for i, it := range items {
		ans := answers[it.ID]
		row := partyAnswerItem{N: i + 1, ID: it.ID, Title: it.Title, Body: it.Body, Value: ans.Value, Comment: ans.Comment}
		for _, val := range []survey.AnswerValue{survey.AnswerYes, survey.AnswerNo, survey.AnswerPartly} {
			row.Choices = append(row.Choices, answerChoice{Value: val, Label: answerLabel(p, val), Checked: ans.Value == val})
		}
		pv.Items = append(pv.Items, row)
	}
	return pv
}

// partyItems returns the demands of the frozen list put to the party's assembly, and the
// assembly's name when the campaign has several ("" otherwise).
func partyItems(ctx context.Context, st survey.Store, a *survey.PartyAccess) ([]survey.ListItem, string, error) {
	set, err := st.PartySettings(ctx, a.CampaignID)
	if err != nil {
		return nil, "", err
	}
	list, err := st.PartyList(ctx, a.CampaignID)
	if err != nil {
		return nil, "", err
	}
	as, _ := survey.AssemblyByID(set.Assemblies, a.Party.AssemblyID)
	name := ""
	if len(set.Assemblies) > 1 {
		name = as.Name
	}
	return survey.ItemsFor(list, as.Key), name, nil
}

// localTime formats t in the campaign's time zone (never the server's).
func localTime(camp *survey.Campaign, t time.Time) string {
	return t.In(camp.Location()).Format("2006-01-02 15:04")
}

// answerLabel is the text of an answer, always shown beside (never instead of) its symbol.
func answerLabel(p view.Page, a survey.AnswerValue) string {
	if a == survey.AnswerNone {
		return p.T(p.Lang, "party.answer.none")
	}
	return p.T(p.Lang, "party.answer."+string(a))
}

// handlePartyAnswerSubmit saves a draft (action=save) or submits (action=submit) a
// party's answers. A stale form (someone else from the party saved in between) or a locked
// one is shown again with what was typed and a message, never silently overwritten.
func handlePartyAnswerSubmit(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if mt, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
			return echo.NewHTTPError(http.StatusUnsupportedMediaType)
		}
		a, camp, err := partyAccess(c, st)
		if err != nil {
			return err
		}
		body, err := readBody(c, maxPartyBody)
		if err != nil {
			return err
		}
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return echo.NewHTTPError(http.StatusBadRequest)
		}
		ctx := req.Context()
		items, assembly, err := partyItems(ctx, st, a)
		if err != nil {
			return err
		}
		version, _ := strconv.Atoi(form.Get("version"))
		submit := form.Get("action") == "submit"
		var answers []survey.Answer
		typed := map[int64]survey.Answer{}
		for _, it := range items {
			id := strconv.FormatInt(it.ID, 10)
			val, _ := survey.ParseAnswer(form.Get("a-" + id))
			ans := survey.Answer{ItemID: it.ID, Value: val, Comment: form.Get("c-" + id)}
			typed[it.ID] = ans
			if ans.Value != survey.AnswerNone || ans.Comment != "" {
				answers = append(answers, ans)
			}
		}
		_, err = st.SavePartyAnswers(ctx, a.Party.ID, version, answers, submit)
		if err == nil {
			ok := "saved"
			if submit {
				ok = "submitted"
			}
			return c.Redirect(http.StatusSeeOther, view.RoutePath(c)+"?ok="+ok+langParam(req))
		}
		p := v.NewPage(req, view.RoutePath(c))
		pv := newPartyAnswerView(p, view.RoutePath(c), camp, a, items, typed)
		pv.NotYet, pv.Assembly = len(items) == 0, assembly
		status := http.StatusUnprocessableEntity
		var se *survey.Error
		switch code := survey.ErrorCode(err); {
		case code == survey.ECONFLICT && errors.As(err, &se):
			status, pv.Problem = http.StatusConflict, survey.Message(p.Lang, se.Key)
			if se.Key == "answers_locked" || se.Key == "list_not_frozen" {
				break
			}
			// Someone else saved in between: keep what this representative typed, show
			// beside it what the other saved where they differ, and take the stored
			// version, so that saving again is a decision made with both in sight.
			cur, err := st.Party(ctx, a.CampaignID, a.Party.ID)
			if err != nil {
				return err
			}
			stored, err := st.PartyAnswers(ctx, a.Party.ID)
			if err != nil {
				return err
			}
			pv.Version, pv.Locked = cur.Status.Version, cur.Status.SubmittedAt != nil
			for i := range pv.Items {
				it := &pv.Items[i]
				if o := stored[it.ID]; o.Value != it.Value || o.Comment != survey.NormalizeComment(it.Comment) {
					it.Theirs = &o
					it.TheirsLabel = answerLabel(p, o.Value)
				}
			}
		case code == survey.EINVALID:
			fillAnswerErrors(&pv, p.Lang, err)
		default:
			return err
		}
		return v.Render(c, status, "party_answer", pv)
	}
}

// langParam keeps an explicitly chosen language across a redirect.
func langParam(r *http.Request) string {
	if l, explicit := i18n.Pick(r); explicit {
		return "&lang=" + l
	}
	return ""
}

// fillAnswerErrors puts each validation message beside its demand and in the summary.
func fillAnswerErrors(pv *partyAnswerView, lang string, err error) {
	for _, f := range survey.FieldErrors(err) {
		for i := range pv.Items {
			it := &pv.Items[i]
			prefix := "answers[" + strconv.FormatInt(it.ID, 10) + "]"
			var dst **view.FieldMsgs
			var anchor, id string
			switch f.Field {
			case prefix + ".answer", prefix:
				dst, anchor, id = &it.Err, "q-"+strconv.FormatInt(it.ID, 10), "e-"+strconv.FormatInt(it.ID, 10)
			case prefix + ".comment":
				dst, anchor, id = &it.CommentErr, "c-"+strconv.FormatInt(it.ID, 10), "ce-"+strconv.FormatInt(it.ID, 10)
			default:
				continue
			}
			msg := f.Message(lang)
			if *dst == nil {
				*dst = &view.FieldMsgs{ID: id}
			}
			(*dst).Msgs = append((*dst).Msgs, msg)
			pv.Summary = append(pv.Summary, view.SummaryLine{Anchor: anchor, Text: strconv.Itoa(it.N) + ". " + it.Title + ": " + msg})
		}
	}
}
