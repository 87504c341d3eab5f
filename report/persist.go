package report

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"kravlistan/survey"
)

// A tally is kept with the responses (survey/sqlite keeps one per campaign, of its counted
// responses, and adds each batch in the transaction that counts it), so that a report of a
// million answers reads a few kilobytes instead of every row. The tally counts by the
// campaign's shape: its demands, max picks, rating scale, background questions with their
// options, workplaces, and the channels (since issue 13: a tally without them does not fit
// and is counted again from the rows, which the store does when it opens). The encoding records the shape; a tally whose shape is not the
// campaign's (Fits) is stale and is counted again from the rows. Titles, labels, the
// method and the anonymity threshold are not part of the shape: they are read from the
// campaign when the results are made.

// shape is what a tally counts by.
type shape struct {
	demands  []string
	maxPicks int
	scaleMin int // rating ballots only
	points   int // values on the rating scale; 0 for ranking ballots
	// areas[i] is the area of demand i, areas numbered in the order they first appear
	// (see areas.go): which demands share an area, not the areas' names.
	areas []int
	dims  []dimShape
}

// dimShape is one breakdown: a background question (its key) or, with question "", the
// workplaces; keys are the options' keys or the workplaces' codes.
type dimShape struct {
	question string
	keys     []string
}

func shapeOf(c *survey.Campaign) *shape {
	sh := &shape{maxPicks: c.MaxPicks}
	for _, d := range c.Demands {
		sh.demands = append(sh.demands, d.Key)
	}
	sh.areas, _ = areasOf(c)
	if c.Rates() && c.Scale != nil {
		sh.scaleMin, sh.points = c.Scale.Min, c.Scale.Points()
	}
	for _, q := range c.Questions {
		dim := dimShape{question: q.Key, keys: []string{}}
		for _, o := range q.Options {
			dim.keys = append(dim.keys, o.Key)
		}
		sh.dims = append(sh.dims, dim)
	}
	if len(c.Workplaces) > 0 {
		dim := dimShape{keys: []string{}}
		for _, w := range c.Workplaces {
			dim.keys = append(dim.keys, w.Code)
		}
		sh.dims = append(sh.dims, dim)
	}
	// The channels come last, so that adding them changed no other group's noise (fill
	// draws the groups in order).
	sh.dims = append(sh.dims, dimShape{question: channelDim, keys: channelKeys()})
	return sh
}

func (sh *shape) equal(o *shape) bool {
	if !slices.Equal(sh.demands, o.demands) || !slices.Equal(sh.areas, o.areas) || sh.maxPicks != o.maxPicks || sh.scaleMin != o.scaleMin ||
		sh.points != o.points || len(sh.dims) != len(o.dims) {
		return false
	}
	for i, d := range sh.dims {
		if d.question != o.dims[i].question || !slices.Equal(d.keys, o.dims[i].keys) {
			return false
		}
	}
	return true
}

// tally returns an empty tally of this shape, not yet bound to a campaign.
func (sh *shape) tally() *Tally {
	d := len(sh.demands)
	na := areaCount(sh.areas)
	t := &Tally{keys: sh.demands, index: make(map[string]int, d), seen: make([]int, d),
		points: sh.points, maxPicks: sh.maxPicks, scaleMin: sh.scaleMin, areaOf: sh.areas, areaSeen: make([]int, na)}
	if t.points > 0 {
		t.rates = make([]int, d)
	}
	t.all = newCounts(d, t.points, na)
	for i, k := range sh.demands {
		t.index[k] = i
	}
	for _, ds := range sh.dims {
		dim := &dimension{by: ds.question, question: ds.question, keys: ds.keys}
		switch ds.question {
		case "":
			dim.by = ByWorkplace
		case channelDim:
			dim.by = ByChannel
		}
		dim.index = make(map[string]int, len(dim.keys))
		for i, k := range dim.keys {
			dim.index[k] = i
		}
		dim.groups = make([]*counts, len(dim.keys)+1)
		for i := range dim.groups {
			dim.groups[i] = newCounts(d, t.points, na)
		}
		t.dims = append(t.dims, dim)
	}
	return t
}

func (t *Tally) shape() *shape {
	sh := &shape{demands: t.keys, maxPicks: t.maxPicks, scaleMin: t.scaleMin, points: t.points, areas: t.areaOf}
	for _, dim := range t.dims {
		sh.dims = append(sh.dims, dimShape{question: dim.question, keys: dim.keys})
	}
	return sh
}

// bind makes c the campaign whose titles and labels the results show; c has t's shape.
func (t *Tally) bind(c *survey.Campaign) {
	t.c = c
	qi := 0
	for _, dim := range t.dims {
		dim.labels = dim.labels[:0]
		if dim.question == "" {
			for _, w := range c.Workplaces {
				dim.labels = append(dim.labels, w.Name)
			}
			continue
		}
		if dim.question == channelDim {
			for _, k := range dim.keys {
				dim.labels = append(dim.labels, channelLabel(k))
			}
			continue
		}
		for _, o := range c.Questions[qi].Options {
			dim.labels = append(dim.labels, o.Label)
		}
		qi++
	}
}

// Fits reports whether t counts by c's shape (demands, max picks, rating scale, background
// questions and options, workplaces): only then do its sums give c's results.
func (t *Tally) Fits(c *survey.Campaign) bool { return t.shape().equal(shapeOf(c)) }

// Responses returns the number of responses counted.
func (t *Tally) Responses() int { return t.all.n }

// GroupCounts returns the size and cell key of every non-empty group (survey.Tally).
func (t *Tally) GroupCounts() (byWorkplace []survey.Count, byAnswer map[string][]survey.Count) {
	byAnswer = map[string][]survey.Count{}
	wp := false
	for _, dim := range t.dims {
		if dim.question == channelDim {
			continue // ChannelCounts
		}
		var cs []survey.Count
		last := len(dim.groups) - 1
		if dim.question == "" {
			wp = true
			// "" (no workplace) first, then by code, as the rows give them.
			if g := dim.groups[last]; g.n > 0 {
				cs = append(cs, survey.Count{Key: "", N: g.n, CellKey: g.key})
			}
		}
		for i, g := range dim.groups[:last] {
			if g.n > 0 {
				cs = append(cs, survey.Count{Key: dim.keys[i], N: g.n, CellKey: g.key})
			}
		}
		if dim.question == "" {
			slices.SortFunc(cs, func(a, b survey.Count) int { return strings.Compare(a.Key, b.Key) })
			byWorkplace = cs
			continue
		}
		if g := dim.groups[last]; g.n > 0 {
			cs = append(cs, survey.Count{Key: "", N: g.n, CellKey: g.key})
		}
		byAnswer[dim.question] = cs
	}
	if !wp && t.all.n > 0 {
		byWorkplace = []survey.Count{{Key: "", N: t.all.n, CellKey: t.all.key}}
	}
	return byWorkplace, byAnswer
}

// ErrStale says that a tally does not count by the campaign's shape.
var ErrStale = errors.New("the tally does not count by the campaign's demands, questions and workplaces")

// ResultsFor returns the results of campaign c from the tally t (t must Fit c): the same
// document Compute gives from the rows. It only reads t.
func (t *Tally) ResultsFor(c *survey.Campaign, now time.Time) (*Results, error) {
	if !t.Fits(c) {
		return nil, ErrStale
	}
	t.bind(c)
	return t.Results(now), nil
}

// Equal reports whether two tallies have the same shape and the same sums.
func (t *Tally) Equal(o *Tally) bool {
	if !t.shape().equal(o.shape()) || !t.all.same(o.all) {
		return false
	}
	for i, dim := range t.dims {
		for g, c := range dim.groups {
			if !c.same(o.dims[i].groups[g]) {
				return false
			}
		}
	}
	return true
}

// same reports whether c and o hold exactly the same sums.
func (c *counts) same(o *counts) bool {
	return c.equal(o) && slices.Equal(c.rankSum, o.rankSum) && slices.Equal(c.above, o.above)
}

// tallyMagic starts every encoded tally; the last byte is the format's version. Version 2
// added the areas (issue 14); a version 1 tally no longer decodes and is recounted.
const tallyMagic = "KVT\x02"

// AppendBinary appends t's encoding to b: the shape, then every sum as an unsigned varint
// (counts are never negative), the campaign's first and then each breakdown group's.
func (t *Tally) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, tallyMagic...)
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	num := func(n int) { b = binary.AppendUvarint(b, uint64(n)) }
	num(len(t.keys))
	for _, k := range t.keys {
		str(k)
	}
	for _, a := range t.areaOf {
		num(a)
	}
	num(t.maxPicks)
	b = binary.AppendVarint(b, int64(t.scaleMin))
	num(t.points)
	num(len(t.dims))
	for _, dim := range t.dims {
		str(dim.question)
		num(len(dim.keys))
		for _, k := range dim.keys {
			str(k)
		}
	}
	put := func(c *counts) {
		num(c.n)
		b = binary.LittleEndian.AppendUint32(b, c.key)
		for _, x := range c.all {
			b = binary.AppendUvarint(b, uint64(x))
		}
	}
	put(t.all)
	for _, dim := range t.dims {
		for _, g := range dim.groups {
			put(g)
		}
	}
	return b, nil
}

// MarshalBinary returns t's encoding (AppendBinary).
func (t *Tally) MarshalBinary() ([]byte, error) { return t.AppendBinary(nil) }

// DecodeTally reads a tally that AppendBinary wrote. Bind it to a campaign with ResultsFor.
func DecodeTally(b []byte) (*Tally, error) {
	if len(b) < len(tallyMagic) || string(b[:len(tallyMagic)]) != tallyMagic {
		return nil, errors.New("not a tally (or a newer format)")
	}
	d := decoder{b: b[len(tallyMagic):]}
	sh := &shape{}
	nd := d.count()
	sh.demands = make([]string, 0, nd)
	for range nd {
		sh.demands = append(sh.demands, d.str())
	}
	sh.areas = make([]int, nd)
	for i := range sh.areas {
		// An area is numbered by its first demand, so area i can only follow areas < i.
		if sh.areas[i] = d.num(); sh.areas[i] > areaCount(sh.areas[:i]) {
			d.err = errors.New("bad area")
		}
	}
	sh.maxPicks = d.num()
	sh.scaleMin = d.int()
	sh.points = d.num()
	for range d.count() {
		ds := dimShape{question: d.str()}
		nk := d.count()
		ds.keys = make([]string, 0, nk)
		for range nk {
			ds.keys = append(ds.keys, d.str())
		}
		sh.dims = append(sh.dims, ds)
	}
	if d.err != nil {
		return nil, fmt.Errorf("decode tally: %w", d.err)
	}
	// Every sum takes at least one byte: refuse a shape the rest cannot hold before
	// allocating it.
	per := 4*len(sh.demands) + len(sh.demands)*len(sh.demands) + len(sh.demands)*sh.points + areaCount(sh.areas) + 5
	groups := 1
	for _, ds := range sh.dims {
		groups += len(ds.keys) + 1
	}
	if per*groups > len(d.b) {
		return nil, errors.New("decode tally: truncated")
	}
	t := sh.tally()
	get := func(c *counts) {
		c.n = d.num()
		c.key = d.u32()
		if d.err == nil {
			var ok bool
			if d.b, ok = readUvarints(d.b, c.all); !ok {
				d.err = errors.New("truncated or bad number")
			}
		}
	}
	get(t.all)
	for _, dim := range t.dims {
		for _, g := range dim.groups {
			get(g)
		}
	}
	if d.err == nil && len(d.b) > 0 {
		d.err = errors.New("trailing bytes")
	}
	if d.err != nil {
		return nil, fmt.Errorf("decode tally: %w", d.err)
	}
	return t, nil
}

// readUvarints reads len(xs) unsigned varints from b into xs and returns the rest of b.
func readUvarints(b []byte, xs []int) ([]byte, bool) {
	for i := range xs {
		if len(b) > 0 && b[0] < 0x80 {
			xs[i] = int(b[0])
			b = b[1:]
			continue
		}
		x, n := binary.Uvarint(b)
		if n <= 0 || x > 1<<53 {
			return nil, false
		}
		xs[i] = int(x)
		b = b[n:]
	}
	return b, true
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) num() int {
	if d.err != nil {
		return 0
	}
	x, n := binary.Uvarint(d.b)
	if n <= 0 || x > 1<<53 {
		d.err = errors.New("truncated or bad number")
		return 0
	}
	d.b = d.b[n:]
	return int(x)
}

// count reads a number of items that follow, each at least one byte long.
func (d *decoder) count() int {
	n := d.num()
	if n > len(d.b) {
		d.err = errors.New("bad length")
		return 0
	}
	return n
}

func (d *decoder) int() int {
	if d.err != nil {
		return 0
	}
	x, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errors.New("truncated or bad number")
		return 0
	}
	d.b = d.b[n:]
	return int(x)
}

func (d *decoder) u32() uint32 {
	if d.err != nil {
		return 0
	}
	if len(d.b) < 4 {
		d.err = errors.New("truncated")
		return 0
	}
	x := binary.LittleEndian.Uint32(d.b)
	d.b = d.b[4:]
	return x
}

func (d *decoder) str() string {
	n := d.count()
	if d.err != nil {
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

// Tallies makes and reads tallies for a store (survey.Tallier).
type Tallies struct{}

// NewTally returns an empty tally of c's shape.
func (Tallies) NewTally(c *survey.Campaign) survey.Tally { return NewTally(c) }

// DecodeTally reads an encoded tally.
func (Tallies) DecodeTally(b []byte) (survey.Tally, error) { return DecodeTally(b) }
