package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/google/uuid"
)

// TestCLIProposals: kravlistan proposals lists the inbox with each proposal's state, as
// JSON or as CSV with formulas neutralized.
func TestCLIProposals(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	c := survey.Demo()
	c.State = survey.StateIntake
	var doc bytes.Buffer
	survey.EncodeCampaign(&doc, c)
	if _, _, err := runCLI(t, nil, "campaign", "import", "-db", db, writeFile(t, "demo.json", doc.String())); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	camp, _ := st.Campaign(ctx, "demo")
	add := func(title, wp string) uuid.UUID {
		p := &survey.Proposal{ID: uuid.New(), Source: survey.SourceIntake, Title: title, Workplace: wp, Day: "2026-03-01", Status: survey.ProposalNew}
		if _, err := st.SubmitProposal(ctx, camp.ID, p); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	a, b := add("Heltid som norm", "sjukhuset"), add("=HYPERLINK(\"http://x\")", "")
	add("Gratis busskort", "")
	if err := st.MergeProposals(ctx, camp.Clone(), []uuid.UUID{a}, "heltid", "test", ""); err != nil {
		t.Fatal(err)
	}
	if err := st.SetProposalsAside(ctx, camp.ID, []uuid.UUID{b}, "Inte ett krav"); err != nil {
		t.Fatal(err)
	}
	st.Close()

	out, errOut, err := runCLI(t, nil, "proposals", "-db", db, "demo")
	if err != nil {
		t.Fatal(err, errOut)
	}
	var ps []survey.Proposal
	if err := json.Unmarshal([]byte(out), &ps); err != nil || len(ps) != 3 {
		t.Fatalf("%v %s", err, out)
	}
	states := map[string]string{}
	for _, p := range ps {
		states[p.Title] = string(p.Status) + " " + p.Demand + p.Reason
	}
	if states["Heltid som norm"] != "merged heltid" || states["Gratis busskort"] != "new " || !strings.HasPrefix(states[`=HYPERLINK("http://x")`], "aside Inte ett krav") {
		t.Errorf("states %q", states)
	}

	out, _, err = runCLI(t, nil, "proposals", "-db", db, "-format", "csv", "demo")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 4 || rows[0][1] != "state" {
		t.Fatalf("%v %q", err, rows)
	}
	found := false
	for _, r := range rows[1:] {
		if strings.Contains(r[3], "HYPERLINK") {
			found = true
			if strings.HasPrefix(r[3], "=") {
				t.Errorf("formula not neutralized: %q", r[3])
			}
		}
		if r[3] == "Heltid som norm" && r[1] != "merged into heltid" {
			t.Errorf("state %q", r[1])
		}
	}
	if !found {
		t.Error("the formula row is missing")
	}
	for _, args := range [][]string{{"proposals", "-db", db, "-format", "xml", "demo"}, {"proposals", "-db", db}} {
		if _, _, err := runCLI(t, nil, args...); exitCode(err) != 2 {
			t.Errorf("%v: %v", args, err)
		}
	}
	if _, _, err := runCLI(t, nil, "proposals", "-db", db, "nope"); exitCode(err) != 1 {
		t.Errorf("unknown campaign: %v", err)
	}
}
