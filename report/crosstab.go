package report

// Crosstab is one breakdown as a pollster's table: the demands down the side in headline
// order, the groups across, in each cell the group's share with whether it differs
// significantly from the rest. It is built from the report's breakdown groups as they are
// (suppressed, folded into "Övriga", perturbed or not): it computes nothing about a group
// that the breakdown does not show.
type Crosstab struct {
	By      string
	Columns []CrossColumn
	// Hidden are the labels of the suppressed groups (counted in "Övriga"); Empty those
	// of the groups nobody answered for. Neither gets a column.
	Hidden, Empty []string
	Rows          []CrossRow
}

// CrossColumn is one shown group.
type CrossColumn struct {
	Key, Label string
	Responses  int
}

// CrossRow is one demand: its campaign-wide figures and one cell per column.
type CrossRow struct {
	Key, Title string
	Rank       int     // the campaign-wide place
	Share      float64 // the campaign-wide share
	Cells      []CrossCell
}

// CrossCell is one demand in one group.
type CrossCell struct {
	Share float64
	Picks int
	Rank  int // the demand's place in the group's own ranking
	Diff  Difference
}

// NewCrosstab builds the table of breakdown b of the results res.
func NewCrosstab(res *Results, b Breakdown) *Crosstab {
	x := &Crosstab{By: b.By}
	var groups []Group
	for _, g := range b.Groups {
		switch {
		case g.Suppressed:
			x.Hidden = append(x.Hidden, g.Label)
		case g.Responses == nil || *g.Responses == 0:
			x.Empty = append(x.Empty, g.Label)
		default:
			groups = append(groups, g)
			x.Columns = append(x.Columns, CrossColumn{Key: g.Key, Label: g.Label, Responses: *g.Responses})
		}
	}
	byKey := make([]map[string]DemandResult, len(groups))
	for i, g := range groups {
		byKey[i] = make(map[string]DemandResult, len(g.Demands))
		for _, d := range g.Demands {
			byKey[i][d.Key] = d
		}
	}
	for _, d := range res.Demands {
		row := CrossRow{Key: d.Key, Title: d.Title, Rank: d.Rank, Share: d.Share, Cells: make([]CrossCell, len(groups))}
		for i, g := range groups {
			gd := byKey[i][d.Key]
			row.Cells[i] = CrossCell{Share: gd.Share, Picks: gd.Picks, Rank: gd.Rank,
				Diff: CompareToRest(gd.Picks, *g.Responses, d.Picks, res.Responses)}
		}
		x.Rows = append(x.Rows, row)
	}
	return x
}
