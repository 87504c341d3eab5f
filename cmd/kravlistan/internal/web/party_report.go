package web

import (
	"context"

	"kravlistan/report"
	"kravlistan/report/xlsx"
	"kravlistan/survey"
)

// reportDoc is the report document with the party confrontation attached as "parties"
// (left out while no demand list has been frozen).
type reportDoc struct {
	*report.Results
	Parties *PartiesDoc `json:"parties,omitempty"`
}

// WithParties attaches the "parties" document of campaign c to res.
func WithParties(ctx context.Context, st survey.Store, c *survey.Campaign, res *report.Results) (*reportDoc, error) {
	pd, err := buildPartiesDoc(ctx, st, c)
	if err != nil {
		return nil, err
	}
	return &reportDoc{Results: res, Parties: pd}, nil
}

// PartySheets returns the workbook sheets "Partisvar" (one per assembly) and "Uppföljning" of campaign c
// (none while no demand list has been frozen).
func PartySheets(ctx context.Context, st survey.Store, c *survey.Campaign) ([]xlsx.Extra, error) {
	d, err := loadPartyData(ctx, st, c)
	if err != nil || d.empty() {
		return nil, err
	}
	return []xlsx.Extra{xlsx.PartySheets(xlsx.Parties{Matrices: d.Matrices, FollowUps: d.FollowUps, HideMemberFigures: !d.MemberFigures})}, nil
}
