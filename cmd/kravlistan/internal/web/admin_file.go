package web

import (
	"bytes"
	"io"
	"net/http"
	"strings"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// maxCampaignFile bounds an uploaded campaign file.
const maxCampaignFile = 2 << 20

// filePage is the data of static/tmpl/admin_file.html (and of admin_new.html's file form).
type filePage struct {
	adminPage
	Slug string
}

// handleFilePage shows GET .../file: export link and the form that replaces the campaign
// with an uploaded file.
func handleFilePage(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		return adminRender(v, c, http.StatusOK, "admin_file", filePage{adminPage: newCampaignPage(v, c, camp, "file")})
	}
}

// handleExport downloads the campaign file (GET .../export.json), the same format the
// command line's "campaign export" writes, with the assemblies and parties the party
// pages keep (none while they were never opened).
func handleExport(st survey.Store) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		file, err := survey.CampaignFile(c.Request().Context(), st, camp)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := survey.EncodeCampaign(&buf, file); err != nil {
			return err
		}
		h := c.Response().Header()
		h.Set("Content-Disposition", `attachment; filename="`+camp.Slug+`.json"`)
		h.Set("Cache-Control", "no-store")
		return c.Blob(http.StatusOK, "application/json; charset=utf-8", buf.Bytes())
	}
}

// readCampaignUpload returns the uploaded file in form field "file", or a translated error.
func readCampaignUpload(v *view.Engine, c echo.Context, lang string) ([]byte, string) {
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, v.T(lang, "org.file.missing")
	}
	if fh.Size > maxCampaignFile {
		return nil, v.T(lang, "org.file.too_big", maxCampaignFile>>20)
	}
	f, err := fh.Open()
	if err != nil {
		return nil, v.T(lang, "org.file.missing")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxCampaignFile+1))
	if err != nil || len(data) > maxCampaignFile {
		return nil, v.T(lang, "org.file.too_big", maxCampaignFile>>20)
	}
	return data, ""
}

// handleFileReplace replaces the campaign's content with an uploaded file (POST .../file).
// The address and the state stay as they are (states change with the state buttons).
// Every problem is listed with its JSON path; nothing is saved unless all is well, and
// the rules for answered campaigns (survey.CheckEdit) apply as for any edit.
func handleFileReplace(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		p := filePage{adminPage: newCampaignPage(v, c, camp, "file")}
		data, msg := readCampaignUpload(v, c, p.Lang)
		if msg != "" {
			p.Errs.Add("file", msg)
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_file", p)
		}
		nc, err := survey.DecodeCampaign(data)
		if err == nil {
			nc.Slug, nc.State, nc.ID = camp.Slug, camp.State, camp.ID
			var lock bool
			if lock, err = locksOut(c.Request().Context(), st, camp.NeedsCode(), nc); err != nil {
				return err
			}
			if lock {
				p.Errs.Add("file", v.T(p.Lang, "org.access.no_codes"))
				return adminRender(v, c, http.StatusUnprocessableEntity, "admin_file", p)
			}
			err = st.SaveCampaign(c.Request().Context(), nc, p.User.Name, strings.TrimSpace(c.FormValue("reason")))
		}
		if err != nil {
			if !userError(err) {
				return err
			}
			p.Errs.AddErrPaths(p.Lang, err)
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_file", p)
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug, "imported")
	}
}

// handleFileImportNew creates a campaign from an uploaded file (POST /admin/campaigns/import),
// as a draft owned by the user. An optional "slug" field overrides the file's address; a
// taken address is refused with a free one suggested.
func handleFileImportNew(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		f := newCampaignForm{adminPage: newAdminPage(v, c)}
		data, msg := readCampaignUpload(v, c, f.Lang)
		if msg != "" {
			f.Errs.Add("file", msg)
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_new", f)
		}
		camp, err := survey.DecodeCampaign(data)
		if err == nil {
			if s := strings.TrimSpace(c.FormValue("slug")); s != "" {
				camp.Slug = s
			}
			camp.State, camp.Published = survey.StateDraft, false
			err = st.CreateCampaignBy(c.Request().Context(), camp, f.User.ID)
		}
		if err != nil {
			if !userError(err) {
				return err
			}
			f.Errs.AddErrPaths(f.Lang, err)
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_new", f)
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug, "imported")
	}
}
