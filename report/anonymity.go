package report

import (
	"slices"
	"strings"

	"kravlistan/survey"
)

// Hidden is what a raw response row shows instead of its workplace and background
// answers when too few responses share them.
const Hidden = "dolt"

// Combos counts how many responses share each exact combination of workplace and
// background answers, so that raw rows (Excel "Svar", CSV) can hide the combinations fewer
// than the anonymity threshold share (k-anonymity over the combination, not per column).
// The hidden rows must themselves be none or at least the threshold: a single hidden row
// would be pinned to its workplace and answers by the breakdowns (A has 6, only 5 rows say
// A), so further combinations are hidden, smallest first, until they are.
// Count every response first, then ask Hidden for each row.
type Combos struct {
	c         *survey.Campaign
	counts    map[string]*int
	hide      map[string]bool // made on the first call of Hidden
	buf       []byte
	responses int
	proposals int
}

// NewCombos starts counting combinations for campaign c.
func NewCombos(c *survey.Campaign) *Combos {
	return &Combos{c: c, counts: map[string]*int{}}
}

func (k *Combos) key(r *survey.Response) []byte {
	b := append(k.buf[:0], r.Workplace...)
	for _, q := range k.c.Questions {
		b = append(b, 0)
		b = append(b, r.Background[q.Key]...)
	}
	k.buf = b
	return b
}

// Add counts one response; r may be reused by the caller afterwards.
func (k *Combos) Add(r *survey.Response) error {
	k.responses++
	if r.Proposal != "" {
		k.proposals++
	}
	b := k.key(r)
	if p, ok := k.counts[string(b)]; ok {
		*p++
		return nil
	}
	n := 1
	k.counts[string(b)] = &n
	return nil
}

// Hidden reports whether r's workplace and background answers must be hidden: fewer than
// the campaign's anonymity threshold counted responses share the combination, or the
// combination is hidden so that the hidden rows reach the threshold.
func (k *Combos) Hidden(r *survey.Response) bool {
	if k.hide == nil {
		k.decide()
	}
	b := k.key(r)
	if _, ok := k.counts[string(b)]; !ok {
		return true
	}
	return k.hide[string(b)]
}

// decide chooses the hidden combinations: every one shared by fewer than the threshold,
// then, while the hidden rows are more than none but fewer than the threshold, the smallest
// shown one (ties by the combination, so the choice does not depend on row order).
func (k *Combos) decide() {
	th := k.c.AnonymityThreshold
	k.hide = make(map[string]bool, len(k.counts))
	hidden := 0
	var shown []string
	for combo, n := range k.counts {
		if *n < th {
			k.hide[combo] = true
			hidden += *n
		} else {
			shown = append(shown, combo)
		}
	}
	if hidden == 0 || hidden >= th {
		return
	}
	slices.SortFunc(shown, func(a, b string) int {
		if d := *k.counts[a] - *k.counts[b]; d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	for _, combo := range shown {
		if hidden >= th {
			break
		}
		k.hide[combo] = true
		hidden += *k.counts[combo]
	}
}

// Len returns the number of distinct combinations counted.
func (k *Combos) Len() int { return len(k.counts) }

// Responses returns the number of responses counted; writers of raw rows size their
// sheets by it.
func (k *Combos) Responses() int { return k.responses }

// Proposals returns the number of counted responses with a proposal.
func (k *Combos) Proposals() int { return k.proposals }
