package xlsx

import (
	"sort"
	"strconv"
	"strings"

	"kravlistan/report"
	"kravlistan/survey"

	"github.com/xuri/excelize/v2"
)

// The sheets of the intake round (issue 14): where each demand came from, and the results
// by policy area.
const (
	SheetOrigins = "Förslag och ursprung"
	SheetAreas   = "Områden"
)

// OriginSheet returns the sheet "Förslag och ursprung": for every demand its provenance
// (proposals, workplaces, members behind meeting proposals), then every proposal merged
// into a demand with its text. A proposal's workplace is named only when at least the
// anonymity threshold of proposals came from that workplace, or the proposal is a
// meeting's of at least that many members; otherwise it says "liten arbetsplats", so a
// lone proposal from a small workplace does not point at its writer. The free text of an
// answer never names its workplace (survey.ProposalOrigins). No proposal carries a
// day, and the rows follow the demands and titles, never arrival. Typed text is
// neutralized (sheetWriter.set).
func OriginSheet(c *survey.Campaign, ps []survey.Proposal) Extra {
	return func(f *excelize.File, st *styles) error {
		var merged []survey.Proposal
		origin := survey.ProposalOrigins(c, ps)
		for _, p := range ps {
			if p.Status == survey.ProposalMerged {
				if _, ok := c.Demand(p.Demand); ok {
					merged = append(merged, p)
				}
			}
		}
		if len(merged) == 0 {
			return nil
		}
		if _, err := f.NewSheet(SheetOrigins); err != nil {
			return err
		}
		k := c.AnonymityThreshold
		pv := survey.ProvenanceOf(merged)
		w := &sheetWriter{f: f, sheet: SheetOrigins}
		w.widths(45, 12, 14, 16, 45, 50, 30, 14)
		w.set(1, 1, "Förslag och ursprung", st.title)
		total, wps := report.ProvenanceTotal(merged)
		w.set(1, 2, "Kravlistan bygger på "+strconv.Itoa(total)+" förslag från "+strconv.Itoa(wps)+" arbetsplatser. "+
			"En arbetsplats namnges bara när minst "+strconv.Itoa(k)+" förslag kom därifrån, eller förslaget kom från ett möte med minst "+
			strconv.Itoa(k)+" medlemmar; för fritext i ett svar aldrig.", 0)
		const top = 4
		for i, h := range []string{"Krav", "Förslag", "Arbetsplatser", "Medlemmar bakom mötesförslag"} {
			w.set(i+1, top, h, st.header)
		}
		row := top
		for _, d := range c.Demands {
			p, ok := pv[d.Key]
			if !ok {
				continue
			}
			row++
			w.set(1, row, d.Title, st.wrap)
			w.set(2, row, p.Proposals, st.integer)
			w.set(3, row, p.Workplaces, st.integer)
			w.set(4, row, p.MeetingMembers, st.integer)
		}
		start := row + 3
		w.set(1, start-1, "De sammanslagna förslagen", st.label)
		for i, h := range []string{"Krav", "Område", "Arbetsplats", "Möte (medlemmar)", "Förslag", "Motivering", "Kom från", "Område som föreslogs"} {
			w.set(i+1, start, h, st.header)
		}
		order := map[string]int{}
		for i, d := range c.Demands {
			order[d.Key] = i
		}
		sort.SliceStable(merged, func(i, j int) bool {
			a, b := merged[i], merged[j]
			if order[a.Demand] != order[b.Demand] {
				return order[a.Demand] < order[b.Demand]
			}
			return strings.ToLower(a.Title) < strings.ToLower(b.Title)
		})
		row = start
		for _, p := range merged {
			d, _ := c.Demand(p.Demand)
			row++
			w.set(1, row, d.Title, st.wrap)
			w.set(2, row, d.Area, st.wrap)
			w.set(3, row, originWorkplace(c, p, origin(p)), st.wrap)
			if p.MeetingMembers > 0 {
				w.set(4, row, p.MeetingMembers, st.integer)
			}
			w.set(5, row, p.Title, st.wrap)
			w.set(6, row, p.Body, st.wrap)
			if p.Source == survey.SourceBallot {
				w.set(7, row, "Fritext i ett svar", 0)
			} else {
				w.set(7, row, "Förslagsrundan", 0)
			}
			area := p.Area
			if area == "" {
				area = "Annat"
			}
			w.set(8, row, area, st.wrap)
		}
		w.freeze(top)
		w.filter(start, 8, row)
		if w.err == nil {
			w.err = setPrint(f, SheetOrigins, pageSettings{landscape: true})
		}
		return w.err
	}
}

// originWorkplace is the workplace a proposal is shown with (see OriginSheet and
// survey.ProposalOrigins).
func originWorkplace(c *survey.Campaign, p survey.Proposal, o survey.ProposalOrigin) string {
	switch o {
	case survey.OriginGeneral:
		return "Allmänna länken"
	case survey.OriginWorkplace:
		wp, _ := c.Workplace(p.Workplace)
		return wp.Name
	case survey.OriginAnswer:
		return "–"
	}
	return "Liten arbetsplats"
}

// AreaSheet returns the sheet "Områden": how many members picked at least one demand in
// each area, and the share (exact: campaign-wide figures). Nothing for rating ballots.
func AreaSheet(res *report.Results) Extra {
	return func(f *excelize.File, st *styles) error {
		if len(res.Areas) == 0 {
			return nil
		}
		if _, err := f.NewSheet(SheetAreas); err != nil {
			return err
		}
		w := &sheetWriter{f: f, sheet: SheetAreas}
		w.widths(40, 14, 10)
		w.set(1, 1, "Områden", st.title)
		w.set(1, 2, "Hur många av de "+strconv.Itoa(res.Responses)+" medlemmarna som valde minst ett krav inom varje område.", 0)
		for i, h := range []string{"Område", "Medlemmar", "Andel"} {
			w.set(i+1, 4, h, st.header)
		}
		for i, a := range res.Areas {
			name := a.Area
			if name == "" {
				name = "Utan område"
			}
			w.set(1, 5+i, name, st.wrap)
			w.set(2, 5+i, a.Members, st.integer)
			w.set(3, 5+i, a.Share, st.percent)
		}
		return w.err
	}
}
