package report

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"kravlistan/survey"
)

// The attacks of issue 11 on the counting itself. The store and the web layer have their
// own tests for the same attacks through their doors.

// loneMemberCampaign is the example: at workplace A five Kommunal members and one
// Handels member answer, at workplace B five Handels members. Every group of "per
// arbetsplats" and "per förbund" has at least 5 answers, so none is suppressed.
func loneMemberCampaign() (*survey.Campaign, []survey.Response, survey.Response) {
	c := campaign(survey.MethodBorda, 3, "a", "b", "c", "d", "e")
	c.Workplaces = []survey.Workplace{{Code: "A", Name: "A"}, {Code: "B", Name: "B"}}
	c.Questions = []survey.Question{{Key: "forbund", Label: "Förbund", Options: []survey.Option{
		{Key: "kommunal", Label: "Kommunal"}, {Key: "handels", Label: "Handels"}}}}
	rng := rand.New(rand.NewPCG(11, 11))
	var rs []survey.Response
	for range 5 {
		rs = append(rs, survey.Response{Workplace: "A", Background: map[string]string{"forbund": "kommunal"},
			Ranking: []string{"a", "b"}, Key: rng.Uint32()})
	}
	lone := survey.Response{Workplace: "A", Background: map[string]string{"forbund": "handels"},
		Ranking: []string{"e", "d", "c"}, Key: rng.Uint32()}
	rs = append(rs, lone)
	for range 5 {
		rs = append(rs, survey.Response{Workplace: "B", Background: map[string]string{"forbund": "handels"},
			Ranking: []string{"b", "c"}, Key: rng.Uint32()})
	}
	return c, rs, lone
}

// figures is every count a shown group publishes, by name.
func figures(g Group) map[string]int {
	f := map[string]int{"responses": *g.Responses}
	for _, d := range g.Demands {
		f["picks."+d.Key] = d.Picks
		f["first."+d.Key] = d.FirstChoices
		f["borda."+d.Key] = d.Borda
	}
	return f
}

// contribution is what one ballot adds to each figure of a group.
func contribution(c *survey.Campaign, r survey.Response) map[string]int {
	f := map[string]int{"responses": 1}
	for _, d := range c.Demands {
		f["picks."+d.Key], f["first."+d.Key], f["borda."+d.Key] = 0, 0, 0
	}
	for i, key := range r.Ranking {
		f["picks."+key]++
		if i == 0 {
			f["first."+key]++
		}
		f["borda."+key] += max(c.MaxPicks-i, 0)
	}
	return f
}

// differsByExactly reports whether figures a − b equal want on every figure.
func differsByExactly(a, b, want map[string]int) bool {
	for k, w := range want {
		if a[k]-b[k] != w {
			return false
		}
	}
	return true
}

func group(t *testing.T, res *Results, by, key string) Group {
	t.Helper()
	for _, b := range res.Breakdowns {
		if b.By != by {
			continue
		}
		for _, g := range b.Groups {
			if g.Key == key {
				if g.Suppressed {
					t.Fatalf("%s/%s suppressed", by, key)
				}
				return g
			}
		}
	}
	t.Fatalf("no group %s/%s", by, key)
	return Group{}
}

func TestLoneMemberCannotBeSubtracted(t *testing.T) {
	c, rs, lone := loneMemberCampaign()
	tl := NewTally(c)
	_ = walkOf(rs)(tl.Add)
	res := tl.Results(time.Now())
	a, kommunal := figures(group(t, res, ByWorkplace, "A")), figures(group(t, res, "forbund", "kommunal"))
	want := contribution(c, lone)
	if differsByExactly(a, kommunal, want) {
		t.Fatalf("group(A) − group(Kommunal) is exactly the lone Handels member's ballot: %v − %v", a, kommunal)
	}
	// Nor does any single demand give the member's place away exactly in all three measures.
	exact := 0
	for _, d := range c.Demands {
		if a["picks."+d.Key]-kommunal["picks."+d.Key] == want["picks."+d.Key] &&
			a["first."+d.Key]-kommunal["first."+d.Key] == want["first."+d.Key] &&
			a["borda."+d.Key]-kommunal["borda."+d.Key] == want["borda."+d.Key] {
			exact++
		}
	}
	if exact == len(c.Demands) {
		t.Errorf("every demand's difference is exact")
	}
	// The same responses give the same figures: asking again teaches nothing.
	tl2 := NewTally(c)
	_ = walkOf(rs)(tl2.Add)
	if again := figures(group(t, tl2.Results(time.Now()), ByWorkplace, "A")); !differsByExactly(again, a, map[string]int{}) || len(again) != len(a) {
		t.Errorf("second count differs")
	}
	for k, v := range a {
		if again := figures(group(t, tl2.Results(time.Now()), ByWorkplace, "A")); again[k] != v {
			t.Errorf("figure %s: %d then %d", k, v, again[k])
		}
	}
}

// TestNoSmallCountShownExactly: a count from 1 to k−1 never comes out of the table as is,
// zero stays zero, and the noise is at most MaxNoise.
func TestNoSmallCountShownExactly(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for k := 1; k <= 10; k++ {
		for n := 0; n <= 30; n++ {
			for range 2000 {
				e := countNoise(n, k, rng.Uint32())
				switch {
				case n == 0 && e != 0:
					t.Fatalf("zero moved by %d", e)
				case n > 0 && (n < k || n <= 2) && e == 0:
					t.Fatalf("count %d shown exactly with k=%d", n, k)
				case e < -MaxNoise || e > MaxNoise || n+e < 0:
					t.Fatalf("count %d moved by %d", n, e)
				}
			}
		}
	}
	for m := 1; m <= 10; m++ {
		for n := 1; n < 5; n++ {
			for range 2000 {
				if e := bordaNoise(n, 5, m, rng.Uint32(), rng.IntN(20), 0); e == 0 || e < -MaxBordaNoise(m) || e > MaxBordaNoise(m) {
					t.Fatalf("Borda noise %d for %d picks, m=%d", e, n, m)
				}
			}
		}
	}
}

// TestTableUnbiased checks each row's mean and the variance the README states.
func TestTableUnbiased(t *testing.T) {
	for _, tc := range []struct {
		row      int
		variance float64
	}{{rowOne, 1.3}, {rowSmall, 2.2}, {rowLarge, 1.2}} {
		var sum, mean, v int
		for i, w := range tableRow(tc.row) {
			e := i - MaxNoise
			sum += int(w)
			mean += e * int(w)
			v += e * e * int(w)
		}
		if sum != 1000 || mean != 0 || float64(v)/1000 != tc.variance {
			t.Errorf("row %v: sum %v, mean %v, variance %v (want %v)", tableRow(tc.row), sum, mean, v, tc.variance)
		}
	}
}

// TestPropertyNoOneBallotDifference: for random campaigns, no two shown groups of a report
// (in any breakdowns, "Övriga" included) whose responses differ by exactly one ballot
// show figures that differ by exactly that ballot's contribution.
func TestPropertyNoOneBallotDifference(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 11))
	pairs := 0
	for trial := range 2000 {
		d := 3 + rng.IntN(6)
		var keys []string
		for i := range d {
			keys = append(keys, "d"+strconv.Itoa(i))
		}
		c := campaign([]survey.Method{survey.MethodBorda, survey.MethodPicks, survey.MethodSchulze}[rng.IntN(3)], 1+rng.IntN(min(d, 5)), keys...)
		c.AnonymityThreshold = 2 + rng.IntN(5)
		nw := 1 + rng.IntN(3)
		for i := range nw {
			c.Workplaces = append(c.Workplaces, survey.Workplace{Code: "w" + strconv.Itoa(i), Name: "W"})
		}
		c.Questions = []survey.Question{{Key: "q", Label: "Q", Options: []survey.Option{{Key: "x", Label: "X"}, {Key: "y", Label: "Y"}}},
			{Key: "r", Label: "R", Options: []survey.Option{{Key: "u", Label: "U"}, {Key: "v", Label: "V"}, {Key: "z", Label: "Z"}}}}
		n := 5 + rng.IntN(40)
		rs := make([]survey.Response, n)
		for i := range rs {
			r := &rs[i]
			r.Key = rng.Uint32()
			perm := rng.Perm(d)
			for _, p := range perm[:1+rng.IntN(c.MaxPicks)] {
				r.Ranking = append(r.Ranking, keys[p])
			}
			// The answer to q mostly follows the workplace (as a union follows a trade), so
			// groups one member apart (the workplace A and Kommunal) are common.
			w := rng.IntN(nw)
			r.Workplace = "w" + strconv.Itoa(w)
			q := []string{"x", "y"}[w%2]
			if rng.IntN(12) == 0 {
				q = []string{"x", "y"}[rng.IntN(2)]
			}
			r.Background = map[string]string{"q": q}
			if rng.IntN(3) > 0 {
				r.Background["r"] = []string{"u", "v", "z"}[rng.IntN(3)]
			}
		}
		tl := NewTally(c)
		_ = walkOf(rs)(tl.Add)
		res := tl.Results(time.Now())
		// The members of every shown group, worked out from the answers.
		type member struct {
			g   Group
			set map[int]bool
		}
		var shownGroups []member
		for _, b := range res.Breakdowns {
			value := func(r survey.Response) string {
				if b.By == ByWorkplace {
					return r.Workplace
				}
				if v, ok := r.Background[b.By]; ok {
					return v
				}
				return KeyNone
			}
			hidden := map[string]bool{}
			for _, g := range b.Groups {
				if g.Suppressed {
					hidden[g.Key] = true
				}
			}
			for _, g := range b.Groups {
				if g.Suppressed {
					continue
				}
				set := map[int]bool{}
				for i, r := range rs {
					v := value(r)
					if v == g.Key || (g.Key == KeyOther && hidden[v]) {
						set[i] = true
					}
				}
				shownGroups = append(shownGroups, member{g, set})
			}
		}
		for i, x := range shownGroups {
			for j, y := range shownGroups {
				if i == j || len(x.set) != len(y.set)+1 {
					continue
				}
				extra := -1
				subset := true
				for m := range y.set {
					if !x.set[m] {
						subset = false
						break
					}
				}
				if !subset {
					continue
				}
				for m := range x.set {
					if !y.set[m] {
						extra = m
					}
				}
				pairs++
				if differsByExactly(figures(x.g), figures(y.g), contribution(c, rs[extra])) {
					t.Fatalf("trial %d: %s and %s differ by exactly ballot %v", trial, x.g.Key, y.g.Key, rs[extra].Ranking)
				}
			}
		}
	}
	if pairs < 50 {
		t.Fatalf("only %d pairs one ballot apart: the test campaigns do not exercise the attack", pairs)
	}
	t.Logf("%d pairs of shown groups one ballot apart, none differing by exactly the ballot", pairs)
}

// TestProgressCannotBeSubtracted: the progress page showed "färre än 5" for two
// workplaces and exact counts for the rest, so total − shown gave the two small ones.
// Hidden groups now reach the threshold together, and shown counts carry noise.
func TestProgressCannotBeSubtracted(t *testing.T) {
	groups := []GroupCount{{40, 1}, {30, 2}, {1, 3}, {2, 4}}
	shown := ProtectGroups(groups, 5)
	hiddenSum, shownSum := 0, 0
	for i, s := range shown {
		if s < 0 {
			hiddenSum += groups[i].N
		} else {
			shownSum += s
		}
	}
	if hiddenSum < 5 {
		t.Errorf("hidden groups together %d, under the threshold: %v", hiddenSum, shown)
	}
	if shown[2] >= 0 || shown[3] >= 0 {
		t.Errorf("small groups shown: %v", shown)
	}
	// The same responses give the same figure as a breakdown group of the report.
	for i, g := range groups {
		if shown[i] >= 0 && shown[i] != PerturbCount(g.N, 5, g.Key) {
			t.Errorf("group %d: %d, report would show %d", i, shown[i], PerturbCount(g.N, 5, g.Key))
		}
	}
}
