package report

import (
	"errors"
	"maps"

	"kravlistan/survey"
)

// Pipelined returns a walk that runs walk in a goroutine of its own and calls fn, on the
// caller's goroutine, with copies of the responses: reading the store and what fn does
// (counting, writing rows) then use both cores. A copy keeps everything the report reads:
// id, workplace, channel, day, proposal, record key, ranking, ratings and the answers to
// the campaign's questions (answers to questions the campaign no longer has are left
// out). The order is walk's. fn's argument is reused between calls.
func Pipelined(walk Walk, c *survey.Campaign) Walk {
	return func(fn func(*survey.Response) error) error {
		batches := make(chan []copied, 4)
		done := make(chan struct{})
		errc := make(chan error, 1)
		go func() {
			defer close(batches)
			k := newCopier(c, batches, done)
			err := walk(k.add)
			if err == nil {
				err = k.flush()
			}
			errc <- err
		}()
		var err error
		r := survey.Response{Background: map[string]string{}}
		for batch := range batches {
			if err != nil {
				continue // drain: the walk stops at its next response
			}
			for i := range batch {
				batch[i].fill(&r, c)
				if err = fn(&r); err != nil {
					close(done)
					break
				}
			}
		}
		if werr := <-errc; err == nil && !errors.Is(werr, errStopped) {
			err = werr
		}
		return err
	}
}

// errStopped ends the walk when fn has failed.
var errStopped = errors.New("walk stopped")

// copied is one response as Pipelined hands it over.
type copied struct {
	r          survey.Response // without Ranking and Background
	ranking    []string
	background []string // the answers in question order, "" when none
}

func (x *copied) fill(r *survey.Response, c *survey.Campaign) {
	bg := r.Background
	*r = x.r
	r.Ranking = x.ranking
	clear(bg)
	for i, q := range c.Questions {
		if v := x.background[i]; v != "" {
			bg[q.Key] = v
		}
	}
	r.Background = bg
}

// copier batches copies of responses; the strings of a batch's rankings and answers share
// one backing array, so a batch costs a few allocations, not a few per response.
type copier struct {
	c     *survey.Campaign
	out   chan<- []copied
	done  <-chan struct{}
	batch []copied
	strs  []string
	width int
}

const pipelineBatch = 1024

func newCopier(c *survey.Campaign, out chan<- []copied, done <-chan struct{}) *copier {
	k := &copier{c: c, out: out, done: done, width: c.MaxPicks + len(c.Questions)}
	k.fresh()
	return k
}

func (k *copier) fresh() {
	k.batch = make([]copied, 0, pipelineBatch)
	k.strs = make([]string, 0, pipelineBatch*k.width)
}

func (k *copier) add(r *survey.Response) error {
	need := len(r.Ranking) + len(k.c.Questions)
	if cap(k.strs)-len(k.strs) < need {
		k.strs = make([]string, 0, max(pipelineBatch*k.width, need))
	}
	start := len(k.strs)
	k.strs = append(k.strs, r.Ranking...)
	mid := len(k.strs)
	for _, q := range k.c.Questions {
		k.strs = append(k.strs, r.Background[q.Key])
	}
	x := copied{r: *r, ranking: k.strs[start:mid:mid], background: k.strs[mid:len(k.strs):len(k.strs)]}
	x.r.Ranking, x.r.Background = nil, nil
	if r.Ratings != nil {
		x.r.Ratings = maps.Clone(r.Ratings)
	}
	k.batch = append(k.batch, x)
	if len(k.batch) == pipelineBatch {
		return k.flush()
	}
	return nil
}

// flush sends the batch; it is called for the last one when the walk ends.
func (k *copier) flush() error {
	if len(k.batch) == 0 {
		return nil
	}
	select {
	case k.out <- k.batch:
	case <-k.done:
		return errStopped
	}
	k.fresh()
	return nil
}
