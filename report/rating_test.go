package report

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"kravlistan/survey"
)

// rateCampaign returns a rating campaign on the scale min–max with the given demand keys.
func rateCampaign(method survey.Method, min, max int, keys ...string) *survey.Campaign {
	c := campaign(method, 1, keys...)
	c.Ballot, c.Method, c.Scale = survey.BallotRate, method, &survey.Scale{Min: min, Max: max}
	c.ApplyDefaults()
	return c
}

// rate counts ballots given as ratings; the *Response is reused as the store does.
func rate(t *testing.T, c *survey.Campaign, ballots ...map[string]int) *Results {
	t.Helper()
	tl := NewTally(c)
	r := &survey.Response{}
	for _, b := range ballots {
		r.Ratings = b
		if err := tl.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	return tl.Results(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
}

func fptr(p *float64) string {
	if p == nil {
		return "null"
	}
	b, _ := json.Marshal(*p)
	return string(b)
}

func pair(p *[2]float64) string {
	if p == nil {
		return "null"
	}
	b, _ := json.Marshal(*p)
	return string(b)
}

// TestRatingMeasures checks every measure against values computed by hand.
func TestRatingMeasures(t *testing.T) {
	// Scale 1–5, top box 4–5 (the default: the top 30 % of five values, rounded).
	c := rateCampaign(survey.MethodMean, 1, 5, "a", "b", "c", "d")
	if c.Scale.TopBox != 4 {
		t.Fatalf("top box %d, want 4", c.Scale.TopBox)
	}
	res := rate(t, c,
		map[string]int{"a": 5, "b": 3, "c": 4},
		map[string]int{"a": 4, "b": 5},
		map[string]int{"a": 2, "b": 4, "c": 4},
		map[string]int{"a": 5, "b": 1},
		map[string]int{"b": 5, "c": 4}, // skips a
	)
	if res.Ballot != survey.BallotRate || res.Scale == nil || res.Scale.Max != 5 || res.Responses != 5 {
		t.Fatalf("ballot %q scale %+v responses %d", res.Ballot, res.Scale, res.Responses)
	}
	type want struct {
		n, skipped    int
		mean, median  string
		meanCI        string
		dist          []int
		topBox, topCI string
		rank          int
	}
	wants := map[string]want{
		// a: 5 4 2 5. Mean 16/4 = 4. s² = (4·70 − 16²)/(4·3) = 2; t(3) = 3.182446;
		// half = 3.182446·√2/2 = 2.250329: [1.750, 6.250] kept within the scale → [1.75, 5].
		// Median of 2 4 5 5 = 4.5. Top box 3/4, Wilson [0.3006, 0.9544].
		"a": {4, 1, "4", "4.5", "[1.75,5]", []int{0, 1, 0, 1, 2}, "0.75", "[0.3006,0.9544]", 2},
		// b: 3 5 4 1 5. Mean 18/5 = 3.6. s² = (5·76 − 18²)/(5·4) = 2.8; t(4) = 2.776445;
		// half = 2.776445·√2.8/√5 = 2.077701: [1.522, 5.678] → [1.522, 5]. Median 4.
		// Top box 3/5, Wilson [0.2307, 0.8824].
		"b": {5, 0, "3.6", "4", "[1.522,5]", []int{1, 0, 1, 1, 2}, "0.6", "[0.2307,0.8824]", 3},
		// c: 4 4 4. No spread: the interval is the mean itself. Top box 3/3, Wilson [0.4385, 1].
		"c": {3, 2, "4", "4", "[4,4]", []int{0, 0, 0, 3, 0}, "1", "[0.4385,1]", 1},
		// d: nobody rated it.
		"d": {0, 5, "null", "null", "null", []int{0, 0, 0, 0, 0}, "null", "null", 4},
	}
	for _, d := range res.Demands {
		w, r := wants[d.Key], d.Ratings
		if r == nil {
			t.Fatalf("%s: no ratings", d.Key)
		}
		got := want{r.N, r.Skipped, fptr(r.Mean), fptr(r.Median), pair(r.MeanCI), r.Distribution, fptr(r.TopBox), pair(r.TopBoxCI), d.Rank}
		if got.n != w.n || got.skipped != w.skipped || got.mean != w.mean || got.median != w.median || got.meanCI != w.meanCI ||
			!slices.Equal(got.dist, w.dist) || got.topBox != w.topBox || got.topCI != w.topCI || got.rank != w.rank {
			t.Errorf("%s:\n got %+v\nwant %+v", d.Key, got, w)
		}
	}
	// a and c tie on mean 4; c has the larger top-box share (1 against 0.75) and goes first.
	if got := keys(res.Demands); !slices.Equal(got, []string{"c", "a", "b", "d"}) {
		t.Errorf("headline order %v, want c a b d", got)
	}
	if !strings.Contains(res.TieBreak, "medelbetyget") || !strings.Contains(res.TieBreak, "4–5") {
		t.Errorf("tie_break does not explain the rating order: %q", res.TieBreak)
	}
}

func TestRatingMedianAndMeanCI(t *testing.T) {
	c := rateCampaign(survey.MethodMean, 1, 10, "x")
	for _, tc := range []struct {
		ratings      []int
		mean, median string
		ci           string
	}{
		{[]int{7}, "7", "7", "null"}, // one rating: no interval
		// 1 and 10: mean 5.5, s² = 40.5, half = 12.706205·√40.5/√2 = 57.18 → the whole scale.
		{[]int{1, 10}, "5.5", "5.5", "[1,10]"},
		// 6 7 8 9: mean 7.5, s² = 5/3, half = 3.182446·√(5/3)/2 = 2.054313.
		{[]int{6, 7, 8, 9}, "7.5", "7.5", "[5.446,9.554]"},
		// 2 2 3 9 10: median 3, mean 26/5 = 5.2, s² = 15.7, half = 2.776445·√15.7/√5 = 4.92:
		// [0.28, 10.12] kept within the scale.
		{[]int{2, 2, 3, 9, 10}, "5.2", "3", "[1,10]"},
		// 2 3 3 4 8: median 3, mean 4, s² = 5.5, half = 2.776445·√5.5/√5 = 2.911959.
		{[]int{2, 3, 3, 4, 8}, "4", "3", "[1.088,6.912]"},
	} {
		var ballots []map[string]int
		for _, v := range tc.ratings {
			ballots = append(ballots, map[string]int{"x": v})
		}
		r := rate(t, c, ballots...).Demands[0].Ratings
		if fptr(r.Mean) != tc.mean || fptr(r.Median) != tc.median || pair(r.MeanCI) != tc.ci {
			t.Errorf("%v: mean %s median %s ci %s, want %s %s %s", tc.ratings, fptr(r.Mean), fptr(r.Median), pair(r.MeanCI), tc.mean, tc.median, tc.ci)
		}
	}
}

func TestRatingTies(t *testing.T) {
	t.Run("MeanTieByTopBoxThenPosition", func(t *testing.T) {
		// 1–10, top box 8–10. p and q both average 7; q has one 8 (top box 1/2), p none.
		// r and s are identical: position decides.
		c := rateCampaign(survey.MethodMean, 1, 10, "r", "p", "s", "q")
		res := rate(t, c, map[string]int{"p": 7, "q": 8, "r": 3, "s": 3}, map[string]int{"p": 7, "q": 6, "r": 3, "s": 3})
		if got := keys(res.Demands); !slices.Equal(got, []string{"q", "p", "r", "s"}) {
			t.Errorf("order %v, want q p r s", got)
		}
	})
	t.Run("TopBoxMethod", func(t *testing.T) {
		// p: 10 10 1 1 (mean 5.5, top box 1/2); q: 7 7 7 7 (mean 7, top box 0).
		c := rateCampaign(survey.MethodMean, 1, 10, "q", "p")
		ballots := []map[string]int{{"p": 10, "q": 7}, {"p": 10, "q": 7}, {"p": 1, "q": 7}, {"p": 1, "q": 7}}
		if got := keys(rate(t, c, ballots...).Demands); !slices.Equal(got, []string{"q", "p"}) {
			t.Errorf("by mean: %v, want q p", got)
		}
		c.Method = survey.MethodTopBox
		res := rate(t, c, ballots...)
		if got := keys(res.Demands); !slices.Equal(got, []string{"p", "q"}) {
			t.Errorf("by top box: %v, want p q", got)
		}
		if !strings.HasPrefix(res.TieBreak, "Kraven är ordnade efter andelen som gav 8–10") {
			t.Errorf("tie_break %q", res.TieBreak)
		}
	})
	t.Run("TopBoxTieByMean", func(t *testing.T) {
		c := rateCampaign(survey.MethodTopBox, 1, 10, "p", "q")
		res := rate(t, c, map[string]int{"p": 8, "q": 9}, map[string]int{"p": 1, "q": 5})
		if got := keys(res.Demands); !slices.Equal(got, []string{"q", "p"}) {
			t.Errorf("order %v, want q p (same top box, higher mean)", got)
		}
	})
	t.Run("ExactNotRounded", func(t *testing.T) {
		// u: 2000 ratings of 7 and one of 8 (mean 7.0005); v: 7 (mean 7). Rounded to three
		// decimals both read 7.0 or 7.001; the exact comparison puts u first even though
		// v comes first in the campaign.
		c := rateCampaign(survey.MethodMean, 1, 10, "v", "u")
		var ballots []map[string]int
		for range 2000 {
			ballots = append(ballots, map[string]int{"u": 7, "v": 7})
		}
		ballots = append(ballots, map[string]int{"u": 8})
		if got := keys(rate(t, c, ballots...).Demands); !slices.Equal(got, []string{"u", "v"}) {
			t.Errorf("order %v, want u v", got)
		}
	})
	t.Run("Deterministic", func(t *testing.T) {
		c := rateCampaign(survey.MethodMean, 1, 5, "a", "b", "c")
		ballots := []map[string]int{{"a": 3, "b": 3, "c": 3}, {"a": 4, "b": 2}, {"c": 5}}
		first, _ := json.Marshal(rate(t, c, ballots...).Demands)
		for range 5 {
			again, _ := json.Marshal(rate(t, c, ballots...).Demands)
			if string(again) != string(first) {
				t.Fatal("same ballots gave another report")
			}
		}
	})
}

func TestRatingsLeftOut(t *testing.T) {
	// Ratings of a demand the campaign no longer has, and ratings off a scale changed after
	// they were given, are not counted; the ballot still counts as a response.
	c := rateCampaign(survey.MethodMean, 1, 5, "a", "b")
	res := rate(t, c, map[string]int{"a": 9, "gone": 3, "b": 2}, map[string]int{"a": 4})
	m := byKey(res.Demands)
	if res.Responses != 2 || m["a"].Ratings.N != 1 || m["b"].Ratings.N != 1 || m["b"].Ratings.Skipped != 1 {
		t.Errorf("responses %d, a %+v, b %+v", res.Responses, m["a"].Ratings, m["b"].Ratings)
	}
}

func TestRankingHasNoRatings(t *testing.T) {
	c := campaign(survey.MethodBorda, 2, "a", "b")
	res := tally(t, c, []string{"a"})
	b, _ := json.Marshal(res)
	if res.Demands[0].Ratings != nil || strings.Contains(string(b), `"ratings"`) || res.Ballot != survey.BallotRank || res.Scale != nil {
		t.Errorf("a ranking report carries rating fields: %s", b)
	}
}

func TestRatingJSONShape(t *testing.T) {
	c := rateCampaign(survey.MethodMean, 1, 10, "a")
	b, _ := json.Marshal(rate(t, c, map[string]int{"a": 8}, map[string]int{"a": 9}))
	var doc struct {
		Ballot  string                     `json:"ballot"`
		Scale   map[string]json.RawMessage `json:"scale"`
		Demands []struct {
			Ratings map[string]json.RawMessage `json:"ratings"`
		} `json:"demands"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for k := range doc.Demands[0].Ratings {
		got = append(got, k)
	}
	slices.Sort(got)
	want := []string{"distribution", "mean", "mean_ci", "median", "n", "skipped", "top_box", "top_box_ci"}
	if doc.Ballot != "rate" || !slices.Equal(got, want) || string(doc.Scale["top_box"]) != "8" {
		t.Errorf("ballot %q, scale %v, rating keys %v, want %v", doc.Ballot, doc.Scale, got, want)
	}
}

func TestRatingBreakdown(t *testing.T) {
	// Workplaces: "stor" with 6 ballots, "mellan" with 5, "liten" with 2. liten is under
	// the threshold (5); the next smallest (mellan) is hidden with it, and both are
	// counted together in "Övriga", the same rule as for rankings.
	c := rateCampaign(survey.MethodMean, 1, 5, "a", "b")
	c.Workplaces = []survey.Workplace{{Code: "stor", Name: "Stor"}, {Code: "mellan", Name: "Mellan"}, {Code: "liten", Name: "Liten"}}
	tl := NewTally(c)
	r := &survey.Response{}
	add := func(n int, wp string, rt map[string]int) {
		for range n {
			r.Workplace, r.Ratings = wp, rt
			_ = tl.Add(r)
		}
	}
	add(6, "stor", map[string]int{"a": 5, "b": 1})
	add(5, "mellan", map[string]int{"a": 3})
	add(2, "liten", map[string]int{"a": 1, "b": 5})
	res := tl.Results(time.Now())
	if len(res.Breakdowns) != 1 {
		t.Fatalf("%d breakdowns", len(res.Breakdowns))
	}
	groups := map[string]Group{}
	for _, g := range res.Breakdowns[0].Groups {
		groups[g.Key] = g
	}
	if g := groups["liten"]; !g.Suppressed || g.Demands != nil {
		t.Errorf("liten shown: %+v", g)
	}
	if g := groups["mellan"]; !g.Suppressed || g.Demands != nil {
		t.Errorf("mellan shown: %+v", g)
	}
	// Group figures carry cell key noise: every cell of a distribution is within MaxNoise
	// of the exact count, an empty cell stays empty, and N is their sum.
	near := func(name string, r *RatingResult, want []int) {
		t.Helper()
		if r == nil || len(r.Distribution) != len(want) {
			t.Fatalf("%s: %+v", name, r)
		}
		sum := 0
		for i, x := range r.Distribution {
			if d := x - want[i]; d < -MaxNoise || d > MaxNoise || (want[i] == 0 && x != 0) {
				t.Errorf("%s: distribution %v, want %v within %d", name, r.Distribution, want, MaxNoise)
			}
			sum += x
		}
		if r.N != sum {
			t.Errorf("%s: n %d, distribution adds up to %d", name, r.N, sum)
		}
	}
	stor := byKey(groups["stor"].Demands)
	near("stor a", stor["a"].Ratings, []int{0, 0, 0, 0, 6})
	other := byKey(groups[KeyOther].Demands)
	// Övriga: mellan (5 × a=3) + liten (2 × a=1, b=5).
	near("Övriga a", other["a"].Ratings, []int{2, 0, 5, 0, 0})
	near("Övriga b", other["b"].Ratings, []int{0, 0, 0, 0, 2})
}

func TestTQuantile975(t *testing.T) {
	// R: qt(0.975, df).
	for _, tc := range []struct {
		df   int
		want float64
	}{{1, 12.7062047361747}, {2, 4.30265272974946}, {3, 3.18244630528371}, {4, 2.77644510519779},
		{9, 2.26215716279820}, {29, 2.04522964213270}, {100, 1.98397151852355}, {1000, 1.96233908082641}} {
		if got := TQuantile975(tc.df); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("TQuantile975(%d) = %.12f, want %.12f", tc.df, got, tc.want)
		}
	}
	if !math.IsNaN(TQuantile975(0)) {
		t.Error("df 0 should be undefined")
	}
}
