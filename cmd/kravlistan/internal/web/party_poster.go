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
	m, err := st.PartyMatrix(ctx, c.ID)
	if err != nil || len(m.Items) == 0 {
		return nil, "", err
	}
	out := map[string]posterAnswers{}
	h := fnv.New64a()
	for i, it := range m.Items {
		marks, spoken := make([]string, len(m.Parties)), make([]string, len(m.Parties))
		for j, pt := range m.Parties {
			cell := m.Cells[i][j]
			sym, word := symbolOf(string(cell.Answer)), ""
			switch cell.Assessment {
			case survey.AssessRefused, survey.AssessNoAnswer:
				sym, word = symbolOf(string(cell.Assessment)), p.T(p.Lang, "party.assess."+string(cell.Assessment))
			default:
				word = answerLabel(p, cell.Answer)
			}
			marks[j] = pt.Short + "\u00a0" + sym
			spoken[j] = pt.Name + ": " + word
		}
		a := posterAnswers{Marks: strings.Join(marks, "  "), Spoken: strings.Join(spoken, "; ")}
		out[it.DemandKey] = a
		h.Write([]byte(it.DemandKey + "\x00" + a.Spoken + "\x00"))
	}
	return out, strconv.FormatUint(h.Sum64(), 36), nil
}
