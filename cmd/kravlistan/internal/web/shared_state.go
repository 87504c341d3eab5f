package web

import (
	"context"
	"crypto/rand"
	"sync"
	"sync/atomic"
	"time"

	"kravlistan/survey"
)

// counters is where the throttles keep their counts: in this process's memory
// (memCounters) or, when the store is shared by several instances, in the store
// (storeCounters), so that an attempt counted on one instance counts on every other.
type counters interface {
	// update reads the counters under keys (zero for a key not kept), lets fn change them
	// and keeps the result, atomically (see survey.SharedStore.UpdateCounters).
	update(ctx context.Context, keys []string, fn func(c []survey.Counter)) error
}

// newCounters returns the store's shared counters when it has them, else memory.
func newCounters(st survey.Store, now func() time.Time) counters {
	if ss, ok := st.(survey.SharedStore); ok {
		return &storeCounters{st: ss, now: now}
	}
	return newMemCounters(now)
}

func newMemCounters(now func() time.Time) *memCounters {
	return &memCounters{m: map[string]survey.Counter{}, now: now}
}

// memCounters keeps counters in memory only, forgotten throttleForget after their last
// change, never more than throttleMaxKeys of them.
type memCounters struct {
	mu  sync.Mutex
	m   map[string]survey.Counter
	now func() time.Time
}

func (mc *memCounters) update(_ context.Context, keys []string, fn func(c []survey.Counter)) error {
	mc.mu.Lock()
	defer mc.mu.Unlock()
	now := mc.now()
	cs := make([]survey.Counter, len(keys))
	for i, k := range keys {
		if c, ok := mc.m[k]; ok && now.Sub(c.At) <= throttleForget {
			cs[i] = c
		}
	}
	fn(cs)
	for i, k := range keys {
		if cs[i].At.IsZero() {
			delete(mc.m, k)
			continue
		}
		if _, ok := mc.m[k]; !ok {
			mc.makeRoom(now)
		}
		mc.m[k] = cs[i]
	}
	return nil
}

// makeRoom keeps the table under throttleMaxKeys: first forgetting expired keys, then,
// should an attacker fill it with fresh ones, any keys (map order is random).
func (mc *memCounters) makeRoom(now time.Time) {
	if len(mc.m) < throttleMaxKeys {
		return
	}
	for k, c := range mc.m {
		if now.Sub(c.At) > throttleForget {
			delete(mc.m, k)
		}
	}
	for k := range mc.m {
		if len(mc.m) < throttleMaxKeys*9/10 {
			break
		}
		delete(mc.m, k)
	}
}

// storeCounters keeps the counters in a store shared by every instance. Each instance
// removes those unchanged for throttleForget now and then (at most every forgetEvery).
type storeCounters struct {
	st     survey.SharedStore
	now    func() time.Time
	forgot atomic.Int64 // unix seconds of the last ForgetCounters
}

const forgetEvery = 10 * time.Minute

func (sc *storeCounters) update(ctx context.Context, keys []string, fn func(c []survey.Counter)) error {
	if err := sc.st.UpdateCounters(ctx, keys, fn); err != nil {
		return err
	}
	now := sc.now()
	if last := sc.forgot.Load(); now.Unix()-last >= int64(forgetEvery/time.Second) && sc.forgot.CompareAndSwap(last, now.Unix()) {
		return sc.st.ForgetCounters(ctx, now.Add(-throttleForget))
	}
	return nil
}

// signingKey is a key that signs the web layer's forms: random per process, or, when the
// store is shared by several instances, the store's (survey.SharedStore.SigningKey), so
// that a form one instance signed is accepted by every other. It is loaded on first use.
type signingKey struct {
	mu   sync.Mutex
	key  []byte
	load func() ([]byte, error)
}

func newSigningKey(st survey.Store, name string) *signingKey {
	if ss, ok := st.(survey.SharedStore); ok {
		return &signingKey{load: func() ([]byte, error) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			return ss.SigningKey(ctx, name)
		}}
	}
	key := make([]byte, 32)
	rand.Read(key)
	return &signingKey{key: key}
}

// get returns the key, loading it once (a failed load is tried again on the next use).
func (k *signingKey) get() ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.key == nil {
		key, err := k.load()
		if err != nil {
			return nil, err
		}
		k.key = key
	}
	return k.key, nil
}
