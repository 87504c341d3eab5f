package web

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"
)

// Options are the settings of the HTTP layer. The zero value is what tests use:
// no rate limit, client address from the connection.
type Options struct {
	// RateLimit is how many POST requests per second one client address may send
	// (bursts up to 10× that); 0 turns the limit off.
	RateLimit float64
	// TrustProxy takes the client address from X-Forwarded-For. Only set it behind a
	// reverse proxy that overwrites that header, or clients can dodge the rate limit.
	TrustProxy bool
	// PublicURL is the scheme and host members reach the service at, for the links and QR
	// codes on posters; "" takes them from each organiser's request.
	PublicURL string
	// MetricsAllow are the networks /metrics answers (nil: loopback only).
	MetricsAllow []*net.IPNet
}

// useCommon installs the middleware every route shares: request id, logging, metrics,
// security headers and the per-address rate limit on submissions.
func useCommon(e *echo.Echo, logger *slog.Logger, m *Metrics, o Options) {
	// Echo trusts X-Forwarded-For and X-Forwarded-Proto from loopback and private
	// addresses by default; without -trust-proxy neither is trusted from anyone, so no
	// client can claim another address or HTTPS (Secure cookies, HSTS).
	if o.TrustProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
		e.SchemeExtractor = echo.ExtractSchemeFromHeaders()
	} else {
		e.IPExtractor = echo.ExtractIPDirect()
		e.SchemeExtractor = echo.ExtractSchemeDirect()
	}
	e.Use(requestID())
	e.Use(requestLog(logger, m))
	e.Use(securityHeaders())
	if o.RateLimit > 0 {
		e.Use(middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
			Skipper: func(c echo.Context) bool { return c.Request().Method != http.MethodPost },
			Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
				Rate: rate.Limit(o.RateLimit), Burst: int(10 * o.RateLimit), ExpiresIn: 3 * time.Minute}),
			// The address is only held in memory for the limit and never logged or stored.
			IdentifierExtractor: func(c echo.Context) (string, error) { return c.RealIP(), nil },
			DenyHandler: func(c echo.Context, _ string, _ error) error {
				c.Response().Header().Set("Retry-After", "5")
				return echo.NewHTTPError(http.StatusTooManyRequests)
			},
		}))
	}
}

// requestID gives every request a random id, sent back as X-Request-ID and put on every
// log line about it. A client-sent id is ignored: it could be used to track a member.
func requestID() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			var b [8]byte
			rand.Read(b[:])
			c.Response().Header().Set(echo.HeaderXRequestID, hex.EncodeToString(b[:]))
			return next(c)
		}
	}
}

// reqID returns the id requestID gave this request.
func reqID(c echo.Context) string { return c.Response().Header().Get(echo.HeaderXRequestID) }

// requestLog logs one line per request: request id, method, route pattern, status and
// duration, and counts it in the metrics. It never logs the client's address, user
// agent, query string or body.
func requestLog(logger *slog.Logger, m *Metrics) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			status := c.Response().Status
			dur := time.Since(start)
			route := c.Path()
			if route == "" {
				route = "unmatched"
			}
			if m != nil {
				m.observeRequest(c.Request().Method, route, status, dur)
			}
			lvl := slog.LevelInfo
			if status >= 500 {
				lvl = slog.LevelError
			}
			logger.Log(c.Request().Context(), lvl, "request", "request_id", reqID(c), "method", c.Request().Method,
				"route", route, "status", status, "dur", dur.Round(time.Microsecond))
			return nil
		}
	}
}

// contentSecurityPolicy allows only this host's own scripts, styles and images: no inline
// script, no third party, no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

func securityHeaders() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			h.Set("Content-Security-Policy", contentSecurityPolicy)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "no-referrer")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			if c.Scheme() == "https" {
				h.Set("Strict-Transport-Security", "max-age=31536000")
			}
			return next(c)
		}
	}
}

// statusClass keeps the metric's label set small and stable.
func statusClass(status int) string {
	if status == 0 {
		return "0"
	}
	return strconv.Itoa(status)
}

// routeLabel keeps unmatched paths from creating a label per URL.
func routeLabel(route string) string {
	if !strings.HasPrefix(route, "/") {
		return "unmatched"
	}
	return route
}
