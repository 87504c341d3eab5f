package web

import (
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/labstack/echo/v4"
)

// testClock is a settable clock for the store, so tests can age sessions.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// adminTestServer is apiTestServer with a settable clock, an admin "ada" and an organiser
// "olle" (passwords returned in that order).
func adminTestServer(t *testing.T) (*echo.Echo, *sqlite.Store, *testClock, string, string) {
	t.Helper()
	e, st := apiTestServer(t)
	clock := &testClock{t: time.Now()}
	st.Now = clock.Now
	return e, st, clock, addUser(t, st, "ada", survey.RoleAdmin), addUser(t, st, "olle", survey.RoleOrganiser)
}

func addUser(t *testing.T, st *sqlite.Store, name string, role survey.Role) string {
	t.Helper()
	pw := GeneratePassword()
	if _, err := st.CreateUser(context.Background(), name, role, HashPassword(pw)); err != nil {
		t.Fatal(err)
	}
	return pw
}

// browserClient keeps cookies and the CSRF token like a browser would.
type browserClient struct {
	t       *testing.T
	e       http.Handler
	cookies map[string]*http.Cookie
	csrf    string
}

func newClient(t *testing.T, e http.Handler) *browserClient {
	return &browserClient{t: t, e: e, cookies: map[string]*http.Cookie{}}
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// do sends a request with the client's cookies and keeps the cookies it sets. hdr are
// header name, value pairs.
func (b *browserClient) do(method, path, ctype string, body io.Reader, hdr ...string) *httptest.ResponseRecorder {
	b.t.Helper()
	req := httptest.NewRequest(method, path, body)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.e.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	if m := csrfRE.FindStringSubmatch(rec.Body.String()); m != nil {
		b.csrf = m[1]
	}
	return rec
}

func (b *browserClient) get(path string) *httptest.ResponseRecorder {
	b.t.Helper()
	return b.do(http.MethodGet, path, "", nil)
}

// post sends form with the client's current CSRF token added.
func (b *browserClient) post(path string, form url.Values) *httptest.ResponseRecorder {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if form.Get("csrf") == "" {
		form.Set("csrf", b.csrf)
	}
	return b.do(http.MethodPost, path, formType, strings.NewReader(form.Encode()))
}

// signIn returns a client signed in as name.
func signIn(t *testing.T, e http.Handler, name, pw string) *browserClient {
	t.Helper()
	b := newClient(t, e)
	b.get("/admin/login")
	rec := b.post("/admin/login", url.Values{"name": {name}, "password": {pw}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d\n%s", name, rec.Code, rec.Body)
	}
	if rec := b.get("/admin"); rec.Code != http.StatusOK {
		t.Fatalf("GET /admin after sign-in: %d", rec.Code)
	}
	return b
}

func wantStatus(t *testing.T, rec *httptest.ResponseRecorder, status int, contains ...string) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d\n%s", rec.Code, status, rec.Body)
	}
	for _, s := range contains {
		if !strings.Contains(rec.Body.String(), s) {
			t.Fatalf("body lacks %q:\n%s", s, rec.Body)
		}
	}
}

func TestSignIn(t *testing.T) {
	e, _, _, adaPW, _ := adminTestServer(t)
	t.Run("RedirectWithoutSession", func(t *testing.T) {
		rec := get(e, "/admin/campaigns/demo")
		wantStatus(t, rec, http.StatusSeeOther)
		if loc := rec.Header().Get("Location"); loc != "/admin/login?next=%2Fadmin%2Fcampaigns%2Fdemo" {
			t.Errorf("Location %q", loc)
		}
	})
	t.Run("WrongPassword", func(t *testing.T) {
		b := newClient(t, e)
		b.get("/admin/login")
		rec := b.post("/admin/login", url.Values{"name": {"ada"}, "password": {"nope"}})
		wantStatus(t, rec, http.StatusUnauthorized, "Fel användarnamn eller lösenord", `value="ada"`)
		if b.cookies[sessionCookie] != nil {
			t.Error("a session cookie was set")
		}
	})
	t.Run("UnknownNameSameAnswer", func(t *testing.T) {
		b := newClient(t, e)
		b.get("/admin/login")
		wantStatus(t, b.post("/admin/login", url.Values{"name": {"nobody"}, "password": {"x"}}), http.StatusUnauthorized, "Fel användarnamn eller lösenord")
	})
	t.Run("LoginWithoutFormToken", func(t *testing.T) {
		b := newClient(t, e)
		rec := b.post("/admin/login", url.Values{"name": {"ada"}, "password": {adaPW}})
		wantStatus(t, rec, http.StatusForbidden)
	})
	t.Run("CookieFlags", func(t *testing.T) {
		b := signIn(t, e, "ada", adaPW)
		c := b.cookies[sessionCookie]
		if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure {
			t.Fatalf("cookie %+v", c)
		}
		req := httptest.NewRequest(http.MethodGet, "/admin/login", nil)
		req.TLS = &tls.ConnectionState{}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		for _, c := range rec.Result().Cookies() {
			if !c.Secure {
				t.Errorf("cookie %s over HTTPS is not Secure", c.Name)
			}
		}
	})
	t.Run("Logout", func(t *testing.T) {
		b := signIn(t, e, "ada", adaPW)
		old := *b.cookies[sessionCookie]
		wantStatus(t, b.post("/admin/logout", nil), http.StatusSeeOther)
		wantStatus(t, b.get("/admin"), http.StatusSeeOther)
		// The old token is dead on the server too, not just deleted in the browser.
		b.cookies[sessionCookie] = &old
		wantStatus(t, b.get("/admin"), http.StatusSeeOther)
	})
}

func TestCSRF(t *testing.T) {
	e, st, _, adaPW, _ := adminTestServer(t)
	b := signIn(t, e, "ada", adaPW)
	form := func(tok string) *strings.Reader {
		return strings.NewReader(url.Values{"csrf": {tok}, "to": {"closed"}}.Encode())
	}
	// A wrong token differs in its first character (a token that starts with x must not
	// become itself).
	wrong := "x" + b.csrf[1:]
	if b.csrf[0] == 'x' {
		wrong = "y" + b.csrf[1:]
	}
	for _, tc := range []struct {
		name, token string
		hdr         []string
	}{
		{"Missing", "", nil},
		{"MissingSameOrigin", "", []string{"Sec-Fetch-Site", "same-origin", "Origin", "http://example.com"}},
		{"Wrong", wrong, nil},
		{"WrongSameOrigin", wrong, []string{"Sec-Fetch-Site", "same-origin"}},
		{"OtherSessionsToken", signIn(t, e, "ada", adaPW).csrf, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := b.do(http.MethodPost, "/admin/campaigns/demo/state", formType, form(tc.token), tc.hdr...)
			wantStatus(t, rec, http.StatusForbidden, "säkerhetskod")
			if c, _ := st.CampaignDoc(context.Background(), "demo"); c.State != survey.StateOpen {
				t.Fatal("state changed")
			}
		})
	}
	t.Run("Header", func(t *testing.T) {
		rec := b.do(http.MethodPost, "/admin/campaigns/demo/state", formType, strings.NewReader("to=closed"), csrfHeader, b.csrf)
		wantStatus(t, rec, http.StatusSeeOther)
	})
	t.Run("LogoutNeedsToken", func(t *testing.T) {
		wantStatus(t, b.do(http.MethodPost, "/admin/logout", formType, strings.NewReader("")), http.StatusForbidden)
	})
	t.Run("NoSessionPost", func(t *testing.T) {
		wantStatus(t, do(e, http.MethodPost, "/admin/campaigns/demo/state", formType, "to=open"), http.StatusForbidden)
	})
}

func TestSessionExpiry(t *testing.T) {
	e, _, clock, adaPW, _ := adminTestServer(t)
	t.Run("Idle", func(t *testing.T) {
		b := signIn(t, e, "ada", adaPW)
		clock.add(sessionLimits.Idle - time.Minute)
		wantStatus(t, b.get("/admin"), http.StatusOK) // use refreshes the idle timer
		clock.add(sessionLimits.Idle - time.Minute)
		wantStatus(t, b.get("/admin"), http.StatusOK)
		clock.add(sessionLimits.Idle + time.Second)
		wantStatus(t, b.get("/admin"), http.StatusSeeOther)
	})
	t.Run("Absolute", func(t *testing.T) {
		b := signIn(t, e, "ada", adaPW)
		for d := time.Duration(0); d < sessionLimits.Absolute; d += time.Hour {
			clock.add(time.Hour)
			if d+time.Hour < sessionLimits.Absolute {
				wantStatus(t, b.get("/admin"), http.StatusOK)
			}
		}
		clock.add(time.Second)
		wantStatus(t, b.get("/admin"), http.StatusSeeOther)
	})
}

func TestSignInThrottle(t *testing.T) {
	e, _, clock, adaPW, ollePW := adminTestServer(t)
	b := newClient(t, e)
	b.get("/admin/login")
	for i := 0; i < freeAttemptsAccount; i++ {
		wantStatus(t, b.post("/admin/login", url.Values{"name": {"ada"}, "password": {"fel"}}), http.StatusUnauthorized)
	}
	// Even the right password waits now; another account from the same address does not.
	rec := b.post("/admin/login", url.Values{"name": {"ada"}, "password": {adaPW}})
	wantStatus(t, rec, http.StatusTooManyRequests, "Vänta")
	if rec.Header().Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	wantStatus(t, b.post("/admin/login", url.Values{"name": {"olle"}, "password": {ollePW}}), http.StatusSeeOther)
	clock.add(2 * time.Second)
	b2 := newClient(t, e)
	b2.get("/admin/login")
	wantStatus(t, b2.post("/admin/login", url.Values{"name": {"ada"}, "password": {adaPW}}), http.StatusSeeOther)
}

func TestSetupLink(t *testing.T) {
	ctx := context.Background()
	e, st := apiTestServer(t)
	var logs strings.Builder
	if err := AnnounceSetup(ctx, st, slogTo(&logs), "http://localhost:8080", st.Now); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`url=(\S+)`).FindStringSubmatch(logs.String())
	if m == nil {
		t.Fatalf("no link logged: %s", logs.String())
	}
	path := strings.TrimPrefix(strings.Trim(m[1], `"`), "http://localhost:8080")
	tok := strings.TrimPrefix(path, "/admin/setup?token=")
	wantStatus(t, get(e, "/admin/setup?token=wrong"), http.StatusNotFound)
	b := newClient(t, e)
	wantStatus(t, b.get(path), http.StatusOK, "Skapa det första")
	rec := b.post("/admin/setup", url.Values{"token": {tok}, "name": {"ada"}, "password": {"kort"}, "password2": {"kort"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity, "minst 12 tecken", `value="ada"`)
	pw := "ett långt lösenord"
	wantStatus(t, b.post("/admin/setup", url.Values{"token": {tok}, "name": {"ada"}, "password": {pw}, "password2": {pw}}), http.StatusSeeOther)
	wantStatus(t, b.get("/admin"), http.StatusOK, "Inloggad som ada", "/admin/users")
	// Single use: the same link again, and a new link while an account exists, fail.
	b2 := newClient(t, e)
	wantStatus(t, b2.post("/admin/setup", url.Values{"token": {tok}, "name": {"eve"}, "password": {pw}, "password2": {pw}}), http.StatusNotFound)
	wantStatus(t, b2.get(path), http.StatusNotFound)
	logs.Reset()
	AnnounceSetup(ctx, st, slogTo(&logs), "http://x", st.Now)
	if logs.Len() != 0 {
		t.Errorf("setup link logged with an account present: %s", logs.String())
	}
	if n, _ := st.CountUsers(ctx); n != 1 {
		t.Fatal(n)
	}
	signIn(t, e, "ada", pw)
}

func slogTo(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

func TestUsersPage(t *testing.T) {
	e, _, _, adaPW, ollePW := adminTestServer(t)
	olle := signIn(t, e, "olle", ollePW)
	wantStatus(t, olle.get("/admin/users"), http.StatusForbidden)
	wantStatus(t, olle.post("/admin/users", url.Values{"name": {"x"}, "role": {"admin"}}), http.StatusForbidden)
	ada := signIn(t, e, "ada", adaPW)
	wantStatus(t, ada.post("/admin/users", url.Values{"name": {"OLLE"}, "role": {"organiser"}}), http.StatusUnprocessableEntity, "används redan", `value="OLLE"`)
	wantStatus(t, ada.post("/admin/users", url.Values{"name": {"bo b"}, "role": {"chef"}}), http.StatusUnprocessableEntity, "admin, organiser eller caller")
	rec := ada.post("/admin/users", url.Values{"name": {"stina"}, "role": {"organiser"}})
	wantStatus(t, rec, http.StatusOK, "Lösenordet visas bara nu")
	pw := regexp.MustCompile(`class="secret">([^<]+)<`).FindStringSubmatch(rec.Body.String())[1]
	signIn(t, e, "stina", pw)
	// A reset signs olle out everywhere and gives a working new password.
	rec = ada.post("/admin/users/olle/passwd", nil)
	wantStatus(t, rec, http.StatusOK)
	wantStatus(t, olle.get("/admin"), http.StatusSeeOther)
	newPW := regexp.MustCompile(`class="secret">([^<]+)<`).FindStringSubmatch(rec.Body.String())[1]
	olle = signIn(t, e, "olle", newPW)
	wantStatus(t, ada.post("/admin/users/olle/disable", url.Values{"on": {"1"}}), http.StatusSeeOther)
	wantStatus(t, olle.get("/admin"), http.StatusSeeOther)
	b := newClient(t, e)
	b.get("/admin/login")
	wantStatus(t, b.post("/admin/login", url.Values{"name": {"olle"}, "password": {newPW}}), http.StatusUnauthorized)
	wantStatus(t, ada.post("/admin/users/ada/disable", url.Values{"on": {"1"}}), http.StatusUnprocessableEntity)
}

func TestAccessGrant(t *testing.T) {
	e, _, _, adaPW, ollePW := adminTestServer(t)
	ada, olle := signIn(t, e, "ada", adaPW), signIn(t, e, "olle", ollePW)
	wantStatus(t, olle.get("/admin/campaigns/demo"), http.StatusNotFound)
	rec := ada.get("/admin/campaigns/demo")
	id := regexp.MustCompile(`<option value="(\d+)">olle</option>`).FindStringSubmatch(rec.Body.String())
	if id == nil {
		t.Fatal("olle not offered")
	}
	wantStatus(t, ada.post("/admin/campaigns/demo/access", url.Values{"user": {id[1]}, "action": {"grant"}}), http.StatusSeeOther)
	wantStatus(t, olle.get("/admin/campaigns/demo"), http.StatusOK)
	wantStatus(t, olle.get("/admin"), http.StatusOK, "/admin/campaigns/demo")
	// Olle may work on it but not hand it on.
	wantStatus(t, olle.post("/admin/campaigns/demo/access", url.Values{"user": {id[1]}, "action": {"revoke"}}), http.StatusForbidden)
	wantStatus(t, ada.post("/admin/campaigns/demo/access", url.Values{"user": {id[1]}, "action": {"revoke"}}), http.StatusSeeOther)
	wantStatus(t, olle.get("/admin/campaigns/demo/export.json"), http.StatusNotFound)
}
