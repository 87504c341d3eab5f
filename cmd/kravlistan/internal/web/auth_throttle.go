package web

import (
	"strings"
	"sync"
	"time"
)

// throttle slows down password guessing. It counts failed sign-ins per account name and per
// client address, in memory only (never stored, never logged), and after a number of free
// failures makes each key wait 1 s, 2 s, 4 s … up to maxWait before the next attempt is even
// checked. A successful sign-in clears the account's count. Entries are forgotten an hour
// after their last failure.
type throttle struct {
	mu  sync.Mutex
	m   map[string]*failCount
	now func() time.Time
}

type failCount struct {
	n    int
	last time.Time
}

const (
	freeFailsAccount = 5
	freeFailsAddress = 20
	maxThrottleWait  = 15 * time.Minute
	throttleForget   = time.Hour
	throttleMaxKeys  = 100_000
)

func newThrottle(now func() time.Time) *throttle {
	return &throttle{m: map[string]*failCount{}, now: now}
}

func accountKey(name string) string { return "u\x00" + strings.ToLower(name) }
func addressKey(ip string) string   { return "a\x00" + ip }

func freeFails(key string) int {
	if strings.HasPrefix(key, "a\x00") {
		return freeFailsAddress
	}
	return freeFailsAccount
}

// wait returns how long the caller must still wait before an attempt for any of keys is
// checked; zero means go ahead.
func (t *throttle) wait(keys ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var longest time.Duration
	for _, k := range keys {
		f, ok := t.m[k]
		if !ok {
			continue
		}
		over := f.n - freeFails(k)
		if over < 0 {
			continue
		}
		d := maxThrottleWait
		if over < 20 {
			d = min(time.Second<<over, maxThrottleWait)
		}
		if left := f.last.Add(d).Sub(now); left > longest {
			longest = left
		}
	}
	return longest
}

// fail counts a failed attempt for each key.
func (t *throttle) fail(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.m) >= throttleMaxKeys {
		for k, f := range t.m {
			if now.Sub(f.last) > throttleForget {
				delete(t.m, k)
			}
		}
	}
	for _, k := range keys {
		f, ok := t.m[k]
		if !ok || now.Sub(f.last) > throttleForget {
			f = &failCount{}
			t.m[k] = f
		}
		f.n++
		f.last = now
	}
}

// reset forgets the failures of key.
func (t *throttle) reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.m, key)
}
