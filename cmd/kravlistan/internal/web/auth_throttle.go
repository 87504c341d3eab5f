package web

import (
	"strings"
	"sync"
	"time"
)

// throttle slows down password guessing. It counts sign-in attempts per account name and
// per client address, in memory only (never stored, never logged). An attempt is counted
// before its password is checked, under one lock for all its keys, so attempts sent at
// once cannot slip past the count. After a number of free attempts each key waits 1 s,
// 2 s, 4 s … before its next attempt is even checked, up to a cap that keeps the rightful
// user's wait short: an address at most addressMaxWait (behind a proxy without
// -trust-proxy everyone shares one), an account at most accountMaxWait. A successful
// sign-in clears the account and takes its attempt back from the address. Entries are
// forgotten throttleForget after their last attempt, and the table never holds more than
// throttleMaxKeys keys.
type throttle struct {
	mu  sync.Mutex
	m   map[string]*attempts
	now func() time.Time
}

type attempts struct {
	n    int
	last time.Time
}

const (
	freeAttemptsAccount = 5
	freeAttemptsAddress = 20
	accountMaxWait      = 5 * time.Minute
	addressMaxWait      = time.Minute
	throttleForget      = time.Hour
	throttleMaxKeys     = 50_000
)

func newThrottle(now func() time.Time) *throttle {
	return &throttle{m: map[string]*attempts{}, now: now}
}

func accountKey(name string) string { return "u\x00" + strings.ToLower(name) }
func addressKey(ip string) string   { return "a\x00" + ip }

func isAddressKey(key string) bool { return strings.HasPrefix(key, "a\x00") }

// waitFor returns how long key must still wait at now; zero means an attempt may go on.
func waitFor(key string, a *attempts, now time.Time) time.Duration {
	free, cap := freeAttemptsAccount, accountMaxWait
	if isAddressKey(key) {
		free, cap = freeAttemptsAddress, addressMaxWait
	}
	over := a.n - free
	if over < 0 {
		return 0
	}
	d := cap
	if over < 20 {
		d = min(time.Second<<over, cap)
	}
	return max(a.last.Add(d).Sub(now), 0)
}

// attempt counts an attempt for every key and returns 0, or counts nothing and returns
// how long the caller must wait when any key is still waiting.
func (t *throttle) attempt(keys ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var longest time.Duration
	for _, k := range keys {
		if a, ok := t.m[k]; ok && now.Sub(a.last) <= throttleForget {
			longest = max(longest, waitFor(k, a, now))
		}
	}
	if longest > 0 {
		return longest
	}
	for _, k := range keys {
		a, ok := t.m[k]
		if !ok || now.Sub(a.last) > throttleForget {
			t.makeRoom(now)
			a = &attempts{}
			t.m[k] = a
		}
		a.n++
		a.last = now
	}
	return 0
}

// makeRoom keeps the table under throttleMaxKeys: first forgetting expired keys, then,
// should an attacker fill it with fresh ones, any keys (map order is random).
func (t *throttle) makeRoom(now time.Time) {
	if len(t.m) < throttleMaxKeys {
		return
	}
	for k, a := range t.m {
		if now.Sub(a.last) > throttleForget {
			delete(t.m, k)
		}
	}
	for k := range t.m {
		if len(t.m) < throttleMaxKeys*9/10 {
			break
		}
		delete(t.m, k)
	}
}

// succeeded clears the account of a successful sign-in and takes its counted attempt back
// from the address.
func (t *throttle) succeeded(account, address string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.m, account)
	if a, ok := t.m[address]; ok && a.n > 0 {
		a.n--
	}
}
