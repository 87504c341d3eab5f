package web

import (
	"time"

	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// handleProposalCreate stores a proposal posted as JSON during a campaign's intake round
// (POST /api/v1/campaigns/{slug}/proposals). Like responses it answers 201 when stored and
// 200 for an identical replay, only once the proposal is durable; 409 for an id used with
// other content, 422 for invalid fields, 404 for an unknown campaign or workplace, and 403
// when the campaign is not in its intake round.
func handleProposalCreate(st survey.Store, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		camp, body, err := jsonSubmission(c, st)
		if err != nil {
			return err
		}
		p, err := survey.DecodeProposal(body)
		if err != nil {
			return syntaxError(c, err)
		}
		if err := camp.CheckIntake(); err != nil {
			return err
		}
		if err := p.Validate(camp); err != nil {
			return err
		}
		p.Day = camp.Day(now())
		out, err := st.SubmitProposal(req.Context(), camp.ID, p)
		if err != nil {
			return err
		}
		return storedStatus(c, out, p.ID)
	}
}
