package report_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"kravlistan/report"
	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/google/uuid"
)

// Compute counts what the store holds: two stored ballots of a closed campaign give two
// responses and the demand both ranked first wins; combos sees both when asked. While the
// campaign is open, fewer than the threshold of answers are not counted yet.
func TestComputeFromStore(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c := survey.Demo()
	c.State = survey.StateOpen
	if err := st.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	c, err = st.Campaign(ctx, c.Slug)
	if err != nil {
		t.Fatal(err)
	}
	first, second := c.Demands[1].Key, c.Demands[0].Key
	for range 2 {
		r := &survey.Response{ID: uuid.New(), Channel: survey.ChannelAPI, Ranking: []string{first, second}, Day: "2026-03-01"}
		if _, err := st.Submit(ctx, c.ID, r); err != nil {
			t.Fatal(err)
		}
	}
	if res, err := report.Compute(ctx, st, c, nil, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)); err != nil || res.Responses != 0 {
		t.Fatalf("open campaign, 2 answers under the threshold: %v responses (%v), want 0", res, err)
	}
	if err := st.SetState(ctx, c.Slug, survey.StateClosed); err != nil {
		t.Fatal(err)
	}
	if c, err = st.Campaign(ctx, c.Slug); err != nil {
		t.Fatal(err)
	}
	combos := report.NewCombos(c)
	res, err := report.Compute(ctx, st, c, combos, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if res.Responses != 2 {
		t.Fatalf("got %d responses, want 2", res.Responses)
	}
	for _, d := range res.Demands {
		if d.Key == first && (d.Rank != 1 || d.FirstChoices != 2) {
			t.Errorf("%s: rank %d with %d first choices, want rank 1 with 2", first, d.Rank, d.FirstChoices)
		}
	}
}
