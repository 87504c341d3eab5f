package survey

import (
	"strconv"
	"strings"
)

// Entry is one paper (or telephone) ballot as a person typed it, read into the parts of a
// Response: the ranking (or ratings) and the background answers, plus the one-time code
// written on the ballot (campaigns with access codes), normalised.
type Entry struct {
	Ranking    []string
	Ratings    map[string]int
	Background map[string]string
	Code       string
}

// ParseEntry reads one typed ballot of campaign c. The line has up to two parts separated
// by "/":
//
//   - first the ballot, for a ranking campaign the demand numbers printed on the paper
//     ballot in rank order ("3 7 1": demand 3 first); for a rating campaign one rating or
//     "-" per demand (ParseRatingEntry);
//   - then, optionally, the background answers in the order of the questions, each the
//     number of the ticked option or "-" (also "0", "x", ".") for no answer; missing
//     answers at the end are unanswered.
//
// Numbers are separated by spaces, commas, semicolons or tabs. code is the one-time code
// typed beside the line (ignored for open campaigns). Problems are field errors: the
// ranking's ("ranking[i]", "ranking"), the ratings' and the background's
// ("background.<key>", "background"), and "code". The campaign's rules (picks, required
// ratings) are Response.Validate's, applied to the Response that Apply fills.
func ParseEntry(c *Campaign, line, code string) (*Entry, error) {
	var fe fieldErrors
	ballot, bg, _ := strings.Cut(line, "/")
	if strings.Contains(bg, "/") {
		fe.add("background", "entry_slashes")
		return nil, fe.err()
	}
	e := &Entry{}
	if c.Rates() {
		rt, err := ParseRatingEntry(c, ballot)
		if err != nil {
			return nil, err
		}
		e.Ratings = rt
	} else {
		e.Ranking = parseRankEntry(c, ballot, &fe)
	}
	e.Background = parseBackgroundEntry(c, bg, &fe)
	if c.NeedsCode() {
		if strings.TrimSpace(code) == "" {
			fe.add("code", "code_missing")
		} else if n, ok := NormalizeCode(code); !ok {
			fe.add("code", "code_unknown")
		} else {
			e.Code = n
		}
	}
	if err := fe.err(); err != nil {
		return nil, err
	}
	return e, nil
}

func entryFields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '\t' })
}

// parseRankEntry reads demand numbers (1 = the first demand on offer) into keys.
func parseRankEntry(c *Campaign, s string, fe *fieldErrors) []string {
	demands := c.VisibleDemands()
	seen := map[int]bool{}
	ranking := []string{}
	for i, f := range entryFields(s) {
		p := path("ranking", i)
		n, err := strconv.Atoi(f)
		switch {
		case err != nil:
			fe.add(p, "entry_not_number", f)
		case n < 1 || n > len(demands):
			fe.add(p, "entry_demand_range", n, len(demands))
		case seen[n]:
			fe.add(p, "entry_duplicate", n)
		default:
			seen[n] = true
			ranking = append(ranking, demands[n-1].Key)
		}
	}
	return ranking
}

// parseBackgroundEntry reads option numbers, one per question in order.
func parseBackgroundEntry(c *Campaign, s string, fe *fieldErrors) map[string]string {
	fields := entryFields(s)
	if len(fields) > len(c.Questions) {
		fe.add("background", "entry_questions", len(fields), len(c.Questions))
		return nil
	}
	var bg map[string]string
	for i, f := range fields {
		q := c.Questions[i]
		switch f {
		case "-", "0", "x", "X", ".":
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > len(q.Options) {
			fe.add("background."+q.Key, "entry_option_range", f, len(q.Options))
			continue
		}
		if bg == nil {
			bg = map[string]string{}
		}
		bg[q.Key] = q.Options[n-1].Key
	}
	return bg
}

// Apply puts the entry's answers into r.
func (e *Entry) Apply(r *Response) {
	r.Ranking, r.Ratings, r.Background, r.Code = e.Ranking, e.Ratings, e.Background, e.Code
	if r.Ranking == nil {
		r.Ranking = []string{}
	}
	r.Normalize()
}

// Canonical is the entry in one fixed form, so that two people's typing of the same ballot
// compare equal whatever separators they used ("3,7 1" and "3 7 1").
func (e *Entry) Canonical() string {
	var b strings.Builder
	b.WriteString(strings.Join(e.Ranking, ","))
	b.WriteByte('|')
	for _, k := range sortedKeys(e.Ratings) {
		b.WriteString(k + "=" + strconv.Itoa(e.Ratings[k]) + "&")
	}
	b.WriteByte('|')
	for _, k := range sortedKeys(e.Background) {
		b.WriteString(k + "=" + e.Background[k] + "&")
	}
	b.WriteByte('|')
	b.WriteString(e.Code)
	return b.String()
}
