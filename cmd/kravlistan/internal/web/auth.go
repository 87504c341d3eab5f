package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"net/url"
	"slices"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// Sign-in for the organiser workspace under /admin.
//
// A session is a random token in the cookie sessionCookie (HttpOnly, SameSite=Lax, Secure
// when the request came over HTTPS, path /admin); the database keeps only its SHA-256,
// the account, a per-session CSRF token and two times. A session ends after sessionLimits.Idle
// without use or sessionLimits.Absolute after sign-in, at sign-out, and when the account's
// password is reset or the account is disabled.
//
// For handlers of other /admin pages:
//
//   - Put routes in the admin group in routes.go; it runs requireUser, so handlers can rely
//     on userOf(c) and sessionOf(c). Limit a route to admins with requireRole(survey.RoleAdmin).
//   - Every state-changing request (anything but GET, HEAD, OPTIONS) must carry the
//     session's CSRF token, in the form field "csrf" (templates: {{template "csrf" .CSRF}},
//     or {{template "csrf" $.CSRF}} inside range) or the X-CSRF-Token header (for fetch).
//     requireUser refuses a missing or wrong token with 403 before the handler runs; it does
//     not trust Sec-Fetch-Site or Origin alone.
//   - Load a campaign with campaignFor(c, st): it reads :slug and answers 404 for a campaign
//     the user may not see, exactly as for one that does not exist.
const (
	sessionCookie = "kravlistan_session"
	loginCookie   = "kravlistan_login"
	csrfField     = "csrf"
	csrfHeader    = "X-CSRF-Token"
)

// sessionLimits are the idle and absolute lifetimes of a session.
var sessionLimits = survey.SessionLimits{Idle: 2 * time.Hour, Absolute: 12 * time.Hour}

func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// setCookie sets an HttpOnly cookie under /admin, Secure when the request is HTTPS.
// maxAge < 0 deletes it; 0 makes a browser-session cookie.
func setCookie(c echo.Context, name, value string, maxAge int, sameSite http.SameSite) {
	c.SetCookie(&http.Cookie{Name: name, Value: value, Path: "/admin", MaxAge: maxAge, HttpOnly: true,
		Secure: c.Scheme() == "https", SameSite: sameSite})
}

// requireUser lets a request through only with a live session (and, when roles are given,
// one of those roles) and, for state-changing methods, the session's CSRF token. Without a
// session a GET is sent to the sign-in page and anything else gets 403.
func requireUser(st survey.Store, now func() time.Time, roles ...survey.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			ss, err := currentSession(c, st, now)
			if err != nil {
				return err
			}
			r := c.Request()
			if ss == nil {
				if r.Method == http.MethodGet || r.Method == http.MethodHead {
					return c.Redirect(http.StatusSeeOther, "/admin/login?next="+url.QueryEscape(r.URL.RequestURI()))
				}
				return &view.PageError{Status: http.StatusForbidden, Key: "org.err.signin", LinkHref: "/admin/login", LinkKey: "org.login.title"}
			}
			if len(roles) > 0 && !slices.Contains(roles, ss.User.Role) {
				return &view.PageError{Status: http.StatusForbidden, Key: "org.err.role", LinkHref: "/admin", LinkKey: "org.nav.campaigns"}
			}
			if ss.User.IsCaller() && !callerRoutes[c.Path()] {
				// A caller only records telephone answers (admin_call.go); the workspace's
				// start page sends it there, everything else is refused.
				if (c.Path() == "/admin" || c.Path() == "/admin/") && safeMethod(r.Method) {
					return c.Redirect(http.StatusSeeOther, "/admin/call")
				}
				return &view.PageError{Status: http.StatusForbidden, Key: "call.refused", LinkHref: "/admin/call", LinkKey: "call.title"}
			}
			if !safeMethod(r.Method) && !csrfOK(c, ss.CSRF) {
				return &view.PageError{Status: http.StatusForbidden, Key: "org.err.csrf", LinkHref: "/admin", LinkKey: "org.nav.campaigns"}
			}
			c.Set("session", ss)
			return next(c)
		}
	}
}

// requireRole refuses users without one of roles with 403; use it after requireUser.
func requireRole(roles ...survey.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if u := userOf(c); u == nil || !slices.Contains(roles, u.Role) {
				return &view.PageError{Status: http.StatusForbidden, Key: "org.err.role", LinkHref: "/admin", LinkKey: "org.nav.campaigns"}
			}
			return next(c)
		}
	}
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// csrfOK compares the request's token with want in constant time.
func csrfOK(c echo.Context, want string) bool {
	got := c.Request().Header.Get(csrfHeader)
	if got == "" {
		got = c.FormValue(csrfField)
	}
	return got != "" && want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// currentSession returns the request's live session, or nil when there is none.
func currentSession(c echo.Context, st survey.Store, now func() time.Time) (*survey.Session, error) {
	ck, err := c.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		return nil, nil
	}
	ss, err := st.Session(c.Request().Context(), tokenHash(ck.Value), now(), sessionLimits)
	if err == survey.ErrNoSession {
		setCookie(c, sessionCookie, "", -1, http.SameSiteLaxMode)
		return nil, nil
	}
	return ss, err
}

// sessionOf returns the session requireUser found; nil outside the admin group.
func sessionOf(c echo.Context) *survey.Session {
	ss, _ := c.Get("session").(*survey.Session)
	return ss
}

// userOf returns the signed-in account; nil outside the admin group.
func userOf(c echo.Context) *survey.User {
	if ss := sessionOf(c); ss != nil {
		return &ss.User
	}
	return nil
}

// csrfToken returns the token forms must send back in the "csrf" field.
func csrfToken(c echo.Context) string {
	if ss := sessionOf(c); ss != nil {
		return ss.CSRF
	}
	return ""
}

// errNoCampaign is what anyone gets for a campaign they may not see: the same 404 as for
// one that does not exist, so slugs of other organisers' campaigns are not revealed.
var errNoCampaign = &view.PageError{Status: http.StatusNotFound, Key: "err.notfound", LinkHref: "/admin", LinkKey: "org.nav.campaigns"}

// canAccess returns nil when the signed-in user may work on camp, else errNoCampaign.
func canAccess(c echo.Context, st survey.Store, camp *survey.Campaign) error {
	u := userOf(c)
	if u == nil {
		return errNoCampaign
	}
	ok, err := st.CanAccess(c.Request().Context(), u, camp.ID)
	if err != nil {
		return err
	}
	if !ok {
		return errNoCampaign
	}
	return nil
}

// campaignFor loads the campaign named by the :slug parameter, fresh from the database,
// for a user who may work on it; otherwise 404. The result is the caller's own copy.
func campaignFor(c echo.Context, st survey.Store) (*survey.Campaign, error) {
	camp, err := st.CampaignDoc(c.Request().Context(), c.Param("slug"))
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		return nil, errNoCampaign
	} else if err != nil {
		return nil, err
	}
	if err := canAccess(c, st, camp); err != nil {
		return nil, err
	}
	return camp, nil
}

// adminMaxBody bounds every request body in the workspace (campaign files, spreadsheets).
const adminMaxBody = 8 << 20

// adminBodyLimit refuses bodies over max with 413, both by the announced length and, for
// bodies that lie about it, while reading (Echo's BodyLimit alone can be bypassed).
func adminBodyLimit(max int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			if r.ContentLength > max {
				return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
			}
			r.Body = http.MaxBytesReader(c.Response(), r.Body, max)
			return next(c)
		}
	}
}
