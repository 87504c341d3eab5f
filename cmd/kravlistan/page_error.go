package main

import (
	"errors"
	"net/http"
	"strings"

	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// pageError is an error a page handler returns to get a friendly HTML page with status.
// Key names a pair of strings in the catalogue: Key+".title" and Key+".text".
type pageError struct {
	Status   int
	Key      string
	Args     []any
	LinkHref string // optional way on, e.g. the campaign's general link
	LinkKey  string
}

func (e *pageError) Error() string { return e.Key }

// noticePage is the data of static/tmpl/notice.html.
type noticePage struct {
	page
	Heading  string
	Paras    []string
	LinkHref string
	LinkText string
}

// isPageRequest reports whether errors for r are shown as HTML pages: everything except
// the JSON API and the health check.
func isPageRequest(r *http.Request) bool {
	p := r.URL.Path
	return !strings.HasPrefix(p, "/api/") && p != "/healthz"
}

// renderError shows err as a page in the visitor's language. Internal details never show.
func (v *views) renderError(c echo.Context, err error) error {
	pe := asPageError(err)
	p := newPage(c.Request(), c.Request().URL.Path)
	data := noticePage{page: p, Heading: ui.T(p.Lang, pe.Key+".title"),
		Paras: []string{ui.T(p.Lang, pe.Key+".text", pe.Args...)}}
	if pe.LinkHref != "" {
		data.LinkHref, data.LinkText = pe.LinkHref+p.LangQ, ui.T(p.Lang, pe.LinkKey)
	}
	return v.render(c, pe.Status, "notice", data)
}

// asPageError maps any error to the page that explains it.
func asPageError(err error) *pageError {
	var pe *pageError
	if errors.As(err, &pe) {
		return pe
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusNotFound:
			return &pageError{Status: he.Code, Key: "err.notfound"}
		case http.StatusMethodNotAllowed:
			return &pageError{Status: he.Code, Key: "err.method"}
		case http.StatusRequestEntityTooLarge:
			return &pageError{Status: he.Code, Key: "err.toolarge"}
		case http.StatusTooManyRequests:
			return &pageError{Status: he.Code, Key: "err.toomany"}
		}
		if he.Code >= 400 && he.Code < 500 {
			return &pageError{Status: he.Code, Key: "err.bad"}
		}
		return &pageError{Status: http.StatusInternalServerError, Key: "err.internal"}
	}
	var se *survey.Error
	if !errors.As(err, &se) {
		return &pageError{Status: http.StatusInternalServerError, Key: "err.internal"}
	}
	switch se.Code {
	case survey.ENOTFOUND:
		if se.Key == "campaign_not_found" {
			return &pageError{Status: http.StatusNotFound, Key: "err.campaign"}
		}
		return &pageError{Status: http.StatusNotFound, Key: "err.notfound"}
	case survey.ENOTOPEN:
		switch se.Key {
		case "not_yet_open":
			return &pageError{Status: http.StatusForbidden, Key: "err.notyet", Args: se.Args}
		case "closed":
			return &pageError{Status: http.StatusGone, Key: "err.closed"}
		}
		// A draft is not public: it looks like no campaign at all, apart from the wording.
		return &pageError{Status: http.StatusNotFound, Key: "err.draft"}
	case survey.EINVALID:
		return &pageError{Status: http.StatusUnprocessableEntity, Key: "err.bad"}
	case survey.EFORBIDDEN:
		return &pageError{Status: http.StatusForbidden, Key: "err.method"}
	}
	return &pageError{Status: http.StatusInternalServerError, Key: "err.internal"}
}
