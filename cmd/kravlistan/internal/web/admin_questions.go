package web

import (
	"net/http"
	"strconv"
	"strings"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// questionsPage is the data of static/tmpl/admin_questions.html (list and add form) and
// admin_question.html (edit form). Options are typed one per line; keys are made from
// the labels and never change afterwards, since answers refer to them.
type questionsPage struct {
	adminPage
	Responses int
	Key       string
	Label     string
	Options   []survey.Option // edit form: the existing options as typed
	Removed   map[string]bool
	New       string
}

func questionsCtx(v *view.Engine, c echo.Context, st survey.Store) (*survey.Campaign, questionsPage, error) {
	camp, n, err := editableCampaign(c, st)
	if err != nil {
		return nil, questionsPage{}, err
	}
	return camp, questionsPage{adminPage: newCampaignPage(v, c, camp, "questions"), Responses: n, Removed: map[string]bool{}}, nil
}

// questionCtx is questionsCtx for a handler on the one question the route's :key names, with its
// position (a 404 when there is none).
func questionCtx(v *view.Engine, c echo.Context, st survey.Store) (*survey.Campaign, questionsPage, int, error) {
	camp, p, err := questionsCtx(v, c, st)
	if err != nil {
		return nil, p, -1, err
	}
	i, err := routeItem(c, camp.Questions, questionKey)
	return camp, p, i, err
}

// addOptions appends one option per non-empty line of text, with fresh keys.
func addOptions(opts []survey.Option, text string) []survey.Option {
	for line := range strings.SplitSeq(text, "\n") {
		label := strings.TrimSpace(line)
		if label == "" {
			continue
		}
		used := func(k string) bool {
			for _, o := range opts {
				if o.Key == k {
					return true
				}
			}
			return false
		}
		base := survey.Slugify(label, 60)
		if base == "" {
			base = "alt"
		}
		opts = append(opts, survey.Option{Key: survey.FreeName(base, 64, used), Label: label})
	}
	return opts
}

// questionFieldNames maps the JSON paths of question i to the form's field names.
func questionFieldNames(i int, q survey.Question) map[string]string {
	p := "questions[" + strconv.Itoa(i) + "]"
	m := map[string]string{p + ".label": "label", p + ".options": "new", p + ".key": "label", p: "label"}
	for j, o := range q.Options {
		m[p+".options["+strconv.Itoa(j)+"].label"] = "opt." + o.Key
		m[p+".options["+strconv.Itoa(j)+"].key"] = "new"
	}
	return m
}

// handleQuestions shows GET .../questions.
func handleQuestions(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		_, p, err := questionsCtx(v, c, st)
		if err != nil {
			return err
		}
		return adminRender(v, c, http.StatusOK, "admin_questions", p)
	}
}

// handleQuestionAdd adds a background question (POST .../questions: label, options).
func handleQuestionAdd(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, p, err := questionsCtx(v, c, st)
		if err != nil {
			return err
		}
		p.Label, p.New = strings.TrimSpace(c.FormValue("label")), c.FormValue("new")
		used := func(k string) bool { return itemIndex(camp.Questions, questionKey, k) >= 0 }
		base := survey.Slugify(p.Label, 60)
		if base == "" {
			base = "fraga"
		}
		q := survey.Question{Key: survey.FreeName(base, 64, used), Label: p.Label, Options: addOptions(nil, p.New)}
		camp.Questions = append(camp.Questions, q)
		if saved, err := saveEdit(c, st, &p.adminPage, camp, "", questionFieldNames(len(camp.Questions)-1, q)); !saved {
			if err != nil {
				return err
			}
			camp.Questions = camp.Questions[:len(camp.Questions)-1]
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_questions", p)
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug+"/questions", "added")
	}
}

// handleQuestionForm shows GET .../questions/{key}.
func handleQuestionForm(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, p, i, err := questionCtx(v, c, st)
		if err != nil {
			return err
		}
		q := camp.Questions[i]
		p.Key, p.Label, p.Options = q.Key, q.Label, q.Options
		return adminRender(v, c, http.StatusOK, "admin_question", p)
	}
}

// handleQuestionSave saves POST .../questions/{key}: the label, each option's label
// (field opt.KEY), options to remove (del.KEY) and new options (new, one per line).
// Removing an option someone chose is refused once the campaign has responses.
func handleQuestionSave(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, p, i, err := questionCtx(v, c, st)
		if err != nil {
			return err
		}
		q := &camp.Questions[i]
		p.Key, p.Label, p.New = q.Key, strings.TrimSpace(c.FormValue("label")), c.FormValue("new")
		var opts []survey.Option
		for _, o := range q.Options {
			o.Label = strings.TrimSpace(c.FormValue("opt." + o.Key))
			p.Options = append(p.Options, o)
			if c.FormValue("del."+o.Key) == "1" {
				p.Removed[o.Key] = true
				continue
			}
			opts = append(opts, o)
		}
		q.Label, q.Options = p.Label, addOptions(opts, p.New)
		names := questionFieldNames(i, *q)
		for j, o := range camp.Questions[i].Options {
			names["questions["+strconv.Itoa(i)+"].options["+strconv.Itoa(j)+"]"] = "opt." + o.Key
		}
		if saved, err := saveEdit(c, st, &p.adminPage, camp, "", names); !saved {
			if err != nil {
				return err
			}
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_question", p)
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug+"/questions", "saved")
	}
}

// handleQuestionAction handles .../questions/{key}/move (dir=up|down) and .../delete.
func handleQuestionAction(st survey.Store, v *view.Engine, action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, p, i, err := questionCtx(v, c, st)
		if err != nil {
			return err
		}
		ok := "moved"
		if action == "delete" {
			camp.Questions = append(camp.Questions[:i], camp.Questions[i+1:]...)
			ok = "deleted"
		} else {
			moveItem(camp.Questions, i, c.FormValue("dir"))
		}
		if saved, err := saveEdit(c, st, &p.adminPage, camp, "", nil); !saved {
			if err != nil {
				return err
			}
			if p.Camp, err = st.CampaignDoc(c.Request().Context(), camp.Slug); err != nil {
				return err
			}
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_questions", p)
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug+"/questions", ok)
	}
}

// LastQ reports whether i is the last question's index.
func (p questionsPage) LastQ(i int) bool { return i == len(p.Camp.Questions)-1 }
