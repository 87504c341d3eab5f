package survey

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Near-duplicate suggestions for the proposal inbox: which proposals (and existing demands)
// say much the same thing, so that an organiser can merge them. It runs on the server with
// no outside service: each text becomes a set of word stems (Swedish, Norwegian and English
// function words and the words every demand uses dropped, common endings cut off), two stems
// match when they are equal or one begins the other (heltid, heltidstjänster), and two texts
// are similar when the shorter text's stems are mostly found in the other. Titles count
// most; the explanations add to it. Letter trigrams of the titles break ties between
// spellings (förskola, förskolor). These are suggestions: the organiser decides.

// SimilarText is one text to compare: a proposal or a demand.
type SimilarText struct {
	ID          string
	Title, Body string
}

// SimilarPair is a suggestion that texts A and B (indexes into the slice given to Similar)
// are near-duplicates, with a score between 0 and 1.
type SimilarPair struct {
	A, B  int
	Score float64
}

// SimilarThreshold is the score from which two texts are suggested as near-duplicates.
const SimilarThreshold = 0.5

// stopWords are words that say nothing about what a demand is about: function words, and
// the verbs and places nearly every political demand uses.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		och att i på för som till av med en ett det den de är om alla allt all åt vi ska skall inte kan
		mer fler flera mindre från så har får vara bli blir eller men vid under över efter när andra annat
		varje mot genom också samt sin sina sitt man du jag oss vår våra vårt era dem dessa detta där här
		hur vad vilka vilken ut upp in ner nu bara även än då ju mycket många ge ges göra ha måste bör
		behöver behövs ta tas hela helt både eftersom utan inom mellan per sig sina ni vill får kunna rätt rättighet stället
		kommun kommunen kommunens kommuner kommunerna region regionen regionens staten sverige landet
		införa inför infört öka ökad ökade ökat minska minskad höja höj sänka sänk stärka stärk
		bättre bra god goda ny nya nytt satsa satsning satsningar krav kravet förslag förslaget
		og å på for som til av med en et ei det den de er om alle at vi skal ikke kan mer flere fra så har
		eller men ved under over etter når andre hver mot gjennom også sin oss vår våre dere hvordan rett
		kommunen fylket staten norge innføre øke redusere styrke bedre
		and the of to in on for a an is are be with by all more less from that this it we should must
		city council municipality state increase improve better new demand
	`) {
		m[w] = true
	}
	return m
}()

// suffixes are endings cut off a word to reach its stem, longest first.
var suffixes = []string{"heterna", "hetens", "arnas", "ernas", "ornas", "arna", "erna", "orna", "ande", "ende",
	"heten", "het", "ens", "ena", "are", "ade", "ar", "er", "or", "en", "et", "na", "an", "a", "e", "s"}

// stem cuts a common ending off a lower-case word, keeping at least three letters.
func stem(w string) string {
	for _, s := range suffixes {
		if strings.HasSuffix(w, s) && utf8.RuneCountInString(w)-utf8.RuneCountInString(s) >= 3 {
			return strings.TrimSuffix(w, s)
		}
	}
	return w
}

// stems returns the distinct stems of s that say something.
func stems(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if utf8.RuneCountInString(w) < 3 || stopWords[w] {
			continue
		}
		st := stem(w)
		if !seen[st] {
			seen[st] = true
			out = append(out, st)
		}
	}
	return out
}

// stemsMatch reports whether two stems name the same thing: equal, or one begins the
// other and the shorter has at least five letters (heltid, heltidstjänst).
func stemsMatch(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	return utf8.RuneCountInString(a) >= 5 && strings.HasPrefix(b, a)
}

// trigrams returns the letter trigrams of s with its words padded by spaces.
func trigrams(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range stems(s) {
		r := []rune(" " + w + " ")
		for i := 0; i+3 <= len(r); i++ {
			out[string(r[i:i+3])] = true
		}
	}
	return out
}

type simDoc struct {
	title, all []string
	tri        map[string]bool
}

func newSimDoc(t SimilarText) simDoc {
	return simDoc{title: stems(t.Title), all: stems(t.Title + " " + t.Body), tri: trigrams(t.Title)}
}

// Similar returns the pairs of texts whose score reaches SimilarThreshold, best first.
func Similar(texts []SimilarText) []SimilarPair {
	docs := make([]simDoc, len(texts))
	for i, t := range texts {
		docs[i] = newSimDoc(t)
	}
	var out []SimilarPair
	for a := range docs {
		for b := a + 1; b < len(docs); b++ {
			if s := similarity(&docs[a], &docs[b]); s >= SimilarThreshold {
				out = append(out, SimilarPair{A: a, B: b, Score: s})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// overlap is the share of the stems of one set that the other set has, the larger of the
// two ways round (a short title wholly inside a longer one is a near-duplicate).
func overlap(x, y []string) float64 {
	if len(x) == 0 || len(y) == 0 {
		return 0
	}
	frac := func(x, y []string) float64 {
		have := 0
		for _, s := range x {
			for _, t := range y {
				if stemsMatch(s, t) {
					have++
					break
				}
			}
		}
		return float64(have) / float64(len(x))
	}
	return math.Max(frac(x, y), frac(y, x))
}

func jaccard(x, y map[string]bool) float64 {
	if len(x) == 0 || len(y) == 0 {
		return 0
	}
	in := 0
	for k := range x {
		if y[k] {
			in++
		}
	}
	return float64(in) / float64(len(x)+len(y)-in)
}

func similarity(a, b *simDoc) float64 {
	title := overlap(a.title, b.title)
	all := overlap(a.all, b.all)
	tri := jaccard(a.tri, b.tri)
	// Titles say what is proposed; the explanations confirm or weaken it. Texts without
	// an explanation are judged by their titles alone.
	s := 0.6*title + 0.25*all + 0.15*tri
	if len(a.all) == len(a.title) || len(b.all) == len(b.title) {
		s = 0.8*title + 0.2*tri
	}
	return s
}
