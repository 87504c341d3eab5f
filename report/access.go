package report

import (
	"context"
	"fmt"

	"kravlistan/survey"
)

// Access says who could answer, in plain words, so that nobody reads an open link's
// answers as one per member: "Varje medlem fick en engångskod" or "Alla med länken kunde
// svara". With codes it gives how many were issued and used (the response rate).
type Access struct {
	Mode survey.Access `json:"mode"`
	// Text is the plain Swedish sentence the outputs print.
	Text string `json:"text"`
	// CodesIssued and CodesUsed are set in codes mode (voided unused codes not counted).
	CodesIssued *int `json:"codes_issued,omitempty"`
	CodesUsed   *int `json:"codes_used,omitempty"`
}

// codeCounter is what a response source offers when it keeps one-time codes.
type codeCounter interface {
	CodeCounts(ctx context.Context, campaignID int64) (survey.CodeCounts, []survey.CodeCounts, error)
}

// RatePercent is the share of issued codes that were used, rounded to whole percent; -1
// without codes.
func (a *Access) RatePercent() int {
	if a.CodesIssued == nil || *a.CodesIssued == 0 {
		return -1
	}
	return (*a.CodesUsed*100 + *a.CodesIssued/2) / *a.CodesIssued
}

// accessOf describes campaign c's access mode, with the code counts from src when it
// keeps codes.
func accessOf(ctx context.Context, src survey.ResponseReader, c *survey.Campaign) (*Access, error) {
	if !c.NeedsCode() {
		return &Access{Mode: survey.AccessOpen, Text: "Alla med länken kunde svara, så samma person kan ha svarat mer än en gång."}, nil
	}
	a := &Access{Mode: survey.AccessCodes, Text: "Varje medlem fick en engångskod, så varje svar kommer från en egen kod."}
	cc, ok := src.(codeCounter)
	if !ok {
		return a, nil
	}
	total, _, err := cc.CodeCounts(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	a.CodesIssued, a.CodesUsed = &total.Issued, &total.Used
	if p := a.RatePercent(); p >= 0 {
		a.Text += fmt.Sprintf(" %d av %d utdelade koder användes (svarsandel %d %%).", total.Used, total.Issued, p)
	}
	return a, nil
}
