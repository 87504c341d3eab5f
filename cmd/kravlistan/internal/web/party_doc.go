package web

import (
	"context"

	"kravlistan/survey"
)

// PartiesDoc is the "parties" part of the report document: for each assembly the demand
// list put to it, its parties' answers with the district's assessment and the majority
// behind each demand; then the follow-up records. Only submitted answers appear.
type PartiesDoc struct {
	Published  bool             `json:"published"`
	Assemblies []assemblyDoc    `json:"assemblies"`
	FollowUps  []partyDocFollow `json:"follow_ups"`
}

// assemblyDoc is one assembly of the "parties" document.
type assemblyDoc struct {
	Key      string          `json:"key"`
	Name     string          `json:"name"`
	Level    survey.Level    `json:"level"`
	Seats    int             `json:"seats"`
	Majority int             `json:"majority"`
	Parties  []partyDocParty `json:"parties"`
	Demands  []partyDocItem  `json:"demands"`
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
	Assembly string                `json:"assembly"`
	Party    string                `json:"party"`
	Demand   string                `json:"demand"`
	Status   survey.FollowUpStatus `json:"status"`
	Day      string                `json:"day"`
	Note     string                `json:"note,omitempty"`
}

// partyData is everything the party pages and outputs show about one campaign.
type partyData struct {
	Settings  survey.PartySettings
	Rows      []survey.PartyRow
	Matrices  []*survey.Matrix  // one per assembly
	List      []survey.ListItem // the whole frozen list
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
	ms, err := st.PartyMatrices(ctx, id)
	if err != nil {
		return nil, err
	}
	list, err := st.PartyList(ctx, id)
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
	return &partyData{Settings: set, Rows: rows, Matrices: ms, List: list, FollowUps: fs, MemberFigures: c.MemberFiguresPublic(n)}, nil
}

// buildPartiesDoc returns the "parties" document of campaign c, or nil when no demand
// list has been frozen yet. Callers that serve the public must check Published first.
func buildPartiesDoc(ctx context.Context, st survey.Store, c *survey.Campaign) (*PartiesDoc, error) {
	d, err := loadPartyData(ctx, st, c)
	if err != nil || d.empty() {
		return nil, err
	}
	return d.doc(), nil
}

// empty says no assembly has a demand put to it: no list is frozen.
func (d *partyData) empty() bool {
	for _, m := range d.Matrices {
		if len(m.Items) > 0 {
			return false
		}
	}
	return true
}

func (d *partyData) doc() *PartiesDoc {
	doc := &PartiesDoc{Published: d.Settings.Published, Assemblies: []assemblyDoc{}, FollowUps: []partyDocFollow{}}
	rows := map[int64]survey.PartyRow{}
	for _, p := range d.Rows {
		rows[p.ID] = p
	}
	short, assembly, title := map[int64]string{}, map[int64]string{}, map[int64]string{}
	for _, m := range d.Matrices {
		ad := assemblyDoc{Key: m.Assembly.Key, Name: m.Assembly.Name, Level: m.Assembly.Level, Seats: m.Assembly.Seats,
			Majority: m.Assembly.Majority(), Parties: []partyDocParty{}, Demands: []partyDocItem{}}
		for _, pt := range m.Parties {
			p := rows[pt.ID]
			dp := partyDocParty{Short: pt.Short, Name: pt.Name, Colour: pt.Colour, Seats: pt.Seats, Status: p.Status.State()}
			if pt.Refused {
				dp.Status = "refused"
			}
			if at := p.Status.SubmittedAt; at != nil {
				dp.SubmittedAt = at.UTC().Format("2006-01-02T15:04:05Z")
			}
			ad.Parties = append(ad.Parties, dp)
			short[pt.ID], assembly[pt.ID] = pt.Short, m.Assembly.Key
		}
		for i, it := range m.Items {
			di := partyDocItem{ListItem: it, Majority: m.Majority[i], Answers: map[string]survey.Cell{}}
			if d.MemberFigures {
				rank, picks, share := it.Rank, it.Picks, it.Share
				di.MemberRank, di.MemberPicks, di.MemberShare = &rank, &picks, &share
			}
			for j, p := range m.Parties {
				di.Answers[p.Short] = m.Cells[i][j]
			}
			ad.Demands = append(ad.Demands, di)
			title[it.ID] = it.Title
		}
		doc.Assemblies = append(doc.Assemblies, ad)
	}
	for _, f := range d.FollowUps {
		doc.FollowUps = append(doc.FollowUps, partyDocFollow{Assembly: assembly[f.PartyID], Party: short[f.PartyID],
			Demand: title[f.ItemID], Status: f.Status, Day: f.Day, Note: f.Note})
	}
	return doc
}

// partyLabel is a party's name as the organiser's lists show it: with its assembly's name
// when the campaign has several ("Socialdemokraterna, Kommunfullmäktige i Huddinge").
func (d *partyData) partyLabel(p survey.Party) string {
	if len(d.Settings.Assemblies) < 2 {
		return p.Name
	}
	a, _ := survey.AssemblyByID(d.Settings.Assemblies, p.AssemblyID)
	return p.Name + ", " + a.Name
}
