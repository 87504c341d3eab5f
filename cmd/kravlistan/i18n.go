package main

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"kravlistan/survey"
)

// The interface strings of every page live in one catalogue, ui. Each feature keeps its own
// strings in its own file and registers them with a package-level declaration, so that no
// two engineers edit the same map:
//
//	var _ = ui.register(map[string]map[string]string{
//		"sv": {"results.title": "Resultat"},
//		"nb": {"results.title": "Resultater"},
//		"en": {"results.title": "Results"},
//	})
//
// Keys are "area.name" (prefix them with your page: "member.", "results.", "org."). A key
// registered twice panics at start-up, and TestCatalogueComplete fails when a key is missing
// in any of survey.Languages or a translation has other %-verbs than the Swedish one.
// Templates translate with {{t .Lang "key" args...}}; Go code with ui.T(lang, "key", args...).
// Validation messages stay in survey/messages.go (survey.Message), which the pages reuse.
var ui = &catalogue{m: map[string]map[string]string{}}

// catalogue holds the translated interface strings: language → key → text (fmt verbs allowed).
type catalogue struct {
	m map[string]map[string]string
}

// register adds a set of strings keyed by language. It runs only during package
// initialisation, before any request, so the map needs no lock. The result is meaningless;
// it exists so that files can register from a var declaration.
func (c *catalogue) register(set map[string]map[string]string) bool {
	for lang, strs := range set {
		if !slices.Contains(survey.Languages, lang) {
			panic("i18n: unknown language " + lang)
		}
		if c.m[lang] == nil {
			c.m[lang] = map[string]string{}
		}
		for k, v := range strs {
			if _, dup := c.m[lang][k]; dup {
				panic("i18n: key registered twice: " + lang + "." + k)
			}
			c.m[lang][k] = v
		}
	}
	return true
}

// T returns the string key in lang formatted with args, falling back to Swedish and then to
// the key itself (which the completeness test prevents from ever showing).
func (c *catalogue) T(lang, key string, args ...any) string {
	s, ok := c.m[lang][key]
	if !ok {
		if s, ok = c.m[survey.Languages[0]][key]; !ok {
			return key
		}
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// has reports whether key exists in the default language.
func (c *catalogue) has(key string) bool {
	_, ok := c.m[survey.Languages[0]][key]
	return ok
}

// langNames are the languages' own names for the language switch.
var langNames = map[string]string{"sv": "Svenska", "nb": "Norsk", "en": "English"}

// pickLang chooses the page language: a valid ?lang= wins (explicit is then true and links
// must carry it on), then the best match in Accept-Language, then Swedish. No cookie.
func pickLang(r *http.Request) (lang string, explicit bool) {
	if q := r.URL.Query().Get("lang"); q != "" {
		if l := normLang(q); l != "" {
			return l, true
		}
	}
	return acceptLang(r.Header.Get("Accept-Language")), false
}

// normLang maps a language tag to one of survey.Languages, or "" when none fits. Norwegian
// in any form (no, nb, nn) gets bokmål.
func normLang(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	switch tag {
	case "sv":
		return "sv"
	case "nb", "no", "nn":
		return "nb"
	case "en":
		return "en"
	}
	return ""
}

// acceptLang picks the supported language with the highest q in an Accept-Language header;
// ties go to the one listed first.
func acceptLang(h string) string {
	best, bestQ := survey.Languages[0], 0.0
	for part := range strings.SplitSeq(h, ",") {
		tag, params, _ := strings.Cut(part, ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			q = f
		}
		if l := normLang(tag); l != "" && q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}

// langQuery returns the query string that keeps an explicitly chosen language in links.
func langQuery(lang string, explicit bool) string {
	if !explicit {
		return ""
	}
	return "?lang=" + lang
}

// langLink is one entry of the visible language switch.
type langLink struct {
	Code, Name, Href string
	Current          bool
}

// langLinks returns the language switch for a page at path.
func langLinks(path, current string) []langLink {
	out := make([]langLink, len(survey.Languages))
	for i, l := range survey.Languages {
		out[i] = langLink{Code: l, Name: langNames[l], Href: path + "?lang=" + l, Current: l == current}
	}
	return out
}
