package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/google/uuid"
)

var codeLineRE = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$`)

// TestCLICodes: kravlistan codes prints N codes one per line and nothing else on stdout;
// they work once, and the store counts them for the workplace.
func TestCLICodes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	c := survey.Demo()
	c.Access = survey.AccessCodes
	var doc bytes.Buffer
	survey.EncodeCampaign(&doc, c)
	if _, _, err := runCLI(t, nil, "campaign", "import", "-db", db, writeFile(t, "demo.json", doc.String())); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := runCLI(t, nil, "codes", "-db", db, "-n", "7", "-workplace", "sjukhuset", "demo")
	if err != nil {
		t.Fatal(err, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 7 {
		t.Fatalf("%d lines on stdout, want 7:\n%s", len(lines), out)
	}
	seen := map[string]bool{}
	for _, l := range lines {
		if !codeLineRE.MatchString(l) || seen[l] {
			t.Fatalf("stdout line %q is not a new code", l)
		}
		seen[l] = true
	}
	if !strings.Contains(errOut, "7 koder") {
		t.Errorf("stderr %q", errOut)
	}

	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"codes", "-db", db, "-n", "0", "demo"}, 2, "-n must be"},
		{[]string{"codes", "-db", db, "-n", "3"}, 2, "SLUG"},
		{[]string{"codes", "-db", db, "-n", "3", "-workplace", "nej", "demo"}, 1, "okänd arbetsplats"},
		{[]string{"codes", "-db", db, "-n", "3", "finns-inte"}, 1, "finns-inte"},
	} {
		out, _, err := runCLI(t, nil, tc.args...)
		if exitCode(err) != tc.code || !strings.Contains(err.Error(), tc.msg) || out != "" {
			t.Errorf("%v: exit %d, err %v, stdout %q; want exit %d with %q", tc.args, exitCode(err), err, out, tc.code, tc.msg)
		}
	}

	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	camp, _ := st.Campaign(ctx, "demo")
	r := &survey.Response{ID: uuid.New(), Channel: survey.ChannelAPI, Day: "2026-03-01", Ranking: []string{"heltid"}, Code: lines[0]}
	if _, err := st.Submit(ctx, camp.ID, r); err != nil {
		t.Fatalf("a printed code does not work: %v", err)
	}
	total, by, _ := st.CodeCounts(ctx, camp.ID)
	if total.Issued != 7 || total.Used != 1 || len(by) != 1 || by[0].Workplace != "sjukhuset" {
		t.Errorf("counts %+v %+v", total, by)
	}
}
