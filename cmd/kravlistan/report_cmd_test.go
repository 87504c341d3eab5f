package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kravlistan/report"
	"kravlistan/report/xlsx"
	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/xuri/excelize/v2"
)

// demoDB returns a database file holding the demo campaign with n generated responses.
func demoDB(t *testing.T, n int) string {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "k.db")
	st, err := sqlite.OpenWith(ctx, db, sqlite.Options{Tallier: report.Tallies{}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateCampaign(ctx, survey.Demo()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, _, err := runCLI(t, nil, "generate", "-db", db, "-responses", strconv.Itoa(n), "demo")
	if err != nil || !strings.Contains(out, "wrote "+strconv.Itoa(n)) {
		t.Fatalf("generate: %v %s", err, out)
	}
	return db
}

func TestCLIGenerateAndReport(t *testing.T) {
	db := demoDB(t, 300)

	out, _, err := runCLI(t, nil, "report", "-db", db, "-format", "json", "demo")
	if err != nil {
		t.Fatal(err)
	}
	var res report.Results
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	// Four groupings of the demo plus one by channel (the generator answers on paper too).
	if res.Responses != 300 || len(res.Demands) != 16 || len(res.Breakdowns) != 5 || len(res.Pairwise) != 16 {
		t.Fatalf("report: %d responses, %d demands, %d breakdowns", res.Responses, len(res.Demands), len(res.Breakdowns))
	}
	if ch := res.Channels; ch.Web+ch.API+ch.Paper+ch.Phone != 300 || ch.Web == 0 || ch.Paper == 0 {
		t.Errorf("channels %+v: every response once, web and paper", ch)
	}
	for _, b := range res.Breakdowns {
		sum := 0
		for _, g := range b.Groups {
			if g.Suppressed {
				continue
			}
			if *g.Responses > 0 && *g.Responses < 5 {
				t.Errorf("%s/%s: %d responses shown", b.By, g.Key, *g.Responses)
			}
			sum += *g.Responses
		}
		// Group figures carry the noise of the cell key method: at most MaxNoise each.
		if d := sum - 300; d < -report.MaxNoise*len(b.Groups) || d > report.MaxNoise*len(b.Groups) {
			t.Errorf("breakdown %s adds up to %d", b.By, sum)
		}
	}

	t.Run("Xlsx", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "r.xlsx")
		if _, _, err := runCLI(t, nil, "report", "-db", db, "-format", "xlsx", "-public-url", "https://krav.example.org", "-o", file, "demo"); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenFile(file)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows(xlsx.SheetResponses)
		if len(rows) != 301 {
			t.Errorf("Svar has %d rows, want 301", len(rows))
		}
		if addr, _ := f.GetCellValue(xlsx.SheetSummary, "B4"); addr != "https://krav.example.org/s/demo" {
			t.Errorf("Kampanjens adress %q", addr)
		}
		top, _ := f.GetCellValue(xlsx.SheetRanking, "B5")
		if top != res.Demands[0].Title {
			t.Errorf("Rangordning B5 = %q, JSON first %q", top, res.Demands[0].Title)
		}
		// To stdout when it is not a terminal (a buffer here).
		out, _, err := runCLI(t, nil, "report", "-db", db, "-format", "xlsx", "demo")
		if err != nil || !strings.HasPrefix(out, "PK") {
			t.Errorf("xlsx to stdout: %v", err)
		}
	})

	t.Run("CSV", func(t *testing.T) {
		out, _, err := runCLI(t, nil, "report", "-db", db, "-format", "csv", "-sep", ";", "demo")
		if err != nil || !strings.HasPrefix(out, "\uFEFFPlats;Nyckel;Krav") || strings.Count(out, "\r\n") != 1+16+5+4 || !strings.Contains(out, "Svar på papper;28;") {
			t.Errorf("ranking CSV: %v\n%s", err, out)
		}
		file := filepath.Join(t.TempDir(), "svar.csv")
		if _, _, err := runCLI(t, nil, "report", "-db", db, "-format", "csv", "-csv", "responses", "-o", file, "demo"); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(file)
		if !bytes.HasPrefix(b, []byte("\uFEFFNr,Arbetsplats,")) || bytes.Count(b, []byte("\r\n")) < 301 {
			t.Errorf("responses CSV starts %q", b[:min(len(b), 80)])
		}
	})

	t.Run("Errors", func(t *testing.T) {
		for _, tc := range []struct {
			args []string
			code int
			want string
		}{
			{[]string{"report", "-db", db, "-format", "pdf", "demo"}, 2, "unknown -format"},
			{[]string{"report", "-db", db, "-format", "csv", "-sep", "|", "demo"}, 2, "unknown -sep"},
			{[]string{"report", "-db", db, "-format", "csv", "-csv", "x", "demo"}, 2, "unknown -csv"},
			{[]string{"report", "-db", db, "nope"}, 1, "check the slug"},
			{[]string{"generate", "-db", db, "-responses", "-1", "demo"}, 2, "0 or more"},
		} {
			_, _, err := runCLI(t, nil, tc.args...)
			if exitCode(err) != tc.code || err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%v: %v (exit %d), want exit %d with %q", tc.args, err, exitCode(err), tc.code, tc.want)
			}
		}
		// A failed report leaves no file behind.
		file := filepath.Join(t.TempDir(), "r.xlsx")
		_, _, _ = runCLI(t, nil, "report", "-db", db, "-format", "xlsx", "-o", file, "nope")
		if _, err := os.Stat(file); err == nil {
			t.Error("a failed report left a file")
		}
	})
}
