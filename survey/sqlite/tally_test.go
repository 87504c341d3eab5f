package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"kravlistan/report"
	"kravlistan/survey"

	"github.com/google/uuid"
)

// checkTally compares, for campaign slug at time now, the report made from the store's
// tally with a full recount of the rows, and the stored tally with a recount of the
// counted rows.
func checkTally(t *testing.T, st *Store, slug string, now time.Time, what string) *report.Results {
	t.Helper()
	ctx := context.Background()
	c, err := st.Campaign(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	tl, err := st.CountedTally(ctx, c, now)
	if err != nil {
		t.Fatal(err)
	}
	if tl == nil {
		t.Fatalf("%s: no tally that fits %s", what, slug)
	}
	got, err := report.Compute(ctx, st, c, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	want, err := report.Recount(ctx, st, c, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(got)
	b, _ := json.Marshal(want)
	if !bytes.Equal(a, b) {
		t.Fatalf("%s: report from the tally differs from a recount\ntally:   %s\nrecount: %s", what, a, b)
	}
	stored, recount, err := st.StoredTally(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	if stored == nil || !stored.(*report.Tally).Equal(recount.(*report.Tally)) {
		t.Fatalf("%s: the stored tally is not a recount of the counted rows", what)
	}
	if n, err := st.CountedResponses(ctx, c, now); err != nil || n != got.Responses {
		t.Fatalf("%s: CountedResponses %d (%v), the report %d", what, n, err, got.Responses)
	}
	checkProgress(t, st, c, now, what)
	if ok, err := st.DayCountsMatch(ctx, c.ID); err != nil || !ok {
		t.Fatalf("%s: counts by day differ from the rows (%v)", what, err)
	}
	return got
}

// checkProgress compares the progress counts from the tally and the counts by day with
// the same counts grouped from the rows.
func checkProgress(t *testing.T, st *Store, c *survey.Campaign, now time.Time, what string) {
	t.Helper()
	ctx := context.Background()
	got, err := st.ProgressAt(ctx, c, now)
	if err != nil {
		t.Fatal(err)
	}
	plain := &Store{r: st.r, Now: st.Now} // reads the same file, keeps no tallies: counts rows
	want, err := plain.ProgressAt(ctx, c, now)
	if err != nil {
		t.Fatal(err)
	}
	days, err := st.countBy(ctx, `SELECT day, COUNT(*), 0 FROM responses WHERE campaign_id = ? GROUP BY day ORDER BY day`, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got.ByDay) != fmt.Sprint(days) || got.Total != want.Total {
		t.Fatalf("%s: by day %v (total %d), rows say %v (total %d)", what, got.ByDay, got.Total, days, want.Total)
	}
	if n, _ := st.ResponseCount(ctx, c.ID); n != got.Total {
		t.Fatalf("%s: ResponseCount %d, total by day %d", what, n, got.Total)
	}
	sameGroups(t, c, got, want, what+" (snapshot)")
	// The live counts (Progress): the tally and the pending rows.
	got, err = st.Progress(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want, err = plain.Progress(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if got.Total != want.Total || fmt.Sprint(got.ByDay) != fmt.Sprint(want.ByDay) {
		t.Fatalf("%s: live total %d %v, rows say %d %v", what, got.Total, got.ByDay, want.Total, want.ByDay)
	}
	sameGroups(t, c, got, want, what+" (live)")
}

// sameGroups compares the groups of two progress counts, codes and options c does not
// have folded into "".
func sameGroups(t *testing.T, c *survey.Campaign, got, want *Progress, what string) {
	t.Helper()
	var wps []string
	for _, w := range c.Workplaces {
		wps = append(wps, w.Code)
	}
	if a, b := foldCounts(got.ByWorkplace, wps, got.ByWorkplace), foldCounts(want.ByWorkplace, wps, want.ByWorkplace); a != b {
		t.Fatalf("%s: by workplace %s, rows say %s", what, a, b)
	}
	var chs []string
	for _, ch := range survey.Channels {
		chs = append(chs, string(ch))
	}
	if a, b := foldCounts(got.ByChannel, chs, got.ByWorkplace), foldCounts(want.ByChannel, chs, want.ByWorkplace); a != b {
		t.Fatalf("%s: by channel %s, rows say %s", what, a, b)
	}
	for _, q := range c.Questions {
		var opts []string
		for _, o := range q.Options {
			opts = append(opts, o.Key)
		}
		if a, b := foldCounts(got.ByAnswer[q.Key], opts, got.ByWorkplace), foldCounts(want.ByAnswer[q.Key], opts, want.ByWorkplace); a != b {
			t.Fatalf("%s: by %s %s, rows say %s", what, q.Key, a, b)
		}
	}
}

// foldCounts writes the counts and cell keys of the known keys and of the rest ("": not
// answered or not one of them), the whole being the sum of all (the workplace counts).
func foldCounts(cs []Count, known []string, all []Count) string {
	var n int
	var key uint32
	for _, c := range all {
		n, key = n+c.N, key+c.CellKey
	}
	m := map[string]Count{}
	for _, c := range cs {
		m[c.Key] = c
	}
	out := ""
	for _, k := range known {
		out += fmt.Sprintf("%s=%d/%d ", k, m[k].N, m[k].CellKey)
		n, key = n-m[k].N, key-m[k].CellKey
	}
	return out + fmt.Sprintf("rest=%d/%d", n, key)
}

// randomBallot answers campaign c at random; now and then it names a demand, option or
// workplace that c does not have (answers given before an edit, or sent by hand).
func randomBallot(rng *rand.Rand, c *survey.Campaign) *survey.Response {
	r := &survey.Response{ID: uuid.New(), Channel: survey.Channels[rng.IntN(len(survey.Channels))],
		Day: fmt.Sprintf("2026-03-%02d", 1+rng.IntN(9)), Background: map[string]string{}}
	perm := rng.Perm(len(c.Demands))
	if c.Rates() {
		r.Ratings = map[string]int{}
		for _, i := range perm[:rng.IntN(len(perm)+1)] {
			r.Ratings[c.Demands[i].Key] = c.Scale.Min + rng.IntN(c.Scale.Points())
		}
	} else {
		for _, i := range perm[:1+rng.IntN(min(len(perm), c.MaxPicks))] {
			r.Ranking = append(r.Ranking, c.Demands[i].Key)
		}
	}
	if len(c.Workplaces) > 0 && rng.IntN(6) > 0 {
		r.Workplace = c.Workplaces[rng.IntN(len(c.Workplaces))].Code
	}
	for _, q := range c.Questions {
		if rng.IntN(5) > 0 {
			r.Background[q.Key] = q.Options[rng.IntN(len(q.Options))].Key
		}
	}
	return r
}

// The property test through the store: random campaigns get answers in batches (concurrent
// submissions, which the writer groups, and bulk inserts), are edited between batches
// (demands added and moved, max picks, workplaces, options, the threshold, closed and
// opened again), and after every step the report from the tally is exactly a recount of
// the rows, and the stored tally exactly a recount of the counted rows.
func TestPropertyTallyIsARecount(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(18, 11))
	st := mustOpenStore(t)
	for trial := range 8 {
		c := survey.Demo()
		c.Slug = fmt.Sprintf("tally-%d", trial)
		c.AnonymityThreshold = 2 + rng.IntN(6)
		c.MaxPicks = 1 + rng.IntN(5)
		c.Workplaces = []survey.Workplace{{Code: "sjukhuset", Name: "Sjukhuset"}, {Code: "verkstaden", Name: "Verkstaden"}}
		if trial%3 == 2 {
			c.Ballot, c.Method, c.Scale = survey.BallotRate, survey.MethodMean, &survey.Scale{Min: 1, Max: 5}
		}
		if err := st.CreateCampaign(ctx, c); err != nil {
			t.Fatal(err)
		}
		for step := range 14 {
			cur, err := st.Campaign(ctx, c.Slug)
			if err != nil {
				t.Fatal(err)
			}
			switch rng.IntN(4) {
			case 0: // concurrent submissions
				var wg sync.WaitGroup
				for range rng.IntN(30) {
					r := randomBallot(rng, cur)
					wg.Add(1)
					go func() {
						defer wg.Done()
						if _, err := st.Submit(ctx, cur.ID, r); err != nil && survey.ErrorCode(err) != survey.EINVALID {
							t.Error(err)
						}
					}()
				}
				wg.Wait()
			case 1: // bulk
				var rs []*survey.Response
				for range rng.IntN(50) {
					rs = append(rs, randomBallot(rng, cur))
				}
				if err := st.InsertResponses(ctx, cur.ID, rs); err != nil {
					t.Fatal(err)
				}
			case 2: // an edit of the shape, or of what the tally does not count by
				e := cur.Clone()
				switch rng.IntN(7) {
				case 0:
					e.Demands = append(e.Demands, survey.Demand{Key: fmt.Sprintf("nytt-%d", step), Area: "Nytt", Title: "Ett nytt krav"})
				case 1:
					i, j := rng.IntN(len(e.Demands)), rng.IntN(len(e.Demands))
					e.Demands[i], e.Demands[j] = e.Demands[j], e.Demands[i]
				case 2:
					e.MaxPicks = 1 + rng.IntN(5)
				case 3:
					e.Workplaces = append(e.Workplaces, survey.Workplace{Code: fmt.Sprintf("ny%d", step), Name: "Ny"})
				case 4:
					e.Questions[0].Options = e.Questions[0].Options[1:]
				case 5:
					e.AnonymityThreshold = 2 + rng.IntN(6)
				case 6:
					e.Demands[0].Title = "Ny lydelse"
				}
				if err := st.UpdateCampaign(ctx, e); err != nil {
					t.Fatalf("step %d: %v", step, err)
				}
			case 3: // closed, or opened again
				state := survey.StateClosed
				if cur.State == survey.StateClosed {
					state = survey.StateOpen
				}
				if err := st.SetState(ctx, c.Slug, state); err != nil {
					t.Fatal(err)
				}
			}
			checkTally(t, st, c.Slug, st.Now(), fmt.Sprintf("trial %d step %d", trial, step))
			// Past the closing time the pending answers count too, read from their rows.
			cur, _ = st.Campaign(ctx, c.Slug)
			past := time.Now().Add(-time.Minute)
			late := cur.Clone()
			late.ClosesAt = &past
			tl, err := st.CountedTally(ctx, late, st.Now())
			if err != nil || tl == nil {
				t.Fatalf("closing time passed: %v %v", tl, err)
			}
			all, _ := st.ResponseCount(ctx, cur.ID)
			if tl.Responses() != all {
				t.Fatalf("trial %d step %d: closed tally counts %d of %d responses", trial, step, tl.Responses(), all)
			}
		}
	}
}

// A store opened without a Tallier (an older tool) drops the tallies of what it changes;
// opened again with one, every tally is counted from the rows, and a damaged tally is
// counted again, never trusted.
func TestTallyAfterStoreWithoutTallier(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "k.db")
	rng := rand.New(rand.NewPCG(3, 4))
	open := func(tl survey.Tallier) *Store {
		st, err := OpenWith(ctx, path, Options{Tallier: tl})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	st := open(report.Tallies{})
	c := mustDemo(t, st)
	var rs []*survey.Response
	for range 40 {
		rs = append(rs, randomBallot(rng, c))
	}
	if err := st.InsertResponses(ctx, c.ID, rs); err != nil {
		t.Fatal(err)
	}
	checkTally(t, st, "demo", st.Now(), "with a tallier")
	st.Close()

	plain := open(nil)
	if err := plain.InsertResponses(ctx, c.ID, []*survey.Response{randomBallot(rng, c), randomBallot(rng, c),
		randomBallot(rng, c), randomBallot(rng, c), randomBallot(rng, c)}); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := plain.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM tallies`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("a store without a tallier left %d tallies (%v)", n, err)
	}
	if _, err := plain.w.ExecContext(ctx, `INSERT INTO tallies (campaign_id, responses, data) VALUES (?, 0, x'4b565401ff')`, c.ID); err != nil {
		t.Fatal(err)
	}
	plain.Close()

	st = open(report.Tallies{})
	defer st.Close()
	res := checkTally(t, st, "demo", st.Now(), "reopened with a tallier")
	if res.Responses != 45 {
		t.Fatalf("reopened: %d responses, want 45", res.Responses)
	}
}

// A demand added after answers arrived: the tally is counted again in the transaction that
// saves the campaign; the new demand has no picks, the old ones keep theirs.
func TestTallyDemandAddedAfterAnswers(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	c := mustDemo(t, st)
	for range 10 {
		if _, err := st.Submit(ctx, c.ID, ballot("heltid", "visstid")); err != nil {
			t.Fatal(err)
		}
	}
	before := checkTally(t, st, "demo", st.Now(), "before")
	e := c.Clone()
	e.Demands = append([]survey.Demand{{Key: "nytt", Area: "Nytt", Title: "Ett nytt krav"}}, e.Demands...)
	if err := st.SaveCampaign(ctx, e, "test", ""); err != nil {
		t.Fatal(err)
	}
	after := checkTally(t, st, "demo", st.Now(), "after")
	if before.Responses != 10 || after.Responses != 10 || after.Demands[0].Key != "heltid" || after.Demands[0].Picks != 10 {
		t.Fatalf("before %d, after %d responses; first %s with %d picks", before.Responses, after.Responses,
			after.Demands[0].Key, after.Demands[0].Picks)
	}
	for _, d := range after.Demands {
		if d.Key == "nytt" && d.Picks != 0 {
			t.Fatalf("the new demand has %d picks", d.Picks)
		}
	}
}
