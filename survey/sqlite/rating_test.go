package sqlite

import (
	"context"
	"maps"
	"path/filepath"
	"testing"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"

	"github.com/google/uuid"
)

func mustRatingDemo(tb testing.TB, st *Store) *survey.Campaign {
	tb.Helper()
	if err := st.CreateCampaign(context.Background(), survey.DemoRating()); err != nil {
		tb.Fatal(err)
	}
	c, err := st.Campaign(context.Background(), "demo-betyg")
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func TestRatingsStored(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	c := mustRatingDemo(t, st)
	if !c.Rates() || c.Scale == nil || c.Scale.Max != 10 || c.Scale.LowLabel != "Inte viktigt" {
		t.Fatalf("stored campaign lost its ballot kind or scale: %q %+v", c.Ballot, c.Scale)
	}
	rated := &survey.Response{ID: uuid.New(), Channel: survey.ChannelAPI, Day: "2026-03-01",
		Ratings: map[string]int{"heltid": 10, "visstid": 1, "a-kassa": 7}}
	skipped := &survey.Response{ID: uuid.New(), Channel: survey.ChannelWeb, Day: "2026-03-01",
		Ratings: map[string]int{"taxa": 5}}
	for _, r := range []*survey.Response{rated, skipped} {
		if err := r.Validate(c); err != nil {
			t.Fatal(err)
		}
		if o, err := st.Submit(ctx, c.ID, r); err != nil || o != Created {
			t.Fatalf("submit: %v %v", o, err)
		}
	}
	got, err := st.Response(ctx, rated.ID)
	if err != nil || !maps.Equal(got.Ratings, rated.Ratings) {
		t.Fatalf("Response: %v %v, want %v", got.Ratings, err, rated.Ratings)
	}
	t.Run("Replay", func(t *testing.T) {
		again := *rated
		again.Ratings = map[string]int{"a-kassa": 7, "visstid": 1, "heltid": 10}
		if o, err := st.Submit(ctx, c.ID, &again); err != nil || o != Replayed {
			t.Errorf("same ratings again: %v %v, want Replayed", o, err)
		}
	})
	t.Run("ErrConflict", func(t *testing.T) {
		other := *rated
		other.Ratings = map[string]int{"heltid": 9, "visstid": 1, "a-kassa": 7}
		if _, err := st.Submit(ctx, c.ID, &other); survey.ErrorCode(err) != survey.ECONFLICT {
			t.Errorf("other ratings with the same id: %v, want ECONFLICT", err)
		}
	})
	t.Run("EachResponse", func(t *testing.T) {
		seen := map[uuid.UUID]map[string]int{}
		err := st.EachResponse(ctx, c.ID, ByID, func(r *survey.Response) error {
			seen[r.ID] = maps.Clone(r.Ratings)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(seen) != 2 || !maps.Equal(seen[rated.ID], rated.Ratings) || !maps.Equal(seen[skipped.ID], skipped.Ratings) {
			t.Errorf("walked %v", seen)
		}
	})
	t.Run("RankingBallotsHaveNoRatings", func(t *testing.T) {
		demo := mustDemo(t, st)
		r := ballot("heltid")
		if _, err := st.Submit(ctx, demo.ID, r); err != nil {
			t.Fatal(err)
		}
		got, err := st.Response(ctx, r.ID)
		if err != nil || got.Ratings != nil {
			t.Errorf("ratings of a ranking ballot: %v %v", got.Ratings, err)
		}
	})
	t.Run("Bulk", func(t *testing.T) {
		r := &survey.Response{ID: uuid.New(), Channel: survey.ChannelPaper, Day: "2026-03-02", Ratings: map[string]int{"skola": 3}}
		if err := st.InsertResponses(ctx, c.ID, []*survey.Response{r}); err != nil {
			t.Fatal(err)
		}
		got, err := st.Response(ctx, r.ID)
		if err != nil || !maps.Equal(got.Ratings, r.Ratings) {
			t.Errorf("bulk ratings: %v %v", got.Ratings, err)
		}
	})
}

// TestRatingsMigration upgrades a database of the schema before ratings: its responses
// keep every field and read back with no ratings.
func TestRatingsMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := openTo(ctx, path, 4, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := survey.Demo()
	c.ApplyDefaults()
	doc, _ := storage.EncodeDoc(c)
	if _, err := old.w.Exec(`INSERT INTO campaigns (slug, state, doc, created_day) VALUES ('demo', 'open', ?, '2025-01-01')`, doc); err != nil {
		t.Fatal(err)
	}
	id := uuid.New()
	if _, err := old.w.Exec(`INSERT INTO responses (id, campaign_id, channel, day, ranking, background) VALUES (?, 1, 'web', '2025-01-02', 'heltid,visstid', 'alder=30-44')`, id.String()); err != nil {
		t.Fatal(err)
	}
	old.Close()
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r, err := st.Response(ctx, id)
	if err != nil || r.Ratings != nil || len(r.Ranking) != 2 || r.Background["alder"] != "30-44" {
		t.Fatalf("after upgrade: %+v %v", r, err)
	}
}
