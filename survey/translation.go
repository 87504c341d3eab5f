package survey

import "sort"

// Campaign content (title, intro, demands, background questions) is written in Swedish,
// the source, and may be translated per language for members who read another language
// better: the workforce in elderly care, cleaning and construction. Ballots never depend
// on the language: they name demands and options by key.

// ContentLanguages lists the languages campaign content can be translated into, besides
// the Swedish source.
var ContentLanguages = []string{"nb", "en", "fi", "ar", "pl", "so", "ti", "ku", "fa", "uk", "es"}

// languageNames are the languages' own names, for the language switch.
var languageNames = map[string]string{
	"sv": "Svenska", "nb": "Norsk", "en": "English", "fi": "Suomi", "ar": "العربية", "pl": "Polski",
	"so": "Soomaali", "ti": "ትግርኛ", "ku": "Kurdî", "fa": "فارسی", "uk": "Українська", "es": "Español",
}

// LanguageName is a content language's name in that language.
func LanguageName(lang string) string { return languageNames[lang] }

// RightToLeft reports whether lang is written right to left (Arabic, Persian).
func RightToLeft(lang string) bool { return lang == "ar" || lang == "fa" }

// IsContentLanguage reports whether content can be translated into lang.
func IsContentLanguage(lang string) bool {
	for _, l := range ContentLanguages {
		if l == lang {
			return true
		}
	}
	return false
}

// Translation is a campaign's content in one language. Everything is optional: what is
// left out is shown in Swedish, marked as Swedish.
type Translation struct {
	Title string `json:"title,omitempty"`
	Intro string `json:"intro,omitempty"`
	// IntakeIntro translates Campaign.IntakeIntro.
	IntakeIntro string                  `json:"intake_intro,omitempty"`
	Demands     map[string]DemandText   `json:"demands,omitempty"`
	Questions   map[string]QuestionText `json:"questions,omitempty"`
}

// DemandText is a demand's translated texts, by the demand's key.
type DemandText struct {
	Area  string `json:"area,omitempty"`
	Title string `json:"title,omitempty"`
	Body  string `json:"body,omitempty"`
}

// QuestionText is a background question's translated label and options (by option key).
type QuestionText struct {
	Label   string            `json:"label,omitempty"`
	Options map[string]string `json:"options,omitempty"`
}

// Text is a text and the language it is in.
type Text struct {
	Text, Lang string
}

// pick returns tr in lang when it is not empty, else src in Swedish.
func pick(lang, tr, src string) Text {
	if tr != "" && lang != "sv" {
		return Text{tr, lang}
	}
	return Text{src, "sv"}
}

// TitleIn is the campaign's title in lang, or the Swedish one.
func (c *Campaign) TitleIn(lang string) Text { return pick(lang, c.Translations[lang].Title, c.Title) }

// IntroIn is the campaign's introduction in lang, or the Swedish one.
func (c *Campaign) IntroIn(lang string) Text { return pick(lang, c.Translations[lang].Intro, c.Intro) }

// IntakeIntroIn is the introduction of the proposal form in lang, or the Swedish one.
func (c *Campaign) IntakeIntroIn(lang string) Text {
	return pick(lang, c.Translations[lang].IntakeIntro, c.IntakeIntro)
}

// DemandIn is a demand's area, title and body in lang, each falling back to Swedish.
func (c *Campaign) DemandIn(lang string, d Demand) (area, title, body Text) {
	t := c.Translations[lang].Demands[d.Key]
	return pick(lang, t.Area, d.Area), pick(lang, t.Title, d.Title), pick(lang, t.Body, d.Body)
}

// QuestionIn is a question's label in lang, or the Swedish one.
func (c *Campaign) QuestionIn(lang string, q Question) Text {
	return pick(lang, c.Translations[lang].Questions[q.Key].Label, q.Label)
}

// OptionIn is an option's label in lang, or the Swedish one.
func (c *Campaign) OptionIn(lang string, q Question, o Option) Text {
	return pick(lang, c.Translations[lang].Questions[q.Key].Options[o.Key], o.Label)
}

// TranslatedLanguages lists the languages the campaign has a translation for, in the order
// of ContentLanguages.
func (c *Campaign) TranslatedLanguages() []string {
	var out []string
	for _, l := range ContentLanguages {
		if _, ok := c.Translations[l]; ok {
			out = append(out, l)
		}
	}
	return out
}

// PruneTranslations drops translated texts of demands, questions and options the campaign
// no longer has (an organiser deleted them), and languages left empty.
func (c *Campaign) PruneTranslations() {
	for lang, t := range c.Translations {
		for k := range t.Demands {
			if _, ok := c.Demand(k); !ok {
				delete(t.Demands, k)
			}
		}
		for k, qt := range t.Questions {
			q, ok := c.Question(k)
			if !ok {
				delete(t.Questions, k)
				continue
			}
			for ok := range qt.Options {
				if _, found := q.Option(ok); !found {
					delete(qt.Options, ok)
				}
			}
		}
		if t.Title == "" && t.Intro == "" && t.IntakeIntro == "" && len(t.Demands) == 0 && len(t.Questions) == 0 {
			delete(c.Translations, lang)
		}
	}
	if len(c.Translations) == 0 {
		c.Translations = nil
	}
}

// validateTranslations checks every translated text with its JSON path
// (translations.fi.demands.heltid.title) and that every key names something in the campaign.
func (c *Campaign) validateTranslations(fe *fieldErrors) {
	langs := make([]string, 0, len(c.Translations))
	for l := range c.Translations {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		t, p := c.Translations[l], "translations."+l
		if !IsContentLanguage(l) {
			fe.add(p, "bad_lang", l)
			continue
		}
		checkText(fe, p+".title", t.Title, false, maxTitleLength)
		checkText(fe, p+".intro", t.Intro, false, maxTextLength)
		checkText(fe, p+".intake_intro", t.IntakeIntro, false, maxTextLength)
		for _, k := range sortedKeys(t.Demands) {
			dp := p + ".demands." + k
			if _, ok := c.Demand(k); !ok {
				fe.add(dp, "unknown_key", k)
				continue
			}
			d := t.Demands[k]
			checkText(fe, dp+".area", d.Area, false, maxTitleLength)
			checkText(fe, dp+".title", d.Title, false, maxTitleLength)
			checkText(fe, dp+".body", d.Body, false, maxTextLength)
		}
		for _, k := range sortedKeys(t.Questions) {
			qp := p + ".questions." + k
			q, ok := c.Question(k)
			if !ok {
				fe.add(qp, "unknown_key", k)
				continue
			}
			qt := t.Questions[k]
			checkText(fe, qp+".label", qt.Label, false, maxTitleLength)
			for _, ok := range sortedKeys(qt.Options) {
				if _, found := q.Option(ok); !found {
					fe.add(qp+".options."+ok, "unknown_key", ok)
					continue
				}
				checkText(fe, qp+".options."+ok, qt.Options[ok], false, maxTitleLength)
			}
		}
	}
}

// cloneTranslations deep-copies translations, so an edited clone leaves the original alone.
func cloneTranslations(in map[string]Translation) map[string]Translation {
	if in == nil {
		return nil
	}
	out := make(map[string]Translation, len(in))
	for l, t := range in {
		if t.Demands != nil {
			ds := make(map[string]DemandText, len(t.Demands))
			for k, d := range t.Demands {
				ds[k] = d
			}
			t.Demands = ds
		}
		if t.Questions != nil {
			qs := make(map[string]QuestionText, len(t.Questions))
			for k, q := range t.Questions {
				if q.Options != nil {
					os := make(map[string]string, len(q.Options))
					for ok, v := range q.Options {
						os[ok] = v
					}
					q.Options = os
				}
				qs[k] = q
			}
			t.Questions = qs
		}
		out[l] = t
	}
	return out
}
