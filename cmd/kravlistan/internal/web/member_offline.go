package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// Answers without signal (issue 13 part 4). The member page loads offline.js, which
// registers the service worker served here at /s/sw.js (scope /s/, the member pages). The
// worker keeps the questionnaire and its assets, serves a kept page with a fresh response
// id when there is no connection, keeps a ballot posted without a connection on the phone
// (IndexedDB) and sends it when the connection returns; the server's replay rules count a
// resent id once. See static/assets/sw.js. Without JavaScript none of this runs.

// offlineAssets are the member pages' assets the worker keeps.
var offlineAssets = []string{"app.css", "rank.js", "rate.js", "answered.js", "offline.js"}

// offlineKeys are the strings of the worker's "saved" page.
var offlineKeys = []string{"saved", "saved_text", "sent", "sent_text", "failed", "back"}

// newServiceWorker builds the worker's script once: a first line with what it needs from
// the server (the hashed asset URLs, the strings in every language, a version that
// changes with any of them, so browsers update the worker), then static/assets/sw.js.
func newServiceWorker(v *view.Engine) ([]byte, error) {
	src, err := v.Assets.Source("sw.js")
	if err != nil {
		return nil, err
	}
	type prelude struct {
		Assets  []string                     `json:"assets"`
		CSS     string                       `json:"css"`
		JS      string                       `json:"js"`
		Strings map[string]map[string]string `json:"strings"`
		Version string                       `json:"version"`
	}
	pre := prelude{Strings: map[string]map[string]string{}}
	for _, name := range offlineAssets {
		u, err := v.Assets.URL(name)
		if err != nil {
			return nil, err
		}
		pre.Assets = append(pre.Assets, u)
	}
	pre.CSS, _ = v.Assets.URL("app.css")
	pre.JS, _ = v.Assets.URL("offline.js")
	for _, lang := range survey.Languages {
		m := map[string]string{}
		for _, k := range offlineKeys {
			m[k] = v.T(lang, "member.offline."+k)
		}
		pre.Strings[lang] = m
	}
	b, err := json.Marshal(pre)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(append(b, src...))
	pre.Version = hex.EncodeToString(sum[:6])
	if b, err = json.Marshal(pre); err != nil {
		return nil, err
	}
	out := append([]byte("self.KRAV = "), b...)
	out = append(out, ";\n"...)
	return append(out, src...), nil
}

// handleServiceWorker serves GET /s/sw.js. Browsers check it for updates on every visit
// (no-cache); its scope is /s/, the member pages, and nothing of the workspace. The script
// is built once; it can only fail to build when an asset it names is missing from the
// binary, which the tests catch.
func handleServiceWorker(v *view.Engine) echo.HandlerFunc {
	body, err := newServiceWorker(v)
	return func(c echo.Context) error {
		if err != nil {
			return err
		}
		h := c.Response().Header()
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		h.Set("Content-Length", strconv.Itoa(len(body)))
		c.Response().WriteHeader(http.StatusOK)
		if c.Request().Method == http.MethodHead {
			return nil
		}
		_, werr := c.Response().Write(body)
		return werr
	}
}
