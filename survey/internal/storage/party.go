package storage

import (
	"fmt"
	"strings"
	"time"

	"kravlistan/survey"
)

// PartyErr builds a domain error carrying a message key of survey's messages.
func PartyErr(code, key string, args ...any) error {
	return &survey.Error{Code: code, Message: survey.Message("sv", key, args...), Key: key, Args: args}
}

// DefaultSettings are a campaign's party settings before the organiser changes anything:
// one assembly, the Riksdag, which matches the seats of survey.DefaultParties (ID 0 until
// it is stored).
func DefaultSettings() survey.PartySettings {
	return survey.PartySettings{Assemblies: []survey.Assembly{survey.DefaultAssembly()}}
}

// PartyCols are the columns of parties ScanParty reads.
const PartyCols = `id, assembly_id, short, name, colour, seats, refused, opened_at, saved_at, submitted_at, version`

// PartyOrder orders a campaign's parties (table alias p) by their assembly, then their place.
const PartyOrder = `(SELECT a.position FROM assemblies a WHERE a.id = p.assembly_id), p.assembly_id, p.position, p.id`

// ScanParty scans PartyCols.
func ScanParty(sc Scanner) (survey.PartyRow, error) {
	var p survey.PartyRow
	var opened, saved, submitted *string
	err := sc.Scan(&p.ID, &p.AssemblyID, &p.Short, &p.Name, &p.Colour, &p.Seats, &p.Refused, &opened, &saved, &submitted, &p.Status.Version)
	p.Status.OpenedAt, p.Status.SavedAt, p.Status.SubmittedAt = ParseTime(opened), ParseTime(saved), ParseTime(submitted)
	return p, err
}

// PartyAssembly finds, for SaveParty, the assembly of p among as: that of the stored party
// with p's ID, else p.AssemblyID, else the campaign's first. It sets p.AssemblyID.
func PartyAssembly(as []survey.Assembly, stored []survey.PartyRow, p *survey.Party) (survey.Assembly, error) {
	for _, r := range stored {
		if p.ID != 0 && r.ID == p.ID {
			p.AssemblyID = r.AssemblyID
		}
	}
	if p.AssemblyID == 0 && len(as) > 0 {
		p.AssemblyID = as[0].ID
	}
	a, ok := survey.AssemblyByID(as, p.AssemblyID)
	if !ok {
		return a, PartyErr(survey.ENOTFOUND, "assembly_not_found")
	}
	return a, nil
}

// CheckParty checks, before SaveParty writes, that p is one of the stored parties (or new:
// ID 0) and that the parties of its assembly a with p saved fit a.
func CheckParty(stored []survey.PartyRow, p *survey.Party, a survey.Assembly) error {
	all, found := make([]survey.Party, 0, len(stored)+1), false
	for _, r := range stored {
		if r.AssemblyID != a.ID {
			continue
		}
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
// the assembly's (stored: the parties of assembly assemblyID) and have saved no answers,
// that every stored party is either kept or removed, and that every kept party is stored.
func CheckPartySet(all []survey.PartyRow, assemblyID int64, parties []survey.Party, remove []int64) error {
	known := map[int64]survey.PartyRow{}
	var stored []survey.PartyRow
	for _, r := range all {
		if r.AssemblyID == assemblyID {
			known[r.ID] = r
			stored = append(stored, r)
		}
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

// ListCols are the columns of party_items ScanListItem reads.
const ListCols = `id, demand_key, title, body, member_rank, picks, share, assemblies`

// ScanListItem scans ListCols.
func ScanListItem(sc Scanner) (survey.ListItem, error) {
	var it survey.ListItem
	var as string
	err := sc.Scan(&it.ID, &it.DemandKey, &it.Title, &it.Body, &it.Rank, &it.Picks, &it.Share, &as)
	if as != "" {
		it.Assemblies = strings.Split(as, ",")
	}
	return it, err
}

// ItemAssemblies is the assemblies column of a new item of c's list: the item's own keys,
// or those of its demand in c (captured at freeze time, like its wording). It sets them on it.
func ItemAssemblies(c *survey.Campaign, it *survey.ListItem) string {
	if len(it.Assemblies) == 0 {
		if d, ok := c.Demand(it.DemandKey); ok {
			it.Assemblies = append([]string(nil), d.Assemblies...)
		}
	}
	return strings.Join(it.Assemblies, ",")
}

// CheckRewording refuses, for SaveList, a new wording (or new assemblies) of a kept item
// that a party has answered (answered holds their ids): a party answered the wording it saw.
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
			if n.ID == it.ID && strings.Join(n.Assemblies, ",") != strings.Join(it.Assemblies, ",") {
				// Nor the assemblies it is put to: a party's answer would vanish or appear.
				reworded = append(reworded, survey.FieldError{Field: fmt.Sprintf("items[%d].assemblies", i), Code: "item_answered_asm"})
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

// NewMatrixInput starts the input of survey.BuildMatrices from a campaign's parties and
// list; AddMatrixAnswer adds the submitted answers.
func NewMatrixInput(rows []survey.PartyRow, items []survey.ListItem) *survey.MatrixInput {
	in := &survey.MatrixInput{Items: items, Submitted: map[int64]bool{},
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

// FileParties are the parties of one assembly of a campaign file as SaveAssemblyParties
// takes them: matched with the stored parties of that assembly (stored) by short name
// regardless of case, a party that keeps its key keeps its id, refusal, answers and links;
// the stored ones left out are to be removed. Leaving out one with saved answers is refused,
// naming the assembly's place k in the file.
func FileParties(k int, fps []survey.FileParty, stored []survey.PartyRow) ([]survey.Party, []int64, error) {
	byShort := map[string]survey.PartyRow{}
	for _, r := range stored {
		byShort[strings.ToLower(r.Short)] = r
	}
	used := map[int64]bool{}
	ps := make([]survey.Party, 0, len(fps))
	for _, fp := range fps {
		p := fp.Party()
		if r, ok := byShort[strings.ToLower(fp.Key)]; ok {
			p.ID, p.AssemblyID, p.Refused, used[r.ID] = r.ID, r.AssemblyID, r.Refused, true
		}
		ps = append(ps, p)
	}
	var remove []int64
	for _, r := range stored {
		if used[r.ID] {
			continue
		}
		if r.Status.SavedAt != nil {
			return nil, nil, &survey.Error{Code: survey.ECONFLICT, Message: survey.Message("sv", "party_has_answers"), Key: "party_has_answers",
				Fields: []survey.FieldError{{Field: fmt.Sprintf("assemblies[%d].parties", k), Code: "party_has_answers"}}}
		}
		remove = append(remove, r.ID)
	}
	return ps, remove, nil
}

// AssemblyHasAnswers is the error for removing an assembly whose parties have saved answers
// (field names the field of a form or file, "" for none).
func AssemblyHasAnswers(field string) error {
	e := &survey.Error{Code: survey.ECONFLICT, Message: survey.Message("sv", "assembly_has_answers"), Key: "assembly_has_answers"}
	if field != "" {
		e.Fields = []survey.FieldError{{Field: field, Code: "assembly_has_answers"}}
	}
	return e
}

// DuplicateAssemblyKey is the error for a new assembly whose key another one of the
// campaign has.
func DuplicateAssemblyKey(key string) error {
	return &survey.Error{Code: survey.EINVALID, Message: survey.Message("sv", "duplicate_key", key), Key: "duplicate_key",
		Args: []any{key}, Fields: []survey.FieldError{{Field: "assembly.key", Code: "duplicate_key", Args: []any{key}}}}
}

// CheckItemsFor refuses a link to a party whose assembly (key) has no demand on the list:
// it would open an empty form that the party could submit and be locked out by.
func CheckItemsFor(list []survey.ListItem, key string) error {
	if len(survey.ItemsFor(list, key)) == 0 {
		return PartyErr(survey.ECONFLICT, "list_not_frozen")
	}
	return nil
}
