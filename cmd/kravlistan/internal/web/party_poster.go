package web

import (
	"context"
	"hash/fnv"
	"strconv"
	"strings"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"
)

// posterAnswers is one demand's line of party answers on the printed demand list: marks
// to see ("S ✓  M ✗  SD –", with the legend in the footer) and the same in words for
// screen readers.
type posterAnswers struct {
	Marks, Spoken string
}

// posterPartyAnswers returns the parties' answers by demand key for the printed demand
// list of campaign c, once the party page is published (nil before: the poster shows
// nothing that is not public), and a fingerprint of them for the page cache.
func posterPartyAnswers(ctx context.Context, st survey.Store, p view.Page, c *survey.Campaign) (map[string]posterAnswers, string, error) {
	set, err := st.PartySettings(ctx, c.ID)
	if err != nil || !set.Published {
		return nil, "", err
	}
	ms, err := st.PartyMatrices(ctx, c.ID)
	if err != nil {
		return nil, "", err
	}
	marks, spoken := map[string][]string{}, map[string][]string{}
	var order []string
	several := 0
	for _, m := range ms {
		if len(m.Items) > 0 {
			several++
		}
	}
	for _, m := range ms {
		for i, it := range m.Items {
			ls, ss := make([]string, len(m.Parties)), make([]string, len(m.Parties))
			for j, pt := range m.Parties {
				cell := m.Cells[i][j]
				sym, word := symbolOf(string(cell.Answer)), ""
				switch cell.Assessment {
				case survey.AssessRefused, survey.AssessNoAnswer:
					sym, word = symbolOf(string(cell.Assessment)), p.T(p.Lang, "party.assess."+string(cell.Assessment))
				default:
					word = answerLabel(p, cell.Answer)
				}
				ls[j] = pt.Short + "\u00a0" + sym
				ss[j] = pt.Name + ": " + word
			}
			line, said := strings.Join(ls, "  "), strings.Join(ss, "; ")
			if several > 1 {
				// With several assemblies each line says whose it is.
				line, said = m.Assembly.Key+": "+line, m.Assembly.Name+": "+said
			}
			if _, seen := marks[it.DemandKey]; !seen {
				order = append(order, it.DemandKey)
			}
			marks[it.DemandKey] = append(marks[it.DemandKey], line)
			spoken[it.DemandKey] = append(spoken[it.DemandKey], said)
		}
	}
	if len(order) == 0 {
		return nil, "", nil
	}
	out := map[string]posterAnswers{}
	h := fnv.New64a()
	for _, k := range order {
		a := posterAnswers{Marks: strings.Join(marks[k], " · "), Spoken: strings.Join(spoken[k], ". ")}
		out[k] = a
		h.Write([]byte(k + "\x00" + a.Spoken + "\x00"))
	}
	return out, strconv.FormatUint(h.Sum64(), 36), nil
}
