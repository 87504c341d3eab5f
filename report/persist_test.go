package report

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"kravlistan/survey"
)

// randomCampaign makes a ranking or rating campaign with random demands, questions and
// workplaces.
func randomCampaign(rng *rand.Rand) *survey.Campaign {
	d := 2 + rng.IntN(8)
	var keys []string
	for i := range d {
		keys = append(keys, "d"+strconv.Itoa(i))
	}
	var c *survey.Campaign
	if rng.IntN(3) == 0 {
		c = rateCampaign([]survey.Method{survey.MethodMean, survey.MethodTopBox}[rng.IntN(2)], rng.IntN(2), 3+rng.IntN(8), keys...)
	} else {
		c = campaign([]survey.Method{survey.MethodBorda, survey.MethodPicks, survey.MethodSchulze}[rng.IntN(3)], 1+rng.IntN(d), keys...)
	}
	c.AnonymityThreshold = 2 + rng.IntN(5)
	for i := range rng.IntN(4) {
		c.Workplaces = append(c.Workplaces, survey.Workplace{Code: "w" + strconv.Itoa(i), Name: "W" + strconv.Itoa(i)})
	}
	for i := range rng.IntN(3) {
		q := survey.Question{Key: "q" + strconv.Itoa(i), Label: "Q"}
		for j := range 1 + rng.IntN(4) {
			q.Options = append(q.Options, survey.Option{Key: "o" + strconv.Itoa(j), Label: "O" + strconv.Itoa(j)})
		}
		c.Questions = append(c.Questions, q)
	}
	return c
}

// randomResponse answers c, sometimes with keys c does not have (as after an edit).
func randomResponse(rng *rand.Rand, c *survey.Campaign) *survey.Response {
	r := &survey.Response{Key: rng.Uint32(), Background: map[string]string{}}
	perm := rng.Perm(len(c.Demands) + 1)
	key := func(i int) string {
		if i == len(c.Demands) {
			return "gone"
		}
		return c.Demands[i].Key
	}
	if c.Rates() {
		r.Ratings = map[string]int{}
		for _, i := range perm[:rng.IntN(len(perm)+1)] {
			r.Ratings[key(i)] = c.Scale.Min - 1 + rng.IntN(c.Scale.Points()+2)
		}
	} else {
		for _, i := range perm[:rng.IntN(min(len(perm), c.MaxPicks+1)+1)] {
			r.Ranking = append(r.Ranking, key(i))
		}
	}
	if n := len(c.Workplaces); n > 0 && rng.IntN(5) > 0 {
		r.Workplace = c.Workplaces[rng.IntN(n)].Code
	} else if rng.IntN(4) == 0 {
		r.Workplace = "elsewhere"
	}
	for _, q := range c.Questions {
		if rng.IntN(4) > 0 {
			r.Background[q.Key] = q.Options[rng.IntN(len(q.Options))].Key
		}
	}
	// Mostly the web form, as in a real campaign.
	if i := rng.IntN(len(survey.Channels) + 3); i < len(survey.Channels) {
		r.Channel = survey.Channels[i]
	} else {
		r.Channel = survey.ChannelWeb
	}
	return r
}

func resultsJSON(t *testing.T, res *Results) []byte {
	t.Helper()
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A tally kept in batches (decoded, added to and encoded again for each batch, as the
// store does) gives exactly the report of one count of every response, breakdowns and
// their noise included; a changed campaign no longer fits it.
func TestPropertyTallyInBatchesIsARecount(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 2026))
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	for trial := range 300 {
		c := randomCampaign(rng)
		var rs []*survey.Response
		blob, err := NewTally(c).MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		for range rng.IntN(6) {
			tl, err := DecodeTally(blob)
			if err != nil {
				t.Fatalf("trial %d: %v", trial, err)
			}
			for range rng.IntN(40) {
				r := randomResponse(rng, c)
				rs = append(rs, r)
				if err := tl.Add(r); err != nil {
					t.Fatal(err)
				}
			}
			if blob, err = tl.AppendBinary(blob[:0:0]); err != nil {
				t.Fatal(err)
			}
		}
		full := NewTally(c)
		for _, r := range rs {
			_ = full.Add(r)
		}
		kept, err := DecodeTally(blob)
		if err != nil {
			t.Fatal(err)
		}
		if !kept.Equal(full) {
			t.Fatalf("trial %d: the kept tally differs from a recount", trial)
		}
		got, err := kept.ResultsFor(c, now)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := resultsJSON(t, got), resultsJSON(t, full.Results(now)); !bytes.Equal(a, b) {
			t.Fatalf("trial %d: results differ\n%s\n%s", trial, a, b)
		}
		// Titles and labels are read from the campaign, not the tally.
		c2 := c.Clone()
		c2.Demands[0].Title = "Ny titel"
		if !kept.Fits(c2) {
			t.Fatalf("trial %d: a new title makes the tally stale", trial)
		}
		if res, _ := kept.ResultsFor(c2, now); res.Demands[0].Title != "Ny titel" && res.Demands[len(res.Demands)-1].Title != "Ny titel" {
			found := false
			for _, d := range res.Demands {
				found = found || d.Title == "Ny titel"
			}
			if !found {
				t.Fatalf("trial %d: results do not carry the campaign's title", trial)
			}
		}
		// Any change of the shape makes it stale.
		edits := []func(c *survey.Campaign){
			func(c *survey.Campaign) { c.Demands = append(c.Demands, survey.Demand{Key: "new", Title: "Nytt"}) },
			func(c *survey.Campaign) { c.Demands[0], c.Demands[1] = c.Demands[1], c.Demands[0] },
			func(c *survey.Campaign) { c.MaxPicks++ },
			func(c *survey.Campaign) {
				c.Workplaces = append(c.Workplaces, survey.Workplace{Code: "nyw", Name: "Ny"})
			},
			func(c *survey.Campaign) {
				c.Questions = append(c.Questions, survey.Question{Key: "nyq", Options: []survey.Option{{Key: "a"}}})
			},
		}
		e := edits[rng.IntN(len(edits))]
		c3 := c.Clone()
		e(c3)
		if kept.Fits(c3) {
			t.Fatalf("trial %d: an edited campaign still fits the tally", trial)
		}
		if _, err := kept.ResultsFor(c3, now); err != ErrStale {
			t.Fatalf("trial %d: ResultsFor an edited campaign: %v, want ErrStale", trial, err)
		}
	}
}

// A damaged encoding is an error, never a panic or a huge allocation.
func TestDecodeTallyRejectsDamage(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	c := randomCampaign(rng)
	tl := NewTally(c)
	for range 50 {
		_ = tl.Add(randomResponse(rng, c))
	}
	blob, _ := tl.MarshalBinary()
	if _, err := DecodeTally(blob); err != nil {
		t.Fatal(err)
	}
	for i := range len(blob) {
		if _, err := DecodeTally(blob[:i]); err == nil {
			t.Fatalf("a tally cut at %d of %d bytes decodes", i, len(blob))
		}
	}
	if _, err := DecodeTally(append(blob, 0)); err == nil {
		t.Fatal("trailing bytes decode")
	}
	for range 2000 {
		b := bytes.Clone(blob)
		b[4+rng.IntN(len(b)-4)] = byte(rng.Uint32())
		_, _ = DecodeTally(b)
	}
}
