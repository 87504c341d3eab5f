package view

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// asset is one embedded static file, kept both plain and gzip-compressed.
type asset struct {
	url   string // /static/name.HASH.ext
	ctype string
	raw   []byte
	gz    []byte
}

// Assets serves the files in static/assets under content-hashed URLs, so they can be
// cached for a year: a changed file gets a new URL.
type Assets struct {
	byName map[string]*asset // "app.css" → asset
	byURL  map[string]*asset // "app.1a2b3c4d5e.css" → asset
}

func loadAssets(fsys fs.FS) (*Assets, error) {
	a := &Assets{byName: map[string]*asset{}, byURL: map[string]*asset{}}
	ents, err := fs.ReadDir(fsys, "assets")
	if err != nil {
		return nil, fmt.Errorf("static assets: %w", err)
	}
	for _, ent := range ents {
		if ent.IsDir() {
			continue
		}
		name := ent.Name()
		raw, err := fs.ReadFile(fsys, "assets/"+name)
		if err != nil {
			return nil, fmt.Errorf("static asset %s: %w", name, err)
		}
		sum := sha256.Sum256(raw)
		ext := path.Ext(name)
		file := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		as := &asset{url: "/static/" + file, ctype: ctype, raw: raw, gz: GzipBytes(raw)}
		a.byName[name], a.byURL[file] = as, as
	}
	return a, nil
}

// url returns the hashed URL of the asset with the given file name; templates call it as
// {{asset "app.css"}}. An unknown name is a programming error caught when templates are
// first executed in tests.
func (a *Assets) url(name string) (string, error) {
	as, ok := a.byName[name]
	if !ok {
		return "", fmt.Errorf("no static asset %q", name)
	}
	return as.url, nil
}

// URL returns the hashed URL of the asset with the given file name ("app.css").
func (a *Assets) URL(name string) (string, error) { return a.url(name) }

// Source returns the bytes of the asset with the given file name.
func (a *Assets) Source(name string) ([]byte, error) {
	as, ok := a.byName[name]
	if !ok {
		return nil, fmt.Errorf("no static asset %q", name)
	}
	return as.raw, nil
}

// Handle serves GET /static/:file with a one-year immutable lifetime.
func (a *Assets) Handle(c echo.Context) error {
	as, ok := a.byURL[c.Param("file")]
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	h := c.Response().Header()
	h.Set("Content-Type", as.ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Vary", "Accept-Encoding")
	h.Set("X-Content-Type-Options", "nosniff")
	body := as.raw
	if AcceptsGzip(c.Request()) {
		h.Set("Content-Encoding", "gzip")
		body = as.gz
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.Response().WriteHeader(http.StatusOK)
	if c.Request().Method == http.MethodHead {
		return nil
	}
	_, err := c.Response().Write(body)
	return err
}

// AcceptsGzip reports whether the client takes gzip-encoded responses (and did not refuse
// it with q=0).
func AcceptsGzip(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept-Encoding"), ",") {
		enc, params, _ := strings.Cut(part, ";")
		if strings.TrimSpace(enc) != "gzip" {
			continue
		}
		p := strings.ReplaceAll(params, " ", "")
		return p != "q=0" && p != "q=0.0" && p != "q=0.00" && p != "q=0.000"
	}
	return false
}

// GzipBytes compresses b at the best level; used once per asset or cached page.
func GzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}
