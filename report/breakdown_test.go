package report

import (
	"slices"
	"testing"
	"time"

	"kravlistan/survey"
)

func TestSuppress(t *testing.T) {
	for _, tc := range []struct {
		name  string
		sizes []int
		want  []bool
	}{
		{"NoneSmall", []int{10, 7, 5}, []bool{false, false, false}},
		{"EmptyGroupsShown", []int{10, 0, 7}, []bool{false, false, false}},
		{"OneSmallHidesNextSmallest", []int{10, 3, 7, 20}, []bool{false, true, true, false}},
		{"TwoSmallButUnderK", []int{10, 1, 2, 20}, []bool{true, true, true, false}},
		{"TwoSmallEnough", []int{10, 4, 3, 20}, []bool{false, true, true, false}},
		{"TieByPosition", []int{8, 2, 8}, []bool{true, true, false}},
		{"AllSmall", []int{1, 2}, []bool{true, true}},
		{"OnlyGroupSmall", []int{0, 3, 0}, []bool{false, true, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Suppress(tc.sizes, 5); !slices.Equal(got, tc.want) {
				t.Errorf("Suppress(%v, 5) = %v, want %v", tc.sizes, got, tc.want)
			}
		})
	}
}

// workplaceCampaign has three workplaces; the "liten" workplace is small.
func workplaceCampaign() *survey.Campaign {
	c := campaign(survey.MethodBorda, 2, "a", "b", "c")
	c.Workplaces = []survey.Workplace{{Code: "stor", Name: "Stora verkstaden"}, {Code: "mellan", Name: "Mellanlagret"}, {Code: "liten", Name: "Lilla kontoret"}}
	c.Questions = []survey.Question{{Key: "sektor", Label: "Sektor", Options: []survey.Option{
		{Key: "kommun", Label: "Kommun"}, {Key: "privat", Label: "Privat"}}}}
	return c
}

func TestBreakdownCannotBeRecoveredBySubtraction(t *testing.T) {
	c := workplaceCampaign()
	tl := NewTally(c)
	r := &survey.Response{}
	add := func(n int, wp, sektor string, ranking ...string) {
		for range n {
			r.Workplace, r.Ranking = wp, append(r.Ranking[:0], ranking...)
			r.Background = map[string]string{}
			if sektor != "" {
				r.Background["sektor"] = sektor
			}
			_ = tl.Add(r)
		}
	}
	add(40, "stor", "kommun", "a", "b")
	add(9, "mellan", "privat", "b")
	// The two members at the small workplace both put c first: the secret to protect.
	add(2, "liten", "", "c", "a")
	res := tl.Results(time.Now())

	var wp Breakdown
	for _, b := range res.Breakdowns {
		if b.By == ByWorkplace {
			wp = b
		}
	}
	groups := map[string]Group{}
	for _, g := range wp.Groups {
		groups[g.Key] = g
	}
	if !groups["liten"].Suppressed || groups["liten"].Responses != nil || groups["liten"].Demands != nil {
		t.Fatalf("small group shown: %+v", groups["liten"])
	}
	if !groups["mellan"].Suppressed {
		t.Fatal("complementary suppression: the next-smallest group must be hidden too")
	}
	// The attack: total minus every shown group (other than Övriga) must not isolate "liten".
	shownN, shownC := 0, 0
	for _, g := range wp.Groups {
		if g.Suppressed || g.Key == KeyOther {
			continue
		}
		shownN += *g.Responses
		shownC += byKey(g.Demands)["c"].Picks
	}
	restN, restC := res.Responses-shownN, byKey(res.Demands)["c"].Picks-shownC
	if restN == 2 {
		t.Fatalf("subtraction recovers the small group: %d responses, %d picks of c", restN, restC)
	}
	other := groups[KeyOther]
	if other.Responses == nil || abs(*other.Responses-restN) > MaxNoise || restN < c.AnonymityThreshold {
		t.Errorf("Övriga %+v: want the %d remaining responses (at least the threshold) within the noise", other, restN)
	}
	// Totals add up within the noise of the cell key method.
	if d := byKey(other.Demands)["c"].Picks - restC; abs(d) > MaxNoise {
		t.Errorf("Övriga picks of c %d, want %d ± %d", byKey(other.Demands)["c"].Picks, restC, MaxNoise)
	}
	// "Ej angett" is a group like any other: the 2 without sektor are hidden there too.
	for _, b := range res.Breakdowns {
		if b.By != "sektor" {
			continue
		}
		for _, g := range b.Groups {
			if g.Key == KeyNone && !g.Suppressed {
				t.Errorf("Ej angett with 2 responses shown: %+v", g)
			}
		}
	}
}

func TestGroupHasItsOwnRanking(t *testing.T) {
	c := workplaceCampaign()
	tl := NewTally(c)
	r := &survey.Response{Workplace: "stor", Ranking: []string{"a"}}
	for i := range 20 {
		r.Key = uint32(i) * 2654435761
		_ = tl.Add(r)
	}
	r.Workplace, r.Ranking = "mellan", []string{"c", "b"}
	for i := range 20 {
		r.Key = uint32(i) * 40503
		_ = tl.Add(r)
	}
	res := tl.Results(time.Now())
	for _, g := range res.Breakdowns[1].Groups {
		if g.Key == "mellan" && g.Demands[0].Key != "c" {
			t.Errorf("group mellan ranks %v first, want c", g.Demands[0].Key)
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
