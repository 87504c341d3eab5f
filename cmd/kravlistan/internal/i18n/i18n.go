// Package i18n holds the interface strings of every page in Swedish, Norwegian bokmål and
// English, and chooses the language of a request.
//
// The strings are plain tables, one function per area in its own file (pages.go,
// member.go, results.go, admin*.go, party*.go), merged once by New. To add strings, add
// keys to the table of your area in every language, or add a file with a new table and
// list it in New. Keys are "area.name" ("member.", "results.", "org.", "party."). New
// panics when a key is defined twice or a language is unknown, and TestCatalogueComplete
// fails when a key is missing in any of survey.Languages or a translation has other
// %-verbs than the Swedish one. Templates translate with {{t .Lang "key" args...}}; Go
// code with Catalogue.T. Validation messages stay in survey/messages.go (survey.Message),
// which the pages reuse.
package i18n

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"kravlistan/survey"
)

// table is a set of strings: language → key → text (fmt verbs allowed).
type table = map[string]map[string]string

// tables are every area's strings, merged by New.
func tables() []table {
	return []table{pageStrings(), memberStrings(), rateStrings(), resultStrings(), adminStrings(), editorStrings(),
		toolStrings(), uploadStrings(), partyStrings(), partyAdminStrings(), partyPublicStrings(), partyFlowStrings(), pathStrings(), posterStrings(),
		codeStrings(), translationStrings(), intakeStrings(), intakeOriginStrings(),
		paperStrings(),
		polishStrings(),
		reachStrings(),
		assemblyStrings(),
	}
}

// Catalogue holds the translated interface strings. It is built once by New and never
// changes, so it is safe for concurrent use.
type Catalogue struct {
	m table
}

// New builds the catalogue of every page's strings. A key defined twice or an unknown
// language is a programming error: New panics, and every test that builds a server fails.
func New() *Catalogue {
	c, err := build(tables()...)
	if err != nil {
		panic(err)
	}
	return c
}

// build merges sets of strings keyed by language, refusing unknown languages and keys
// defined twice.
func build(sets ...table) (*Catalogue, error) {
	c := &Catalogue{m: table{}}
	for _, set := range sets {
		for lang, strs := range set {
			if !slices.Contains(survey.Languages, lang) {
				return nil, fmt.Errorf("i18n: unknown language %s", lang)
			}
			if c.m[lang] == nil {
				c.m[lang] = map[string]string{}
			}
			for k, v := range strs {
				if _, dup := c.m[lang][k]; dup {
					return nil, fmt.Errorf("i18n: key defined twice: %s.%s", lang, k)
				}
				c.m[lang][k] = v
			}
		}
	}
	return c, nil
}

// T returns the string key in lang formatted with args, falling back to Swedish and then to
// the key itself (which the completeness test prevents from ever showing).
func (c *Catalogue) T(lang, key string, args ...any) string {
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

// Has reports whether key exists in the default language.
func (c *Catalogue) Has(key string) bool {
	_, ok := c.m[survey.Languages[0]][key]
	return ok
}

// names are the languages' own names for the language switch.
var names = map[string]string{"sv": "Svenska", "nb": "Norsk", "en": "English"}

// Pick chooses the page language: a valid ?lang= wins (explicit is then true and links
// must carry it on), then the best match in Accept-Language, then Swedish. No cookie.
func Pick(r *http.Request) (lang string, explicit bool) {
	if q := r.URL.Query().Get("lang"); q != "" {
		if l := Norm(q); l != "" {
			return l, true
		}
	}
	return Accept(r.Header.Get("Accept-Language")), false
}

// Norm maps a language tag to one of survey.Languages, or "" when none fits. Norwegian
// in any form (no, nb, nn) gets bokmål.
func Norm(tag string) string {
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

// Accept picks the supported language with the highest q in an Accept-Language header;
// ties go to the one listed first.
func Accept(h string) string {
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
		if l := Norm(tag); l != "" && q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}

// Query returns the query string that keeps an explicitly chosen language in links.
func Query(lang string, explicit bool) string {
	if !explicit {
		return ""
	}
	return "?lang=" + lang
}

// Link is one entry of the visible language switch.
type Link struct {
	Code, Name, Href string
	Current          bool
}

// Links returns the language switch for a page at path.
func Links(path, current string) []Link {
	out := make([]Link, len(survey.Languages))
	for i, l := range survey.Languages {
		out[i] = Link{Code: l, Name: names[l], Href: path + "?lang=" + l, Current: l == current}
	}
	return out
}
