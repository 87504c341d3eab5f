package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"kravlistan/report"
	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/labstack/echo/v4"
)

func hardenedServer(t *testing.T, o Options, logs io.Writer) *echo.Echo {
	t.Helper()
	st, err := sqlite.OpenWith(context.Background(), filepath.Join(t.TempDir(), "k.db"), sqlite.Options{Tallier: report.Tallies{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.CreateCampaign(context.Background(), survey.Demo()); err != nil {
		t.Fatal(err)
	}
	e := newTestServer(t, st, slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})), o)
	return e
}

func TestSecurityHeaders(t *testing.T) {
	e := hardenedServer(t, Options{}, io.Discard)
	for _, path := range []string{"/healthz", "/api/v1/campaigns/demo", "/s/demo", "/nope"} {
		rec := do(e, "GET", path, "", "")
		h := rec.Header()
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: headers %v", path, h)
		}
		if len(h.Get("X-Request-ID")) != 16 {
			t.Errorf("%s: request id %q", path, h.Get("X-Request-ID"))
		}
		if h.Get("Set-Cookie") != "" {
			t.Errorf("%s sets a cookie", path)
		}
	}
}

func TestRateLimit(t *testing.T) {
	e := hardenedServer(t, Options{RateLimit: 1}, io.Discard)
	post := func(remote, xff string) int {
		req := httptest.NewRequest("POST", "/api/v1/campaigns/demo/responses", strings.NewReader(`{"ranking":["heltid"]}`))
		req.Header.Set("Content-Type", jsonType)
		req.RemoteAddr = remote + ":5555"
		if xff != "" {
			req.Header.Set("X-Forwarded-For", xff)
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		return rec.Code
	}
	// Burst of 10, then refused.
	var codes []int
	for i := 0; i < 12; i++ {
		codes = append(codes, post("198.51.100.7", ""))
	}
	if codes[0] != 201 || codes[9] != 201 || codes[11] != 429 {
		t.Fatalf("codes %v", codes)
	}
	// Without -trust-proxy a forged X-Forwarded-For does not dodge the limit.
	if c := post("198.51.100.7", "203.0.113.9"); c != 429 {
		t.Errorf("forged header got %d", c)
	}
	// Another address is not affected; GETs are never limited.
	if c := post("198.51.100.8", ""); c != 201 {
		t.Errorf("other address got %d", c)
	}
	if rec := do(e, "GET", "/api/v1/campaigns/demo", "", ""); rec.Code != 200 {
		t.Errorf("GET limited: %d", rec.Code)
	}

	t.Run("TrustProxy", func(t *testing.T) {
		e := hardenedServer(t, Options{RateLimit: 1, TrustProxy: true}, io.Discard)
		for i := 0; i < 10; i++ {
			req := httptest.NewRequest("POST", "/api/v1/campaigns/demo/responses", strings.NewReader(`{"ranking":["heltid"]}`))
			req.Header.Set("Content-Type", jsonType)
			req.RemoteAddr = "127.0.0.1:5555"
			req.Header.Set("X-Forwarded-For", "203.0.113.1")
			e.ServeHTTP(httptest.NewRecorder(), req)
		}
		req := httptest.NewRequest("POST", "/api/v1/campaigns/demo/responses", strings.NewReader(`{"ranking":["heltid"]}`))
		req.Header.Set("Content-Type", jsonType)
		req.RemoteAddr = "127.0.0.1:5555"
		req.Header.Set("X-Forwarded-For", "203.0.113.2")
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != 201 {
			t.Errorf("behind a trusted proxy, another client got %d", rec.Code)
		}
	})
}

// TestLogsCarryNoContent submits a response and checks the logs hold its request id but
// neither its content nor the client's address.
func TestLogsCarryNoContent(t *testing.T) {
	var logs bytes.Buffer
	e := hardenedServer(t, Options{}, &logs)
	req := httptest.NewRequest("POST", "/api/v1/campaigns/demo/responses",
		strings.NewReader(`{"ranking":["delade-turer"],"proposal":"Hemligt förslag"}`))
	req.Header.Set("Content-Type", jsonType)
	req.RemoteAddr = "198.51.100.23:4444"
	req.Header.Set("User-Agent", "Phone/1.0")
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if rec.Code != 201 {
		t.Fatal(rec.Code, rec.Body)
	}
	out := logs.String()
	if !strings.Contains(out, rec.Header().Get("X-Request-ID")) || !strings.Contains(out, `"route":"/api/v1/campaigns/:slug/responses"`) {
		t.Errorf("log lacks request id or route: %s", out)
	}
	for _, secret := range []string{"delade-turer", "Hemligt", "198.51.100.23", "Phone/1.0"} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q: %s", secret, out)
		}
	}
}

func TestMetrics(t *testing.T) {
	e := hardenedServer(t, Options{}, io.Discard)
	do(e, "POST", "/api/v1/campaigns/demo/responses", jsonType, `{"ranking":["heltid"]}`)
	do(e, "POST", "/api/v1/campaigns/demo/responses", jsonType, `{"ranking":["nope"]}`)
	req := httptestRequest("GET", "/metrics", "")
	req.RemoteAddr = "127.0.0.1:9100" // /metrics answers loopback only by default
	rec := serve(e, req)
	if rec.Code != 200 {
		t.Fatal(rec.Code)
	}
	body := rec.Body.String()
	for _, want := range []string{
		`kravlistan_http_requests_total{method="POST",route="/api/v1/campaigns/:slug/responses",status="201"} 1`,
		`kravlistan_http_requests_total{method="POST",route="/api/v1/campaigns/:slug/responses",status="422"} 1`,
		`kravlistan_responses_total{outcome="created"} 1`,
		`kravlistan_write_batch_size_count 1`,
		`kravlistan_http_request_duration_seconds_bucket`,
		`kravlistan_db_errors_total 0`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestPanicIsClean500(t *testing.T) {
	var logs bytes.Buffer
	e := hardenedServer(t, Options{}, &logs)
	e.GET("/api/v1/boom", func(c echo.Context) error { panic(errors.New("kaboom")) })
	rec := do(e, "GET", "/api/v1/boom", "", "")
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "kaboom") || !strings.Contains(rec.Body.String(), "internt fel") {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(logs.String(), "kaboom") {
		t.Error("panic not logged")
	}
}
