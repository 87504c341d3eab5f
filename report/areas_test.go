package report

import (
	"math/rand/v2"
	"testing"
	"time"

	"kravlistan/survey"

	"github.com/google/uuid"
)

// areaCampaign has three areas over six demands, the areas interleaved, with workplaces.
func areaCampaign() *survey.Campaign {
	c := &survey.Campaign{Slug: "omr", Title: "Områden", MaxPicks: 3, AnonymityThreshold: 5,
		Demands: []survey.Demand{
			{Key: "heltid", Area: "Arbete", Title: "Heltid"}, {Key: "buss", Area: "Trafik", Title: "Buss"},
			{Key: "visstid", Area: "Arbete", Title: "Visstid"}, {Key: "skola", Area: "", Title: "Skola"},
			{Key: "tag", Area: "Trafik", Title: "Tåg"}, {Key: "lon", Area: "Arbete", Title: "Lön", Hidden: true}},
		Workplaces: []survey.Workplace{{Code: "a", Name: "A"}, {Code: "b", Name: "B"}}}
	c.ApplyDefaults()
	return c
}

// TestAreasHandCount checks the area summary against a count made by hand.
func TestAreasHandCount(t *testing.T) {
	c := areaCampaign()
	ballots := [][]string{
		{"heltid", "visstid", "lon"}, // Arbete once, however many of its demands
		{"buss", "heltid"},           // Trafik, Arbete
		{"skola"},                    // (no area)
		{"tag", "buss", "skola"},     // Trafik once, (no area)
		{"visstid"},                  // Arbete
		{"lon"},                      // Arbete, through a hidden demand
	}
	res := tally(t, c, ballots...)
	want := []AreaResult{{Area: "Arbete", Members: 4}, {Area: "Trafik", Members: 2}, {Area: "", Members: 2}}
	if len(res.Areas) != len(want) {
		t.Fatalf("%+v", res.Areas)
	}
	for i, w := range want {
		w.Share = float64(w.Members) / 6
		if res.Areas[i] != w {
			t.Errorf("area %d: %+v, want %+v", i, res.Areas[i], w)
		}
	}
}

// TestAreasInGroupsProtected: a group's area figures are noisy like its other counts (never
// above the group), the campaign-wide ones exact, and the tally's encoding keeps them.
func TestAreasInGroupsProtected(t *testing.T) {
	c := areaCampaign()
	tl := NewTally(c)
	rng := rand.New(rand.NewPCG(1, 2))
	keys := []string{"heltid", "buss", "visstid", "skola", "tag"}
	exact := map[string][]int{"a": make([]int, 3), "b": make([]int, 3)}
	for i := range 200 {
		wp := []string{"a", "b"}[i%2]
		r := &survey.Response{ID: uuid.New(), Workplace: wp, Key: rng.Uint32()}
		perm := rng.Perm(len(keys))[:1+rng.IntN(3)]
		hit := map[int]bool{}
		for _, p := range perm {
			r.Ranking = append(r.Ranking, keys[p])
			hit[map[string]int{"heltid": 0, "visstid": 0, "buss": 1, "tag": 1, "skola": 2}[keys[p]]] = true
		}
		for a := range hit {
			exact[wp][a]++
		}
		if err := tl.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	res := tl.Results(time.Now())
	for i, a := range res.Areas {
		if a.Members != exact["a"][i]+exact["b"][i] {
			t.Errorf("campaign-wide %s: %d, want %d", a.Area, a.Members, exact["a"][i]+exact["b"][i])
		}
	}
	var wps Breakdown
	for _, b := range res.Breakdowns {
		if b.By == ByWorkplace {
			wps = b
		}
	}
	noisy := 0
	for _, g := range wps.Groups {
		if g.Suppressed || g.Key == KeyNone || g.Key == KeyOther {
			continue
		}
		for i, a := range g.Areas {
			if a.Members > *g.Responses {
				t.Errorf("group %s area %s: %d members of %d", g.Key, a.Area, a.Members, *g.Responses)
			}
			if a.Members != exact[g.Key][i] {
				noisy++
			}
		}
	}
	if noisy == 0 {
		t.Error("no group's area figure carries noise")
	}
	b, err := tl.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeTally(b)
	if err != nil || !back.Equal(tl) {
		t.Fatalf("decode: %v", err)
	}
	// Moving a demand to another area changes the tally's shape: it is counted again.
	moved := c.Clone()
	moved.Demands[1].Area = "Arbete"
	if tl.Fits(moved) {
		t.Error("a tally fits after a demand moved to another area")
	}
	renamed := c.Clone()
	for i := range renamed.Demands {
		if renamed.Demands[i].Area == "Trafik" {
			renamed.Demands[i].Area = "Resor"
		}
	}
	if !tl.Fits(renamed) {
		t.Error("renaming an area makes the tally stale")
	}
}
