package main

import (
	"context"
	"crypto/tls"
	"io"
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
	pw := generatePassword()
	if _, err := st.CreateUser(context.Background(), name, role, hashPassword(pw)); err != nil {
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
