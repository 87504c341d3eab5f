package xlsx

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"kravlistan/report"
	"kravlistan/survey"
)

// demoResponses makes n realistic ballots for the demo campaign: some demands far more
// popular than others, most members using every pick, most answering the background
// questions, many through a workplace link, a few with a proposal.
func demoResponses(c *survey.Campaign, n int) []survey.Response {
	rng := rand.New(rand.NewPCG(7, 11))
	weights := make([]float64, len(c.Demands))
	for i := range weights {
		weights[i] = 1 / float64(1+i%7) * (0.5 + rng.Float64())
	}
	pick := func(w []float64, skip map[int]bool) int {
		total := 0.0
		for i, x := range w {
			if !skip[i] {
				total += x
			}
		}
		r := rng.Float64() * total
		for i, x := range w {
			if skip[i] {
				continue
			}
			if r -= x; r <= 0 {
				return i
			}
		}
		return len(w) - 1
	}
	days := []string{"2026-03-02", "2026-03-03", "2026-03-10", "2026-03-17", "2026-03-30"}
	rs := make([]survey.Response, n)
	for i := range rs {
		r := &rs[i]
		r.Day, r.Channel = days[rng.IntN(len(days))], survey.ChannelWeb
		if rng.IntN(10) == 0 {
			r.Channel = survey.ChannelPaper
		}
		k := c.MaxPicks
		if rng.IntN(4) == 0 {
			k = 1 + rng.IntN(c.MaxPicks)
		}
		skip := map[int]bool{}
		for range k {
			j := pick(weights, skip)
			skip[j] = true
			r.Ranking = append(r.Ranking, c.Demands[j].Key)
		}
		r.Background = map[string]string{}
		for qi, q := range c.Questions {
			if rng.IntN(7) > 0 {
				r.Background[q.Key] = q.Options[min(rng.IntN(len(q.Options)), rng.IntN(len(q.Options)+qi))].Key
			}
		}
		if rng.IntN(3) > 0 {
			r.Workplace = c.Workplaces[rng.IntN(len(c.Workplaces))].Code
		}
		if rng.IntN(25) == 0 {
			r.Proposal = "Förslag nummer " + time.Duration(i).String() + ": mer personal och bättre scheman."
		}
	}
	return rs
}

// TestDemoPrintsShort prints the demo campaign's workbook with 20,000 answers to PDF
// with LibreOffice, as an organiser would print the whole workbook, and counts the pages:
// every sheet prints, and the whole stays a short document (the raw rows print only
// their first rows; see printedRawRows).
func TestDemoPrintsShort(t *testing.T) {
	soffice := needTool(t, "soffice")
	c := survey.Demo()
	c.ApplyDefaults()
	rs := demoResponses(c, 20_000)
	tl := report.NewTally(c)
	_ = walkOf(rs)(tl.Add)
	res := tl.Results(time.Now())
	var buf bytes.Buffer
	if err := Write(&buf, c, res, nil, walkOf(rs)); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "demo.xlsx")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "pdf", "--outdir", dir, file)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "demo.pdf"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no PDF: %v", err)
	}
	pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
	sheets := 7 + len(res.Breakdowns) // summary, ranking, background, pairwise, proposals, Svar + crosstabs
	t.Logf("%d sheets print as %d pages", sheets, pages)
	if pages < sheets || pages > 16 {
		t.Errorf("the workbook prints as %d pages, want %d to 16", pages, sheets)
	}
}
