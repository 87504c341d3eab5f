package storage

import (
	"fmt"
	"time"

	"kravlistan/survey"
)

// PartyErr builds a domain error carrying a message key of survey's messages.
func PartyErr(code, key string, args ...any) error {
	return &survey.Error{Code: code, Message: survey.Message("sv", key, args...), Key: key, Args: args}
}

// DefaultSettings are a campaign's party settings before the organiser changes anything:
// the Riksdag, which matches the seats of survey.DefaultParties.
var DefaultSettings = survey.PartySettings{Assembly: survey.Assembly{Kind: survey.AssemblyRiksdag, Seats: survey.RiksdagSeats}}

// PartyCols are the columns of parties ScanParty reads.
const PartyCols = `id, short, name, colour, seats, refused, opened_at, saved_at, submitted_at, version`

// ScanParty scans PartyCols.
func ScanParty(sc Scanner) (survey.PartyRow, error) {
	var p survey.PartyRow
	var opened, saved, submitted *string
	err := sc.Scan(&p.ID, &p.Short, &p.Name, &p.Colour, &p.Seats, &p.Refused, &opened, &saved, &submitted, &p.Status.Version)
	p.Status.OpenedAt, p.Status.SavedAt, p.Status.SubmittedAt = ParseTime(opened), ParseTime(saved), ParseTime(submitted)
	return p, err
}

// CheckAssembly checks that the stored parties fit the assembly a.
func CheckAssembly(stored []survey.PartyRow, a survey.Assembly) error {
	all := make([]survey.Party, len(stored))
	for i, p := range stored {
		all[i] = p.Party
	}
	return survey.ValidateParties(all, a)
}

// CheckParty checks, before SaveParty writes, that p is one of the stored parties (or new:
// ID 0) and that the set with p saved fits the assembly a.
func CheckParty(stored []survey.PartyRow, p *survey.Party, a survey.Assembly) error {
	all, found := make([]survey.Party, 0, len(stored)+1), false
	for _, r := range stored {
		if r.ID == p.ID {
			all, found = append(all, *p), true
		} else {
			all = append(all, r.Party)
		}
	}
	if p.ID != 0 && !found {
		return PartyErr(survey.ENOTFOUND, "party_not_found")
	}
	if !found {
		all = append(all, *p)
	}
	return survey.ValidateParties(all, a)
}

// CheckPartySet checks, before SaveParties writes anything, that the parties to remove are
// the campaign's (stored) and have saved no answers, that every stored party is either kept
// or removed, and that every kept party is stored.
func CheckPartySet(stored []survey.PartyRow, parties []survey.Party, remove []int64) error {
	known := map[int64]survey.PartyRow{}
	for _, r := range stored {
		known[r.ID] = r
	}
	gone := map[int64]bool{}
	for _, id := range remove {
		r, ok := known[id]
		if !ok {
			return PartyErr(survey.ENOTFOUND, "party_not_found")
		}
		if r.Status.SavedAt != nil {
			return PartyErr(survey.ECONFLICT, "party_has_answers")
		}
		gone[id] = true
	}
	listed := map[int64]bool{}
	for _, p := range parties {
		listed[p.ID] = true
	}
	for _, r := range stored {
		if !gone[r.ID] && !listed[r.ID] {
			return fmt.Errorf("save parties: party %d neither kept nor removed", r.ID)
		}
	}
	for _, p := range parties {
		if _, ok := known[p.ID]; p.ID != 0 && !ok {
			return PartyErr(survey.ENOTFOUND, "party_not_found")
		}
	}
	return nil
}

// ScanListItem scans id, demand_key, title, body, member_rank, picks, share.
func ScanListItem(sc Scanner) (survey.ListItem, error) {
	var it survey.ListItem
	err := sc.Scan(&it.ID, &it.DemandKey, &it.Title, &it.Body, &it.Rank, &it.Picks, &it.Share)
	return it, err
}

// CheckRewording refuses, for SaveList, a new wording of a kept item that a party has
// answered (answered holds their ids): a party answered the wording it saw.
func CheckRewording(old, items []survey.ListItem, answered map[int64]bool) error {
	keep := map[int64]bool{}
	for _, it := range items {
		keep[it.ID] = true
	}
	var reworded []survey.FieldError
	for _, it := range old {
		if !answered[it.ID] || !keep[it.ID] {
			continue
		}
		for i, n := range items {
			if n.ID == it.ID && (n.Title != it.Title || n.Body != it.Body) {
				reworded = append(reworded, survey.FieldError{Field: fmt.Sprintf("items[%d].title", i), Code: "item_answered"})
			}
		}
	}
	if len(reworded) > 0 {
		return &survey.Error{Code: survey.ECONFLICT, Message: survey.Message("sv", "item_answered"), Key: "item_answered", Fields: reworded}
	}
	return nil
}

// UnknownItem is SaveList's error for items[i], which names no item of the list.
func UnknownItem(i int) error {
	return &survey.Error{Code: survey.EINVALID, Message: "okänt krav på listan",
		Fields: []survey.FieldError{{Field: fmt.Sprintf("items[%d]", i), Code: "unknown_item"}}}
}

// CheckAssessment refuses an assessment that is not one of survey's.
func CheckAssessment(a survey.Assessment) error {
	if _, ok := survey.ParseAssessment(string(a)); !ok {
		return &survey.Error{Code: survey.EINVALID, Message: survey.Message("sv", "bad_assessment"),
			Fields: []survey.FieldError{{Field: "assessment", Code: "bad_assessment"}}}
	}
	return nil
}

// CheckDeadline refuses a party answer deadline that is not a day (YYYY-MM-DD).
func CheckDeadline(day string) error {
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return &survey.Error{Code: survey.EINVALID, Message: survey.Message("sv", "bad_day"),
			Fields: []survey.FieldError{{Field: "deadline", Code: "bad_day"}}}
	}
	return nil
}

// NewMatrixInput starts the input of survey.BuildMatrix from a campaign's settings,
// parties and list; AddMatrixAnswer adds the submitted answers.
func NewMatrixInput(set survey.PartySettings, rows []survey.PartyRow, items []survey.ListItem) *survey.MatrixInput {
	in := &survey.MatrixInput{Assembly: set.Assembly, Items: items, Submitted: map[int64]bool{},
		Answers: map[int64]map[int64]survey.Answer{}, Assessments: map[int64]map[int64]survey.Assessment{}}
	for _, p := range rows {
		in.Parties = append(in.Parties, p.Party)
		if p.Status.SubmittedAt != nil {
			in.Submitted[p.ID] = true
		}
		in.Answers[p.ID] = map[int64]survey.Answer{}
		in.Assessments[p.ID] = map[int64]survey.Assessment{}
	}
	return in
}

// AddMatrixAnswer scans party_id, item_id, answer, comment, assessment of a submitted
// answer into in.
func AddMatrixAnswer(in *survey.MatrixInput, sc Scanner) error {
	var pid int64
	var a survey.Answer
	var v, as string
	if err := sc.Scan(&pid, &a.ItemID, &v, &a.Comment, &as); err != nil {
		return err
	}
	a.Value = survey.AnswerValue(v)
	in.Answers[pid][a.ItemID] = a
	in.Assessments[pid][a.ItemID] = survey.Assessment(as)
	return nil
}

// ScanAnswer scans item_id, answer, comment.
func ScanAnswer(sc Scanner) (survey.Answer, error) {
	var a survey.Answer
	var v string
	err := sc.Scan(&a.ItemID, &v, &a.Comment)
	a.Value = survey.AnswerValue(v)
	return a, err
}

// ScanFollowUp scans id, party_id, item_id, status, day, note.
func ScanFollowUp(sc Scanner) (survey.FollowUp, error) {
	var f survey.FollowUp
	var st string
	err := sc.Scan(&f.ID, &f.PartyID, &f.ItemID, &st, &f.Day, &f.Note)
	f.Status = survey.FollowUpStatus(st)
	return f, err
}
