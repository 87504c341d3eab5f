package postgres

import (
	"context"
	"sync"
	"testing"

	"kravlistan/survey"
)

// TestCodeUsedOnceAcrossInstances: every code is sent with a different answer to each of
// two instances at once; exactly one of the two is stored, the other is told the code is
// used, and a retry of the stored answer through the other instance is a replay.
func TestCodeUsedOnceAcrossInstances(t *testing.T) {
	ctx := context.Background()
	sts := instances(t, 2)
	c := demoCampaign(t, sts[0], "demo")
	_, codes, err := sts[0].IssueCodes(ctx, c.ID, "", 40)
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		r   *survey.Response
		st  *Store
		out Outcome
		err error
	}
	results := make([][2]result, len(codes))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, code := range codes {
		for j, st := range sts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := ballot(c.Demands[j].Key)
				r.Code = code
				<-start
				out, err := st.Submit(ctx, c.ID, r)
				results[i][j] = result{r, st, out, err}
			}()
		}
	}
	close(start)
	wg.Wait()
	for i, pair := range results {
		var won *result
		for j := range pair {
			switch res := &pair[j]; {
			case res.err == nil && res.out == Created:
				if won != nil {
					t.Fatalf("code %d used twice", i)
				}
				won = res
			case res.err != survey.ErrCodeUsed:
				t.Fatalf("code %d: %v %v, want Created or ErrCodeUsed", i, res.out, res.err)
			}
		}
		if won == nil {
			t.Fatalf("code %d: neither answer stored", i)
		}
		other := sts[0]
		if won.st == sts[0] {
			other = sts[1]
		}
		again := *won.r
		if out, err := other.Submit(ctx, c.ID, &again); err != nil || out != Replayed {
			t.Fatalf("code %d: retry through the other instance: %v %v", i, out, err)
		}
	}
	if n, _ := sts[1].ResponseCount(ctx, c.ID); n != len(codes) {
		t.Fatalf("%d answers stored, want %d", n, len(codes))
	}
	if cs, _, _ := sts[1].CodeCounts(ctx, c.ID); cs.Used != len(codes) {
		t.Fatalf("%d codes used, want %d", cs.Used, len(codes))
	}
	checkTally(t, sts[0], c, sts[1])
	if _, err := sts[0].Submit(ctx, c.ID, &survey.Response{ID: ballot().ID, Channel: survey.ChannelWeb, Day: "2026-03-01",
		Ranking: []string{c.Demands[0].Key}, Code: "AAAA-AAAA"}); err != survey.ErrCodeUnknown {
		t.Fatalf("an unknown code: %v", err)
	}
}
