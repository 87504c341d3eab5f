package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"

	"kravlistan/report"
	"kravlistan/survey"
	"kravlistan/survey/postgres/pgtest"
)

// instances opens n stores, with the server's tally, on one new database: n instances
// of Kravlistan sharing it.
func instances(t testing.TB, n int) []*Store {
	t.Helper()
	dsn := pgtest.DSN(t)
	var out []*Store
	for range n {
		st, err := OpenWith(context.Background(), dsn, Options{Tallier: report.Tallies{}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		out = append(out, st)
	}
	return out
}

// demoCampaign stores the demo campaign (open, threshold 5) under slug.
func demoCampaign(t testing.TB, st *Store, slug string) *survey.Campaign {
	t.Helper()
	c := survey.Demo()
	c.Slug = slug
	if err := st.CreateCampaign(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	got, err := st.Campaign(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func ballot(ranking ...string) *survey.Response {
	return &survey.Response{ID: uuid.New(), Channel: survey.ChannelWeb, Day: "2026-03-01", Ranking: ranking}
}

// TestSubmitReplayConflict: a retry of a stored answer is Replayed and one with other
// content ECONFLICT, on the instance that stored it and on another one.
func TestSubmitReplayConflict(t *testing.T) {
	ctx := context.Background()
	sts := instances(t, 2)
	a, b := sts[0], sts[1]
	c := demoCampaign(t, a, "demo")
	r := ballot("heltid", "bemanning")
	r.Background = map[string]string{"alder": "30-44"}
	if o, err := a.Submit(ctx, c.ID, r); err != nil || o != Created {
		t.Fatalf("first: %v %v", o, err)
	}
	for _, st := range sts {
		same := *r
		if o, err := st.Submit(ctx, c.ID, &same); err != nil || o != Replayed {
			t.Fatalf("replay: %v %v", o, err)
		}
		other := *r
		other.Ranking = []string{"bemanning"}
		if _, err := st.Submit(ctx, c.ID, &other); survey.ErrorCode(err) != survey.ECONFLICT {
			t.Fatalf("other content: %v, want ECONFLICT", err)
		}
	}
	got, err := b.Response(ctx, r.ID)
	if err != nil || !got.SameContent(r) || got.Day != r.Day || got.Channel != r.Channel {
		t.Fatalf("read back %+v %v", got, err)
	}
	if n, _ := b.ResponseCount(ctx, c.ID); n != 1 {
		t.Fatalf("%d responses, want 1", n)
	}
}

// TestSubmitTwoInstances: 64 submitters on two instances, each answer sent twice (once to
// each instance, as a client retrying through the proxy after a lost reply), some ids
// reused with other content. Every acknowledged answer is stored once, the conflicts are
// refused, the tally is a recount and the counts by day match the rows.
func TestSubmitTwoInstances(t *testing.T) {
	ctx := context.Background()
	sts := instances(t, 2)
	c := demoCampaign(t, sts[0], "demo")
	const workers, each = 64, 12
	var (
		mu      sync.Mutex
		stored  = map[uuid.UUID]*survey.Response{}
		created atomic.Int64
		wg      sync.WaitGroup
		fail    atomic.Value
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				r := ballot(survey.Demo().Demands[(w+i)%5].Key)
				r.Workplace = fmt.Sprint(w % 3)
				r.Day = fmt.Sprintf("2026-03-0%d", 1+i%3)
				first, second := sts[w%2], sts[(w+1)%2]
				o, err := first.Submit(ctx, c.ID, r)
				if err != nil || o != Created {
					fail.Store(fmt.Sprintf("submit: %v %v", o, err))
					return
				}
				created.Add(1)
				mu.Lock()
				stored[r.ID] = r
				mu.Unlock()
				again := *r
				if o, err := second.Submit(ctx, c.ID, &again); err != nil || o != Replayed {
					fail.Store(fmt.Sprintf("retry: %v %v", o, err))
					return
				}
				if i%4 == 0 {
					other := *r
					other.Workplace = "other"
					if _, err := second.Submit(ctx, c.ID, &other); survey.ErrorCode(err) != survey.ECONFLICT {
						fail.Store(fmt.Sprintf("conflict: %v", err))
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	if f := fail.Load(); f != nil {
		t.Fatal(f)
	}
	seen := map[uuid.UUID]int{}
	err := sts[1].EachResponse(ctx, c.ID, ByID, func(r *survey.Response) error {
		seen[r.ID]++
		if want := stored[r.ID]; want == nil || !want.SameContent(r) {
			return fmt.Errorf("stored %s is not what was acknowledged", r.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != workers*each || int(created.Load()) != workers*each {
		t.Fatalf("%d stored, %d created, want %d", len(seen), created.Load(), workers*each)
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("%s stored %d times", id, n)
		}
	}
	checkTally(t, sts[0], c, sts[1])
}

// checkTally fails unless the campaign's stored tally is a recount of its counted rows,
// fewer than the threshold are pending once the catch-ups of the instances others (and
// st) are done, and the counts by day match the rows.
func checkTally(t *testing.T, st *Store, c *survey.Campaign, others ...*Store) {
	t.Helper()
	ctx := context.Background()
	for _, o := range append(others, st) {
		o.writer.catchups.Wait()
	}
	stored, recount, err := st.StoredTally(ctx, c.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if stored == nil || !stored.(*report.Tally).Equal(recount.(*report.Tally)) {
		t.Fatalf("the stored tally (%v) is not a recount (%d)", stored, recount.Responses())
	}
	var pending int
	if err := st.pool.QueryRow(ctx, `SELECT COUNT(*) FROM pending WHERE campaign_id = $1`, c.ID).Scan(&pending); err != nil {
		t.Fatal(err)
	}
	if pending >= c.AnonymityThreshold {
		t.Errorf("%d pending, threshold %d", pending, c.AnonymityThreshold)
	}
	total, _ := st.ResponseCount(ctx, c.ID)
	if stored.Responses()+pending != total {
		t.Errorf("tally %d + pending %d != %d responses", stored.Responses(), pending, total)
	}
	if ok, err := st.DayCountsMatch(ctx, c.ID); err != nil || !ok {
		t.Errorf("counts by day differ from the rows: %v", err)
	}
}

// BenchmarkSubmit measures Submit with 64 concurrent submitters (SetParallelism(32) on two
// cores), on one instance and on two instances sharing the database, with the tally the
// server keeps. "batch" is the mean number of answers per committed transaction.
func BenchmarkSubmit(b *testing.B) {
	for _, n := range []int{1, 2} {
		b.Run(fmt.Sprintf("instances=%d", n), func(b *testing.B) {
			ctx := context.Background()
			sts := instances(b, n)
			c := demoCampaign(b, sts[0], "demo")
			b.ResetTimer()
			var batches, answers, next atomic.Int64
			for _, st := range sts {
				st.BatchHook = func(n int) { batches.Add(1); answers.Add(int64(n)) }
			}
			b.ReportAllocs()
			b.SetParallelism(32) // many members at once, as when a text message goes out
			b.RunParallel(func(pb *testing.PB) {
				st := sts[int(next.Add(1))%len(sts)]
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

// TestSnapshotMovesByKAcrossInstances: while two instances store answers at once, what
// the figures of the open campaign show (read again and again on a third store) only
// ever grows, and by at least the threshold at a time; at the end fewer than the
// threshold are pending and the tally is a recount.
func TestSnapshotMovesByKAcrossInstances(t *testing.T) {
	ctx := context.Background()
	sts := instances(t, 3)
	c := demoCampaign(t, sts[0], "demo")
	k := c.AnonymityThreshold
	stop := make(chan struct{})
	seen := make(chan []int)
	go func() {
		var shown []int
		defer func() { seen <- shown }()
		for {
			select {
			case <-stop:
				return
			default:
			}
			n, err := sts[2].CountedResponses(ctx, c, sts[2].Now())
			if err != nil {
				t.Error(err)
				return
			}
			tl, err := sts[2].CountedTally(ctx, c, sts[2].Now())
			if err != nil || tl == nil {
				t.Errorf("CountedTally: %v %v", tl, err)
				return
			}
			for _, m := range []int{n, tl.Responses()} {
				if len(shown) == 0 || m != shown[len(shown)-1] {
					shown = append(shown, m)
				}
			}
		}
	}()
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if _, err := sts[w%2].Submit(ctx, c.ID, ballot("heltid")); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	shown := <-seen
	for i := 1; i < len(shown); i++ {
		if d := shown[i] - shown[i-1]; d < k {
			t.Fatalf("the figures moved from %d to %d answers (threshold %d): %v", shown[i-1], shown[i], k, shown)
		}
	}
	if len(shown) < 3 {
		t.Errorf("the figures moved only %d times: %v", len(shown)-1, shown)
	}
	checkTally(t, sts[0], c, sts[1])
}

// asError is errors.As for a *survey.Error.
func asError(err error, e **survey.Error) bool { return errors.As(err, e) }
