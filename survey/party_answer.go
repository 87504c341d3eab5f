package survey

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// AnswerValue is a party's answer to one demand.
type AnswerValue string

// The answers a party can give.
const (
	AnswerNone    AnswerValue = ""
	AnswerYes     AnswerValue = "ja"
	AnswerNo      AnswerValue = "nej"
	AnswerPartly  AnswerValue = "delvis"
	answerInvalid AnswerValue = "?"
)

// ParseAnswer reads an answer value from a form; "" is no answer yet.
func ParseAnswer(s string) (AnswerValue, bool) {
	switch v := AnswerValue(strings.ToLower(strings.TrimSpace(s))); v {
	case AnswerNone, AnswerYes, AnswerNo, AnswerPartly:
		return v, true
	}
	return answerInvalid, false
}

// Answer is a party's answer to one item of the frozen list.
type Answer struct {
	ItemID  int64       `json:"-"`
	Value   AnswerValue `json:"answer"`
	Comment string      `json:"comment,omitempty"`
}

// NormalizeAnswers trims comments and unifies line breaks.
func NormalizeAnswers(as []Answer) {
	for i := range as {
		as[i].Comment = NormalizeComment(as[i].Comment)
	}
}

// NormalizeComment trims a comment and unifies its line breaks.
func NormalizeComment(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

// ValidateAnswers checks a party's answers to items. A draft may leave demands open; a
// final submission must answer every one. Field paths are "answers[ITEMID].answer" and
// "answers[ITEMID].comment".
func ValidateAnswers(items []ListItem, as []Answer, final bool) error {
	var fe fieldErrors
	byItem := map[int64]Answer{}
	known := map[int64]bool{}
	for _, it := range items {
		known[it.ID] = true
	}
	for _, a := range as {
		f := "answers[" + itoa(a.ItemID) + "]"
		if !known[a.ItemID] {
			fe.add(f, "unknown_item")
			continue
		}
		if _, ok := ParseAnswer(string(a.Value)); !ok {
			fe.add(f+".answer", "bad_answer")
		}
		if p := TextProblem(a.Comment, true); p != "" {
			fe.add(f+".comment", p)
		} else if n := utf8.RuneCountInString(a.Comment); n > MaxCommentLength {
			fe.add(f+".comment", "comment_too_long", MaxCommentLength)
		}
		byItem[a.ItemID] = a
	}
	if final {
		for _, it := range items {
			if byItem[it.ID].Value == AnswerNone {
				fe.add("answers["+itoa(it.ID)+"].answer", "answer_required")
			}
		}
	}
	return fe.err()
}

// Assessment is the district's reading of a party's answer, as published beside it.
type Assessment string

// The assessments. Refused and NoAnswer are not set by hand: they follow from the party
// refusing, or from no submitted answer.
const (
	AssessNone     Assessment = ""
	AssessAgree    Assessment = "agree"
	AssessUnclear  Assessment = "unclear"
	AssessDisagree Assessment = "disagree"
	AssessRefused  Assessment = "refused"
	AssessNoAnswer Assessment = "no_answer"
)

// ParseAssessment reads an assessment an organiser may set; "" means "follow the answer".
func ParseAssessment(s string) (Assessment, bool) {
	switch a := Assessment(s); a {
	case AssessNone, AssessAgree, AssessUnclear, AssessDisagree:
		return a, true
	}
	return "", false
}

// DefaultAssessment is the assessment an answer gets until the organiser sets one: Ja
// agrees, Nej disagrees, Delvis is unclear.
func DefaultAssessment(v AnswerValue) Assessment {
	switch v {
	case AnswerYes:
		return AssessAgree
	case AnswerNo:
		return AssessDisagree
	case AnswerPartly:
		return AssessUnclear
	}
	return AssessNoAnswer
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
