package i18n

import (
	"io/fs"
	"regexp"
	"slices"
	"testing"

	"kravlistan/static"
	"kravlistan/survey"
)

var verbRE = regexp.MustCompile(`%(?:\d|[-+# 0-9.]*[a-zA-Z])`)

// TestCatalogueComplete fails when any interface string is missing in any language, has
// other placeholders than the Swedish one, or a template uses a key nobody registered.
func TestCatalogueComplete(t *testing.T) {
	ui := New()
	def := survey.Languages[0]
	for _, lang := range survey.Languages {
		for key := range ui.m[def] {
			s, ok := ui.m[lang][key]
			if !ok {
				t.Errorf("%s: missing %q", lang, key)
				continue
			}
			want, got := verbRE.FindAllString(ui.m[def][key], -1), verbRE.FindAllString(s, -1)
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(want, got) {
				t.Errorf("%s.%s has placeholders %v, Swedish has %v", lang, key, got, want)
			}
		}
		for key := range ui.m[lang] {
			if _, ok := ui.m[def][key]; !ok {
				t.Errorf("%s has %q, Swedish does not", lang, key)
			}
		}
	}
	useRE := regexp.MustCompile(`\bt \$?\.?Lang "([^"]+)"`)
	files, _ := fs.Glob(static.FS, "tmpl/*.html")
	for _, f := range files {
		b, _ := fs.ReadFile(static.FS, f)
		for _, m := range useRE.FindAllStringSubmatch(string(b), -1) {
			if !ui.Has(m[1]) {
				t.Errorf("%s uses unregistered key %q", f, m[1])
			}
		}
	}
	// Keys built in Go code from parts (page errors) must exist too.
	for _, k := range []string{"err.notfound", "err.campaign", "err.workplace", "err.draft", "err.notyet",
		"err.closed", "err.conflict", "err.toolarge", "err.bad", "err.internal", "err.toomany", "err.method", "err.intake", "err.no_intake"} {
		for _, part := range []string{".title", ".text"} {
			if !ui.Has(k + part) {
				t.Errorf("missing %q", k+part)
			}
		}
	}
}

func TestCatalogueKeyTwiceFails(t *testing.T) {
	if _, err := build(table{"sv": {"a": "1"}}, table{"sv": {"a": "2"}}); err == nil {
		t.Error("a key defined twice was accepted")
	}
	if _, err := build(table{"de": {"a": "1"}}); err == nil {
		t.Error("an unknown language was accepted")
	}
	if _, err := build(table{"sv": {"a": "1"}}, table{"nb": {"a": "2"}}); err != nil {
		t.Errorf("the same key in two languages: %v", err)
	}
}

func TestAcceptLang(t *testing.T) {
	for h, want := range map[string]string{
		"": "sv", "en": "en", "nb": "nb", "nn-NO": "nb", "no": "nb", "de, en;q=0.3": "en",
		"en;q=0.5, sv;q=0.9": "sv", "fr": "sv", "en-GB,en;q=0.9": "en", "sv;q=0, en;q=0.1": "en",
	} {
		if got := Accept(h); got != want {
			t.Errorf("Accept(%q) = %q, want %q", h, got, want)
		}
	}
}
