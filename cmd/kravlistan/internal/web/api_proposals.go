package web

import (
	"mime"
	"net/http"
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
		if mt, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type")); mt != "application/json" {
			return echo.NewHTTPError(http.StatusUnsupportedMediaType)
		}
		camp, err := st.Campaign(req.Context(), c.Param("slug"))
		if err != nil {
			return err
		}
		body, err := readBody(c, maxResponseBody)
		if err != nil {
			return err
		}
		p, err := survey.DecodeProposal(body)
		if err != nil {
			if survey.IsSyntax(err) {
				return jsonError(c, http.StatusBadRequest, survey.FieldErrors(err)[0].Message("sv"))
			}
			return err
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
		status := http.StatusCreated
		if out == survey.Replayed {
			status = http.StatusOK
		}
		return c.JSON(status, map[string]string{"id": p.ID.String()})
	}
}
