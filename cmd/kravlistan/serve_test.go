package main

import (
	"context"
	"kravlistan/report"
	"kravlistan/survey/sqlite"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

func TestServeConfigErrors(t *testing.T) {
	for _, args := range [][]string{{"serve", "-log-format", "xml"}, {"serve", "-rate-limit", "-1"}} {
		_, _, err := runCLI(t, nil, args...)
		if exitCode(err) != 2 {
			t.Errorf("%v: got %v", args, err)
		}
	}
	var _ = http.StatusOK
}

// TestDemoCreatesRatingCampaign: -demo loads the rating demo beside the ranking one.
func TestDemoCreatesRatingCampaign(t *testing.T) {
	st, err := sqlite.OpenWith(context.Background(), filepath.Join(t.TempDir(), "k.db"), sqlite.Options{Tallier: report.Tallies{}})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := ensureDemo(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	c, err := st.Campaign(context.Background(), "demo-betyg")
	if err != nil || !c.Rates() || len(c.Demands) != 21 || c.Scale.Min != 1 || c.Scale.Max != 10 {
		t.Fatalf("demo-betyg: %+v %v", c, err)
	}
	if _, err := st.Campaign(context.Background(), "demo"); err != nil {
		t.Errorf("the ranking demo is gone: %v", err)
	}
}

// TestServeFlagsHaveEnvironment: every flag of serve names its environment variable, and
// KRAVLISTAN_RATE_LIMIT is read (a bad value is a usage error, as a bad flag is).
func TestServeFlagsHaveEnvironment(t *testing.T) {
	_, stderr, err := runCLI(t, nil, "serve", "-h")
	if exitCode(err) != 2 {
		t.Fatalf("serve -h: %v", err)
	}
	usage := strings.Split(stderr, "\n  -")
	for _, u := range usage[1:] {
		if !strings.Contains(u, "(env KRAVLISTAN_") {
			t.Errorf("flag -%s names no environment variable", strings.Fields(u)[0])
		}
	}
	if _, _, err := runCLI(t, map[string]string{"KRAVLISTAN_RATE_LIMIT": "many"}, "serve"); exitCode(err) != 2 {
		t.Errorf("KRAVLISTAN_RATE_LIMIT=many: %v", err)
	}
	if _, _, err := runCLI(t, map[string]string{"KRAVLISTAN_RATE_LIMIT": "-1"}, "serve"); exitCode(err) != 2 {
		t.Errorf("KRAVLISTAN_RATE_LIMIT=-1: %v", err)
	}
}
