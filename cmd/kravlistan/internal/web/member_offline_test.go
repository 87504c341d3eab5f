package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// The service worker is served at /s/sw.js for the member pages with what it needs from
// the server: the hashed assets it keeps (all of them served), the "saved" page in sv, nb
// and en, and a version.
func TestServiceWorkerScript(t *testing.T) {
	e, _ := apiTestServer(t)
	rec := get(e, "/s/sw.js")
	wantStatus(t, rec, http.StatusOK, "addEventListener('fetch'")
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := rec.Header().Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("Cache-Control %q: browsers must see a new worker at once", cc)
	}
	first, _, _ := strings.Cut(rec.Body.String(), "\n")
	js, ok := strings.CutPrefix(first, "self.KRAV = ")
	if !ok {
		t.Fatalf("first line %q", first)
	}
	var pre struct {
		Assets  []string
		CSS, JS string
		Strings map[string]map[string]string
		Version string
	}
	if err := json.Unmarshal([]byte(strings.TrimSuffix(js, ";")), &pre); err != nil {
		t.Fatal(err)
	}
	if len(pre.Assets) != len(offlineAssets) || pre.Version == "" || !regexp.MustCompile(`^/static/app\.[0-9a-f]{10}\.css$`).MatchString(pre.CSS) {
		t.Errorf("prelude %+v", pre)
	}
	for _, u := range append(pre.Assets, pre.CSS, pre.JS) {
		if rec := get(e, u); rec.Code != http.StatusOK {
			t.Errorf("%s: %d", u, rec.Code)
		}
	}
	for lang, want := range map[string]string{"sv": "Sparat – skickas när du har täckning", "nb": "Lagret – sendes når du har dekning", "en": "Saved – will be sent when you have signal"} {
		if got := pre.Strings[lang]["saved"]; got != want {
			t.Errorf("%s: saved = %q", lang, got)
		}
		for _, k := range offlineKeys {
			if s := pre.Strings[lang][k]; s == "" || strings.HasPrefix(s, "member.offline") {
				t.Errorf("%s: %s missing", lang, k)
			}
		}
	}
	if pre.Strings["sv"]["sent"] != "Skickat" {
		t.Errorf("sent = %q", pre.Strings["sv"]["sent"])
	}
	wantStatus(t, get(e, "/s/demo"), http.StatusOK, `/static/offline.`)
	head := httptest.NewRecorder()
	e.ServeHTTP(head, httptest.NewRequest(http.MethodHead, "/s/sw.js", nil))
	if rec := head; rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Errorf("HEAD: %d, %d bytes", rec.Code, rec.Body.Len())
	}
}
