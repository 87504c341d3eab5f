package web

import (
	"context"
	"strings"
	"time"

	"kravlistan/survey"
)

// throttle slows down password guessing. It counts sign-in attempts per account name and
// per client address, never logged: in memory, or, when several instances share the store,
// in the store (see counters), so that every instance counts the same attempts. An attempt
// is counted before its password is checked, atomically for all its keys, so attempts sent
// at once (to one instance or several) cannot slip past the count. After a number of free
// attempts each key waits 1 s, 2 s, 4 s … before its next attempt is even checked, up to a
// cap that keeps the rightful user's wait short: an address at most addressMaxWait (behind
// a proxy without -trust-proxy everyone shares one), an account at most accountMaxWait. A
// successful sign-in clears the account and takes its attempt back from the address.
// Entries are forgotten throttleForget after their last attempt; in memory the table never
// holds more than throttleMaxKeys keys.
type throttle struct {
	c   counters
	now func() time.Time
	// scope keeps the keys of throttles that share counters apart ("" for sign-in).
	scope string
}

const (
	freeAttemptsAccount = 5
	freeAttemptsAddress = 20
	accountMaxWait      = 5 * time.Minute
	addressMaxWait      = time.Minute
	throttleForget      = time.Hour
	throttleMaxKeys     = 50_000
)

func newThrottle(c counters, scope string, now func() time.Time) *throttle {
	return &throttle{c: c, now: now, scope: scope}
}

func accountKey(name string) string { return "u\x00" + strings.ToLower(name) }
func addressKey(ip string) string   { return "a\x00" + ip }

func isAddressKey(key string) bool { return strings.HasPrefix(key, "a\x00") }

// waitFor returns how long key must still wait at now; zero means an attempt may go on.
func waitFor(key string, a survey.Counter, now time.Time) time.Duration {
	if a.At.IsZero() || now.Sub(a.At) > throttleForget {
		return 0
	}
	free, cap := freeAttemptsAccount, accountMaxWait
	if isAddressKey(key) {
		free, cap = freeAttemptsAddress, addressMaxWait
	}
	over := int(a.N) - free
	if over < 0 {
		return 0
	}
	d := cap
	if over < 20 {
		d = min(time.Second<<over, cap)
	}
	return max(a.At.Add(d).Sub(now), 0)
}

// countAttempt counts one attempt in a at now.
func countAttempt(a survey.Counter, now time.Time) survey.Counter {
	if a.At.IsZero() || now.Sub(a.At) > throttleForget {
		a = survey.Counter{}
	}
	return survey.Counter{N: a.N + 1, At: now}
}

// attempt counts an attempt for every key and returns 0, or counts nothing and returns
// how long the caller must wait when any key is still waiting.
func (t *throttle) attempt(ctx context.Context, keys ...string) (time.Duration, error) {
	now := t.now()
	var longest time.Duration
	err := t.c.update(ctx, t.scoped(keys), func(cs []survey.Counter) {
		longest = 0
		for i, k := range keys {
			longest = max(longest, waitFor(k, cs[i], now))
		}
		if longest > 0 {
			return
		}
		for i := range cs {
			cs[i] = countAttempt(cs[i], now)
		}
	})
	return longest, err
}

// succeeded clears the account of a successful sign-in ("": none) and takes its counted
// attempt back from the address.
func (t *throttle) succeeded(ctx context.Context, account, address string) error {
	keys := []string{address}
	if account != "" {
		keys = append(keys, account)
	}
	return t.c.update(ctx, t.scoped(keys), func(cs []survey.Counter) {
		if cs[0].N > 0 {
			cs[0].N--
		}
		if len(cs) > 1 {
			cs[1] = survey.Counter{}
		}
	})
}

// scoped returns the keys as stored: in the throttle's scope.
func (t *throttle) scoped(keys []string) []string {
	if t.scope == "" {
		return keys
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = t.scope + "\x00" + k
	}
	return out
}
