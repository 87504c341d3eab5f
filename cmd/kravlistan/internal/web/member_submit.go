package web

import (
	"errors"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// handleMemberSubmit takes the questionnaire posted as a plain HTML form (with or without
// JavaScript: the fields are the same). It validates with the same rules and messages as
// the JSON API, answers 303 to the thank-you page once the response is durable, and 422
// with the form filled in and every problem next to its field otherwise. The form's id
// makes a double submit count once.
func handleMemberSubmit(st survey.Store, v *view.Engine, codes *codeGuard, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if mt, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
			return echo.NewHTTPError(http.StatusUnsupportedMediaType)
		}
		camp, wp, err := openCampaign(c, st, now)
		if err != nil {
			return err
		}
		body, err := readBody(c, maxResponseBody)
		if err != nil {
			return err
		}
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return echo.NewHTTPError(http.StatusBadRequest)
		}
		if camp.State == survey.StateIntake {
			return submitProposeForm(c, st, v, camp, wp, form, now())
		}
		p := v.NewPage(req, view.RoutePath(c))
		in, r, errs := parseMemberForm(p.Lang, camp, wp, form)
		in.Code = strings.TrimSpace(form.Get("code"))
		r.Code = in.Code
		status := http.StatusUnprocessableEntity
		codeErr := checkCode(c, st, codes, camp, r)
		var te errCodeThrottled
		if codeErr != nil && !errors.As(codeErr, &te) && survey.ErrorCode(codeErr) != survey.EFORBIDDEN {
			return codeErr // the throttle's or the code's lookup failed: not the member's mistake
		}
		if cs := codeProblem(p.Lang, codeErr, errs); cs != 0 {
			status = cs
		}
		in.Text = contentLang(req, camp, p.Lang)
		if len(errs) == 0 {
			now := now()
			r.Day = camp.Day(now)
			_, err := st.Submit(req.Context(), camp.ID, r)
			if survey.ErrorCode(err) == survey.ECONFLICT {
				return &view.PageError{Status: http.StatusConflict, Key: "err.conflict",
					LinkHref: view.RoutePath(c), LinkKey: "err.conflict.link"}
			} else if cs := codeProblem(p.Lang, err, errs); cs != 0 {
				status = cs
			} else if err != nil {
				return err
			} else {
				return c.Redirect(http.StatusSeeOther, "/s/"+camp.Slug+"/_tack"+textQuery(p, in.Text))
			}
		}
		if in.ID == "" {
			in.ID = uuid.NewString()
		}
		return v.Render(c, status, "member", newMemberView(p, camp, wp, in, errs))
	}
}

// parseMemberForm reads the form into what the member chose (to show again) and a
// response, and validates it. Ratings come as rate-KEY=N (see parseRatingForm); ranks as rank-KEY=N; gaps in the numbers are closed
// up (1, 2, 4 means the same order as 1, 2, 3), two demands with one number are an error.
func parseMemberForm(lang string, camp *survey.Campaign, wp *survey.Workplace, form url.Values) (*memberInput, *survey.Response, view.FormErrors) {
	errs := view.FormErrors{}
	in := &memberInput{Ranks: map[string]int{}, Background: map[string]string{}, Proposal: form.Get("proposal")}
	r := &survey.Response{Channel: survey.ChannelWeb, Background: map[string]string{}, Ranking: []string{}, Proposal: in.Proposal}
	if wp != nil {
		r.Workplace = wp.Code
	}
	if id, err := survey.ParseID(form.Get("id")); err != nil {
		key := "bad_uuid"
		if fe := survey.FieldErrors(err); len(fe) == 1 {
			key = fe[0].Code // bad_uuid_version: a time-based id
		}
		errs.Add("form", survey.Message(lang, key))
	} else {
		r.ID, in.ID = id, id.String()
	}
	if camp.Rates() && camp.Scale != nil {
		parseRatingForm(lang, camp, form, in, r, errs)
	} else {
		parseRankForm(lang, camp, form, in, r, errs)
	}
	for _, q := range camp.Questions {
		if v := form.Get("bg-" + q.Key); v != "" {
			in.Background[q.Key] = v
			r.Background[q.Key] = v
		}
	}
	r.Normalize()
	if r.ID == uuid.Nil {
		// Validate would report the id again; the message is already in errs.
		r.ID = uuid.New()
	}
	if err := r.Validate(camp); err != nil {
		for _, f := range survey.FieldErrors(err) {
			errs.Add(formField(f.Field, r.Ranking), f.Message(lang))
		}
		if len(survey.FieldErrors(err)) == 0 {
			errs.Add("form", survey.ErrorMessage(err))
		}
	}
	return in, r, errs
}

// parseRankForm reads the ranks of a ranking questionnaire: rank-KEY=N per chosen demand.
func parseRankForm(lang string, camp *survey.Campaign, form url.Values, in *memberInput, r *survey.Response, errs view.FormErrors) {
	type pick struct {
		key  string
		rank int
	}
	var picks []pick
	byRank := map[int][]string{}
	for _, d := range camp.Demands {
		s := strings.TrimSpace(form.Get("rank-" + d.Key))
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > camp.MaxPicks {
			errs.Add("d:"+d.Key, survey.Message(lang, "bad_range", 1, camp.MaxPicks))
			continue
		}
		in.Ranks[d.Key] = n
		picks = append(picks, pick{d.Key, n})
		byRank[n] = append(byRank[n], d.Key)
	}
	for _, p := range picks {
		if len(byRank[p.rank]) > 1 {
			errs.Add("d:"+p.key, survey.Message(lang, "duplicate_rank", p.rank))
		}
	}
	// A stable sort keeps campaign order among equal ranks, which only matters for the
	// error case above.
	slices.SortStableFunc(picks, func(a, b pick) int { return a.rank - b.rank })
	for _, p := range picks {
		r.Ranking = append(r.Ranking, p.key)
	}
}

// formField maps a field path of survey's validation ("ranking[2]", "background.forbund")
// to the form field that shows the message.
func formField(field string, ranking []string) string {
	switch {
	case field == "ranking":
		return "ranking"
	case strings.HasPrefix(field, "ranking["):
		i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(field, "ranking["), "]"))
		if err == nil && i >= 0 && i < len(ranking) {
			return "d:" + ranking[i]
		}
		return "ranking"
	case field == "ratings":
		return "ranking" // the ballot as a whole, e.g. "betygsätt minst ett krav"
	case strings.HasPrefix(field, "ratings."):
		return "d:" + strings.TrimPrefix(field, "ratings.")
	case strings.HasPrefix(field, "background."):
		return "q:" + strings.TrimPrefix(field, "background.")
	case field == "proposal":
		return "proposal"
	}
	return "form"
}
