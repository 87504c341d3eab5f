package web

import (
	"net/http"

	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// publicCampaign is what a client needs to show the questionnaire: no counts, no ids.
type publicCampaign struct {
	Slug           string            `json:"slug"`
	Title          string            `json:"title"`
	Intro          string            `json:"intro"`
	IntakeIntro    string            `json:"intake_intro,omitempty"`
	State          survey.State      `json:"state"`
	OpensAt        any               `json:"opens_at,omitempty"`
	ClosesAt       any               `json:"closes_at,omitempty"`
	MaxPicks       int               `json:"max_picks"`
	MinPicks       int               `json:"min_picks"`
	AllowProposals bool              `json:"allow_proposals"`
	Ballot         survey.BallotKind `json:"ballot"`
	Scale          *survey.Scale     `json:"scale,omitempty"`
	// Access tells a client whether answers need a one-time code ("code" in the body).
	Access     survey.Access      `json:"access"`
	Demands    []survey.Demand    `json:"demands"`
	Questions  []survey.Question  `json:"questions"`
	Workplaces []survey.Workplace `json:"workplaces"`
}

// handleCampaignGet serves a campaign's public definition. Drafts are not public.
func handleCampaignGet(st survey.Store) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := st.Campaign(c.Request().Context(), c.Param("slug"))
		if err != nil {
			return err
		}
		if camp.State == survey.StateDraft {
			return survey.Errorf(survey.ENOTFOUND, "det finns ingen kampanj %q", camp.Slug)
		}
		pc := publicCampaign{Slug: camp.Slug, Title: camp.Title, Intro: camp.Intro, IntakeIntro: camp.IntakeIntro, State: camp.State,
			MaxPicks: camp.MaxPicks, MinPicks: camp.MinPicks, AllowProposals: camp.AllowProposals, Ballot: camp.Ballot, Scale: camp.Scale, Access: camp.Access,
			Demands: camp.Demands, Questions: camp.Questions, Workplaces: camp.Workplaces}
		if camp.OpensAt != nil {
			pc.OpensAt = camp.OpensAt
		}
		if camp.ClosesAt != nil {
			pc.ClosesAt = camp.ClosesAt
		}
		c.Response().Header().Set("Cache-Control", "no-cache")
		return c.JSON(http.StatusOK, pc)
	}
}
