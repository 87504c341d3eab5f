package view

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Soft hyphens for long words.
//
// A member's phone is 320 px wide, and Swedish and Norwegian make words such as
// "Transportarbetareförbundet" (26 letters) or "skyddsombudsutbildningarna": wider than a
// demand card or a table column. CSS `hyphens: auto` would break them at a syllable, but
// only where the browser has a hyphenation dictionary for the language, and Debian's
// Chromium (what the tests and many Linux phones' browsers run) has none; overflow-wrap
// then breaks the word between any two letters ("Välfärdsrå/dgivningen"). So the pages
// put soft hyphens (U+00AD) into long words themselves, and the CSS says
// `hyphens: manual`: the browser breaks a long word only there, with a visible hyphen, and
// shows nothing where it does not break. Copying the text, searching it and screen readers
// ignore soft hyphens. Exports (Excel, CSV, JSON) never get them: only templates call
// Hyphenate (the "hy" template function).
//
// The break points follow the rule Swedish, Norwegian and Finnish share for words without
// a dictionary: between syllables, with one consonant carried to the next line
// (Välfärds-råd-giv-ningen, Trans-por-tar-be-ta-re-för-bundet), adjusted for the most
// common compound joints (see onsetLen). Two letters that make one sound (ck, ng, sj, tj,
// kj, ...) are not split, and at least four letters stay on each side. It cannot know
// every compound (skydd-sombuds), but any break at a syllable reads better than one
// between two letters anywhere. Words
// in other scripts, short words, and web or e-mail addresses are left as they are.

// minHyphenWord is the length, in letters, from which a word gets soft hyphens: shorter
// words fit a 320 px card's line, and hyphenating them would only make text choppier.
const minHyphenWord = 16

// hyphenEdge is how many letters at least stay before the first and after the last break.
const hyphenEdge = 4

const softHyphen = '\u00ad'

// Hyphenate returns s with soft hyphens at the syllable breaks of its long words.
func Hyphenate(s string) string {
	if utf8.RuneCountInString(s) < minHyphenWord || strings.ContainsRune(s, softHyphen) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	// Split into whitespace-separated tokens so that addresses can be skipped whole.
	for len(s) > 0 {
		i := strings.IndexAny(s, " \t\n\r\u00a0")
		tok, sep := s, ""
		if i >= 0 {
			_, n := utf8.DecodeRuneInString(s[i:])
			tok, sep, s = s[:i], s[i:i+n], s[i+n:]
		} else {
			s = ""
		}
		if strings.Contains(tok, "://") || strings.Contains(tok, "@") || strings.HasPrefix(strings.ToLower(tok), "www.") {
			b.WriteString(tok)
		} else {
			hyphenateToken(&b, tok)
		}
		b.WriteString(sep)
	}
	return b.String()
}

// hyphenateToken writes tok with its long runs of letters hyphenated.
func hyphenateToken(b *strings.Builder, tok string) {
	rs := []rune(tok)
	for i := 0; i < len(rs); {
		if letterKind(rs[i]) == notLetter {
			b.WriteRune(rs[i])
			i++
			continue
		}
		j := i
		for j < len(rs) && letterKind(rs[j]) != notLetter {
			j++
		}
		writeWord(b, rs[i:j])
		i = j
	}
}

// writeWord writes one run of letters, with soft hyphens when it is long and Latin.
func writeWord(b *strings.Builder, w []rune) {
	kinds := make([]int, len(w))
	for i, r := range w {
		kinds[i] = letterKind(r)
		if kinds[i] == otherLetter {
			b.WriteString(string(w)) // another script: no rule of ours applies
			return
		}
	}
	if len(w) < minHyphenWord {
		b.WriteString(string(w))
		return
	}
	// Mark where soft hyphens go: in each run of consonants between two vowels, before
	// the consonants that start the next syllable (breakBefore).
	at := make([]bool, len(w))
	for i := 0; i < len(w); {
		if kinds[i] != vowel {
			i++
			continue
		}
		j := i + 1 // the consonants after the vowel at i are w[i+1:j]
		for j < len(w) && kinds[j] == consonant {
			j++
		}
		if j < len(w) && j > i+1 { // a vowel follows the consonants
			k := j - onsetLen(w[i+1:j], lower(w[j]))
			if k > 0 && k >= hyphenEdge && len(w)-k >= hyphenEdge && !oneSound(w[k-1], w[k]) {
				at[k] = true
			}
		}
		i = j
	}
	for i, r := range w {
		if at[i] {
			b.WriteRune(softHyphen)
		}
		b.WriteRune(r)
	}
}

// onsetLen returns how many of the consonants c (between two vowels) begin the next
// syllable. One, as the rule goes (häs-tar, fönst-ret), with six exceptions for
// compounds: ds, gs, ps, lls, and ts but before e, is most often a joint before a vowel,
// and the break follows it (visstids-anställning, arbets-uppgifter, kunskaps-område,
// samhälls-ekonomi; but in-sat-ser; ns, ls and rs keep the rule: pen-sion, kon-sument,
// häl-so-vård, för-säk-ring, at the cost of kompe-ten-sut-veckling); a cluster with ss after another consonant breaks between them
// (utbildnings-stöd); l, m, n or r before st or sv stays behind (an-ställ); one that
// starts with a double consonant breaks after it (upp-dra-get, opp-læ-ringen); three or more
// consonants ending in a consonant pair that can begin a word keep the pair together
// (upp-dra-get, sjuk-skriv-ning); but a pair beginning with s after another consonant
// leaves the s behind, where it is most often the joint of a compound (arbets-miljö,
// förbunds-kassa).
func onsetLen(c []rune, next rune) int {
	n := len(c)
	cl := strings.ToLower(string(c))
	if n >= 2 && cl[n-1] == 's' && (strings.ContainsRune("dgp", rune(cl[n-2])) ||
		cl[n-2] == 't' && next != 'e' || strings.HasSuffix(cl, "lls")) {
		return 0 // the joint s before a vowel: visstids-anställning, skydds-ombud
	}
	if i := strings.Index(cl, "ss"); i >= 1 && n >= 3 {
		return n - (i + 1)
	}
	if n == 3 && strings.ContainsRune("lmnr", rune(cl[0])) && cl[1] == 's' && strings.ContainsRune("tv", rune(cl[2])) {
		return 2 // an-ställ, an-svar, för-sta (but trans-port, mänsk-lig)
	}
	if n >= 3 && cl[0] == cl[1] { // a double consonant ends the syllable: upp-dra, opp-læ
		return n - 2
	}
	if n >= 4 || (n == 3 && !strings.HasPrefix(cl[len(cl)-3:], "s")) {
		for _, o := range []string{"skr", "str", "spr", "spl", "skv"} {
			if strings.HasSuffix(cl, o) {
				return 3
			}
		}
	}
	if n >= 3 {
		last2 := string([]rune(cl)[n-2:])
		if last2[0] != 's' && strings.Contains(" tr dr kr pr br gr fr pl bl kl gl fl kv tv ", " "+last2+" ") {
			return 2
		}
	}
	return 1
}

// Letter kinds.
const (
	notLetter = iota
	vowel
	consonant
	otherLetter // a letter of another script or one the rule does not know
)

// letterKind sorts a rune for the syllable rule.
func letterKind(r rune) int {
	lr := r
	if r >= 'A' && r <= 'Z' {
		lr = r + ('a' - 'A')
	} else if r >= 0xC0 && r <= 0xDE && r != 0xD7 {
		lr = r + 0x20 // Latin-1 capitals to small
	}
	switch {
	case strings.ContainsRune("aeiouyåäöæøéèêëáàâíìîïóòôõúùûüý", lr):
		return vowel
	case lr >= 'a' && lr <= 'z', strings.ContainsRune("çñðþßšžčćđ", lr):
		return consonant
	case unicode.IsLetter(r):
		return otherLetter
	}
	return notLetter
}

// oneSound reports whether the letters a, b together make one sound and so stay on one
// line: ck, ng, ch, sh, th, ph, and sj, tj, kj, gj, dj, hj (but mil-jö: lj may split).
func oneSound(a, b rune) bool {
	a, b = lower(a), lower(b)
	switch {
	case a == 'c' && b == 'k', a == 'n' && b == 'g', b == 'h' && strings.ContainsRune("cstp", a):
		return true
	case b == 'j' && strings.ContainsRune("stkgdh", a):
		return true
	}
	return false
}

func lower(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + ('a' - 'A')
	}
	return r
}
