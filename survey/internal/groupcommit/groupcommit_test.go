package groupcommit

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/google/uuid"

	"kravlistan/survey"
)

// TestOneBadRowDoesNotSinkItsBatch: a batch whose commit fails is tried again request by
// request; only the bad one fails, and nothing is answered before its commit.
func TestOneBadRowDoesNotSinkItsBatch(t *testing.T) {
	q := NewQueue(64)
	bad := uuid.New()
	var committed []int
	var mu sync.Mutex
	release := make(chan struct{})
	commit := func(batch []*Request) ([]Result, error) {
		<-release
		out := make([]Result, len(batch))
		for i, req := range batch {
			if req.R.ID == bad {
				return nil, errors.New("bad row")
			}
			out[i] = Result{Outcome: survey.Created}
		}
		return out, nil
	}
	done := make(chan struct{})
	go func() {
		q.Run(512, commit, func(n int) { mu.Lock(); committed = append(committed, n); mu.Unlock() })
		close(done)
	}()
	var wg sync.WaitGroup
	errs := make([]error, 10)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &survey.Response{ID: uuid.New()}
			if i == 3 {
				r.ID = bad
			}
			_, errs[i] = q.Submit(context.Background(), &Request{R: r})
		}()
	}
	close(release)
	wg.Wait()
	for i, err := range errs {
		if (err != nil) != (i == 3) {
			t.Errorf("request %d: %v", i, err)
		}
	}
	q.Close()
	<-done
	if _, err := q.Submit(context.Background(), &Request{R: &survey.Response{}}); err != ErrClosed {
		t.Errorf("after Close: %v", err)
	}
	total := 0
	for _, n := range committed {
		total += n
	}
	if total != 9 {
		t.Errorf("committed %v, want 9 requests in all", committed)
	}
}

func TestClaim(t *testing.T) {
	r := &survey.Response{ID: uuid.New(), Ranking: []string{"a"}}
	other := &survey.Response{ID: r.ID, Ranking: []string{"b"}}
	for _, tc := range []struct {
		used       bool
		prev       *survey.Response
		done, mark bool
		outcome    survey.Outcome
		err        error
	}{
		{false, nil, false, true, 0, nil},
		{true, nil, true, false, 0, survey.ErrCodeUsed},
		{true, r, true, false, survey.Replayed, nil},
		{false, r, true, false, survey.Replayed, nil},
		{false, other, false, false, 0, nil},
		{true, other, true, false, 0, survey.ErrCodeUsed},
	} {
		res, done, mark := Claim(tc.used, tc.prev, r)
		if done != tc.done || mark != tc.mark || res.Outcome != tc.outcome || res.Err != tc.err {
			t.Errorf("Claim(%v, %v): %+v %v %v", tc.used, tc.prev != nil, res, done, mark)
		}
	}
}
