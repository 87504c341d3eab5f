package main

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// newServer builds the Echo instance with every route and middleware. It fails when a
// template or asset cannot be loaded, so a broken build never starts serving.
// Options are optional; the zero value (used by tests) has no rate limit.
func newServer(st *sqlite.Store, logger *slog.Logger, opts ...serverOptions) (*echo.Echo, error) {
	var o serverOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.Metrics == nil {
		o.Metrics = newMetrics()
	}
	o.Metrics.watch(st)
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	v, err := view.New(ui)
	if err != nil {
		return nil, err
	}
	e.HTTPErrorHandler = errorHandler(logger, v)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableStackAll: true, LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
		logger.Error("panic", "request_id", reqID(c), "route", c.Path(), "err", err, "stack", string(stack))
		return err
	}}))
	useCommon(e, logger, o)
	// Pages compress themselves (the questionnaire from pre-compressed halves); the
	// middleware compresses the JSON API.
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{MinLength: 1024,
		Skipper: func(c echo.Context) bool { return isPageRequest(c.Request()) }}))
	if err := routes(e, st, v, o.Metrics, logger, newLinkBase(o.PublicURL)); err != nil {
		return nil, err
	}
	return e, nil
}

// apiError is one entry of an error body.
type apiError struct {
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// statusOf maps domain error codes to HTTP statuses.
var statusOf = map[string]int{
	survey.EINVALID:   http.StatusUnprocessableEntity,
	survey.ENOTFOUND:  http.StatusNotFound,
	survey.ECONFLICT:  http.StatusConflict,
	survey.ENOTOPEN:   http.StatusForbidden,
	survey.EFORBIDDEN: http.StatusForbidden,
	survey.EINTERNAL:  http.StatusInternalServerError,
}

// errorHandler renders every error as {"errors": [...]} with Swedish messages, or as a
// friendly HTML page in the visitor's language for page routes (see isPageRequest).
// Internal errors are logged and shown only as a plain apology.
func errorHandler(logger *slog.Logger, v *view.Engine) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status, body := errorBody(err)
		if isPageRequest(c.Request()) {
			status = view.AsPageError(err).Status
		}
		if status >= 500 {
			logger.Error("internal error", "request_id", reqID(c), "method", c.Request().Method, "route", c.Path(), "err", err)
		}
		if isPageRequest(c.Request()) {
			if err := v.RenderError(c, err); err != nil {
				logger.Error("render error page", "route", c.Path(), "err", err)
			}
			return
		}
		if c.Request().Method == http.MethodHead {
			_ = c.NoContent(status)
			return
		}
		_ = c.JSON(status, body)
	}
}

func errorBody(err error) (int, map[string][]apiError) {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		msg := httpMessages[he.Code]
		if msg == "" {
			msg = http.StatusText(he.Code)
		}
		return he.Code, map[string][]apiError{"errors": {{Message: msg}}}
	}
	code := survey.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	var list []apiError
	for _, f := range survey.FieldErrors(err) {
		list = append(list, apiError{Field: f.Field, Message: f.Message("sv")})
	}
	if len(list) == 0 || code == survey.ENOTFOUND {
		list = []apiError{{Message: survey.ErrorMessage(err)}}
	}
	return status, map[string][]apiError{"errors": list}
}

// httpMessages are the Swedish texts for errors raised by Echo itself.
var httpMessages = map[int]string{
	http.StatusNotFound:              "Sidan finns inte.",
	http.StatusMethodNotAllowed:      "Metoden stöds inte här.",
	http.StatusRequestEntityTooLarge: "Förfrågan är för stor.",
	http.StatusUnsupportedMediaType:  "Skicka data som application/json.",
	http.StatusBadRequest:            "Felaktig förfrågan.",
	http.StatusTooManyRequests:       "För många förfrågningar. Vänta en stund och försök igen.",
	http.StatusInternalServerError:   "Ett internt fel inträffade. Försök igen om en stund.",
}

// isPageRequest reports whether errors for r are shown as HTML pages: everything except
// the JSON API and the health check.
func isPageRequest(r *http.Request) bool {
	p := r.URL.Path
	return !strings.HasPrefix(p, "/api/") && p != "/healthz"
}
