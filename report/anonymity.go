package report

import "kravlistan/survey"

// Hidden is what a raw response row shows instead of its workplace and background
// answers when too few responses share them.
const Hidden = "dolt"

// Combos counts how many responses share each exact combination of workplace and
// background answers, so that raw rows (Excel "Svar", CSV) can hide the combinations fewer
// than the anonymity threshold share (k-anonymity over the combination, not per column).
// Count every response first, then ask Hidden for each row.
type Combos struct {
	c         *survey.Campaign
	counts    map[string]*int
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
// the campaign's anonymity threshold counted responses share the combination.
func (k *Combos) Hidden(r *survey.Response) bool {
	p, ok := k.counts[string(k.key(r))]
	return !ok || *p < k.c.AnonymityThreshold
}

// Len returns the number of distinct combinations counted.
func (k *Combos) Len() int { return len(k.counts) }

// Responses returns the number of responses counted; writers of raw rows size their
// sheets by it.
func (k *Combos) Responses() int { return k.responses }

// Proposals returns the number of counted responses with a proposal.
func (k *Combos) Proposals() int { return k.proposals }
