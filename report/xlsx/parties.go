package xlsx

import (
	"strconv"

	"kravlistan/survey"

	"github.com/xuri/excelize/v2"
)

// The sheets of the party confrontation.
const (
	SheetParties   = "Partisvar"
	SheetFollowUps = "Uppföljning"
)

// Extra adds sheets to the workbook; Write calls each after the ranking sheets.
type Extra func(f *excelize.File, st *styles) error

// Parties is what the party sheets show: the matrix of submitted answers with the
// district's assessment, and the follow-up records.
type Parties struct {
	Matrix    *survey.Matrix
	FollowUps []survey.FollowUp
	// HideMemberFigures blanks the members' picks and shares ("–") until they may be shown
	// (published results with at least the anonymity threshold of responses).
	HideMemberFigures bool
}

// PartySheets returns the sheets "Partisvar" (the matrix demands × parties with the
// majority per demand, then one row per answer with its comment) and "Uppföljning"
// (the follow-up records). Every text a party or organiser typed is neutralized.
func PartySheets(p Parties) Extra {
	return func(f *excelize.File, st *styles) error {
		if p.Matrix == nil || len(p.Matrix.Items) == 0 {
			return nil
		}
		if err := writePartyAnswers(f, st, p.Matrix, p.HideMemberFigures); err != nil {
			return err
		}
		return writeFollowUps(f, st, p)
	}
}

var (
	answerWords = map[survey.AnswerValue]string{survey.AnswerYes: "Ja", survey.AnswerNo: "Nej", survey.AnswerPartly: "Delvis", survey.AnswerNone: "Inget svar"}
	assessWords = map[survey.Assessment]string{survey.AssessAgree: "Instämmer", survey.AssessUnclear: "Oklart",
		survey.AssessDisagree: "Instämmer inte", survey.AssessRefused: "Vägrar svara", survey.AssessNoAnswer: "Har inte svarat"}
	followWords = map[survey.FollowUpStatus]string{survey.FollowKept: "Infriat", survey.FollowPartly: "Delvis infriat",
		survey.FollowNotKept: "Ej infriat", survey.FollowUnderway: "Pågår"}
)

// cellWord is what a matrix cell says: the answer, or that the party refused or has not answered.
func cellWord(c survey.Cell) string {
	if c.Assessment == survey.AssessRefused || c.Assessment == survey.AssessNoAnswer {
		return assessWords[c.Assessment]
	}
	return answerWords[c.Answer]
}

func writePartyAnswers(f *excelize.File, st *styles, m *survey.Matrix, hideMembers bool) error {
	if _, err := f.NewSheet(SheetParties); err != nil {
		return err
	}
	w := &sheetWriter{f: f, sheet: SheetParties}
	w.set(1, 1, "Partiernas svar på kravlistan", st.title)
	w.set(1, 2, "Majoritet: "+strconv.Itoa(m.Assembly.Majority())+" av "+strconv.Itoa(m.Assembly.Seats)+" mandat ("+string(m.Assembly.Kind)+"). "+
		"Bara inskickade svar visas; mandat räknas för de partier vars svar bedöms som instämmande.", 0)
	const top = 4
	head := []string{"Nr", "Krav", "Medlemmar som valde kravet", "Andel"}
	for _, p := range m.Parties {
		head = append(head, p.Short+" ("+strconv.Itoa(p.Seats)+")")
	}
	head = append(head, "Mandat för", "Majoritet")
	for i, h := range head {
		w.set(i+1, top, h, st.header)
	}
	widths := []float64{5, 50, 14, 8}
	for range m.Parties {
		widths = append(widths, 12)
	}
	w.widths(append(widths, 11, 11)...)
	for i, it := range m.Items {
		row := top + 1 + i
		w.set(1, row, i+1, 0)
		w.set(2, row, it.Title, st.wrap)
		if hideMembers {
			w.set(3, row, "–", 0)
			w.set(4, row, "–", 0)
		} else {
			w.set(3, row, it.Picks, st.integer)
			w.set(4, row, it.Share, st.percent)
		}
		for j := range m.Parties {
			w.set(5+j, row, cellWord(m.Cells[i][j]), 0)
		}
		maj := m.Majority[i]
		w.set(5+len(m.Parties), row, maj.Seats, st.integer)
		w.set(6+len(m.Parties), row, yesNo(maj.Has), 0)
	}
	w.freeze(top)

	// One row per party and demand, with the comment: the table to filter and quote from.
	start := top + len(m.Items) + 3
	w.set(1, start-1, "Svar och kommentarer", st.label)
	for i, h := range []string{"Nr", "Krav", "Parti", "Mandat", "Svar", "Bedömning", "Bedömd för hand", "Kommentar"} {
		w.set(i+1, start, h, st.header)
	}
	row := start
	for i, it := range m.Items {
		for j, p := range m.Parties {
			c := m.Cells[i][j]
			row++
			w.set(1, row, i+1, 0)
			w.set(2, row, it.Title, st.wrap)
			w.set(3, row, p.Name+" ("+p.Short+")", 0)
			w.set(4, row, p.Seats, st.integer)
			w.set(5, row, cellWord(c), 0)
			w.set(6, row, assessWords[c.Assessment], 0)
			w.set(7, row, yesNo(c.Assessed), 0)
			w.set(8, row, c.Comment, st.wrap)
		}
	}
	if w.err == nil {
		w.err = f.SetColWidth(SheetParties, "H", "H", 60)
	}
	if w.err == nil {
		w.err = setPrint(f, SheetParties, pageSettings{landscape: true, titleRows: "4:4"})
	}
	return w.err
}

func writeFollowUps(f *excelize.File, st *styles, p Parties) error {
	if _, err := f.NewSheet(SheetFollowUps); err != nil {
		return err
	}
	m := p.Matrix
	w := &sheetWriter{f: f, sheet: SheetFollowUps}
	w.widths(50, 24, 12, 16, 12, 70)
	w.set(1, 1, "Uppföljning av partiernas svar", st.title)
	for i, h := range []string{"Krav", "Parti", "Svar", "Status", "Datum", "Anteckning"} {
		w.set(i+1, 3, h, st.header)
	}
	items, parties := map[int64]int{}, map[int64]int{}
	for i, it := range m.Items {
		items[it.ID] = i
	}
	for j, pt := range m.Parties {
		parties[pt.ID] = j
	}
	row := 3
	for _, fu := range p.FollowUps {
		i, ok1 := items[fu.ItemID]
		j, ok2 := parties[fu.PartyID]
		if !ok1 || !ok2 {
			continue
		}
		row++
		w.set(1, row, m.Items[i].Title, st.wrap)
		w.set(2, row, m.Parties[j].Name+" ("+m.Parties[j].Short+")", 0)
		w.set(3, row, cellWord(m.Cells[i][j]), 0)
		w.set(4, row, followWords[fu.Status], 0)
		w.set(5, row, fu.Day, 0)
		w.set(6, row, fu.Note, st.wrap)
	}
	w.freeze(3)
	w.filter(3, 6, row)
	if w.err == nil {
		w.err = setPrint(f, SheetFollowUps, pageSettings{landscape: true, titleRows: "3:3"})
	}
	return w.err
}

func yesNo(b bool) string {
	if b {
		return "Ja"
	}
	return "Nej"
}
