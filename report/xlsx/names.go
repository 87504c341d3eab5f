package xlsx

import (
	"strconv"
	"strings"
	"unicode"

	"kravlistan/report"
	"kravlistan/survey"
)

// maxSheetName is Excel's limit on a sheet name, in characters.
const maxSheetName = 31

// sheetNamer hands out sheet names that Excel accepts: without : \ / ? * [ ], not
// starting or ending with an apostrophe, at most 31 characters, and unique as Excel
// compares them (case-insensitively). A name already taken gets " (2)", " (3)"… within
// the 31 characters.
type sheetNamer struct {
	used map[string]bool
}

func newSheetNamer(reserved ...string) *sheetNamer {
	n := &sheetNamer{used: map[string]bool{}}
	for _, r := range reserved {
		n.used[strings.ToLower(r)] = true
	}
	return n
}

func (n *sheetNamer) name(want string) string {
	want = strings.Map(func(r rune) rune {
		switch r {
		case ':', '\\', '/', '?', '*', '[', ']':
			return ' '
		}
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, want)
	want = strings.Join(strings.Fields(want), " ")
	want = strings.Trim(want, "'")
	if want == "" {
		want = "Blad"
	}
	base := truncateRunes(want, maxSheetName)
	name := base
	for i := 2; n.used[strings.ToLower(name)]; i++ {
		suffix := " (" + strconv.Itoa(i) + ")"
		name = strings.TrimRight(truncateRunes(want, maxSheetName-len(suffix)), " '") + suffix
	}
	n.used[strings.ToLower(name)] = true
	return name
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimRight(string(r[:n]), " ")
}

// topicWords restores the Swedish letters of question keys that are common words written
// without them, for when the label does not contain the word itself.
var topicWords = map[string]string{"alder": "ålder", "kon": "kön", "lan": "län", "omrade": "område",
	"forbund": "förbund", "yrkesomrade": "yrkesområde", "anstallning": "anställning",
	"anstallningsform": "anställningsform", "bostadsort": "bostadsort", "foretag": "företag", "forvaltning": "förvaltning"}

// BreakdownTitle returns the name a breakdown's sheet wants, before it is made unique
// and cut to Excel's 31 characters: "Per arbetsplats", or "Per" and the topic of the
// question in real Swedish, found in its label ("Vilket förbund är du medlem i?" with the
// key forbund gives "Per förbund"; "Vilken yrkesgrupp …" gives "Per yrkesgrupp"), else
// from its key ("alder" gives "Per ålder"), else the label itself.
func BreakdownTitle(c *survey.Campaign, by string) string {
	switch by {
	case report.ByWorkplace:
		return "Per arbetsplats"
	case report.ByChannel:
		return "Per kanal"
	}
	q, ok := c.Question(by)
	if !ok {
		return "Per " + by
	}
	if topic, ok := questionTopic(q); ok {
		return "Per " + topic
	}
	return strings.TrimRight(strings.TrimSpace(q.Label), "?:. ")
}

// questionTopic finds the one word a question is about, if it can.
func questionTopic(q survey.Question) (string, bool) {
	key := fold(q.Key)
	words := strings.FieldsFunc(q.Label, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' })
	for _, w := range words {
		if fold(w) == key {
			return strings.ToLower(w), true
		}
	}
	if w, ok := topicWords[key]; ok {
		return w, true
	}
	for i, w := range words[:max(len(words)-1, 0)] {
		switch strings.ToLower(w) {
		case "vilket", "vilken", "vilka":
			return strings.ToLower(words[i+1]), true
		}
	}
	if isWord(q.Key) {
		return q.Key, true
	}
	return "", false
}

// fold lowers s, drops - and _ and replaces the Swedish letters by their base letters, as
// keys are written.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'å', 'ä', 'á', 'à':
			r = 'a'
		case 'ö', 'ó', 'ø':
			r = 'o'
		case 'é', 'è':
			r = 'e'
		case 'ü':
			r = 'u'
		case '-', '_':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isWord(s string) bool {
	if len(s) < 3 {
		return false
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// breakdownQuestion returns what a breakdown groups by, as a heading: the background
// question's label, the workplace link or the channel.
func breakdownQuestion(c *survey.Campaign, by string) string {
	if q, ok := c.Question(by); ok {
		return q.Label
	}
	if by == report.ByChannel {
		return "Kanal (hur svaret kom in: webb, API, papper, telefon)"
	}
	return "Arbetsplats (den länk svaret kom via)"
}
