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

// campaign returns a campaign with the given demand keys (titles are upper-cased keys).
func campaign(method survey.Method, maxPicks int, keys ...string) *survey.Campaign {
	c := &survey.Campaign{Slug: "test", Title: "Test", Method: method, MaxPicks: maxPicks, AnonymityThreshold: 5}
	for _, k := range keys {
		c.Demands = append(c.Demands, survey.Demand{Key: k, Title: strings.ToUpper(k), Area: "Område"})
	}
	c.ApplyDefaults()
	return c
}

func tally(t *testing.T, c *survey.Campaign, ballots ...[]string) *Results {
	t.Helper()
	tl := NewTally(c)
	r := &survey.Response{}
	for _, b := range ballots {
		r.Ranking = append(r.Ranking[:0], b...) // the store reuses one *Response too
		if err := tl.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	return tl.Results(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
}

func byKey(res []DemandResult) map[string]DemandResult {
	m := map[string]DemandResult{}
	for _, d := range res {
		m[d.Key] = d
	}
	return m
}

func keys(res []DemandResult) []string {
	var ks []string
	for _, d := range res {
		ks = append(ks, d.Key)
	}
	return ks
}

func TestBordaExample(t *testing.T) {
	// max_picks 3: rank 1 earns 3, rank 2 earns 2, rank 3 earns 1.
	c := campaign(survey.MethodBorda, 3, "a", "b", "c", "d")
	res := tally(t, c, []string{"a", "b", "c"}, []string{"b", "a"}, []string{"c"}, []string{"b"})
	m := byKey(res.Demands)
	type want struct {
		picks, firsts, borda int
		mean                 float64 // -1: null
		rank                 int
	}
	wants := map[string]want{
		"a": {2, 1, 3 + 2, 1.5, 2},
		"b": {3, 2, 2 + 3 + 3, 1.333, 1},
		"c": {2, 1, 1 + 3, 2, 3},
		"d": {0, 0, 0, -1, 4},
	}
	for k, w := range wants {
		d := m[k]
		if d.Picks != w.picks || d.FirstChoices != w.firsts || d.Borda != w.borda || d.Rank != w.rank {
			t.Errorf("%s: got picks %d firsts %d borda %d rank %d, want %+v", k, d.Picks, d.FirstChoices, d.Borda, d.Rank, w)
		}
		if w.mean < 0 {
			if d.MeanRank != nil {
				t.Errorf("%s: mean_rank %v, want null", k, *d.MeanRank)
			}
		} else if d.MeanRank == nil || *d.MeanRank != w.mean {
			t.Errorf("%s: mean_rank %v, want %v", k, d.MeanRank, w.mean)
		}
	}
	if m["b"].Share != 0.75 || m["d"].Share != 0 {
		t.Errorf("shares b %v d %v", m["b"].Share, m["d"].Share)
	}
	// Pairwise: a picked demand stands above every unpicked one; two unpicked are tied.
	pw := map[[2]string]int{
		{"a", "b"}: 1, {"b", "a"}: 2, // [a b c]; [b a], [b]
		{"a", "c"}: 2, {"c", "a"}: 1, // [a b c], [b a]; [c]
		{"c", "d"}: 2, {"d", "c"}: 0,
		{"b", "c"}: 3, {"c", "b"}: 1,
		{"a", "d"}: 2, {"d", "a"}: 0,
	}
	for p, n := range pw {
		if got := res.Pairwise[p[0]][p[1]]; got != n {
			t.Errorf("pairwise %s>%s = %d, want %d", p[0], p[1], got, n)
		}
	}
}

// The example from Wikipedia's "Schulze method" article: 45 voters, five candidates.
var wikipediaBallots = []struct {
	n      int
	ballot string
}{{5, "ACBED"}, {5, "ADECB"}, {8, "BEDAC"}, {3, "CABED"}, {7, "CAEBD"}, {2, "CBADE"}, {7, "DCEBA"}, {8, "EBADC"}}

func TestSchulzeWikipedia(t *testing.T) {
	d := [][]int{ // d[a][b] voters preferring a to b, as printed in the article
		{0, 20, 26, 30, 22},
		{25, 0, 16, 33, 18},
		{19, 29, 0, 17, 24},
		{15, 12, 28, 0, 14},
		{23, 27, 21, 31, 0},
	}
	wantP := [][]int{
		{0, 28, 28, 30, 24},
		{25, 0, 28, 33, 24},
		{25, 29, 0, 29, 24},
		{25, 28, 28, 0, 24},
		{25, 28, 28, 31, 0},
	}
	p := SchulzeStrengths(d)
	for i := range p {
		if !slices.Equal(p[i], wantP[i]) {
			t.Errorf("strengths row %d = %v, want %v", i, p[i], wantP[i])
		}
	}
	order := SchulzeOrder(d, func(a, b int) bool { return a < b })
	if want := []int{4, 0, 2, 1, 3}; !slices.Equal(order, want) { // E > A > C > B > D
		t.Errorf("order %v, want %v", order, want)
	}

	t.Run("FromBallots", func(t *testing.T) {
		// Every voter ranks all five, so with max_picks 5 our pick semantics equal a full ranking.
		c := campaign(survey.MethodSchulze, 5, "A", "B", "C", "D", "E")
		var ballots [][]string
		for _, b := range wikipediaBallots {
			for range b.n {
				ballots = append(ballots, strings.Split(b.ballot, ""))
			}
		}
		res := tally(t, c, ballots...)
		for i, a := range "ABCDE" {
			for j, b := range "ABCDE" {
				if i != j && res.Pairwise[string(a)][string(b)] != d[i][j] {
					t.Errorf("pairwise %c>%c = %d, want %d", a, b, res.Pairwise[string(a)][string(b)], d[i][j])
				}
			}
		}
		if got := keys(res.Demands); !slices.Equal(got, []string{"E", "A", "C", "B", "D"}) {
			t.Errorf("headline order %v, want E A C B D", got)
		}
		for _, dr := range res.Demands {
			if dr.SchulzeRank != dr.Rank {
				t.Errorf("%s: schulze_rank %d != rank %d under method schulze", dr.Key, dr.SchulzeRank, dr.Rank)
			}
		}
	})
}

func TestSchulzeTieIsDeterministic(t *testing.T) {
	// A Condorcet cycle a>b>c>a of equal strength: Schulze ties all three; the tie-break
	// (picks, first choices, position) decides.
	c := campaign(survey.MethodSchulze, 3, "a", "b", "c")
	res := tally(t, c, []string{"a", "b", "c"}, []string{"b", "c", "a"}, []string{"c", "a", "b"})
	if got := keys(res.Demands); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("order %v, want a b c (position)", got)
	}
	for range 3 {
		again := tally(t, c, []string{"a", "b", "c"}, []string{"b", "c", "a"}, []string{"c", "a", "b"})
		if !slices.Equal(keys(again.Demands), keys(res.Demands)) {
			t.Fatal("same ballots gave another order")
		}
	}
}

func TestTies(t *testing.T) {
	t.Run("PicksThenFirstChoices", func(t *testing.T) {
		// Method picks: a and b both 2 picks, b has more first choices.
		c := campaign(survey.MethodPicks, 2, "a", "b", "c")
		res := tally(t, c, []string{"a", "b"}, []string{"b", "a"}, []string{"b", "c"})
		if got := keys(res.Demands); !slices.Equal(got, []string{"b", "a", "c"}) {
			t.Errorf("order %v, want b a c", got)
		}
	})
	t.Run("BordaTieByPicks", func(t *testing.T) {
		// max 2: a first once (2 points); b second twice (1+1 = 2 points) but 2 picks.
		c := campaign(survey.MethodBorda, 2, "a", "b", "x", "y")
		res := tally(t, c, []string{"a"}, []string{"x", "b"}, []string{"y", "b"})
		m := byKey(res.Demands)
		if m["a"].Borda != 2 || m["b"].Borda != 2 || m["b"].Rank >= m["a"].Rank {
			t.Errorf("a %+v, b %+v: b should rank above a on picks", m["a"], m["b"])
		}
	})
	t.Run("FullTieByPosition", func(t *testing.T) {
		c := campaign(survey.MethodBorda, 1, "z", "y", "x")
		res := tally(t, c, []string{"x"}, []string{"y"}, []string{"z"})
		if got := keys(res.Demands); !slices.Equal(got, []string{"z", "y", "x"}) {
			t.Errorf("order %v, want campaign order z y x", got)
		}
	})
}

func TestNoResponses(t *testing.T) {
	c := campaign(survey.MethodBorda, 2, "a", "b")
	c.Questions = []survey.Question{{Key: "sektor", Label: "Sektor", Options: []survey.Option{{Key: "kommun", Label: "Kommun"}}}}
	res := tally(t, c)
	if res.Responses != 0 || len(res.Demands) != 2 {
		t.Fatalf("got %+v", res)
	}
	for _, d := range res.Demands {
		if d.Picks != 0 || d.Share != 0 || d.ShareCI != nil || d.MeanRank != nil || d.Borda != 0 {
			t.Errorf("%+v: want zeros and nulls", d)
		}
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"share_ci":null`, `"mean_rank":null`, `"pairwise":{"a":{"b":0},"b":{"a":0}}`, `"by":"sektor"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s:\n%s", want, b)
		}
	}
}

func TestWilson(t *testing.T) {
	for _, tc := range []struct {
		k, n     int
		lo, high float64
	}{
		{50, 100, 0.4038, 0.5962},
		{0, 10, 0, 0.2775},
		{10, 10, 0.7225, 1},
		{1, 1, 0.2065, 1},
	} {
		lo, hi, ok := Wilson(tc.k, tc.n)
		if !ok || math.Abs(lo-tc.lo) > 1e-4 || math.Abs(hi-tc.high) > 1e-4 {
			t.Errorf("Wilson(%d, %d) = %.4f, %.4f; want %.4f, %.4f", tc.k, tc.n, lo, hi, tc.lo, tc.high)
		}
	}
	if _, _, ok := Wilson(0, 0); ok {
		t.Error("Wilson(0, 0) should be undefined")
	}
}

func TestJSONShape(t *testing.T) {
	c := campaign(survey.MethodBorda, 2, "a", "b")
	res := tally(t, c, []string{"a", "b"})
	var doc map[string]json.RawMessage
	b, _ := json.Marshal(res)
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for k := range doc {
		got = append(got, k)
	}
	slices.Sort(got)
	want := []string{"areas", "ballot", "breakdowns", "campaign", "channels", "demands", "generated_at", "method", "pairwise", "protection", "responses", "tie_break", "title"}
	if !slices.Equal(got, want) {
		t.Errorf("top-level keys %v, want %v", got, want)
	}
	var d []map[string]json.RawMessage
	_ = json.Unmarshal(doc["demands"], &d)
	got = got[:0]
	for k := range d[0] {
		got = append(got, k)
	}
	slices.Sort(got)
	want = []string{"area", "borda", "first_choices", "key", "mean_rank", "picks", "rank", "schulze_rank", "share", "share_ci", "title"}
	if !slices.Equal(got, want) {
		t.Errorf("demand keys %v, want %v", got, want)
	}
}
