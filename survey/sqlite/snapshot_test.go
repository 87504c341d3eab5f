package sqlite

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"kravlistan/report"
	"kravlistan/survey"

	"github.com/google/uuid"
)

func counted(t *testing.T, st *Store, c *survey.Campaign) int {
	t.Helper()
	n, err := st.CountedResponses(context.Background(), c, st.Now())
	if err != nil {
		t.Fatal(err)
	}
	walked := 0
	if err := st.EachCounted(context.Background(), c, st.Now(), func(*survey.Response) error { walked++; return nil }); err != nil {
		t.Fatal(err)
	}
	if walked != n {
		t.Fatalf("EachCounted walked %d, CountedResponses says %d", walked, n)
	}
	return n
}

// TestSnapshotMovesByK: while a campaign is open, what its figures show moves only when k
// new answers have arrived; once closed, every answer counts; opened again, it does not
// fall back.
func TestSnapshotMovesByK(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	c := mustDemo(t, st) // open, threshold 5
	submit := func(n int) {
		for range n {
			if _, err := st.Submit(ctx, c.ID, ballot("heltid")); err != nil {
				t.Fatal(err)
			}
		}
	}
	submit(4)
	if n := counted(t, st, c); n != 0 {
		t.Fatalf("4 answers of an open campaign with k=5: %d shown", n)
	}
	if n, _ := st.ResponseCount(ctx, c.ID); n != 4 {
		t.Fatalf("live count %d, want 4", n)
	}
	submit(1)
	if n := counted(t, st, c); n != 5 {
		t.Fatalf("5 answers: %d shown, want 5", n)
	}
	submit(3)
	if n := counted(t, st, c); n != 5 {
		t.Fatalf("8 answers: %d shown, want still 5", n)
	}
	// Closing time passed: everything counts, without any write.
	later := st.Now().Add(time.Hour)
	cp := c.Clone()
	past := time.Now().Add(-time.Minute)
	cp.ClosesAt = &past
	if n, _ := st.CountedResponses(ctx, cp, later); n != 8 {
		t.Fatalf("after the closing time: %d shown, want 8", n)
	}
	if err := st.SetState(ctx, "demo", survey.StateClosed); err != nil {
		t.Fatal(err)
	}
	closed, _ := st.Campaign(ctx, "demo")
	if n := counted(t, st, closed); n != 8 {
		t.Fatalf("closed: %d shown, want 8", n)
	}
	// Opened again, the 3 shown while closed stay shown; one more answer is pending.
	if err := st.SetState(ctx, "demo", survey.StateOpen); err != nil {
		t.Fatal(err)
	}
	reopened, _ := st.Campaign(ctx, "demo")
	submit(1)
	if n := counted(t, st, reopened); n != 8 {
		t.Fatalf("reopened: %d shown, want 8", n)
	}
}

// TestSuccessiveReportsNeverOneBallotApart is the property test through the store: answers
// arrive one at a time in random campaigns, and a report is made after each. Two successive
// reports never differ by exactly one ballot: the campaign-wide totals move by 0 or at least
// k ballots, and a group shown in both whose members differ by one ballot never shows
// figures that differ by exactly that ballot's contribution (cell key noise).
func TestSuccessiveReportsNeverOneBallotApart(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(11, 2026))
	st := mustOpenStore(t)
	demands := []string{"heltid", "visstid", "bemanning", "fackavdrag", "delade-turer", "busslinjer"}
	moves, groupPairs := 0, 0
	for trial := range 6 {
		c := survey.Demo()
		c.Slug = fmt.Sprintf("prop-%d", trial)
		c.AnonymityThreshold = 2 + rng.IntN(4)
		c.MaxPicks = 3
		if err := st.CreateCampaign(ctx, c); err != nil {
			t.Fatal(err)
		}
		type snap struct {
			res *report.Results
			rs  map[uuid.UUID]survey.Response
		}
		var prev *snap
		for range 60 {
			r := ballot()
			perm := rng.Perm(len(demands))
			for _, p := range perm[:1+rng.IntN(3)] {
				r.Ranking = append(r.Ranking, demands[p])
			}
			r.Workplace = []string{"sjukhuset", "verkstaden"}[rng.IntN(2)]
			r.Background = map[string]string{"forbund": []string{"kommunal", "byggnads"}[rng.IntN(2)]}
			if _, err := st.Submit(ctx, c.ID, r); err != nil {
				t.Fatal(err)
			}
			cur := &snap{rs: map[uuid.UUID]survey.Response{}}
			tl := report.NewTally(c)
			err := st.EachCounted(ctx, c, st.Now(), func(r *survey.Response) error {
				cp := *r
				cp.Ranking = slices.Clone(r.Ranking)
				cp.Background = map[string]string{"forbund": r.Background["forbund"]}
				cur.rs[r.ID] = cp
				return tl.Add(r)
			})
			if err != nil {
				t.Fatal(err)
			}
			cur.res = tl.Results(time.Now())
			if prev != nil {
				if d := cur.res.Responses - prev.res.Responses; d != 0 && d < c.AnonymityThreshold {
					t.Fatalf("campaign-wide totals moved by %d ballots (k=%d)", d, c.AnonymityThreshold)
				}
				if cur.res.Responses != prev.res.Responses {
					moves++
				}
				for bi, b := range cur.res.Breakdowns {
					for gi, g := range b.Groups {
						if gi >= len(prev.res.Breakdowns[bi].Groups) {
							continue // "Övriga" appeared
						}
						pg := prev.res.Breakdowns[bi].Groups[gi]
						if g.Suppressed || pg.Suppressed || g.Key == report.KeyOther || pg.Key != g.Key {
							continue
						}
						member := func(r survey.Response) bool {
							if b.By == report.ByWorkplace {
								return r.Workplace == g.Key
							}
							return r.Background[b.By] == g.Key
						}
						var added []survey.Response
						for id, r := range cur.rs {
							if _, ok := prev.rs[id]; !ok && member(r) {
								added = append(added, r)
							}
						}
						if len(added) != 1 {
							continue
						}
						groupPairs++
						if oneBallotApart(c, g, pg, added[0]) {
							t.Fatalf("group %s/%s moved by exactly one ballot %v", b.By, g.Key, added[0].Ranking)
						}
					}
				}
			}
			prev = cur
		}
	}
	if moves < 20 || groupPairs < 20 {
		t.Fatalf("only %d snapshot moves, %d groups one ballot apart: the test does not exercise the attack", moves, groupPairs)
	}
	t.Logf("%d snapshot moves, %d groups one ballot apart between successive reports", moves, groupPairs)
}

// oneBallotApart reports whether group a shows exactly group b's figures plus ballot r.
func oneBallotApart(c *survey.Campaign, a, b report.Group, r survey.Response) bool {
	if *a.Responses-*b.Responses != 1 {
		return false
	}
	bd := map[string]report.DemandResult{}
	for _, d := range b.Demands {
		bd[d.Key] = d
	}
	place := map[string]int{}
	for i, k := range r.Ranking {
		place[k] = i + 1
	}
	for _, d := range a.Demands {
		picks, first, borda := 0, 0, 0
		if p := place[d.Key]; p > 0 {
			picks, borda = 1, max(c.MaxPicks-p+1, 0)
			if p == 1 {
				first = 1
			}
		}
		o := bd[d.Key]
		if d.Picks-o.Picks != picks || d.FirstChoices-o.FirstChoices != first || d.Borda-o.Borda != borda {
			return false
		}
	}
	return true
}

// TestMigrationLeavesNoArrivalOrder upgrades a database of the previous schema whose
// responses were stored in a known order (with time-based ids among them) and reads the
// upgraded file byte by byte: every response is there once, in an order unrelated to
// arrival, and every count is unchanged.
func TestMigrationLeavesNoArrivalOrder(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v5.db")
	old, err := openTo(ctx, path, 5, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := survey.Demo()
	if err := old.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	const n = 300
	for i := range n {
		id := uuid.NewString()
		switch i % 3 {
		case 1:
			v7, _ := uuid.NewV7()
			id = v7.String()
		case 2:
			v1, _ := uuid.NewUUID()
			id = v1.String()
		}
		wp := []string{"sjukhuset", "verkstaden", ""}[i%3]
		if _, err := old.w.Exec(`INSERT INTO responses (id, campaign_id, workplace, channel, day, ranking, background, proposal)
			VALUES (?, ?, ?, 'web', '2026-03-01', 'heltid,visstid', 'forbund=kommunal', ?)`, id, c.ID, wp, fmt.Sprintf("svar-%04d-slut", i)); err != nil {
			t.Fatal(err)
		}
	}
	// Counted from the rows: Progress reads tables of later migrations.
	before := &Progress{}
	if before.ByWorkplace, err = old.countBy(ctx, `SELECT workplace, COUNT(*) FROM responses WHERE campaign_id = ? GROUP BY workplace ORDER BY workplace`, c.ID); err != nil {
		t.Fatal(err)
	}
	old.Close()

	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := st.Campaign(ctx, "demo")
	after, err := st.Progress(ctx, got.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Total != n || fmt.Sprint(after.ByWorkplace) != fmt.Sprint(before.ByWorkplace) || counted(t, st, got) != n {
		t.Fatalf("counts changed: %+v, before %+v", after, before)
	}
	err = st.EachResponse(ctx, got.ID, ByID, func(r *survey.Response) error {
		if !survey.RandomID(r.ID) {
			t.Errorf("id %s is not a random UUID after the migration", r.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var seqCols int
	st.r.QueryRow(`SELECT COUNT(*) FROM pragma_table_info('responses') WHERE name = 'seq'`).Scan(&seqCols)
	if seqCols != 0 {
		t.Error("responses still has a seq column")
	}
	st.Close()

	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if wal, err := os.ReadFile(path + "-wal"); err == nil && len(wal) > 0 {
		t.Errorf("the WAL still holds %d bytes after the upgrade", len(wal))
	}
	var order []int
	for i := range n {
		marker := []byte(fmt.Sprintf("svar-%04d-slut", i))
		// Each proposal is in the file twice: with its response, and in the intake inbox
		// (migration 0017 copies it under a new random id, so that table is in random
		// order too). A third copy would be an old page left behind.
		if k := bytes.Count(raw, marker); k != 2 {
			first := bytes.Index(raw, marker)
			second := first + 1 + bytes.Index(raw[first+1:], marker)
			t.Logf("size %d offsets %d %d pages %d %d", len(raw), first, second, first/4096, second/4096)
			t.Fatalf("response %d is in the file %d times (old pages left behind?)", i, k)
		}
		order = append(order, bytes.Index(raw, marker))
	}
	// Rank the responses by where they lie in the file; arrival order would make the ranks
	// increasing (or decreasing). A random order has about n/2 ascents.
	if ascents(order) > n*3/4 || ascents(order) < n/4 {
		t.Errorf("responses lie in the file in nearly arrival order: %d ascents of %d", ascents(order), n-1)
	}
}

// ascents counts the places where the next value is larger.
func ascents(xs []int) int {
	k := 0
	for i := 1; i < len(xs); i++ {
		if xs[i] > xs[i-1] {
			k++
		}
	}
	return k
}

// TestStorageOrderNotArrival submits answers one after another and reads the table as
// stored (no ORDER BY) and a backup file byte by byte: neither follows arrival order.
func TestStorageOrderNotArrival(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	c := mustDemo(t, st)
	c.AllowProposals = true
	const n = 300
	for i := range n {
		r := ballot("heltid")
		r.Proposal = fmt.Sprintf("svar-%04d-slut", i)
		if _, err := st.Submit(ctx, c.ID, r); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := st.r.Query(`SELECT proposal FROM responses`)
	if err != nil {
		t.Fatal(err)
	}
	var stored []int
	for rows.Next() {
		var p string
		var i int
		rows.Scan(&p)
		fmt.Sscanf(p, "svar-%04d-slut", &i)
		stored = append(stored, i)
	}
	rows.Close()
	if len(stored) != n || ascents(stored) > n*3/4 || ascents(stored) < n/4 {
		t.Errorf("table order follows arrival: %d ascents of %d", ascents(stored), len(stored)-1)
	}
	var cols []string
	cr, _ := st.r.Query(`SELECT name FROM pragma_table_info('responses')`)
	for cr.Next() {
		var s string
		cr.Scan(&s)
		cols = append(cols, s)
	}
	cr.Close()
	slices.Sort(cols)
	if fmt.Sprint(cols) != "[background campaign_id channel day id proposal ranking ratings rkey workplace]" {
		t.Errorf("columns %v: no sequence, no time finer than the day", cols)
	}
	out := filepath.Join(t.TempDir(), "b.db")
	if err := st.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(out)
	var order []int
	for i := range n {
		order = append(order, bytes.Index(raw, []byte(fmt.Sprintf("svar-%04d-slut", i))))
	}
	if ascents(order) > n*3/4 || ascents(order) < n/4 {
		t.Errorf("backup file holds the answers in arrival order: %d ascents", ascents(order))
	}
}

// TestPendingSurvivesUpgrade upgrades a database of schema 6 (pending responses flagged in
// their row) to the pending table: pending stays pending, counted stays counted.
func TestPendingSurvivesUpgrade(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v6.db")
	old, err := openTo(ctx, path, 6, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := survey.Demo()
	if err := old.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		if _, err := old.w.Exec(`INSERT INTO responses (id, campaign_id, channel, day, ranking, rkey, counted) VALUES (?, ?, 'web', '2026-03-01', 'heltid', 7, ?)`,
			uuid.NewString(), c.ID, i < 5); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, _ := st.Campaign(ctx, "demo")
	if n := counted(t, st, got); n != 5 {
		t.Errorf("after the upgrade %d counted, want 5", n)
	}
	if n, _ := st.ResponseCount(ctx, got.ID); n != 8 {
		t.Errorf("after the upgrade %d responses, want 8", n)
	}
	// Two more reach k = 5 pending: all 3 + 2 are counted at once.
	for range 2 {
		if _, err := st.Submit(ctx, got.ID, ballot("heltid")); err != nil {
			t.Fatal(err)
		}
	}
	if n := counted(t, st, got); n != 10 {
		t.Errorf("%d counted, want 10", n)
	}
}
