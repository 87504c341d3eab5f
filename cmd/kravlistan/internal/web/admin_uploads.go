package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// uploadPage is the data of static/tmpl/admin_upload.html: the upload form, and after an
// upload the preview with every row, its number in the file and its problems. Nothing is
// saved until the organiser confirms a preview without problems; the confirm form carries
// the rows back and they are checked again against the campaign as it is then.
type uploadPage struct {
	adminPage
	Kind     uploadKind
	Kinds    []uploadKind
	FileName string
	Rows     []uploadRow
	Bad      int
	Preview  bool
}

// Demands says whether the upload adds demands (the preview then has more columns).
func (p uploadPage) Demands() bool { return p.Kind == uploadDemands }

func newUploadPage(v *view.Engine, c echo.Context, camp *survey.Campaign, kind uploadKind) uploadPage {
	tab := "workplaces"
	if kind == uploadDemands {
		tab = "demands"
	}
	return uploadPage{adminPage: newCampaignPage(v, c, camp, tab), Kind: kind, Kinds: []uploadKind{uploadWorkplaces, uploadDemands}}
}

// handleUploadForm shows GET /admin/campaigns/{slug}/upload?kind=workplaces|demands.
func handleUploadForm(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		kind, _ := parseUploadKind(c.QueryParam("kind"))
		return adminRender(v, c, http.StatusOK, "admin_upload", newUploadPage(v, c, camp, kind))
	}
}

// readUpload returns the name and bytes of the form's "file", at most maxUploadBytes+1 of
// them so that readTable can tell a file that is too large.
func readUpload(c echo.Context) (string, []byte, error) {
	fh, err := c.FormFile("file")
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return "", nil, &uploadError{Key: "org.up.err.size", Args: []any{maxUploadBytes >> 20}}
	case err != nil:
		return "", nil, &uploadError{Key: "org.up.err.nofile"}
	case fh.Size > maxUploadBytes:
		return fh.Filename, nil, &uploadError{Key: "org.up.err.size", Args: []any{maxUploadBytes >> 20}}
	}
	f, err := fh.Open()
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxUploadBytes+1))
	return fh.Filename, data, err
}

// handleUploadPreview reads an uploaded file (POST /admin/campaigns/{slug}/upload) and
// shows what it would add, without saving anything.
func handleUploadPreview(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		kind, _ := parseUploadKind(c.FormValue("kind"))
		p := newUploadPage(v, c, camp, kind)
		name, data, err := readUpload(c)
		p.FileName = name
		var t *table
		if err == nil {
			t, err = readTable(name, data)
		}
		var ferrs []*uploadError
		if err == nil {
			p.Rows, ferrs = rowsFromTable(kind, t)
			if len(ferrs) > 0 {
				err = ferrs[0]
			}
		}
		var ue *uploadError
		if errors.As(err, &ue) {
			p.Errs.Add("file", v.T(p.Lang, ue.Key, ue.Args...))
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_upload", p)
		} else if err != nil {
			return err
		}
		return renderPreview(c, v, camp, p)
	}
}

func renderPreview(c echo.Context, v *view.Engine, camp *survey.Campaign, p uploadPage) error {
	p.Preview = true
	p.Bad = checkRows(v, camp, p.Kind, p.Rows, p.Lang)
	status := http.StatusOK
	if p.Bad > 0 {
		status = http.StatusUnprocessableEntity
		if p.Bad == 1 {
			p.Errs.Add("file", v.T(p.Lang, "org.up.bad_rows.one"))
		} else {
			p.Errs.Add("file", v.T(p.Lang, "org.up.bad_rows", p.Bad))
		}
	}
	if msg := overCapacity(camp, p.Kind, len(p.Rows), p.Lang); msg != "" {
		status = http.StatusUnprocessableEntity
		p.Errs.Add("file", msg)
	}
	return adminRender(v, c, status, "admin_upload", p)
}

// handleUploadConfirm saves the rows of a confirmed preview (POST
// /admin/campaigns/{slug}/upload/confirm), all or none: they are checked again first, and
// any problem shows the preview again instead.
func handleUploadConfirm(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		kind, _ := parseUploadKind(c.FormValue("kind"))
		p := newUploadPage(v, c, camp, kind)
		p.FileName = c.FormValue("filename")
		form, err := c.FormParams()
		if err != nil {
			return err
		}
		lines, keys, names := form["line"], form["key"], form["name"]
		areas, bodies, members := form["area"], form["body"], form["members"]
		if len(lines) == 0 || len(keys) != len(lines) || len(names) != len(lines) ||
			(kind == uploadDemands && (len(areas) != len(lines) || len(bodies) != len(lines))) ||
			(kind == uploadWorkplaces && len(members) != 0 && len(members) != len(lines)) {
			p.Errs.Add("file", v.T(p.Lang, "org.up.err.nofile"))
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_upload", p)
		}
		for i := range lines {
			n, _ := strconv.Atoi(lines[i])
			r := uploadRow{Line: n, Key: strings.TrimSpace(keys[i]), Name: strings.TrimSpace(names[i])}
			if kind == uploadDemands {
				r.Area, r.Body = strings.TrimSpace(areas[i]), strings.TrimSpace(bodies[i])
			} else if len(members) > 0 {
				r.Members = strings.TrimSpace(members[i])
			}
			p.Rows = append(p.Rows, r)
		}
		if checkRows(v, camp, kind, p.Rows, p.Lang) > 0 {
			return renderPreview(c, v, camp, p)
		}
		applyRows(camp, kind, p.Rows)
		if err := st.SaveCampaign(c.Request().Context(), camp, userOf(c).Name, ""); err != nil {
			if code := survey.ErrorCode(err); code != survey.EINVALID && code != survey.ECONFLICT {
				return err
			}
			p.Preview = true
			p.Errs.AddErr(p.Lang, err)
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_upload", p)
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug+"/"+string(kind), "uploaded")
	}
}

// overCapacity returns the message when n more rows of kind would take the campaign over
// its size limit (survey.MaxDemands, survey.MaxWorkplaces), else "".
func overCapacity(camp *survey.Campaign, kind uploadKind, n int, lang string) string {
	switch kind {
	case uploadDemands:
		if total := len(camp.Demands) + n; total > survey.MaxDemands {
			return survey.Message(lang, "too_many_demands", total, survey.MaxDemands)
		}
	case uploadWorkplaces:
		if total := len(camp.Workplaces) + n; total > survey.MaxWorkplaces {
			return survey.Message(lang, "too_many_workplaces", total, survey.MaxWorkplaces)
		}
	}
	return ""
}
