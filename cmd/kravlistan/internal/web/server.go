package web

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"kravlistan/cmd/kravlistan/internal/i18n"
	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// Deps is everything the web layer is built from. Package main wires it: the store, the
// template engine (which has the catalogue), the logger, the clock and the options.
type Deps struct {
	Store  survey.Store
	Views  *view.Engine
	Logger *slog.Logger
	// Now is the clock of every handler; tests set their own.
	Now func() time.Time
	// Metrics receives the request figures and serves /metrics; nil makes a new
	// registry. The store's figures reach it through ObserveBatch and ObserveOutcome.
	Metrics *Metrics
	// Options are the HTTP layer's settings; the zero value (tests) has no rate limit.
	Options Options
}

// New builds the Echo instance with every route and middleware.
func New(d Deps) *echo.Echo {
	o := d.Options
	if d.Metrics == nil {
		d.Metrics = NewMetrics()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = errorHandler(d.Logger, d.Views)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableStackAll: true, LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
		d.Logger.Error("panic", "request_id", reqID(c), "route", c.Path(), "err", err, "stack", string(stack))
		return err
	}}))
	useCommon(e, d.Logger, d.Metrics, o)
	// Pages compress themselves (the questionnaire from pre-compressed halves); the
	// middleware compresses the JSON API.
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{MinLength: 1024,
		Skipper: func(c echo.Context) bool { return isPageRequest(c.Request()) }}))
	metricsAllow := o.MetricsAllow
	if metricsAllow == nil {
		metricsAllow, _ = ParseNetworks("")
	}
	routes(e, d.Store, d.Views, d.Metrics, metricsAllow, d.Logger, newLinkBase(o.PublicURL), d.Now)
	return e
}

// apiError is one entry of an error body. Field is the JSON path or form field the
// message is about, "" when it is about the whole request.
type apiError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// errorsBody is the one shape of every JSON error: {"errors": [{"field", "message"}]}.
type errorsBody struct {
	Errors []apiError `json:"errors"`
}

// jsonError answers status with one message about the whole request, in the one shape.
func jsonError(c echo.Context, status int, msg string) error {
	return c.JSON(status, errorsBody{Errors: []apiError{{Message: msg}}})
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

// errorHandler is the one error handler: every error of a JSON endpoint (the API, the
// health check and every .json download, 404 included) is answered as
// {"errors": [{"field": ..., "message": ...}]}, every other as a friendly HTML page in the
// visitor's language (see isPageRequest).
// Internal errors are logged and shown only as a plain apology.
func errorHandler(logger *slog.Logger, v *view.Engine) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status, body := errorBody(v, c.Request(), err)
		page := !isJSONRequest(c.Request())
		if page {
			status = view.AsPageError(err).Status
		}
		if status >= 500 {
			logger.Error("internal error", "request_id", reqID(c), "method", c.Request().Method, "route", c.Path(), "err", err)
		}
		if page {
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

// errorBody maps err to its status and JSON body. Messages are Swedish, except a page's
// own error (view.PageError), which is told in the request's language as on the page.
func errorBody(v *view.Engine, r *http.Request, err error) (int, errorsBody) {
	var pe *view.PageError
	if errors.As(err, &pe) {
		lang, _ := i18n.Pick(r)
		return pe.Status, errorsBody{Errors: []apiError{{Message: v.T(lang, pe.Key+".title")}}}
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		msg := httpMessages[he.Code]
		if msg == "" {
			msg = http.StatusText(he.Code)
		}
		return he.Code, errorsBody{Errors: []apiError{{Message: msg}}}
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
	return status, errorsBody{Errors: list}
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

// isJSONRequest reports whether errors for r are answered as JSON: the API, the health
// check, the metrics and every .json document; everything else is a page.
func isJSONRequest(r *http.Request) bool {
	p := r.URL.Path
	return strings.HasPrefix(p, "/api/") || p == "/healthz" || p == "/metrics" || strings.HasSuffix(p, ".json")
}

// isPageRequest reports whether r is served outside the JSON API and the health check;
// such responses compress themselves (the questionnaire from pre-compressed halves, the
// results document from its cache), so the gzip middleware leaves them alone.
func isPageRequest(r *http.Request) bool {
	p := r.URL.Path
	return !strings.HasPrefix(p, "/api/") && p != "/healthz"
}
