package web

import (
	"context"

	"kravlistan/report"
	"kravlistan/report/xlsx"
	"kravlistan/survey"
)

// IntakeReport adds what the intake round contributes to a campaign's report: every
// demand's provenance in res (the JSON document) and the workbook sheets "Områden" and
// "Förslag och ursprung" (issue 14). The command line's report uses it too.
func IntakeReport(ctx context.Context, st survey.Store, c *survey.Campaign, res *report.Results) ([]xlsx.Extra, error) {
	ps, err := st.Proposals(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	report.AddProvenance(res, ps)
	return []xlsx.Extra{xlsx.AreaSheet(res), xlsx.OriginSheet(c, ps)}, nil
}
