package web

import (
	"context"

	"kravlistan/survey"
)

// PartiesDoc is the "parties" part of the report document: the demand list put to the
// parties, their answers with the district's assessment, the majority behind each demand
// and the follow-up records. Only submitted answers appear.
type PartiesDoc struct {
	Published bool             `json:"published"`
	Assembly  survey.Assembly  `json:"assembly"`
	Majority  int              `json:"majority"`
	Parties   []partyDocParty  `json:"parties"`
	Demands   []partyDocItem   `json:"demands"`
	FollowUps []partyDocFollow `json:"follow_ups"`
}

type partyDocParty struct {
	Short       string            `json:"short"`
	Name        string            `json:"name"`
	Colour      string            `json:"colour"`
	Seats       int               `json:"seats"`
	Status      survey.PartyState `json:"status"`
	SubmittedAt string            `json:"submitted_at,omitempty"`
}

type partyDocItem struct {
	survey.ListItem
	// The member figures of ListItem, null until they may be shown (partyData.MemberFigures).
	MemberRank  *int                   `json:"member_rank"`
	MemberPicks *int                   `json:"member_picks"`
	MemberShare *float64               `json:"member_share"`
	Majority    survey.MajorityCount   `json:"majority"`
	Answers     map[string]survey.Cell `json:"answers"` // by party short name
}

type partyDocFollow struct {
	Party  string                `json:"party"`
	Demand string                `json:"demand"`
	Status survey.FollowUpStatus `json:"status"`
	Day    string                `json:"day"`
	Note   string                `json:"note,omitempty"`
}

// partyData is everything the party pages and outputs show about one campaign.
type partyData struct {
	Settings  survey.PartySettings
	Rows      []survey.PartyRow
	Matrix    *survey.Matrix
	FollowUps []survey.FollowUp
	// MemberFigures says whether the list's member figures (place, picks, share) may be
	// shown; otherwise they read "–" (null in JSON, blank in Excel).
	MemberFigures bool
}

// loadPartyData reads the matrix, the parties' progress and the follow-ups of campaign c,
// and whether its member figures may be shown beside them (survey.MemberFiguresPublic: only
// once the results are published, with at least the anonymity threshold of responses).
func loadPartyData(ctx context.Context, st survey.Store, c *survey.Campaign) (*partyData, error) {
	id := c.ID
	set, err := st.PartySettings(ctx, id)
	if err != nil {
		return nil, err
	}
	rows, err := st.Parties(ctx, id)
	if err != nil {
		return nil, err
	}
	m, err := st.PartyMatrix(ctx, id)
	if err != nil {
		return nil, err
	}
	fs, err := st.FollowUps(ctx, id)
	if err != nil {
		return nil, err
	}
	n, err := st.ResponseCount(ctx, id) // published means closed: every response counts
	if err != nil {
		return nil, err
	}
	return &partyData{Settings: set, Rows: rows, Matrix: m, FollowUps: fs, MemberFigures: c.MemberFiguresPublic(n)}, nil
}

// buildPartiesDoc returns the "parties" document of campaign c, or nil when no demand
// list has been frozen yet. Callers that serve the public must check Published first.
func buildPartiesDoc(ctx context.Context, st survey.Store, c *survey.Campaign) (*PartiesDoc, error) {
	d, err := loadPartyData(ctx, st, c)
	if err != nil || len(d.Matrix.Items) == 0 {
		return nil, err
	}
	return d.doc(), nil
}

func (d *partyData) doc() *PartiesDoc {
	m := d.Matrix
	doc := &PartiesDoc{Published: d.Settings.Published, Assembly: m.Assembly, Majority: m.Assembly.Majority(),
		Parties: []partyDocParty{}, Demands: []partyDocItem{}, FollowUps: []partyDocFollow{}}
	short := map[int64]string{}
	for _, p := range d.Rows {
		dp := partyDocParty{Short: p.Short, Name: p.Name, Colour: p.Colour, Seats: p.Seats, Status: p.Status.State()}
		if p.Refused {
			dp.Status = "refused"
		}
		if at := p.Status.SubmittedAt; at != nil {
			dp.SubmittedAt = at.UTC().Format("2006-01-02T15:04:05Z")
		}
		doc.Parties = append(doc.Parties, dp)
		short[p.ID] = p.Short
	}
	title := map[int64]string{}
	for i, it := range m.Items {
		di := partyDocItem{ListItem: it, Majority: m.Majority[i], Answers: map[string]survey.Cell{}}
		if d.MemberFigures {
			rank, picks, share := it.Rank, it.Picks, it.Share
			di.MemberRank, di.MemberPicks, di.MemberShare = &rank, &picks, &share
		}
		for j, p := range m.Parties {
			di.Answers[p.Short] = m.Cells[i][j]
		}
		doc.Demands = append(doc.Demands, di)
		title[it.ID] = it.Title
	}
	for _, f := range d.FollowUps {
		doc.FollowUps = append(doc.FollowUps, partyDocFollow{Party: short[f.PartyID], Demand: title[f.ItemID],
			Status: f.Status, Day: f.Day, Note: f.Note})
	}
	return doc
}
