// Package view is the template engine of every HTML page, the hashed static assets, the
// data every page's layout needs, the friendly error pages and the form-error plumbing
// shared by the member, workspace and party forms.
package view

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"kravlistan/cmd/kravlistan/internal/i18n"
	"kravlistan/static"

	"github.com/labstack/echo/v4"
)

// Engine is the template engine of every HTML page. Templates are parsed once at start:
// one set per page, made of static/tmpl/layout.html, every partial (part_*.html) and the page's
// own file, which defines "title" and "main". Any other .html file in static/tmpl is a page;
// its name without .html is what Render takes. A template that does not parse, or lacks
// "title" or "main", makes New fail, so a broken build never starts serving.
//
// To add a page: write static/tmpl/yourpage.html defining "title" and "main", give it a
// data struct that embeds Page (filled by NewPage), add its strings to a table in
// internal/i18n, and call v.Render(c, status, "yourpage", data) from its handler in
// internal/web.
type Engine struct {
	pages  map[string]*template.Template
	Assets *Assets
	ui     *i18n.Catalogue
}

// Page is the part of every page's data the layout needs.
type Page struct {
	Lang   string      // the page language, also html lang
	LangQ  string      // "?lang=xx" when the language was chosen explicitly, else ""
	Langs  []i18n.Link // the language switch
	Script bool        // load rank.js
	ui     *i18n.Catalogue
}

// T returns the interface string key in lang formatted with args, so that page data
// built on a Page can translate (see i18n.Catalogue.T).
func (p Page) T(lang, key string, args ...any) string { return p.ui.T(lang, key, args...) }

// NewPage returns the layout data for a page at path in the request's language.
func (v *Engine) NewPage(r *http.Request, path string) Page {
	lang, explicit := i18n.Pick(r)
	return Page{Lang: lang, LangQ: i18n.Query(lang, explicit), Langs: i18n.Links(path, lang), ui: v.ui}
}

// Bind returns p able to translate with the engine's catalogue (Page.T).
func (v *Engine) Bind(p Page) Page {
	p.ui = v.ui
	return p
}

// New parses every page template with the catalogue ui for {{t}} and loads the assets.
func New(ui *i18n.Catalogue) (*Engine, error) {
	a, err := loadAssets(static.FS)
	if err != nil {
		return nil, err
	}
	v := &Engine{pages: map[string]*template.Template{}, Assets: a, ui: ui}
	funcs := template.FuncMap{
		"t":     ui.T,
		"asset": a.url,
		"hy":    Hyphenate,
	}
	files, err := fs.Glob(static.FS, "tmpl/*.html")
	if err != nil {
		return nil, err
	}
	var partials []string
	for _, f := range files {
		if strings.HasPrefix(path.Base(f), "part_") {
			partials = append(partials, f)
		}
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || strings.HasPrefix(name, "part_") {
			continue
		}
		set := append([]string{"tmpl/layout.html"}, partials...)
		t, err := template.New(name).Funcs(funcs).ParseFS(static.FS, append(set, f)...)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", f, err)
		}
		for _, def := range []string{"layout", "title", "main"} {
			if t.Lookup(def) == nil {
				return nil, fmt.Errorf("template %s: %q is not defined", f, def)
			}
		}
		v.pages[name] = t
	}
	return v, nil
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Execute renders page name with data into a new byte slice.
func (v *Engine) Execute(name string, data any) ([]byte, error) {
	t, ok := v.pages[name]
	if !ok {
		return nil, fmt.Errorf("no page template %q", name)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	buf.Reset()
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return bytes.Clone(buf.Bytes()), nil
}

// Render writes page name with data and status, gzip-compressed when the client accepts it.
// Pages are never stored by shared caches and set no cookies.
func (v *Engine) Render(c echo.Context, status int, name string, data any) error {
	body, err := v.Execute(name, data)
	if err != nil {
		return err
	}
	lang, _ := i18n.Pick(c.Request())
	return WriteHTML(c, status, body, lang)
}

var gzPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression); return w }}

// WriteHTML writes an HTML body in language lang, gzip-compressed when the client takes it.
func WriteHTML(c echo.Context, status int, body []byte, lang string) error {
	h := c.Response().Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Vary", "Accept-Encoding, Accept-Language")
	if lang != "" {
		h.Set("Content-Language", lang)
	}
	if AcceptsGzip(c.Request()) {
		buf := bufPool.Get().(*bytes.Buffer)
		defer bufPool.Put(buf)
		buf.Reset()
		zw := gzPool.Get().(*gzip.Writer)
		zw.Reset(buf)
		zw.Write(body)
		zw.Close()
		gzPool.Put(zw)
		body = buf.Bytes()
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.Response().WriteHeader(status)
	if c.Request().Method == http.MethodHead {
		return nil
	}
	_, err := c.Response().Write(body)
	return err
}

// T returns the interface string key in lang formatted with args (see i18n.Catalogue.T).
func (v *Engine) T(lang, key string, args ...any) string { return v.ui.T(lang, key, args...) }

// Has reports whether the catalogue has key (see i18n.Catalogue.Has).
func (v *Engine) Has(key string) bool { return v.ui.Has(key) }
