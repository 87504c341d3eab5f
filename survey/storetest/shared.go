package storetest

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"kravlistan/survey"
)

// testShared runs Shared on the stores that implement survey.SharedStore.
func testShared(t *testing.T, st survey.Store) {
	ss, ok := st.(survey.SharedStore)
	if !ok {
		t.Skip("not a shared store: the web layer keeps counters and keys in memory")
	}
	Shared(t, ss)
}

// Shared checks survey.SharedStore: counters read zero until kept, keep what update
// leaves, go away when set to zero or forgotten, and concurrent updates of the same keys
// all count; signing keys are stable, distinct and random. It is part of Run, and exported
// for a store whose other interfaces are not complete yet.
func Shared(t *testing.T, ss survey.SharedStore) {
	ctx := context.Background()
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	read := func(keys ...string) []survey.Counter {
		t.Helper()
		var got []survey.Counter
		if err := ss.UpdateCounters(ctx, keys, func(c []survey.Counter) { got = append([]survey.Counter(nil), c...) }); err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := read("a\x00192.0.2.1", "u\x00anna"); len(got) != 2 || got[0] != (survey.Counter{}) || got[1] != (survey.Counter{}) {
		t.Fatalf("new keys read %+v, want two zero counters", got)
	}
	if err := ss.UpdateCounters(ctx, []string{"a\x00192.0.2.1", "u\x00anna"}, func(c []survey.Counter) {
		c[0] = survey.Counter{N: 3, At: at}
		c[1] = survey.Counter{N: 0.25, At: at.Add(time.Second)}
	}); err != nil {
		t.Fatal(err)
	}
	got := read("u\x00anna", "a\x00192.0.2.1")
	if got[0].N != 0.25 || !got[0].At.Equal(at.Add(time.Second)) || got[1].N != 3 || !got[1].At.Equal(at) {
		t.Fatalf("kept counters read back as %+v", got)
	}
	if err := ss.UpdateCounters(ctx, []string{"u\x00anna"}, func(c []survey.Counter) { c[0] = survey.Counter{} }); err != nil {
		t.Fatal(err)
	}
	if got := read("u\x00anna"); got[0] != (survey.Counter{}) {
		t.Fatalf("a counter set to zero reads %+v", got[0])
	}

	// Concurrent updates of the same keys (in either order) are serialized: none is lost.
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		keys := []string{"k1", "k2"}
		if i%2 == 1 {
			keys = []string{"k2", "k1"}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- ss.UpdateCounters(ctx, keys, func(c []survey.Counter) {
				for j := range c {
					c[j] = survey.Counter{N: c[j].N + 1, At: at}
				}
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := read("k1", "k2"); got[0].N != 40 || got[1].N != 40 {
		t.Fatalf("40 concurrent increments counted %v and %v", got[0].N, got[1].N)
	}

	// Forgetting removes what was last changed before the time given, nothing else.
	if err := ss.ForgetCounters(ctx, at.Add(time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if got := read("a\x00192.0.2.1", "k1"); got[0] != (survey.Counter{}) || got[1] != (survey.Counter{}) {
		t.Fatalf("forgotten counters read %+v", got)
	}
	if err := ss.UpdateCounters(ctx, []string{"late"}, func(c []survey.Counter) { c[0] = survey.Counter{N: 1, At: at.Add(time.Hour)} }); err != nil {
		t.Fatal(err)
	}
	if err := ss.ForgetCounters(ctx, at.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got := read("late"); got[0].N != 1 {
		t.Fatalf("a counter changed after the time given was forgotten: %+v", got[0])
	}

	k1, err := ss.SigningKey(ctx, "login-form")
	if err != nil {
		t.Fatal(err)
	}
	k2, err := ss.SigningKey(ctx, "login-form")
	if err != nil {
		t.Fatal(err)
	}
	other, err := ss.SigningKey(ctx, "other")
	if err != nil {
		t.Fatal(err)
	}
	if len(k1) != 32 || !bytes.Equal(k1, k2) || bytes.Equal(k1, other) || bytes.Equal(k1, make([]byte, 32)) {
		t.Fatalf("signing keys: %x, again %x, another name %x", k1, k2, other)
	}
}
