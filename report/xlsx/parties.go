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

// Parties is what the party sheets show: the matrices of submitted answers with the
// district's assessment (one per assembly), and the follow-up records.
type Parties struct {
	Matrices  []*survey.Matrix
	FollowUps []survey.FollowUp
	// HideMemberFigures blanks the members' picks and shares ("–") until they may be shown
	// (published results with at least the anonymity threshold of responses).
	HideMemberFigures bool
}

// PartySheets returns the sheets "Partisvar" (the matrix demands × parties with the
// majority per demand, then one row per answer with its comment; with several assemblies
// one sheet each, "Partisvar huddinge" after the assembly's key) and "Uppföljning" (the
// follow-up records). Every text a party or organiser typed is neutralized.
func PartySheets(p Parties) Extra {
	return func(f *excelize.File, st *styles) error {
		var ms []*survey.Matrix
		for _, m := range p.Matrices {
			if m != nil && len(m.Items) > 0 {
				ms = append(ms, m)
			}
		}
		if len(ms) == 0 {
			return nil
		}
		names := PartySheetNames(ms)
		for i, m := range ms {
			if err := writePartyAnswers(f, st, names[i], m, p.HideMemberFigures); err != nil {
				return err
			}
		}
		return writeFollowUps(f, st, ms, p.FollowUps)
	}
}

// PartySheetNames returns the answer sheets' names for the matrices ms: "Partisvar" for
// one, else "Partisvar " and the assembly's key, unique and within Excel's 31 characters.
func PartySheetNames(ms []*survey.Matrix) []string {
	if len(ms) == 1 {
		return []string{SheetParties}
	}
	n := newSheetNamer(SheetSummary, SheetRanking, SheetBackground, SheetPairwise, SheetParties, SheetFollowUps,
		SheetProposals, SheetResponses)
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = n.name(SheetParties + " " + m.Assembly.Key)
	}
	return out
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

func writePartyAnswers(f *excelize.File, st *styles, sheet string, m *survey.Matrix, hideMembers bool) error {
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	w := &sheetWriter{f: f, sheet: sheet}
	w.set(1, 1, "Partiernas svar på kravlistan: "+m.Assembly.Name, st.title)
	w.set(1, 2, "Majoritet: "+strconv.Itoa(m.Assembly.Majority())+" av "+strconv.Itoa(m.Assembly.Seats)+" mandat. "+
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
		w.err = f.SetColWidth(sheet, "H", "H", 60)
	}
	if w.err == nil {
		w.err = setPrint(f, sheet, pageSettings{landscape: true, titleRows: "4:4"})
	}
	return w.err
}

func writeFollowUps(f *excelize.File, st *styles, ms []*survey.Matrix, fus []survey.FollowUp) error {
	if _, err := f.NewSheet(SheetFollowUps); err != nil {
		return err
	}
	w := &sheetWriter{f: f, sheet: SheetFollowUps}
	w.widths(50, 24, 12, 16, 12, 70)
	w.set(1, 1, "Uppföljning av partiernas svar", st.title)
	for i, h := range []string{"Krav", "Parti", "Svar", "Status", "Datum", "Anteckning"} {
		w.set(i+1, 3, h, st.header)
	}
	row := 3
	for _, fu := range fus {
		for _, m := range ms {
			i, j := m.ItemIndex(fu.ItemID), m.PartyIndex(fu.PartyID)
			if i < 0 || j < 0 {
				continue
			}
			party := m.Parties[j].Name + " (" + m.Parties[j].Short + ")"
			if len(ms) > 1 {
				party += ", " + m.Assembly.Name
			}
			row++
			w.set(1, row, m.Items[i].Title, st.wrap)
			w.set(2, row, party, 0)
			w.set(3, row, cellWord(m.Cells[i][j]), 0)
			w.set(4, row, followWords[fu.Status], 0)
			w.set(5, row, fu.Day, 0)
			w.set(6, row, fu.Note, st.wrap)
		}
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
