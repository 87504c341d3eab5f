package main

import (
	"context"

	"kravlistan/report"
	"kravlistan/report/xlsx"
	"kravlistan/survey"
	"kravlistan/survey/sqlite"
)

// reportDoc is the report document with the party confrontation attached as "parties"
// (left out while no demand list has been frozen).
type reportDoc struct {
	*report.Results
	Parties *partiesDoc `json:"parties,omitempty"`
}

// withParties attaches the "parties" document of campaign c to res.
func withParties(ctx context.Context, st *sqlite.Store, c *survey.Campaign, res *report.Results) (*reportDoc, error) {
	pd, err := buildPartiesDoc(ctx, st, c)
	if err != nil {
		return nil, err
	}
	return &reportDoc{Results: res, Parties: pd}, nil
}

// partySheets returns the workbook sheets "Partisvar" and "Uppföljning" of campaign c
// (none while no demand list has been frozen).
func partySheets(ctx context.Context, st *sqlite.Store, c *survey.Campaign) ([]xlsx.Extra, error) {
	d, err := loadPartyData(ctx, st, c.ID)
	if err != nil || len(d.Matrix.Items) == 0 {
		return nil, err
	}
	return []xlsx.Extra{xlsx.PartySheets(xlsx.Parties{Matrix: d.Matrix, FollowUps: d.FollowUps})}, nil
}
