package survey

import (
	"math"
	"slices"
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

// bucketKey is the index key of a stem: matching stems (stemsMatch) share it, since a
// stem begins another only when the shorter has at least five letters.
func bucketKey(st string) string {
	if r := []rune(st); len(r) > 5 {
		return string(r[:5])
	}
	return st
}

// simIndex numbers the stems of the texts compared, so that comparing two texts compares
// numbers; stems with the same bucket may still match by prefix.
type simIndex struct {
	ids    map[string]int32
	stems  []string
	bucket []int32
	bids   map[string]int32
}

func (x *simIndex) id(st string) int32 {
	if id, ok := x.ids[st]; ok {
		return id
	}
	id := int32(len(x.stems))
	x.ids[st] = id
	x.stems = append(x.stems, st)
	k := bucketKey(st)
	b, ok := x.bids[k]
	if !ok {
		b = int32(len(x.bids))
		x.bids[k] = b
	}
	x.bucket = append(x.bucket, b)
	return id
}

func (x *simIndex) match(a, b int32) bool {
	return a == b || (x.bucket[a] == x.bucket[b] && stemsMatch(x.stems[a], x.stems[b]))
}

type simDoc struct {
	title, all []int32
	tri        []uint64 // the title's letter trigrams, sorted
}

func (x *simIndex) doc(t SimilarText) simDoc {
	d := simDoc{}
	for _, st := range stems(t.Title) {
		d.title = append(d.title, x.id(st))
	}
	for _, st := range stems(t.Title + " " + t.Body) {
		d.all = append(d.all, x.id(st))
	}
	seen := map[uint64]bool{}
	for _, w := range stems(t.Title) {
		r := []rune(" " + w + " ")
		for i := 0; i+3 <= len(r); i++ {
			h := uint64(r[i])<<42 | uint64(r[i+1])<<21 | uint64(r[i+2])
			if !seen[h] {
				seen[h] = true
				d.tri = append(d.tri, h)
			}
		}
	}
	slices.Sort(d.tri)
	return d
}

// Similar returns the pairs of texts whose score reaches SimilarThreshold, best first.
// Only pairs whose titles share a stem bucket are compared: without a matching title stem
// the score stays below the threshold (at most 0.4), so the index loses nothing and a
// large inbox is not compared pair by pair.
func Similar(texts []SimilarText) []SimilarPair {
	x := &simIndex{ids: map[string]int32{}, bids: map[string]int32{}}
	docs := make([]simDoc, len(texts))
	var buckets [][]int
	for i, t := range texts {
		docs[i] = x.doc(t)
		for _, st := range docs[i].title {
			b := int(x.bucket[st])
			for len(buckets) <= b {
				buckets = append(buckets, nil)
			}
			if n := len(buckets[b]); n == 0 || buckets[b][n-1] != i {
				buckets[b] = append(buckets[b], i)
			}
		}
	}
	var out []SimilarPair
	mark := make([]int, len(docs)) // mark[b] == a+1: the pair (a, b) is already compared
	for a := range docs {
		for _, st := range docs[a].title {
			for _, b := range buckets[x.bucket[st]] {
				if b <= a || mark[b] == a+1 {
					continue
				}
				mark[b] = a + 1
				if s := x.similarity(&docs[a], &docs[b]); s >= SimilarThreshold {
					out = append(out, SimilarPair{A: a, B: b, Score: s})
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		if out[i].A != out[j].A {
			return out[i].A < out[j].A
		}
		return out[i].B < out[j].B
	})
	return out
}

// overlap is the share of the stems of one set that the other set has, the larger of the
// two ways round (a short title wholly inside a longer one is a near-duplicate).
func (x *simIndex) overlap(p, q []int32) float64 {
	if len(p) == 0 || len(q) == 0 {
		return 0
	}
	frac := func(p, q []int32) float64 {
		have := 0
		for _, s := range p {
			for _, t := range q {
				if x.match(s, t) {
					have++
					break
				}
			}
		}
		return float64(have) / float64(len(p))
	}
	return math.Max(frac(p, q), frac(q, p))
}

// jaccard is the share of the trigrams two sorted sets have in common.
func jaccard(p, q []uint64) float64 {
	if len(p) == 0 || len(q) == 0 {
		return 0
	}
	in, i, j := 0, 0, 0
	for i < len(p) && j < len(q) {
		switch {
		case p[i] == q[j]:
			in++
			i++
			j++
		case p[i] < q[j]:
			i++
		default:
			j++
		}
	}
	return float64(in) / float64(len(p)+len(q)-in)
}

func (x *simIndex) similarity(a, b *simDoc) float64 {
	title := x.overlap(a.title, b.title)
	bodyless := len(a.all) == len(a.title) || len(b.all) == len(b.title)
	// Titles say what is proposed; the explanations confirm or weaken it. Texts without
	// an explanation are judged by their titles alone. The bounds skip what cannot reach
	// the threshold.
	if bodyless {
		if 0.8*title+0.2 < SimilarThreshold {
			return 0
		}
		return 0.8*title + 0.2*jaccard(a.tri, b.tri)
	}
	if 0.6*title+0.4 < SimilarThreshold {
		return 0
	}
	return 0.6*title + 0.25*x.overlap(a.all, b.all) + 0.15*jaccard(a.tri, b.tri)
}
