package postgres

import (
	"context"
	"testing"
	"time"

	"kravlistan/survey"
	"kravlistan/survey/internal/campaigncache"
	"kravlistan/survey/postgres/pgtest"

	"github.com/jackc/pgx/v5"
)

// waitFor polls cond every few milliseconds for up to d.
func waitFor(d time.Duration, cond func() bool) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

// TestNotifyDropsOtherInstancesCache: a change committed through one store drops the
// campaign from the cache of another store on the same database within a second; a
// rolled-back change does not; after the listening connection is killed the listener
// drops everything, reconnects and hears changes again.
func TestNotifyDropsOtherInstancesCache(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	a, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	cached := func(st *Store, slug string) bool {
		_, ok := st.cache.Get(slug, time.Now())
		return ok
	}
	put := func(st *Store, slug string) {
		st.cache.Put(slug, campaigncache.Entry{C: &survey.Campaign{Slug: slug}, Loaded: time.Now().Add(time.Hour)})
	}
	put(b, "miljo")
	put(b, "annan")
	if err := a.inTx(ctx, func(tx pgx.Tx) error { return a.changed(ctx, tx, "miljo") }); err != nil {
		t.Fatal(err)
	}
	if !waitFor(time.Second, func() bool { return !cached(b, "miljo") }) {
		t.Fatal("the other store still caches the campaign a second after the change")
	}
	if !cached(b, "annan") {
		t.Fatal("a change of one campaign dropped another")
	}

	// A moment later it is dropped again (a read that began before the change must not
	// keep its copy); wait for that before caching it again.
	if !waitFor(time.Second, func() bool { return b.listen.redrops.Load() == 1 }) {
		t.Fatal("no second drop after the notification")
	}

	// A rolled-back change notifies nobody.
	put(b, "miljo")
	n := b.listen.received.Load()
	_ = a.inTx(ctx, func(tx pgx.Tx) error {
		if err := a.changed(ctx, tx, "miljo"); err != nil {
			return err
		}
		return context.Canceled // roll back
	})
	if err := a.inTx(ctx, func(tx pgx.Tx) error { return a.changed(ctx, tx, "annan") }); err != nil {
		t.Fatal(err)
	}
	if !waitFor(time.Second, func() bool { return b.listen.received.Load() > n }) {
		t.Fatal("no notification for the committed change")
	}
	if b.listen.received.Load() != n+1 {
		t.Fatalf("a rolled-back change was heard (%d notifications after %d)", b.listen.received.Load(), n)
	}

	if !waitFor(time.Second, func() bool { return b.listen.redrops.Load() == 2 }) {
		t.Fatal("no second drop after the notification")
	}
	if !cached(b, "miljo") {
		t.Fatal("a rolled-back change dropped the campaign")
	}

	// Kill the listening connection: everything cached is dropped, the listener comes back.
	put(b, "miljo")
	pid := b.listenerPID()
	if pid == 0 {
		t.Fatal("no listening connection")
	}
	if _, err := a.pool.Exec(ctx, `SELECT pg_terminate_backend($1)`, int32(pid)); err != nil {
		t.Fatal(err)
	}
	if !waitFor(5*time.Second, func() bool { return b.listen.reconnects.Load() == 1 && b.listenerPID() != 0 }) {
		t.Fatal("the listener did not reconnect")
	}
	if cached(b, "miljo") {
		t.Fatal("the cache survived a lost listening connection")
	}
	put(b, "miljo")
	if err := a.inTx(ctx, func(tx pgx.Tx) error { return a.changed(ctx, tx, "miljo") }); err != nil {
		t.Fatal(err)
	}
	if !waitFor(time.Second, func() bool { return !cached(b, "miljo") }) {
		t.Fatal("no notification heard after the reconnect")
	}
}
