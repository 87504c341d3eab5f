// Package groupcommit is the submission path both stores (survey/sqlite, survey/postgres)
// share: Submit queues a response and waits, while writer goroutines (Run) take whatever
// has queued up and commit it as one transaction (group commit), answering each request
// only once that transaction has committed. Claim is the rule for a response that comes
// with a one-time code.
package groupcommit

import (
	"context"
	"fmt"
	"sync"

	"kravlistan/survey"
)

// Request is one submission on its way to the database.
type Request struct {
	CampaignID int64
	R          *survey.Response
	Code       []byte // the HMAC of the response's one-time code, nil without one
	Ballot     int    // in a paper batch: the ballot's index in the batch as given
	done       chan Result
}

// Result is what a submission did.
type Result struct {
	Outcome survey.Outcome
	Err     error
}

// ErrClosed is returned by Submit after Close.
var ErrClosed = &survey.Error{Code: survey.EINTERNAL, Message: "databasen är stängd"}

// Queue holds the submissions waiting for a writer.
type Queue struct {
	ch     chan *Request
	mu     sync.RWMutex // guards closed against sends on ch
	closed bool
}

// NewQueue returns a queue that holds up to size submissions before Submit waits.
func NewQueue(size int) *Queue { return &Queue{ch: make(chan *Request, size)} }

// Submit queues req and returns its result once its transaction has committed (or
// failed). Once queued, the write happens whether or not the caller still waits: the
// result is durable either way, and a retry with the same id will be a harmless replay.
func (q *Queue) Submit(ctx context.Context, req *Request) (survey.Outcome, error) {
	req.done = make(chan Result, 1)
	q.mu.RLock()
	if q.closed {
		q.mu.RUnlock()
		return 0, ErrClosed
	}
	select {
	case q.ch <- req:
	case <-ctx.Done():
		q.mu.RUnlock()
		return 0, ctx.Err()
	}
	q.mu.RUnlock()
	res := <-req.done
	return res.Outcome, res.Err
}

// Close stops taking submissions; the writers commit what is queued and return.
func (q *Queue) Close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.closed {
		q.closed = true
		close(q.ch)
	}
}

// Run is a writer: it takes whatever has queued up (at most max) while it was committing
// and passes it to commit, which stores the batch in one transaction and returns each
// request's result, or an error when nothing was stored. A batch that fails is tried
// again request by request, so that one bad row does not sink its neighbours. committed
// is called with the size of every committed batch. Run returns once the queue is closed
// and empty.
func (q *Queue) Run(max int, commit func([]*Request) ([]Result, error), committed func(n int)) {
	batch := make([]*Request, 0, max)
	for req := range q.ch {
		batch = append(batch[:0], req)
	fill:
		for len(batch) < max {
			select {
			case more, ok := <-q.ch:
				if !ok {
					break fill
				}
				batch = append(batch, more)
			default:
				break fill
			}
		}
		deliver(batch, commit, committed)
	}
}

func deliver(batch []*Request, commit func([]*Request) ([]Result, error), committed func(n int)) {
	results, err := commit(batch)
	if err != nil && len(batch) > 1 {
		for _, req := range batch {
			deliver([]*Request{req}, commit, committed)
		}
		return
	}
	if err != nil {
		batch[0].done <- Result{Err: fmt.Errorf("store response: %w", err)}
		return
	}
	committed(len(batch))
	for i, req := range batch {
		req.done <- results[i]
	}
}

// Claim decides a response r that came with a one-time code, from whether the code is
// used and the response stored (or about to be, in the same transaction) under r's id,
// nil when there is none. done is true when the request is finished without inserting:
// a replay of the stored answer (Replayed, nothing marked) or a used code with a new
// answer (ErrCodeUsed). Otherwise the response is to be inserted, and mark says whether
// the code is to be marked used with it (not when the id is taken: the insert finds it
// so and answers ECONFLICT).
func Claim(used bool, prev, r *survey.Response) (res Result, done, mark bool) {
	switch {
	case prev != nil && prev.SameContent(r):
		return Result{Outcome: survey.Replayed}, true, false
	case used:
		return Result{Err: survey.ErrCodeUsed}, true, false
	case prev != nil:
		return Result{}, false, false
	}
	return Result{}, false, true
}
