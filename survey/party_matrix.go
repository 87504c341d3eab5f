package survey

import "time"

// PartyState is how far a party has come with its answers.
type PartyState string

// The party states shown to the organiser.
const (
	PartyNotOpened PartyState = "not_opened" // no one has opened the answer link
	PartyOpened    PartyState = "opened"     // the link was opened, nothing saved yet
	PartyDraft     PartyState = "draft"      // answers saved, not submitted
	PartySubmitted PartyState = "submitted"  // submitted and locked
)

// PartyStatus is a party's progress with the times of its own actions. These are the
// party's, not a member's: storing them is fine.
type PartyStatus struct {
	OpenedAt    *time.Time `json:"opened_at,omitempty"`
	SavedAt     *time.Time `json:"saved_at,omitempty"`
	SubmittedAt *time.Time `json:"submitted_at,omitempty"`
	// Version counts saves of the answers; a save must name the version it started from.
	Version int `json:"-"`
}

// State derives the state from the times.
func (s PartyStatus) State() PartyState {
	switch {
	case s.SubmittedAt != nil:
		return PartySubmitted
	case s.SavedAt != nil:
		return PartyDraft
	case s.OpenedAt != nil:
		return PartyOpened
	}
	return PartyNotOpened
}

// Cell is one party's answer to one demand as the matrix shows it.
type Cell struct {
	Answer  AnswerValue `json:"answer"`
	Comment string      `json:"comment,omitempty"`
	// Assessment is the one in force: the organiser's when set, else DefaultAssessment.
	Assessment Assessment `json:"assessment"`
	// Assessed says the organiser set the assessment by hand.
	Assessed bool `json:"-"`
}

// MajorityCount is the seats behind one demand.
type MajorityCount struct {
	Seats  int      `json:"seats"`
	Needed int      `json:"needed"`
	Has    bool     `json:"majority"`
	Agree  []string `json:"agreeing"` // short names of the agreeing parties
}

// MatrixInput is what BuildMatrix needs: the parties' submitted answers and the
// organiser's assessments, both keyed by party id, then item id.
type MatrixInput struct {
	Assembly    Assembly
	Parties     []Party
	Items       []ListItem
	Submitted   map[int64]bool
	Answers     map[int64]map[int64]Answer
	Assessments map[int64]map[int64]Assessment
}

// Matrix is demands × parties with the majority behind each demand.
type Matrix struct {
	Assembly Assembly
	Parties  []Party
	Items    []ListItem
	Cells    [][]Cell // [item][party]
	Majority []MajorityCount
}

// BuildMatrix assembles the matrix. A party that refused is shown as refused and one
// that has not submitted as no answer: drafts never show. Only answers assessed as
// agreeing count towards the majority.
func BuildMatrix(in MatrixInput) *Matrix {
	m := &Matrix{Assembly: in.Assembly, Parties: in.Parties, Items: in.Items,
		Cells: make([][]Cell, len(in.Items)), Majority: make([]MajorityCount, len(in.Items))}
	for i, it := range in.Items {
		row := make([]Cell, len(in.Parties))
		mc := MajorityCount{Needed: in.Assembly.Majority(), Agree: []string{}}
		for j, p := range in.Parties {
			var c Cell
			switch {
			case p.Refused:
				c.Assessment = AssessRefused
			case !in.Submitted[p.ID]:
				c.Assessment = AssessNoAnswer
			default:
				a := in.Answers[p.ID][it.ID]
				c.Answer, c.Comment = a.Value, a.Comment
				c.Assessment = DefaultAssessment(a.Value)
				if as := in.Assessments[p.ID][it.ID]; as != AssessNone && a.Value != AnswerNone {
					c.Assessment, c.Assessed = as, true
				}
			}
			if c.Assessment == AssessAgree {
				mc.Seats += p.Seats
				mc.Agree = append(mc.Agree, p.Short)
			}
			row[j] = c
		}
		mc.Has = in.Assembly.Seats > 0 && mc.Seats >= mc.Needed
		m.Cells[i], m.Majority[i] = row, mc
	}
	return m
}

// BuildMatrices builds one matrix per assembly of as, in order: each with the parties of
// that assembly (Party.AssemblyID) and the items put to it (ListItem.Assemblies), its
// majority counted from its own seats. in.Assembly is not used.
func BuildMatrices(as []Assembly, in MatrixInput) []*Matrix {
	out := make([]*Matrix, 0, len(as))
	for _, a := range as {
		sub := in
		sub.Assembly, sub.Parties, sub.Items = a, nil, ItemsFor(in.Items, a.Key)
		for _, p := range in.Parties {
			if p.AssemblyID == a.ID {
				sub.Parties = append(sub.Parties, p)
			}
		}
		out = append(out, BuildMatrix(sub))
	}
	return out
}

// ItemIndex returns the row of item id in m, or -1.
func (m *Matrix) ItemIndex(id int64) int {
	for i, it := range m.Items {
		if it.ID == id {
			return i
		}
	}
	return -1
}

// PartyIndex returns the column of party id in m, or -1.
func (m *Matrix) PartyIndex(id int64) int {
	for j, p := range m.Parties {
		if p.ID == id {
			return j
		}
	}
	return -1
}
