package web

import (
	"bytes"
	"errors"
	"image"
	_ "image/jpeg" // the logo may be a JPEG
	_ "image/png"  // or a PNG
	"io"
	"net/http"
	"strings"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// handlePosterSave saves the printed list's sender, election day and call to action, and
// an uploaded logo (POST /admin/campaigns/{slug}/poster, multipart: sender, election_day,
// call, logo, remove_logo=1). A logo must be a PNG or JPEG (by its content, whatever its
// name says) that decodes, at most survey.MaxLogoBytes and survey.MaxLogoPixels a side.
// On any error the reports page comes back with the message beside the field and nothing
// saved.
func handlePosterSave(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		lang := adminLang(c)
		ps := survey.Poster{Sender: strings.TrimSpace(c.FormValue("sender")),
			ElectionDay: strings.TrimSpace(c.FormValue("election_day")), Call: strings.TrimSpace(c.FormValue("call"))}
		errs := view.FormErrors{}
		if err := ps.Validate(); err != nil {
			errs.AddErr(lang, err)
		}
		typ, logo, key := readLogo(c)
		switch key {
		case "poster.err.logo_size":
			errs.Add("logo", v.T(lang, key, survey.MaxLogoBytes>>10))
		case "poster.err.logo_pixels":
			errs.Add("logo", v.T(lang, key, survey.MaxLogoPixels))
		case "poster.err.logo_type":
			errs.Add("logo", v.T(lang, key))
		}
		if len(errs) > 0 {
			return renderReportsPoster(c, st, v, camp, http.StatusUnprocessableEntity, errs, &ps)
		}
		if err := st.SavePoster(ctx, camp.ID, ps); err != nil {
			return err
		}
		if logo != nil {
			err = st.SetPosterLogo(ctx, camp.ID, typ, logo)
		} else if c.FormValue("remove_logo") == "1" {
			err = st.SetPosterLogo(ctx, camp.ID, "", nil)
		}
		if err != nil {
			return err
		}
		return adminDone(c, "/admin/campaigns/"+camp.Slug+"/reports#h-poster", "saved")
	}
}

// readLogo reads the form's "logo": nil when none was chosen, else its type and bytes,
// or the message key of what is wrong with it.
func readLogo(c echo.Context) (string, []byte, string) {
	fh, err := c.FormFile("logo")
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return "", nil, "poster.err.logo_size"
	case errors.Is(err, http.ErrMissingFile):
		return "", nil, ""
	case err != nil:
		return "", nil, "poster.err.logo_type"
	case fh.Size == 0:
		return "", nil, ""
	case fh.Size > survey.MaxLogoBytes:
		return "", nil, "poster.err.logo_size"
	}
	f, err := fh.Open()
	if err != nil {
		return "", nil, "poster.err.logo_type"
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, survey.MaxLogoBytes+1))
	if err != nil {
		return "", nil, "poster.err.logo_type"
	}
	if len(data) > survey.MaxLogoBytes {
		return "", nil, "poster.err.logo_size"
	}
	typ := http.DetectContentType(data)
	if typ != "image/png" && typ != "image/jpeg" {
		return "", nil, "poster.err.logo_type"
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return "", nil, "poster.err.logo_type"
	}
	if cfg.Width > survey.MaxLogoPixels || cfg.Height > survey.MaxLogoPixels || cfg.Width < 1 || cfg.Height < 1 {
		return "", nil, "poster.err.logo_pixels"
	}
	return typ, data, ""
}

// handlePosterLogo serves a campaign's logo: at /r/{slug}/logo once its results are
// public, at /admin/campaigns/{slug}/logo to the organisers.
func handlePosterLogo(st survey.Store, public bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		var camp *survey.Campaign
		var err error
		if public {
			camp, err = publishedCampaign(c, st)
		} else {
			camp, err = campaignFor(c, st)
		}
		if err != nil {
			return err
		}
		typ, data, err := st.PosterLogo(c.Request().Context(), camp.ID)
		if survey.ErrorCode(err) == survey.ENOTFOUND {
			return echo.NewHTTPError(http.StatusNotFound)
		} else if err != nil {
			return err
		}
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "default-src 'none'")
		if public {
			h.Set("Cache-Control", "public, max-age=3600")
		} else {
			h.Set("Cache-Control", "private, no-cache")
		}
		return c.Blob(http.StatusOK, typ, data)
	}
}
