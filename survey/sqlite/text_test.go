package sqlite

import (
	"context"
	"testing"

	"kravlistan/survey"
)

// The reason for a wording change is organiser text stored beside the campaign: a control
// character in it is refused like one in the campaign itself.
func TestSaveCampaignChecksReason(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	c := mustDemo(t, st)
	cp := c.Clone()
	cp.Demands[0].Title = "Heltid som norm överallt"
	err := st.SaveCampaign(ctx, cp, "ada", "förtydligande\x00")
	if fe := survey.FieldErrors(err); len(fe) != 1 || fe[0].Field != "reason" || fe[0].Code != "control_char" {
		t.Fatalf("NUL in the reason: %v %+v", err, fe)
	}
	cp.Demands[0].Title = "Heltid\x1b[2J"
	if fe := survey.FieldErrors(st.SaveCampaign(ctx, cp, "ada", "")); len(fe) != 1 || fe[0].Code != "control_char" {
		t.Fatalf("escape in a demand title: %+v", fe)
	}
}
