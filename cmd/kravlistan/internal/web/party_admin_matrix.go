package web

import (
	"net/http"
	"regexp"
	"strconv"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// partyAdminMatrixView is the data of static/tmpl/party_admin_matrix.html: the matrix as
// the public will see it, and the district's assessment of every submitted answer.
type partyAdminMatrixView struct {
	adminPage
	M         partyMatrixView
	Base      string
	Published bool
	// Sections are the assemblies: each its matrix and its assessment forms.
	Sections []adminMatrixSection
}

type adminMatrixSection struct {
	M      assemblyMatrix
	Assess []assessRow
}

type assessRow struct {
	HID   string // the assembly's part of the form's id
	N     int
	ID    int64
	Title string
	Cells []assessCell
}

type assessCell struct {
	PartyID  int64
	Party    string
	Answer   string
	Comment  string
	Current  survey.Assessment // "" = follows the answer
	Default  string
	Answered bool
}

// hidRE is the form of an assembly's part of an HTML id (assemblyMatrix.HID).
var hidRE = regexp.MustCompile(`^a[0-9]{1,3}$`)

func handlePartyMatrixAdmin(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		d, err := loadPartyData(c.Request().Context(), st, camp)
		if err != nil {
			return err
		}
		ap := newCampaignPage(v, c, camp, "parties")
		mv := newMatrixView(ap.Page, camp, d)
		mv.Filter = false
		pv := partyAdminMatrixView{adminPage: ap, M: mv, Base: partyBase(camp.Slug), Published: d.Settings.Published}
		k := 0
		for _, m := range d.Matrices {
			if len(m.Items) == 0 {
				continue
			}
			sec := adminMatrixSection{M: mv.Assemblies[k]}
			k++
			for i, it := range m.Items {
				row := assessRow{N: i + 1, ID: it.ID, Title: it.Title, HID: sec.M.HID}
				for j, p := range m.Parties {
					cell := m.Cells[i][j]
					ac := assessCell{PartyID: p.ID, Party: p.Short, Answer: answerLabel(ap.Page, cell.Answer), Comment: cell.Comment,
						Answered: cell.Answer != survey.AnswerNone,
						Default:  v.T(ap.Lang, "party.assess."+string(survey.DefaultAssessment(cell.Answer)))}
					if cell.Assessed {
						ac.Current = cell.Assessment
					}
					row.Cells = append(row.Cells, ac)
				}
				sec.Assess = append(sec.Assess, row)
			}
			pv.Sections = append(pv.Sections, sec)
		}
		return adminRender(v, c, http.StatusOK, "party_admin_matrix", pv)
	}
}

// handlePartyAssess stores the assessments of one demand: a field "as-PARTYID" per party.
func handlePartyAssess(st survey.Store) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		item, err := strconv.ParseInt(c.FormValue("item"), 10, 64)
		if err != nil {
			return echo.NewHTTPError(http.StatusBadRequest)
		}
		rows, err := st.Parties(ctx, camp.ID)
		if err != nil {
			return err
		}
		form, err := c.FormParams()
		if err != nil {
			return echo.NewHTTPError(http.StatusBadRequest)
		}
		for _, p := range rows {
			key := "as-" + strconv.FormatInt(p.ID, 10)
			if _, sent := form[key]; !sent {
				continue
			}
			a, ok := survey.ParseAssessment(form.Get(key))
			if !ok {
				return echo.NewHTTPError(http.StatusBadRequest)
			}
			if err := st.SetAssessment(ctx, camp.ID, p.ID, item, a); err != nil && survey.ErrorCode(err) != survey.ENOTFOUND {
				return err
			}
		}
		anchor := "#d-" + strconv.FormatInt(item, 10)
		if h := c.FormValue("hid"); hidRE.MatchString(h) {
			anchor = "#d-" + h + "-" + strconv.FormatInt(item, 10)
		}
		return adminDone(c, partyBase(camp.Slug)+"/matrix"+anchor, "party_saved")
	}
}
