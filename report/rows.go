package report

import (
	"strconv"

	"kravlistan/survey"
)

// Walk calls fn for every response of a campaign, in the order raw rows are to be written
// (the random order of the response ids, never arrival order). Writers of raw rows call
// it twice: once to count combinations, once to write. fn's argument may be reused.
type Walk func(fn func(*survey.Response) error) error

// Rows turns responses into the cells of raw response rows: workplace, background answers,
// picks by rank (or, for rating ballots, one rating per demand), proposal. No day or time is shown; workplace and background answers read
// "dolt" when fewer than the anonymity threshold share the combination; all text is
// neutralized. Build it after the Combos have counted every response.
type Rows struct {
	c          *survey.Campaign
	combos     *Combos
	workplaces map[string]string
	options    []map[string]string
	demands    map[string]string
	cells      []string
}

// NewRows prepares rows for campaign c with the counted combinations.
func NewRows(c *survey.Campaign, combos *Combos) *Rows {
	x := &Rows{c: c, combos: combos, workplaces: map[string]string{}, demands: map[string]string{}}
	for _, w := range c.Workplaces {
		x.workplaces[w.Code] = Neutralize(w.Name)
	}
	for _, q := range c.Questions {
		m := map[string]string{}
		for _, o := range q.Options {
			m[o.Key] = Neutralize(o.Label)
		}
		x.options = append(x.options, m)
	}
	for _, d := range c.Demands {
		x.demands[d.Key] = Neutralize(d.Title)
	}
	x.cells = make([]string, len(x.Header()))
	return x
}

// Header returns the column headings of the raw rows (without a row number).
func (x *Rows) Header() []string {
	h := []string{"Arbetsplats"}
	for _, q := range x.c.Questions {
		h = append(h, Neutralize(q.Label))
	}
	if x.c.Rates() {
		// One column per demand holding its rating; empty where the member skipped it.
		for _, d := range x.c.Demands {
			h = append(h, x.demands[d.Key])
		}
		return append(h, "Förslag")
	}
	for i := 1; i <= x.c.MaxPicks; i++ {
		h = append(h, "Val "+strconv.Itoa(i))
	}
	return append(h, "Förslag")
}

// Row returns the cells of r. The slice is reused by the next call.
func (x *Rows) Row(r *survey.Response) []string {
	cells := x.cells
	clear(cells)
	i := 0
	if x.combos.Hidden(r) {
		for ; i <= len(x.c.Questions); i++ {
			cells[i] = Hidden
		}
	} else {
		cells[0] = x.lookup(x.workplaces, r.Workplace)
		for qi, q := range x.c.Questions {
			cells[1+qi] = x.lookup(x.options[qi], r.Background[q.Key])
		}
		i = 1 + len(x.c.Questions)
	}
	if x.c.Rates() {
		for j, d := range x.c.Demands {
			if v, ok := r.Ratings[d.Key]; ok {
				cells[i+j] = strconv.Itoa(v)
			}
		}
	} else {
		for j, key := range r.Ranking {
			if j >= x.c.MaxPicks {
				break
			}
			cells[i+j] = x.lookup(x.demands, key)
		}
	}
	cells[len(cells)-1] = Neutralize(r.Proposal)
	return cells
}

// lookup returns the label of key, or the key itself (neutralized) for one the campaign
// no longer has.
func (x *Rows) lookup(m map[string]string, key string) string {
	if key == "" {
		return ""
	}
	if v, ok := m[key]; ok {
		return v
	}
	return Neutralize(key)
}
