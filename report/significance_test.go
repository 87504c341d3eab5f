package report

import "testing"

func TestCompareToRest(t *testing.T) {
	for _, tc := range []struct {
		x, n, allX, allN int
		want             Difference
	}{
		{60, 100, 100, 200, Higher}, // 60 % against 40 %: z ≈ 2.83
		{40, 100, 100, 200, Lower},
		{52, 100, 100, 200, Same}, // 52 % against 48 %: z ≈ 0.57
		{5, 10, 5, 10, Same},      // no rest
		{0, 50, 0, 100, Same},     // nobody picked it anywhere
		{3, 5, 1003, 2005, Same},  // too few to tell
	} {
		if got := CompareToRest(tc.x, tc.n, tc.allX, tc.allN); got != tc.want {
			t.Errorf("CompareToRest(%d, %d, %d, %d) = %d, want %d", tc.x, tc.n, tc.allX, tc.allN, got, tc.want)
		}
	}
}

func TestMarginAndOverlap(t *testing.T) {
	a := DemandResult{Share: 0.5, ShareCI: &[2]float64{0.47, 0.53}}
	b := DemandResult{Share: 0.45, ShareCI: &[2]float64{0.42, 0.48}}
	c := DemandResult{Share: 0.30, ShareCI: &[2]float64{0.27, 0.33}}
	if m := Margin(a); m < 2.99 || m > 3.01 {
		t.Errorf("margin %v, want 3 percentage points", m)
	}
	if !Overlaps(a, b) || !Overlaps(b, a) || Overlaps(b, c) || Overlaps(a, DemandResult{}) {
		t.Error("overlaps wrong")
	}
}

func TestCrosstab(t *testing.T) {
	c := campaign("borda", 2, "a", "b")
	c.Questions = nil
	c.Workplaces = nil
	res := &Results{Responses: 200, Demands: []DemandResult{{Key: "b", Rank: 1, Picks: 100, Share: 0.5}, {Key: "a", Rank: 2, Picks: 80, Share: 0.4}}}
	n1, n2, zero := 100, 100, 0
	res.Breakdowns = []Breakdown{{By: "q", Groups: []Group{
		{Key: "x", Label: "X", Responses: &n1, Demands: []DemandResult{{Key: "a", Picks: 60, Share: 0.6, Rank: 1}, {Key: "b", Picks: 52, Share: 0.52, Rank: 2}}},
		{Key: "y", Label: "Y", Suppressed: true},
		{Key: "z", Label: "Z", Responses: &zero},
		{Key: KeyOther, Label: LabelOther, Responses: &n2, Demands: []DemandResult{{Key: "a", Picks: 20, Share: 0.2, Rank: 2}, {Key: "b", Picks: 48, Share: 0.48, Rank: 1}}},
	}}}
	x := NewCrosstab(res, res.Breakdowns[0])
	if len(x.Columns) != 2 || x.Columns[0].Label != "X" || x.Columns[1].Label != LabelOther {
		t.Fatalf("columns %+v", x.Columns)
	}
	if len(x.Hidden) != 1 || x.Hidden[0] != "Y" || len(x.Empty) != 1 || x.Empty[0] != "Z" {
		t.Errorf("hidden %v, empty %v", x.Hidden, x.Empty)
	}
	if x.Rows[0].Key != "b" || x.Rows[1].Key != "a" {
		t.Fatalf("rows not in headline order: %+v", x.Rows)
	}
	a := x.Rows[1].Cells
	if a[0].Share != 0.6 || a[0].Diff != Higher || a[1].Diff != Lower || a[0].Rank != 1 {
		t.Errorf("demand a: %+v", a)
	}
	if b := x.Rows[0].Cells; b[0].Diff != Same {
		t.Errorf("demand b: %+v", b)
	}
}
