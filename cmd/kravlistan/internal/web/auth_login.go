package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// setupMaxAge is how long the first-admin setup link works after the server started.
const setupMaxAge = 24 * time.Hour

// loginPage is the data of static/tmpl/admin_login.html.
type loginPage struct {
	view.Page
	CSRF    string
	Name    string
	Next    string
	Error   string
	NoUsers bool
}

// signInHandlers holds what the sign-in handlers share: the store, the pages and the throttle.
type signInHandlers struct {
	st     survey.Store
	v      *view.Engine
	th     *throttle
	key    *signingKey // signs the sign-in form's anti-forgery token
	logger *slog.Logger
	now    func() time.Time
}

func newSignInHandlers(st survey.Store, v *view.Engine, c counters, logger *slog.Logger, now func() time.Time) *signInHandlers {
	return &signInHandlers{st: st, v: v, th: newThrottle(c, "", now), logger: logger, now: now, key: newSigningKey(st, "login-form")}
}

// The sign-in and setup forms are small: a body over loginMaxBody is refused (413) before
// it is read, and a name or password over these lengths before any other work.
const (
	loginMaxBody     = 16 << 10
	maxNameBytes     = 256 // survey.ValidUserName allows 64 characters of up to 4 bytes
	maxPasswordBytes = 1024
)

// loginToken returns the anti-forgery token of the sign-in form, kept in a short-lived
// cookie (double submit, as a session does not exist yet). The token is a random value
// signed with the server's key (shared by every instance on one PostgreSQL database), so a
// value a client (or a page on a sibling host) sets in the cookie itself is refused.
func (s *signInHandlers) loginToken(c echo.Context) (string, error) {
	if ck, err := c.Cookie(loginCookie); err == nil && s.validLoginToken(ck.Value) {
		return ck.Value, nil
	}
	nonce := randomToken(24)
	mac, err := s.sign(nonce)
	if err != nil {
		return "", err
	}
	tok := nonce + "." + mac
	setCookie(c, loginCookie, tok, 3600, http.SameSiteStrictMode)
	return tok, nil
}

// sign returns the base64url HMAC-SHA256 of v under the server's key.
func (s *signInHandlers) sign(v string) (string, error) {
	key, err := s.key.get()
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(v))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)), nil
}

// validLoginToken reports whether tok is a token this server signed.
func (s *signInHandlers) validLoginToken(tok string) bool {
	nonce, mac, ok := strings.Cut(tok, ".")
	if !ok || len(tok) >= 200 {
		return false
	}
	want, err := s.sign(nonce)
	return err == nil && hmac.Equal([]byte(mac), []byte(want))
}

// safeNext keeps a post-sign-in redirect inside the workspace.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/admin") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") ||
		strings.HasPrefix(next, "/admin/login") || strings.HasPrefix(next, "/admin/setup") {
		return "/admin"
	}
	return next
}

func (s *signInHandlers) renderLogin(c echo.Context, status int, name, next, errKey string, args ...any) error {
	p := newAdminPageFor(s.v, c, "/admin/login")
	tok, err := s.loginToken(c)
	if err != nil {
		return err
	}
	data := loginPage{Page: p, CSRF: tok, Name: name, Next: safeNext(next)}
	if errKey != "" {
		data.Error = s.v.T(p.Lang, errKey, args...)
	}
	if n, err := s.st.CountUsers(c.Request().Context()); err == nil && n == 0 {
		data.NoUsers = true
	}
	return adminRender(s.v, c, status, "admin_login", data)
}

// showLogin handles GET /admin/login.
func (s *signInHandlers) showLogin(c echo.Context) error {
	if ss, err := currentSession(c, s.st, s.now); err == nil && ss != nil {
		return c.Redirect(http.StatusSeeOther, safeNext(c.QueryParam("next")))
	}
	return s.renderLogin(c, http.StatusOK, "", c.QueryParam("next"), "")
}

// login handles POST /admin/login: check the form token, the throttle, then the password.
// A wrong name and a wrong password give the same answer in about the same time.
func (s *signInHandlers) login(c echo.Context) error {
	ck, err := c.Cookie(loginCookie)
	if err != nil || !s.validLoginToken(ck.Value) || !csrfOK(c, ck.Value) {
		return &view.PageError{Status: http.StatusForbidden, Key: "org.err.csrf", LinkHref: "/admin/login", LinkKey: "org.login.title"}
	}
	name := strings.TrimSpace(c.FormValue("name"))
	pw := c.FormValue("password")
	next := c.FormValue("next")
	address := addressKey(c.RealIP())
	keys := []string{address}
	// A name that cannot exist is not remembered: it would only fill the table.
	valid := len(name) <= maxNameBytes && len(pw) <= maxPasswordBytes && survey.ValidUserName(name)
	if valid {
		keys = append(keys, accountKey(name))
	}
	wait, err := s.th.attempt(c.Request().Context(), keys...)
	if err != nil {
		return err
	}
	if wait > 0 {
		secs := int(math.Ceil(wait.Seconds()))
		c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
		return s.renderLogin(c, http.StatusTooManyRequests, shortName(name), next, "org.login.wait", secs)
	}
	if !valid {
		return s.renderLogin(c, http.StatusUnauthorized, shortName(name), next, "org.login.wrong")
	}
	ctx := c.Request().Context()
	u, hash, err := s.st.UserByName(ctx, name)
	if err != nil && survey.ErrorCode(err) != survey.ENOTFOUND {
		return err
	}
	if u == nil {
		hash = dummyHash()
	}
	if !CheckPassword(hash, pw) || u == nil || u.Disabled {
		return s.renderLogin(c, http.StatusUnauthorized, name, next, "org.login.wrong")
	}
	if err := s.th.succeeded(ctx, accountKey(name), address); err != nil {
		return err
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, safeNext(next))
}

// shortName is what the sign-in form shows again of a typed name: nothing of one too long
// to be a name.
func shortName(name string) string {
	if len(name) > maxNameBytes {
		return ""
	}
	return name
}

// startSession stores a new session for u and sets its cookie.
func (s *signInHandlers) startSession(c echo.Context, u *survey.User) error {
	tok := randomToken(32)
	if err := s.st.CreateSession(c.Request().Context(), tokenHash(tok), u.ID, randomToken(32), s.now()); err != nil {
		return err
	}
	setCookie(c, sessionCookie, tok, int(sessionLimits.Absolute.Seconds()), http.SameSiteLaxMode)
	setCookie(c, loginCookie, "", -1, http.SameSiteStrictMode)
	return nil
}

// logout handles POST /admin/logout (in the admin group, so CSRF-checked).
func (s *signInHandlers) logout(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil {
		if err := s.st.DeleteSession(c.Request().Context(), tokenHash(ck.Value)); err != nil {
			return err
		}
	}
	setCookie(c, sessionCookie, "", -1, http.SameSiteLaxMode)
	return c.Redirect(http.StatusSeeOther, "/admin/login?out=1")
}

// setupPage is the data of static/tmpl/admin_setup.html.
type setupPage struct {
	view.Page
	Token string
	Name  string
	Errs  view.FormErrors
}

// showSetup handles GET /admin/setup?token=…: the form that makes the first admin.
func (s *signInHandlers) showSetup(c echo.Context) error {
	tok := c.QueryParam("token")
	ok, err := s.st.SetupTokenValid(c.Request().Context(), tokenHash(tok), s.now(), setupMaxAge)
	if err != nil {
		return err
	}
	if !ok {
		return &view.PageError{Status: http.StatusNotFound, Key: "org.err.setup", LinkHref: "/admin/login", LinkKey: "org.login.title"}
	}
	p := newAdminPageFor(s.v, c, "/admin/setup")
	p.Langs = nil // the switch would drop the token from the link
	return adminRender(s.v, c, http.StatusOK, "admin_setup", setupPage{Page: p, Token: tok})
}

// setup handles POST /admin/setup: create the first admin and sign them in. The token in
// the form is the secret; it works once.
func (s *signInHandlers) setup(c echo.Context) error {
	tok := c.FormValue("token")
	name := strings.TrimSpace(c.FormValue("name"))
	pw, pw2 := c.FormValue("password"), c.FormValue("password2")
	p := newAdminPageFor(s.v, c, "/admin/setup")
	p.Langs = nil
	errs := view.FormErrors{}
	if err := survey.CheckUser(name, survey.RoleAdmin); err != nil {
		errs.AddErr(p.Lang, err)
	}
	if len(name) > maxNameBytes {
		name = ""
	}
	if len(pw) > maxPasswordBytes {
		errs.Add("password", s.v.T(p.Lang, "org.setup.long", maxPasswordBytes))
	} else if len([]rune(pw)) < minPasswordLen {
		errs.Add("password", s.v.T(p.Lang, "org.setup.short", minPasswordLen))
	} else if pw != pw2 {
		errs.Add("password2", s.v.T(p.Lang, "org.setup.mismatch"))
	}
	if len(errs) > 0 {
		return adminRender(s.v, c, http.StatusUnprocessableEntity, "admin_setup", setupPage{Page: p, Token: tok, Name: name, Errs: errs})
	}
	u, err := s.st.UseSetupToken(c.Request().Context(), tokenHash(tok), s.now(), setupMaxAge, name, HashPassword(pw))
	if errors.Is(err, survey.ErrSetupUsed) {
		return &view.PageError{Status: http.StatusNotFound, Key: "org.err.setup", LinkHref: "/admin/login", LinkKey: "org.login.title"}
	} else if err != nil {
		return err
	}
	s.logger.Info("first admin created", "user", u.Name)
	if err := s.startSession(c, u); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin")
}
