package view

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// PageError is an error a page handler returns to get a friendly HTML page with status.
// Key names a pair of strings in the catalogue: Key+".title" and Key+".text".
type PageError struct {
	Status   int
	Key      string
	Args     []any
	LinkHref string // optional way on, e.g. the campaign's general link
	LinkKey  string
}

func (e *PageError) Error() string { return e.Key }

// NoticePage is the data of static/tmpl/notice.html.
type NoticePage struct {
	Page
	Heading  string
	Paras    []string
	LinkHref string
	LinkText string
}

// RenderError shows err as a page in the visitor's language. Internal details never show.
func (v *Engine) RenderError(c echo.Context, err error) error {
	pe := AsPageError(err)
	p := v.NewPage(c.Request(), RoutePath(c))
	data := NoticePage{Page: p, Heading: v.ui.T(p.Lang, pe.Key+".title"),
		Paras: []string{v.ui.T(p.Lang, pe.Key+".text", pe.Args...)}}
	if pe.LinkHref != "" {
		data.LinkHref, data.LinkText = pe.LinkHref+p.LangQ, v.ui.T(p.Lang, pe.LinkKey)
	}
	return v.Render(c, pe.Status, "notice", data)
}

// AsPageError maps any error to the page that explains it.
func AsPageError(err error) *PageError {
	var pe *PageError
	if errors.As(err, &pe) {
		return pe
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusNotFound:
			return &PageError{Status: he.Code, Key: "err.notfound"}
		case http.StatusMethodNotAllowed:
			return &PageError{Status: he.Code, Key: "err.method"}
		case http.StatusRequestEntityTooLarge:
			return &PageError{Status: he.Code, Key: "err.toolarge"}
		case http.StatusTooManyRequests:
			return &PageError{Status: he.Code, Key: "err.toomany"}
		}
		if he.Code >= 400 && he.Code < 500 {
			return &PageError{Status: he.Code, Key: "err.bad"}
		}
		return &PageError{Status: http.StatusInternalServerError, Key: "err.internal"}
	}
	var se *survey.Error
	if !errors.As(err, &se) {
		return &PageError{Status: http.StatusInternalServerError, Key: "err.internal"}
	}
	switch se.Code {
	case survey.ENOTFOUND:
		if se.Key == "campaign_not_found" {
			return &PageError{Status: http.StatusNotFound, Key: "err.campaign"}
		}
		return &PageError{Status: http.StatusNotFound, Key: "err.notfound"}
	case survey.ENOTOPEN:
		switch se.Key {
		case "not_yet_open":
			return &PageError{Status: http.StatusForbidden, Key: "err.notyet", Args: se.Args}
		case "closed":
			return &PageError{Status: http.StatusGone, Key: "err.closed"}
		case "intake":
			return &PageError{Status: http.StatusForbidden, Key: "err.intake"}
		case "no_intake":
			return &PageError{Status: http.StatusForbidden, Key: "err.no_intake"}
		}
		// A draft is not public: it looks like no campaign at all, apart from the wording.
		return &PageError{Status: http.StatusNotFound, Key: "err.draft"}
	case survey.EINVALID:
		return &PageError{Status: http.StatusUnprocessableEntity, Key: "err.bad"}
	case survey.EFORBIDDEN:
		return &PageError{Status: http.StatusForbidden, Key: "err.method"}
	}
	return &PageError{Status: http.StatusInternalServerError, Key: "err.internal"}
}

// RoutePath returns the path of the request rebuilt from its matched route, each parameter
// escaped, for the links a page makes to itself (the language switch, a redirect after a
// POST). It never returns the raw request path: "//evil.example/x" must not become a link
// to another host. Without a route (404) it returns "", so "?lang=xx" links stay on the
// page the visitor is on.
func RoutePath(c echo.Context) string {
	route := c.Path()
	if route == "" || !strings.HasPrefix(route, "/") {
		return ""
	}
	names, values := c.ParamNames(), c.ParamValues()
	param := func(name string) string {
		for i, n := range names {
			if n == name && i < len(values) {
				return values[i]
			}
		}
		return ""
	}
	segs := strings.Split(route, "/")
	for i, seg := range segs {
		switch {
		case strings.HasPrefix(seg, ":"):
			segs[i] = url.PathEscape(param(seg[1:]))
		case seg == "*":
			parts := strings.Split(param("*"), "/")
			for j := range parts {
				parts[j] = url.PathEscape(parts[j])
			}
			segs[i] = strings.Join(parts, "/")
		}
	}
	p := strings.Join(segs, "/")
	if strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return ""
	}
	return p
}
