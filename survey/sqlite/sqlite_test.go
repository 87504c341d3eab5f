package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"kravlistan/report"
	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
	"kravlistan/survey/storetest"

	"github.com/google/uuid"
)

// mustOpenStore opens a store that keeps tallies (as the server does) on a new file in a
// temporary directory and closes it after the test.
func mustOpenStore(tb testing.TB) *Store {
	tb.Helper()
	st, err := OpenWith(context.Background(), filepath.Join(tb.TempDir(), "k.db"), Options{Tallier: report.Tallies{}})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

func mustDemo(tb testing.TB, st *Store) *survey.Campaign {
	tb.Helper()
	c := survey.Demo()
	if err := st.CreateCampaign(context.Background(), c); err != nil {
		tb.Fatal(err)
	}
	got, err := st.Campaign(context.Background(), "demo")
	if err != nil {
		tb.Fatal(err)
	}
	return got
}

func ballot(ranking ...string) *survey.Response {
	return &survey.Response{ID: uuid.New(), Channel: survey.ChannelAPI, Day: "2026-03-01", Ranking: ranking}
}

func TestOpenPragmas(t *testing.T) {
	st := mustOpenStore(t)
	for _, db := range []*sql.DB{st.w, st.r} {
		var mode string
		var sync, fk int
		db.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
		db.QueryRow(`PRAGMA synchronous`).Scan(&sync)
		db.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
		if mode != "wal" || sync != 2 || fk != 1 {
			t.Errorf("journal_mode=%s synchronous=%d foreign_keys=%d, want wal 2 1", mode, sync, fk)
		}
	}
}

func TestOpenRejectsMemory(t *testing.T) {
	if _, err := Open(context.Background(), ":memory:"); err == nil {
		t.Fatal("opened :memory:")
	}
}

func TestCampaignCRUD(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	c := mustDemo(t, st)
	if c.ID == 0 || c.Title != survey.Demo().Title || len(c.Demands) != len(survey.Demo().Demands) {
		t.Fatalf("read back %+v", c)
	}
	t.Run("ErrSlugTaken", func(t *testing.T) {
		err := st.CreateCampaign(ctx, survey.Demo())
		if survey.ErrorCode(err) != survey.ECONFLICT {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		bad := survey.Demo()
		bad.Slug = "ny"
		bad.Demands[0].Title = ""
		if err := st.CreateCampaign(ctx, bad); survey.ErrorCode(err) != survey.EINVALID {
			t.Fatalf("got %v", err)
		}
		if _, err := st.Campaign(ctx, "ny"); survey.ErrorCode(err) != survey.ENOTFOUND {
			t.Fatalf("invalid campaign was stored: %v", err)
		}
	})
	t.Run("Update", func(t *testing.T) {
		if err := st.SetState(ctx, "demo", survey.StateClosed); err != nil {
			t.Fatal(err)
		}
		got, _ := st.Campaign(ctx, "demo")
		if got.State != survey.StateClosed {
			t.Errorf("state = %s", got.State)
		}
		if c.State != survey.StateOpen {
			t.Error("SetState changed the cached value a caller held")
		}
		if err := st.SetPublished(ctx, "demo", true); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.Campaign(ctx, "demo"); !got.Published {
			t.Error("not published")
		}
	})
	t.Run("List", func(t *testing.T) {
		list, err := st.Campaigns(ctx)
		if err != nil || len(list) != 1 || list[0].Slug != "demo" || list[0].Title != c.Title {
			t.Fatalf("%+v %v", list, err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := st.Campaign(ctx, "nope"); survey.ErrorCode(err) != survey.ENOTFOUND {
			t.Fatalf("got %v", err)
		}
	})
}

func TestSubmitReplayConflict(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	c := mustDemo(t, st)
	r := ballot("heltid", "visstid")
	r.Background = map[string]string{"forbund": "kommunal", "alder": "30-44"}
	r.Workplace, r.Proposal = "sjukhuset", "Fler bussar, tack & välkomna"
	if out, err := st.Submit(ctx, c.ID, r); err != nil || out != Created {
		t.Fatalf("first: %v %v", out, err)
	}
	same := *r
	same.Day = "2026-03-02" // a retry the next day is still the same ballot
	if out, err := st.Submit(ctx, c.ID, &same); err != nil || out != Replayed {
		t.Fatalf("replay: %v %v", out, err)
	}
	other := *r
	other.Ranking = []string{"visstid"}
	if _, err := st.Submit(ctx, c.ID, &other); survey.ErrorCode(err) != survey.ECONFLICT {
		t.Fatalf("conflict: %v", err)
	}
	got, err := st.Response(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.SameContent(r) || got.Day != "2026-03-01" || got.Channel != survey.ChannelAPI {
		t.Errorf("stored %+v, want %+v", got, r)
	}
	if n, _ := st.ResponseCount(ctx, c.ID); n != 1 {
		t.Errorf("count = %d", n)
	}
}

func TestSubmitConcurrent(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	c := mustDemo(t, st)
	var batches []int
	var mu sync.Mutex
	st.BatchHook = func(n int) { mu.Lock(); batches = append(batches, n); mu.Unlock() }
	const workers, each = 32, 50
	ids := make([][]uuid.UUID, workers)
	var wg sync.WaitGroup
	errs := make(chan error, workers*each*2)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				r := ballot(c.Demands[i%len(c.Demands)].Key)
				ids[w] = append(ids[w], r.ID)
				if out, err := st.Submit(ctx, c.ID, r); err != nil || out != Created {
					errs <- fmt.Errorf("submit: %v %v", out, err)
				}
				// Every fifth answer is sent twice, as a flaky phone would.
				if i%5 == 0 {
					if out, err := st.Submit(ctx, c.ID, r); err != nil || out != Replayed {
						errs <- fmt.Errorf("resubmit: %v %v", out, err)
					}
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	seen := map[uuid.UUID]int{}
	err := st.EachResponse(ctx, c.ID, ByID, func(r *survey.Response) error { seen[r.ID]++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != workers*each {
		t.Errorf("stored %d responses, want %d", len(seen), workers*each)
	}
	for _, list := range ids {
		for _, id := range list {
			if seen[id] != 1 {
				t.Errorf("%s stored %d times", id, seen[id])
			}
		}
	}
	max := 0
	for _, n := range batches {
		if n > max {
			max = n
		}
	}
	if max < 2 {
		t.Errorf("no group commit happened: batch sizes %v", batches)
	}
}

func TestEachResponseOrderAndReuse(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	c := mustDemo(t, st)
	for i := 0; i < 20; i++ {
		r := ballot("heltid", "visstid")
		if i%2 == 0 {
			r.Background = map[string]string{"forbund": "seko"}
		}
		if _, err := st.Submit(ctx, c.ID, r); err != nil {
			t.Fatal(err)
		}
	}
	var prev string
	var withBg int
	err := st.EachResponse(ctx, c.ID, ByID, func(r *survey.Response) error {
		if r.ID.String() <= prev {
			t.Errorf("not ordered by id: %s after %s", r.ID, prev)
		}
		prev = r.ID.String()
		if r.Background["forbund"] == "seko" {
			withBg++
		}
		if len(r.Ranking) != 2 {
			t.Errorf("ranking %v", r.Ranking)
		}
		return nil
	})
	if err != nil || withBg != 10 {
		t.Fatalf("err=%v withBg=%d", err, withBg)
	}
}

func TestSubmitAfterClose(t *testing.T) {
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	c := mustDemo(t, st)
	st.Close()
	if _, err := st.Submit(context.Background(), c.ID, ballot("heltid")); err != ErrClosed {
		t.Fatalf("got %v", err)
	}
}

func TestCloseFlushesQueue(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "k.db")
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	c := mustDemo(t, st)
	var wg sync.WaitGroup
	var mu sync.Mutex
	acked := 0
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := st.Submit(ctx, c.ID, ballot("heltid")); err == nil {
				mu.Lock()
				acked++
				mu.Unlock()
			}
		}()
	}
	st.Close()
	wg.Wait()
	st2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	n, _ := st2.ResponseCount(ctx, c.ID)
	if n != acked {
		t.Fatalf("acknowledged %d, stored %d", acked, n)
	}
}

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	t.Run("Empty", func(t *testing.T) {
		st := mustOpenStore(t)
		v, err := st.SchemaVersion(ctx)
		if err != nil || v != LatestSchema() {
			t.Fatalf("version %d %v, want %d", v, err, LatestSchema())
		}
	})
	t.Run("UpgradeFromFirstSchema", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "old.db")
		old, err := openTo(ctx, path, 1, Options{})
		if err != nil {
			t.Fatal(err)
		}
		c := survey.Demo()
		doc, _ := storage.EncodeDoc(c)
		if _, err := old.w.Exec(`INSERT INTO campaigns (slug, state, doc, created_day) VALUES ('demo', 'open', ?, '2025-01-01')`, doc); err != nil {
			t.Fatal(err)
		}
		if _, err := old.w.Exec(`INSERT INTO responses (id, campaign_id, channel, day, ranking) VALUES (?, 1, 'web', '2025-01-02', 'heltid,visstid')`, uuid.NewString()); err != nil {
			t.Fatal(err)
		}
		if v, _ := old.SchemaVersion(ctx); v != 1 {
			t.Fatalf("old schema is %d", v)
		}
		old.Close()
		st, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if v, _ := st.SchemaVersion(ctx); v != LatestSchema() {
			t.Errorf("upgraded to %d", v)
		}
		got, err := st.Campaign(ctx, "demo")
		if err != nil || got.Published || got.Title != c.Title {
			t.Fatalf("%+v %v", got, err)
		}
		if n, _ := st.ResponseCount(ctx, got.ID); n != 1 {
			t.Errorf("responses after upgrade: %d", n)
		}
	})
	t.Run("ErrNewerSchema", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "new.db")
		st, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		st.w.Exec(`INSERT INTO schema_migrations (version, name) VALUES (999, '999_future.sql')`)
		st.Close()
		_, err = Open(ctx, path)
		if err == nil || !strings.Contains(err.Error(), "newer kravlistan") {
			t.Fatalf("got %v", err)
		}
	})
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	c := mustDemo(t, st)
	for i := 0; i < 10; i++ {
		st.Submit(ctx, c.ID, ballot("heltid"))
	}
	out := filepath.Join(t.TempDir(), "backup.db")
	if err := st.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	b, err := Open(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	bc, err := b.Campaign(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := b.ResponseCount(ctx, bc.ID); n != 10 {
		t.Errorf("backup has %d responses", n)
	}
	if err := st.Backup(ctx, out); err == nil {
		t.Error("backup overwrote an existing file")
	}
}

// BenchmarkSubmit: concurrent submissions through the group-commit writer, with the tally
// kept (tally) and without (none); batch is the mean number of answers per transaction.
func BenchmarkSubmit(b *testing.B) {
	for _, tc := range []struct {
		name    string
		tallier survey.Tallier
	}{{"tally", report.Tallies{}}, {"none", nil}} {
		b.Run(tc.name, func(b *testing.B) {
			ctx := context.Background()
			st, err := OpenWith(ctx, filepath.Join(b.TempDir(), "k.db"), Options{Tallier: tc.tallier})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			c := mustDemo(b, st)
			var batches, answers atomic.Int64
			st.BatchHook = func(n int) { batches.Add(1); answers.Add(int64(n)) }
			b.ReportAllocs()
			b.SetParallelism(32) // many members at once, as when a text message goes out
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					r := ballot("heltid", "visstid", "busslinjer", "upphandling", "delade-turer")
					r.Background = map[string]string{"forbund": "kommunal", "sektor": "kommun"}
					if _, err := st.Submit(ctx, c.ID, r); err != nil {
						b.Fatal(err)
					}
				}
			})
			if n := batches.Load(); n > 0 {
				b.ReportMetric(float64(answers.Load())/float64(n), "batch")
			}
		})
	}
}

// TestMigrationGap applies a migration numbered below one already applied, as happens when
// two lines of development each add one.
func TestMigrationGap(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "gap.db")
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	// Pretend migration 2 was never applied: undo it and forget it.
	if _, err := st.w.Exec(`ALTER TABLE campaigns DROP COLUMN published`); err != nil {
		t.Fatal(err)
	}
	if _, err := st.w.Exec(`DELETE FROM schema_migrations WHERE version = 2`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	st, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.CreateCampaign(ctx, survey.Demo()); err != nil {
		t.Fatal(err)
	}
	if err := st.SetPublished(ctx, "demo", true); err != nil {
		t.Fatalf("migration 2 was not applied: %v", err)
	}
}

// TestConformance runs the storage conformance suite (survey/storetest) on the SQLite store.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) survey.Store { return mustOpenStore(t) })
}
